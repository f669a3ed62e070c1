import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { sendReadyJson } from '../http/ready-json.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses } from '../http/schemas.js';
import { LessonParams, LessonView } from './lessons.schema.js';
import type { PublishedLessonCache } from './lesson-cache.js';
import { readLessonJson } from './lessons.service.js';

export interface LessonsRoutesDeps {
  db: Db;
  lessons: PublishedLessonCache;
}

export async function lessonsRoutes(app: App, deps: LessonsRoutesDeps): Promise<void> {
  app.get(
    '/api/lessons/:id',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags: ['learning'],
        summary: 'A published lesson with its previous and next lesson and my state; 403 naming the lesson to finish first when locked',
        description: 'Any signed-in person. The lesson as sanitized HTML with its place in the course and my opened/completed times. 403 lesson_locked (naming the lesson to finish first) in a course taken in order; 404 lesson_not_found when not published.',
        params: LessonParams,
        response: { 200: LessonView, ...errorResponses },
      },
    },
    async (request, reply) => {
      // Already JSON of exactly the LessonView shape (see PublishedLessonCache).
      return sendReadyJson(reply, await readLessonJson(deps.db, deps.lessons, viewerOf(request).userId, request.params.id));
    },
  );
}
