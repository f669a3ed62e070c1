import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses } from '../http/schemas.js';
import { MyLearning, ProgressBody, ProgressReceipt } from './progress.schema.js';
import { myLearning, type PublishedLessonCache, type ProgressWriter, recordProgress } from './progress.service.js';

export interface ProgressDeps {
  db: Db;
  clock: Clock;
  lessons: PublishedLessonCache;
  writer: ProgressWriter;
}

export async function progressRoutes(app: App, deps: ProgressDeps): Promise<void> {
  const tags = ['learning'];

  app.post(
    '/api/progress',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Record that I opened or completed a lesson. Idempotent by eventId; answered only once the event is on disk.',
        description: 'Any signed-in person, about themselves. The answer (my lesson and course progress after the event) comes only once the event is stored, so a client may resend until it gets one: the same eventId is recorded once. 400 progress_in_future / progress_too_old for an impossible time; finishing the last required lesson completes the course and issues its certificate.',
        body: ProgressBody,
        response: { 200: ProgressReceipt, ...errorResponses },
      },
    },
    async (request) => recordProgress(deps, viewerOf(request).userId, request.body),
  );

  app.get(
    '/api/me/learning',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'My courses, how far along I am, and the lesson to continue',
        description: 'Any signed-in person. The courses I have started, most recent first, with my progress and the lesson to continue.',
        response: { 200: MyLearning, ...errorResponses },
      },
    },
    async (request) => myLearning(deps.db, deps.lessons, viewerOf(request).userId),
  );
}
