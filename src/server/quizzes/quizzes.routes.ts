import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { sendReadyJson } from '../http/ready-json.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses } from '../http/schemas.js';
import { practicePaper, type QuizDeps, recordOfflineAttempt, resumeAttemptJson, saveAnswers, startAttempt, submitAttempt, viewAttempt } from './attempts.service.js';
import { OpenAttemptAnswers } from './open-attempts.js';
import { courseQuizzes } from './quizzes.service.js';
import { AnswersBody, AttemptIdParams, AttemptView, CourseIdParams, CourseQuizzes, OfflineAttemptBody, PracticePaper, QuizIdParams, SavedAnswers, SubmitBody } from './quizzes.schema.js';

export async function quizzesRoutes(app: App, deps: QuizDeps): Promise<void> {
  const tags = ['quizzes'];
  const openAttempts = new OpenAttemptAnswers();

  app.get(
    '/api/courses/:id/quizzes',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: "A published course's quizzes, with my attempts and best score when signed in",
        description: 'Public; a signed-in learner also gets their attempts used, best score and whether they passed. completionRule says whether the final quiz is needed to complete the course. 404 course_not_found.',
        params: CourseIdParams,
        response: { 200: CourseQuizzes, ...errorResponses },
      },
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
        description: 'Any signed-in person. Opens an attempt (or answers the open one), with its questions and option ids drawn for this attempt, never the right answers. 409 quiz_no_attempts_left, or quiz_cooldown with Retry-After and retryAt; 404 quiz_not_found.',
        params: QuizIdParams,
        response: { 200: AttemptView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { userId } = viewerOf(request);
      const resumed = await resumeAttemptJson(deps, openAttempts, userId, request.params.id, (view) => reply.serialize(view) as string);
      return resumed ? sendReadyJson(reply, resumed) : startAttempt(deps, userId, request.params.id);
    },
  );

  app.get(
    '/api/attempts/:id',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'One of my attempts (with its result once submitted)',
        description: "The learner who owns the attempt. Their saved answers, the deadline, and after submission the result (with the right answers and explanations when the quiz shows them). 404 attempt_not_found for anyone else's.",
        params: AttemptIdParams,
        response: { 200: AttemptView, ...errorResponses },
      },
    },
    async (request) => viewAttempt(deps, viewerOf(request).userId, request.params.id),
  );

  app.put(
    '/api/attempts/:id/answers',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Save answers as I go (by question key); refused after the time limit',
        description: 'The learner who owns the attempt. Merges these answers into the saved ones (null clears one), so a phone can save after each question. 409 attempt_time_up after the time limit, attempt_submitted once submitted; 400 answer_invalid for an answer of the wrong shape.',
        params: AttemptIdParams,
        body: AnswersBody,
        response: { 200: SavedAnswers, ...errorResponses },
      },
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
        description: 'The learner who owns the attempt, optionally with last answers. Grades it and answers the result; passing the final quiz may complete the course. Idempotent: a second submit answers the same result.',
        params: AttemptIdParams,
        body: SubmitBody,
        response: { 200: AttemptView, ...errorResponses },
      },
    },
    async (request) => submitAttempt(deps, viewerOf(request).userId, request.params.id, request.body?.answers ?? {}),
  );

  app.get(
    '/api/quizzes/:id/practice-paper',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'A practice quiz with its answer keys, to take and grade offline on the phone (practice quizzes only)',
        description:
          'Any signed-in person. Practice quizzes only: an attempt at one completes nothing and earns nothing, and the server grades again what the phone sends, so its keys may live on the phone. 403 quiz_needs_network for a final quiz, whose keys never leave the server; 404 quiz_not_found.',
        params: QuizIdParams,
        response: { 200: PracticePaper, ...errorResponses },
      },
    },
    async (request) => practicePaper(deps.db, request.params.id),
  );

  app.post(
    '/api/quizzes/:id/offline-attempts',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Send a practice attempt taken offline; the server grades it again (its result is the truth). Idempotent by the phone-made id.',
        description:
          'Any signed-in person, for their own attempt. Records the attempt as submitted and answers it graded by the server; the same clientId sent again answers the attempt already recorded. 403 quiz_needs_network for a final quiz; 400 offline_paper_outdated when the questions no longer fit the published quiz, answer_invalid for an answer of the wrong shape; 409 offline_attempt_id_taken when the id was used for another quiz.',
        params: QuizIdParams,
        body: OfflineAttemptBody,
        response: { 200: AttemptView, ...errorResponses },
      },
    },
    async (request) => recordOfflineAttempt(deps, viewerOf(request).userId, request.params.id, request.body),
  );
}
