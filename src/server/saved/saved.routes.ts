import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { errorResponses } from '../http/schemas.js';
import { ManifestParams, OfflineManifest } from './saved.schema.js';
import { offlineManifest, type SavedDeps } from './saved.service.js';

export async function savedRoutes(app: App, deps: SavedDeps & { db: Db }): Promise<void> {
  app.get(
    '/api/courses/:id/offline-manifest',
    {
      config: { policy: allow.anyone },
      schema: {
        tags: ['learning'],
        summary: 'What to download to learn a published course without the network, with the bytes of each file',
        description:
          "Public, like the course page. For the published version: the course page, each lesson's answer with its pictures (phone size) and audio, and the practice quizzes with their keys; with the bytes of each, of each lesson, and the total. Final quizzes are listed but not included: they need the network. 404 course_not_found for a course that is not published.",
        params: ManifestParams,
        response: { 200: OfflineManifest, ...errorResponses },
      },
    },
    async (request) => offlineManifest(deps.db, deps, request.params.id),
  );
}
