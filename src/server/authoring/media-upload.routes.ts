import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Readable } from 'node:stream';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import type { MediaStore } from '../media/media.service.js';
import { MediaView } from '../media/media.schema.js';
import { authoringPolicies } from './authoring.policies.js';
import { AltBody, CourseIdParams, MediaIdParams, UploadQuery } from './authoring.schema.js';
import { changeAlt, removeMedia, uploadMedia } from './media-upload.service.js';

export interface MediaUploadRoutesDeps {
  db: Db;
  store: MediaStore;
  config: Config;
  clock: Clock;
}

// A request without a body (no Content-Length or Content-Type) uploads an empty file, refused like any other.
const emptyBody = () => Readable.from([]);

export async function mediaUploadRoutes(app: App, deps: MediaUploadRoutesDeps): Promise<void> {
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
          description: "Authors of the course's unit or of a unit above it. The body is the file itself (any Content-Type); `name` (and `alt`, required for images) go in the query. The type is read from the bytes: 415 media_type_refused for anything but images, audio, video and PDF; 413 media_too_large; 400 media_alt_required.",
          params: CourseIdParams,
          querystring: UploadQuery,
          response: { 201: MediaView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const declared = request.headers['content-length'];
        const media = await uploadMedia(
          deps,
          request.params.id,
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
        description: "Authors of the course's unit or of a unit above it. Changes what screen readers say for an image; answers the file. 404 media_not_found.",
        params: MediaIdParams,
        body: AltBody,
        response: { 200: MediaView, ...errorResponses },
      },
    },
    async (request) => changeAlt(deps.db, request.params.id, request.body.alt, deps.clock.now()),
  );

  app.delete(
    '/api/authoring/media/:id',
    {
      config: { policy: mediaAuthor },
      schema: {
        tags,
        summary: 'Remove a file no lesson uses',
        description: "Authors of the course's unit or of a unit above it. Removes the file from the course; 409 media_in_use while a lesson or the cover uses it. 404 media_not_found.",
        params: MediaIdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeMedia(deps, request.params.id, deps.clock.now());
      return reply.status(204).send(null);
    },
  );
}
