import { translate } from '../../shared/i18n/translate.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import { LessonView } from '../lessons/lessons.schema.js';
import type { PublishedLessonCache } from '../lessons/lessons.service.js';
import { UnitCodeParams } from '../units/units.schema.js';
import { authoringPolicies } from './authoring.policies.js';
import {
  CommentBody,
  CourseList,
  CourseListQuery,
  CoursePatchBody,
  Created,
  DecisionBody,
  Draft,
  DraftLesson,
  DraftLessonContext,
  CourseIdParams,
  LessonIdParams,
  ModuleIdParams,
  LessonPatchBody,
  MessageBody,
  NewCourseBody,
  OutlineBody,
  Preview,
  PreviewBody,
  Published,
  TitleBody,
  VersionParams,
} from './authoring.schema.js';
import {
  type Actor,
  addLesson,
  addModule,
  createCourse,
  describeDraft,
  describeDraftLesson,
  listCoursesFor,
  removeLesson,
  removeModule,
  renameModule,
  reorderOutline,
  saveLesson,
  updateCourse,
} from './drafts.service.js';
import { deleteCourse, previewLesson, previewMarkdown, publish, rollback, unpublish } from './publication.service.js';
import { comment, decideReview, requestReview } from './review.service.js';

export interface AuthoringRoutesDeps {
  db: Db;
  clock: Clock;
  lessons: PublishedLessonCache;
}

