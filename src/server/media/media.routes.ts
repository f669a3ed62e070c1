import { AppError } from '../errors.js';
import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import type { MediaStore } from './media-store.js';
import { MediaFileParams } from './media.schema.js';

export interface MediaRoutesDeps {
  store: MediaStore;
}

/** Serving files; uploading them is authoring's (authoring/media-upload.routes.ts). */
export async function mediaRoutes(app: App, deps: MediaRoutesDeps): Promise<void> {
  app.get(
    '/media/:sha256/:file',
    {
      config: { policy: allow.anyone },
      schema: { hide: true, params: MediaFileParams },
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
