import type { AttemptId, CourseId, ModuleId, QuestionId, QuizId } from '../../shared/ids.js';
import type { FeatureDeps } from '../app.js';
import type { App } from '../http/app-type.js';
import { authoringPolicies } from '../authoring/authoring.policies.js';
import type { Actor } from '../authoring/authoring.service.js';
import { notFound } from '../errors.js';
import { allow } from '../http/policies.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import { quizzesOfCourse, saveAnswers, startAttempt, submitAttempt, viewAttempt } from './attempts.service.js';
import { itemStatistics } from './item-statistics.js';
import { courseOfQuestion, courseOfQuiz, deleteQuestion, deleteQuiz, loadBank, loadQuizzes, saveQuestion, saveQuiz } from './question-bank.js';
import { AnswersBody, AttemptView, CourseQuizzes, Created, IdParams, ItemStatistics, QuestionBody, QuizBank, QuizBody, SavedAnswers, SubmitBody } from './quizzes.schema.js';

export function quizzesRoutes(app: App, deps: FeatureDeps): void {
  const tags = ['quizzes'];

  app.get(
    '/api/courses/:id/quizzes',
    {
      config: { policy: allow.anyone },
      schema: { tags, summary: "A published course's quizzes, with my attempts and best score when signed in", params: IdParams, response: { 200: CourseQuizzes, ...errorResponses } },
    },
    async (request) => {
      const course = await deps.db.selectFrom('published_courses').select('completion_rule').where('course_id', '=', request.params.id as CourseId).executeTakeFirst();
      if (!course) throw notFound('course_not_found');
      return { quizzes: await quizzesOfCourse(deps.db, request.params.id as CourseId, request.viewer?.userId ?? null), completionRule: course.completion_rule };
    },
  );

  app.post(
    '/api/quizzes/:id/attempts',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Start an attempt, or resume the one in progress. The questions come without their answers.',
        params: IdParams,
        response: { 200: AttemptView, ...errorResponses },
      },
    },
    async (request) => startAttempt(deps, viewerOf(request).userId, request.params.id as QuizId),
  );

  app.get(
    '/api/attempts/:id',
    { config: { policy: allow.signedIn }, schema: { tags, summary: 'One of my attempts (with its result once submitted)', params: IdParams, response: { 200: AttemptView, ...errorResponses } } },
    async (request) => viewAttempt(deps, viewerOf(request).userId, request.params.id as AttemptId),
  );

  app.put(
    '/api/attempts/:id/answers',
    {
      config: { policy: allow.signedIn },
      schema: { tags, summary: 'Save answers as I go (by question key); refused after the time limit', params: IdParams, body: AnswersBody, response: { 200: SavedAnswers, ...errorResponses } },
    },
    async (request) => saveAnswers(deps, viewerOf(request).userId, request.params.id as AttemptId, request.body.answers),
  );

  app.post(
    '/api/attempts/:id/submit',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Submit for grading. Idempotent: submitting again returns the same result.',
        params: IdParams,
        body: SubmitBody,
        response: { 200: AttemptView, ...errorResponses },
      },
    },
    async (request) => submitAttempt(deps, viewerOf(request).userId, request.params.id as AttemptId, request.body?.answers ?? {}),
  );

  // Authoring: the question bank and the quizzes of a course's draft.
  const policies = authoringPolicies(deps.db);
  const actor = (request: Parameters<typeof viewerOf>[0]): Actor => ({ userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() });
  // The policy has already answered 404 for an unknown question or quiz.
  const courseOfQuestionIn = async (id: number) => (await courseOfQuestion(deps.db, id as QuestionId))!;
  const courseOfQuizIn = async (id: number) => (await courseOfQuiz(deps.db, id as QuizId))!;
  const moduleOf = (body: Record<string, unknown>) => (Number.isInteger(body.moduleId) ? (body.moduleId as ModuleId) : null);
  const withoutModule = ({ moduleId: _, ...document }: Record<string, unknown>) => document;

  app.get(
    '/api/authoring/courses/:id/quiz-bank',
    { config: { policy: policies.course }, schema: { tags, summary: "The draft's question bank and quizzes", params: IdParams, response: { 200: QuizBank, ...errorResponses } } },
    async (request) => {
      const courseId = request.params.id as CourseId;
      const [bank, quizzes] = await Promise.all([loadBank(deps.db, courseId), loadQuizzes(deps.db, courseId)]);
      return {
        questions: [...bank.values()].map(({ dbId, ...document }) => ({ id: dbId, document })),
        quizzes: quizzes.map((q) => ({ id: q.id, moduleId: q.moduleId, document: q.document })),
      };
    },
  );

  app.post(
    '/api/authoring/courses/:id/questions',
    { config: { policy: policies.course }, schema: { tags, summary: 'Add a question to the bank', params: IdParams, body: QuestionBody, response: { 201: Created, ...errorResponses } } },
    async (request, reply) => reply.status(201).send({ id: (await saveQuestion(deps.db, request.params.id as CourseId, request.body, actor(request))).dbId }),
  );

  app.put(
    '/api/authoring/questions/:id',
    { config: { policy: policies.question }, schema: { tags, summary: 'Replace a question', params: IdParams, body: QuestionBody, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await saveQuestion(deps.db, await courseOfQuestionIn(request.params.id), request.body, actor(request), request.params.id as QuestionId);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/authoring/questions/:id',
    { config: { policy: policies.question }, schema: { tags, summary: 'Remove a question no fixed quiz uses', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await deleteQuestion(deps.db, await courseOfQuestionIn(request.params.id), request.params.id as QuestionId, actor(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/authoring/courses/:id/quizzes',
    { config: { policy: policies.course }, schema: { tags, summary: 'Add a quiz', params: IdParams, body: QuizBody, response: { 201: Created, ...errorResponses } } },
    async (request, reply) =>
      reply.status(201).send({ id: (await saveQuiz(deps.db, request.params.id as CourseId, withoutModule(request.body), moduleOf(request.body), actor(request))).id }),
  );

  app.put(
    '/api/authoring/quizzes/:id',
    { config: { policy: policies.quiz }, schema: { tags, summary: 'Replace a quiz', params: IdParams, body: QuizBody, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      const courseId = await courseOfQuizIn(request.params.id);
      await saveQuiz(deps.db, courseId, withoutModule(request.body), moduleOf(request.body), actor(request), request.params.id as QuizId);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/authoring/quizzes/:id',
    { config: { policy: policies.quiz }, schema: { tags, summary: 'Remove a quiz', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await deleteQuiz(deps.db, await courseOfQuizIn(request.params.id), request.params.id as QuizId, actor(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/authoring/quizzes/:id/statistics',
    {
      config: { policy: policies.quiz },
      schema: { tags, summary: 'Item statistics: difficulty, discrimination, most chosen wrong answer', params: IdParams, response: { 200: ItemStatistics, ...errorResponses } },
    },
    async (request) => itemStatistics(deps.db, request.params.id as QuizId),
  );
}