export async function authoringRoutes(app: App, deps: AuthoringRoutesDeps): Promise<void> {
  const tags = ['authoring'];
  const actor = (request: Parameters<typeof viewerOf>[0]): Actor => ({ userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() });

  const { course: courseAuthor, module: moduleAuthor, lesson: lessonAuthor } = authoringPolicies(deps.db);

  app.get(
    '/api/authoring/courses',
    {
      config: { policy: allow.roleAnywhere('author') },
      schema: {
        tags,
        summary: 'Courses of the units I author for, with their publication and review status',
        description: 'People holding the author role anywhere. The courses owned by the units they author for (and the units below), with their publication and review status; `q` narrows by title.',
        querystring: CourseListQuery,
        response: { 200: CourseList, ...errorResponses },
      },
    },
    async (request) => listCoursesFor(deps.db, await viewerOf(request).grants(), request.query),
  );

  app.post(
    '/api/units/:code/courses',
    {
      config: { policy: allow.roleOnUnit('author', unitCodeFromParams()) },
      schema: {
        tags,
        summary: 'Start a new course owned by this unit',
        description: 'Authors of the unit or of a unit above it. Creates an empty draft owned by the unit and answers its id; nothing reaches learners until it is published. Audited.',
        params: UnitCodeParams,
        body: NewCourseBody,
        response: { 201: Created, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send({ id: await createCourse(deps.db, authorizedUnitOf(request), request.body, actor(request)) }),
  );

  app.get(
    '/api/authoring/courses/:id',
    {
      config: { policy: courseAuthor },
      schema: {
        tags,
        summary: 'The whole draft, its media, review and versions',
        description: "Authors of the course's unit or of a unit above it. Everything about the draft: details, modules and lessons (Markdown), media files, review comments and published versions. 404 course_not_found.",
        params: CourseIdParams,
        response: { 200: Draft, ...errorResponses },
      },
    },
    async (request) => describeDraft(deps.db, request.params.id),
  );

  app.patch(
    '/api/authoring/courses/:id',
    {
      config: { policy: courseAuthor },
      schema: {
        tags,
        summary: 'Edit the course details',
        description: "Authors of the course's unit or of a unit above it. Changes only the fields sent and answers the whole draft. 400 invalid_competence for a code outside the framework.",
        params: CourseIdParams,
        body: CoursePatchBody,
        response: { 200: Draft, ...errorResponses },
      },
    },
    async (request) => {
      await updateCourse(deps.db, request.params.id, request.body, actor(request));
      return describeDraft(deps.db, request.params.id);
    },
  );

  app.delete(
    '/api/authoring/courses/:id',
    {
      config: { policy: courseAuthor },
      schema: {
        tags,
        summary: 'Delete: unpublish and hide (learners keep their history)',
        description: "Authors of the course's unit or of a unit above it. Unpublishes and hides the course; learners keep their progress and certificates.",
        params: CourseIdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteCourse(deps.db, deps.lessons, request.params.id, actor(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/authoring/courses/:id/modules',
    {
      config: { policy: courseAuthor },
      schema: {
        tags,
        summary: 'Add a module at the end',
        description: "Authors of the course's unit or of a unit above it. Adds an empty module at the end of the draft and answers its id.",
        params: CourseIdParams,
        body: TitleBody,
        response: { 201: Created, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send({ id: await addModule(deps.db, request.params.id, request.body.title, actor(request)) }),
  );

  app.patch(
    '/api/authoring/modules/:id',
    {
      config: { policy: moduleAuthor },
      schema: {
        tags,
        summary: 'Rename a module',
        description: "Authors of the course's unit or of a unit above it. Renames the module in the draft. 404 module_not_found.",
        params: ModuleIdParams,
        body: TitleBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await renameModule(deps.db, request.params.id, request.body.title, actor(request));
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/authoring/modules/:id',
    {
      config: { policy: moduleAuthor },
      schema: {
        tags,
        summary: 'Remove a module and its lessons from the draft',
        description: "Authors of the course's unit or of a unit above it. Removes the module and its lessons from the draft; published versions keep them until the next publication. 404 module_not_found.",
        params: ModuleIdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeModule(deps.db, request.params.id, actor(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/authoring/modules/:id/lessons',
    {
      config: { policy: moduleAuthor },
      schema: {
        tags,
        summary: 'Add a lesson at the end of a module',
        description: "Authors of the course's unit or of a unit above it. Adds an empty lesson at the end of the module and answers its id. 404 module_not_found.",
        params: ModuleIdParams,
        body: TitleBody,
        response: { 201: Created, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send({ id: await addLesson(deps.db, request.params.id, request.body.title, actor(request)) }),
  );

  app.get(
    '/api/authoring/lessons/:id',
    {
      config: { policy: lessonAuthor },
      schema: {
        tags,
        summary: 'A draft lesson, its course and the files it may use',
        description: "Authors of the course's unit or of a unit above it. The draft lesson (Markdown and its revision), its course, and the media names it may use. 404 lesson_not_found.",
        params: LessonIdParams,
        response: { 200: DraftLessonContext, ...errorResponses },
      },
    },
    async (request) => describeDraftLesson(deps.db, request.params.id),
  );

  app.patch(
    '/api/authoring/lessons/:id',
    {
      config: { policy: lessonAuthor },
      schema: {
        tags,
        summary: 'Save a lesson (autosave). 409 with the current lesson when someone saved it since baseRevision.',
        description: "Authors of the course's unit or of a unit above it. Saves the fields sent if baseRevision is still the latest and answers the lesson with its new revision; otherwise 409 lesson_conflict with the current lesson in error.current, so that no one overwrites another author.",
        params: LessonIdParams,
        body: LessonPatchBody,
        response: { 200: DraftLesson, ...errorResponses },
      },
    },
    async (request) => saveLesson(deps.db, request.params.id, request.body, actor(request)),
  );

  app.delete(
    '/api/authoring/lessons/:id',
    {
      config: { policy: lessonAuthor },
      schema: {
        tags,
        summary: 'Remove a lesson from the draft',
        description: "Authors of the course's unit or of a unit above it. Removes the lesson from the draft. 404 lesson_not_found.",
        params: LessonIdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeLesson(deps.db, request.params.id, actor(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/authoring/lessons/:id/preview',
    {
      config: { policy: lessonAuthor },
      schema: {
        tags,
        summary: 'The draft lesson exactly as learners will see it',
        description: "Authors of the course's unit or of a unit above it. The draft lesson rendered exactly as the published lesson would be (same shape as GET /api/lessons/{id}).",
        params: LessonIdParams,
        response: { 200: LessonView, ...errorResponses },
      },
    },
    async (request) => previewLesson(deps.db, request.params.id),
  );

  app.put(
    '/api/authoring/courses/:id/outline',
    {
      config: { policy: courseAuthor },
      schema: {
        tags,
        summary: 'Reorder modules and lessons (lessons may move between modules)',
        description: "Authors of the course's unit or of a unit above it. Sends every module with its lessons in the new order; 409 outline_mismatch when the list does not name exactly the modules and lessons of the draft (someone changed it meanwhile).",
        params: CourseIdParams,
        body: OutlineBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await reorderOutline(deps.db, request.params.id, request.body.modules, actor(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/authoring/courses/:id/preview',
    {
      config: { policy: courseAuthor },
      schema: {
        tags,
        summary: 'Render Markdown as learners will see it, with what would stop publication',
        description: "Authors of the course's unit or of a unit above it. Renders Markdown without saving it, and lists by line what would stop publication (a missing file, a broken link).",
        params: CourseIdParams,
        body: PreviewBody,
        response: { 200: Preview, ...errorResponses },
      },
    },
    async (request) => {
      const { html, problems } = await previewMarkdown(deps.db, request.params.id, request.body.markdown);
      return { html, problems: problems.map((p) => ({ line: p.line, message: translate(request.language, p.key, p.params) })) };
    },
  );

  app.post(
    '/api/authoring/courses/:id/publish',
    {
      config: { policy: courseAuthor },
      schema: {
        tags,
        summary: 'Publish the draft as a new version (approval first when the course requires review)',
        description: "Authors of the course's unit or of a unit above it. Learners get the draft as a new version. 409 course_needs_approval when the course requires review and this draft is not approved; 400 course_not_publishable with every problem and its place.",
        params: CourseIdParams,
        response: { 200: Published, ...errorResponses },
      },
    },
    async (request) => publish(deps.db, deps.lessons, request.params.id, actor(request)),
  );

  app.post(
    '/api/authoring/courses/:id/unpublish',
    {
      config: { policy: courseAuthor },
      schema: {
        tags,
        summary: 'Take the course away from learners (the draft stays)',
        description: "Authors of the course's unit or of a unit above it. Learners no longer see the course; the draft, their progress and certificates stay.",
        params: CourseIdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await unpublish(deps.db, deps.lessons, request.params.id, actor(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/authoring/courses/:id/versions/:number/rollback',
    {
      config: { policy: courseAuthor },
      schema: {
        tags,
        summary: 'Make version N the draft again and publish it as a new version',
        description: "Authors of the course's unit or of a unit above it. Makes published version N the draft and publishes it as a new version. 404 version_not_found.",
        params: VersionParams,
        response: { 200: Published, ...errorResponses },
      },
    },
    async (request) => rollback(deps.db, deps.lessons, request.params.id, request.params.number, actor(request)),
  );

  app.post(
    '/api/authoring/courses/:id/review',
    {
      config: { policy: courseAuthor },
      schema: {
        tags,
        summary: 'Send the draft for review',
        description: "Authors of the course's unit or of a unit above it. Asks the authors of a parent unit to review the draft, with an optional message; the review status becomes in_review.",
        params: CourseIdParams,
        body: MessageBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await requestReview(deps.db, request.params.id, request.body.message ?? '', actor(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/authoring/courses/:id/review/comments',
    {
      config: { policy: courseAuthor },
      schema: {
        tags,
        summary: 'Comment on the draft',
        description: "Authors of the course's unit or of a unit above it. Adds a comment to the review thread of the draft.",
        params: CourseIdParams,
        body: CommentBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await comment(deps.db, request.params.id, request.body.body, actor(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/authoring/courses/:id/review/decision',
    {
      config: { policy: courseAuthor },
      schema: {
        tags,
        summary: 'Approve the draft, or ask for changes (an author of a parent unit, not the one who asked for review)',
        description: "Authors of a unit above the course's unit, other than the one who asked for review. Approves the draft (it may then be published) or asks for changes. 409 review_not_requested; 403 reviewer_not_allowed.",
        params: CourseIdParams,
        body: DecisionBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await decideReview(deps.db, request.params.id, request.body.decision, request.body.message ?? '', { ...actor(request), grants: await viewerOf(request).grants() });
      return reply.status(204).send(null);
    },
  );
}
