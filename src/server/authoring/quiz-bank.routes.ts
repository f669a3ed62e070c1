import type { ModuleId, QuestionId, QuizId } from '../../shared/ids.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import { authoringPolicies } from './authoring.policies.js';
import { CourseIdParams, Created, ItemStatistics, QuestionBody, QuestionIdParams, QuizBank, QuizBody, QuizIdParams } from './authoring.schema.js';
import type { Actor } from './drafts.service.js';
import { itemStatistics } from './item-statistics.js';
import { courseOfQuestion, courseOfQuiz, deleteQuestion, deleteQuiz, describeBank, saveQuestion, saveQuiz } from './question-bank.js';

export interface QuizBankRoutesDeps {
  db: Db;
  clock: Clock;
}

/** The question bank and the quizzes of a course's draft. */
export async function quizBankRoutes(app: App, deps: QuizBankRoutesDeps): Promise<void> {
  // Listed with the learners' quiz routes in the API document, as before.
  const tags = ['quizzes'];
  const policies = authoringPolicies(deps.db);
  const actor = (request: Parameters<typeof viewerOf>[0]): Actor => ({ userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() });
  // The policy has already answered 404 for an unknown question or quiz.
  const courseOfQuestionIn = async (id: QuestionId) => (await courseOfQuestion(deps.db, id))!;
  const courseOfQuizIn = async (id: QuizId) => (await courseOfQuiz(deps.db, id))!;
  const moduleOf = (body: Record<string, unknown>) => (Number.isInteger(body.moduleId) ? (body.moduleId as ModuleId) : null);
  const withoutModule = ({ moduleId: _, ...document }: Record<string, unknown>) => document;

  app.get(
    '/api/authoring/courses/:id/quiz-bank',
    {
      config: { policy: policies.course },
      schema: {
        tags,
        summary: "The draft's question bank and quizzes",
        description: "Authors of the course's unit or of a unit above it. Every question of the draft (as documents, with their answer keys) and every quiz.",
        params: CourseIdParams,
        response: { 200: QuizBank, ...errorResponses },
      },
    },
    async (request) => describeBank(deps.db, request.params.id),
  );

  app.post(
    '/api/authoring/courses/:id/questions',
    {
      config: { policy: policies.course },
      schema: {
        tags,
        summary: 'Add a question to the bank',
        description: "Authors of the course's unit or of a unit above it. Adds a question document to the bank and answers its id. 400 with the problems of an invalid document; 409 question_key_taken when its id is already used in the course.",
        params: CourseIdParams,
        body: QuestionBody,
        response: { 201: Created, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send({ id: (await saveQuestion(deps.db, request.params.id, request.body, actor(request))).dbId }),
  );

  app.put(
    '/api/authoring/questions/:id',
    {
      config: { policy: policies.question },
      schema: {
        tags,
        summary: 'Replace a question',
        description: "Authors of the course's unit or of a unit above it. Replaces the question document (its id stays). 404 question_not_found.",
        params: QuestionIdParams,
        body: QuestionBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await saveQuestion(deps.db, await courseOfQuestionIn(request.params.id), request.body, actor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/authoring/questions/:id',
    {
      config: { policy: policies.question },
      schema: {
        tags,
        summary: 'Remove a question no fixed quiz uses',
        description: "Authors of the course's unit or of a unit above it. 409 question_in_use while a fixed quiz lists the question. 404 question_not_found.",
        params: QuestionIdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteQuestion(deps.db, await courseOfQuestionIn(request.params.id), request.params.id, actor(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/authoring/courses/:id/quizzes',
    {
      config: { policy: policies.course },
      schema: {
        tags,
        summary: 'Add a quiz',
        description: "Authors of the course's unit or of a unit above it. Adds a practice quiz (after a module, with moduleId) or the final quiz and answers its id. 409 quiz_final_exists for a second final quiz.",
        params: CourseIdParams,
        body: QuizBody,
        response: { 201: Created, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ id: (await saveQuiz(deps.db, request.params.id, withoutModule(request.body), moduleOf(request.body), actor(request))).id }),
  );

  app.put(
    '/api/authoring/quizzes/:id',
    {
      config: { policy: policies.quiz },
      schema: {
        tags,
        summary: 'Replace a quiz',
        description: "Authors of the course's unit or of a unit above it. Replaces the quiz document (questions or random draw, time limit, attempts, pass mark). 404 quiz_not_found.",
        params: QuizIdParams,
        body: QuizBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const courseId = await courseOfQuizIn(request.params.id);
      await saveQuiz(deps.db, courseId, withoutModule(request.body), moduleOf(request.body), actor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/authoring/quizzes/:id',
    {
      config: { policy: policies.quiz },
      schema: {
        tags,
        summary: 'Remove a quiz',
        description: "Authors of the course's unit or of a unit above it. Removes the quiz from the draft. 404 quiz_not_found.",
        params: QuizIdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteQuiz(deps.db, await courseOfQuizIn(request.params.id), request.params.id, actor(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/authoring/quizzes/:id/statistics',
    {
      config: { policy: policies.quiz },
      schema: {
        tags,
        summary: 'Item statistics: difficulty, discrimination, most chosen wrong answer',
        description: "Authors of the course's unit or of a unit above it. From submitted attempts: for each question the share answered right (difficulty), how well it separates strong from weak learners (discrimination) and the most chosen wrong answer.",
        params: QuizIdParams,
        response: { 200: ItemStatistics, ...errorResponses },
      },
    },
    async (request) => itemStatistics(deps.db, request.params.id),
  );
}
