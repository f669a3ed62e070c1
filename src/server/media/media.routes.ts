import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Readable } from 'node:stream';
import Type from 'typebox';
import type { CourseId } from '../../shared/ids.js';
import type { FeatureDeps } from '../app.js';
import type { App } from '../http/app-type.js';
import { AppError } from '../errors.js';
import { allow } from '../http/policies.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, Id, NoContent } from '../http/schemas.js';
import { authoringPolicies } from '../authoring/authoring.policies.js';
import type { MediaStore } from './media-store.js';
import { changeAlt, maxAltLength, removeMedia, uploadMedia } from './media.service.js';

const MediaView = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: 'Write media/<name> in a lesson' }),
  kind: Type.Enum(['image', 'audio', 'video', 'pdf']),
  mime: Type.String(),
  bytes: Type.Integer(),
  alt: Type.String(),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  sha256: Type.String({ description: 'Files are served at /media/<sha256>/<file>' }),
});

const IdParams = Type.Object({ id: Id() });
// A request without a body (no Content-Length or Content-Type) uploads an empty file, refused like any other.
const emptyBody = () => Readable.from([]);

export function mediaRoutes(app: App, deps: FeatureDeps & { store: MediaStore }): void {
  const tags = ['authoring'];
  const { course: courseAuthor, media: mediaAuthor } = authoringPolicies(deps.db);

  // The upload body is the file itself (fetch(url, { body: file })): streamed to disk and checked there.
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post(
      '/api/authoring/courses/:id/media',
      {
        config: { policy: courseAuthor },
        bodyLimit: Number.MAX_SAFE_INTEGER,
        schema: {
          tags,
          summary: 'Upload a file to the course (body: the bytes). Type from the bytes; images need alt text and get phone-sized variants.',
          params: IdParams,
          querystring: Type.Object(
            { name: Type.String({ minLength: 1, maxLength: 200 }), alt: Type.Optional(Type.String({ maxLength: maxAltLength })) },
            { additionalProperties: false },
          ),
          response: { 201: MediaView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const declared = request.headers['content-length'];
        const media = await uploadMedia(
          deps,
          request.params.id as CourseId,
          { fileName: request.query.name, alt: request.query.alt ?? '', body: (request.body as Readable | undefined) ?? emptyBody(), declaredBytes: declared ? Number(declared) : null },
          { userId: viewerOf(request).userId, now: deps.clock.now() },
        );
        return reply.status(201).send(media);
      },
    );
  });

  app.patch(
    '/api/authoring/media/:id',
    {
      config: { policy: mediaAuthor },
      schema: {
        tags,
        summary: 'Change the alternative text of a file',
        params: IdParams,
        body: Type.Object({ alt: Type.String({ maxLength: maxAltLength }) }, { additionalProperties: false }),
        response: { 200: MediaView, ...errorResponses },
      },
    },
    async (request) => changeAlt(deps.db, request.params.id, request.body.alt, deps.clock.now()),
  );

  app.delete(
    '/api/authoring/media/:id',
    { config: { policy: mediaAuthor }, schema: { tags, summary: 'Remove a file no lesson uses', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await removeMedia(deps, request.params.id, deps.clock.now());
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/media/:sha256/:file',
    {
      config: { policy: allow.anyone },
      schema: { hide: true, params: Type.Object({ sha256: Type.String({ maxLength: 64 }), file: Type.String({ maxLength: 40 }) }) },
    },
    async (request, reply) => {
      const file = deps.store.servable(request.params.sha256, request.params.file);
      if (!file) throw new AppError('media_not_found', 404);
      // The address names the content: it never changes, so phones keep it.
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      if (file.endsWith('.pdf')) reply.header('content-disposition', 'attachment');
      return reply.sendFile(file, deps.store.root, { cacheControl: false });
    },
  );
}
