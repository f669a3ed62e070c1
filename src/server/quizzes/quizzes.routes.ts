import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses } from '../http/schemas.js';
import { type QuizDeps, saveAnswers, startAttempt, submitAttempt, viewAttempt } from './attempts.service.js';
import { courseQuizzes } from './quizzes.service.js';
import { AnswersBody, AttemptIdParams, AttemptView, CourseIdParams, CourseQuizzes, QuizIdParams, SavedAnswers, SubmitBody } from './quizzes.schema.js';

export async function quizzesRoutes(app: App, deps: QuizDeps): Promise<void> {
  const tags = ['quizzes'];

  app.get(
    '/api/courses/:id/quizzes',
    {
      config: { policy: allow.anyone },
      schema: { tags, summary: "A published course's quizzes, with my attempts and best score when signed in", params: CourseIdParams, response: { 200: CourseQuizzes, ...errorResponses } },
    },
    async (request) => courseQuizzes(deps.db, request.params.id, request.viewer?.userId ?? null),
  );

  app.post(
    '/api/quizzes/:id/attempts',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Start an attempt, or resume the one in progress. The questions come without their answers.',
        params: QuizIdParams,
        response: { 200: AttemptView, ...errorResponses },
      },
    },
    async (request) => startAttempt(deps, viewerOf(request).userId, request.params.id),
  );

  app.get(
    '/api/attempts/:id',
    { config: { policy: allow.signedIn }, schema: { tags, summary: 'One of my attempts (with its result once submitted)', params: AttemptIdParams, response: { 200: AttemptView, ...errorResponses } } },
    async (request) => viewAttempt(deps, viewerOf(request).userId, request.params.id),
  );

  app.put(
    '/api/attempts/:id/answers',
    {
      config: { policy: allow.signedIn },
      schema: { tags, summary: 'Save answers as I go (by question key); refused after the time limit', params: AttemptIdParams, body: AnswersBody, response: { 200: SavedAnswers, ...errorResponses } },
    },
    async (request) => saveAnswers(deps, viewerOf(request).userId, request.params.id, request.body.answers),
  );

  app.post(
    '/api/attempts/:id/submit',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Submit for grading. Idempotent: submitting again returns the same result.',
        params: AttemptIdParams,
        body: SubmitBody,
        response: { 200: AttemptView, ...errorResponses },
      },
    },
    async (request) => submitAttempt(deps, viewerOf(request).userId, request.params.id, request.body?.answers ?? {}),
  );
}
