/**
 * The API as the PWA calls it: for each route (method and path exactly as registered)
 * the very schema objects the route declares for its body, query string and success
 * answer. The PWA derives its request and answer types from this one map
 * (`src/web/api.ts`), and `endpoints.test.ts` checks every entry against the running
 * app, so a page cannot keep a hand-written shape that the server no longer sends.
 */
import type { TSchema } from 'typebox';
import { RegisterBody, ResetConfirmBody, ResetRequestBody, ResetRequested, SignInBody } from '../auth/auth.schema.js';
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
  ItemStatistics,
  LessonPatchBody,
  MessageBody,
  NewCourseBody,
  OutlineBody,
  Preview,
  PreviewBody,
  Published,
  QuestionBody,
  QuizBank,
  QuizBody,
  TitleBody,
  UploadQuery,
} from '../authoring/authoring.schema.js';
import { CampaignList, Ranking } from '../campaigns/campaigns.schema.js';
import { CertificateList, Verification, VerifyQuery } from '../certificates/certificates.schema.js';
import { Framework } from '../competences/competences.schema.js';
import { Catalog, CatalogQuery, CourseOutline } from '../courses/courses.schema.js';
import { AttendanceBody, AttendanceRecorded, ClassDetail, ClassList, ClassListQuery, ClassPatchBody, NewClassBody, SchedulingChoices } from '../classes/classes.schema.js';
import { Dashboard, DashboardQuery } from '../dashboards/dashboards.schema.js';
import { LessonView } from '../lessons/lessons.schema.js';
import { Me, PasswordChangeBody, ProfilePatchBody } from '../me/me.schema.js';
import { MediaView } from '../media/media.schema.js';
import { ImportQuery, ImportReport, MemberList, MembersPage } from '../members/members.schema.js';
import { ImportedCourse } from '../packages/packages.schema.js';
import { MyLearning, ProgressBody, ProgressReceipt } from '../progress/progress.schema.js';
import { AnswersBody, AttemptView, CourseQuizzes, SavedAnswers, SubmitBody } from '../quizzes/quizzes.schema.js';
import { AdminProviderList, CompleteBody, LinkBody, PendingSignIn, ProviderList, SignedOut, TestResultQuery, TestSignIn } from '../oidc/oidc.schema.js';
import { ApiTokenCreated, ApiTokenList, NewApiToken } from '../tokens/tokens.schema.js';
import { UnitList, UnitSearchQuery } from '../units/units.schema.js';
import { DeliveryList, WebhookBody, WebhookCreated, WebhookList, WebhookSecret, WebhookView } from '../webhooks/webhooks.schema.js';

export interface Endpoint {
  /** The success status the route declares; 204 routes answer nothing. */
  readonly status: 200 | 201 | 202 | 204;
  readonly response?: TSchema;
  readonly body?: TSchema;
  readonly query?: TSchema;
  /** The body is a file's bytes, not JSON. */
  readonly upload?: true;
}

export const endpoints = {
  'POST /api/auth/register': { status: 201, body: RegisterBody, response: Me },
  'POST /api/auth/login': { status: 200, body: SignInBody, response: Me },
  'POST /api/auth/logout': { status: 204 },
  'POST /api/auth/password-reset': { status: 202, body: ResetRequestBody, response: ResetRequested },
  'POST /api/auth/password-reset/confirm': { status: 200, body: ResetConfirmBody, response: Me },
  'GET /api/auth/oidc/providers': { status: 200, response: ProviderList },
  'GET /api/auth/oidc/pending': { status: 200, response: PendingSignIn },
  'POST /api/auth/oidc/complete': { status: 201, body: CompleteBody, response: Me },
  'POST /api/auth/oidc/link': { status: 200, body: LinkBody, response: Me },
  'POST /api/auth/oidc/logout': { status: 200, response: SignedOut },
  'GET /api/admin/identity/providers': { status: 200, response: AdminProviderList },
  'GET /api/admin/identity/test-result': { status: 200, query: TestResultQuery, response: TestSignIn },

  'GET /api/me': { status: 200, response: Me },
  'PATCH /api/me': { status: 200, body: ProfilePatchBody, response: Me },
  'POST /api/me/password': { status: 204, body: PasswordChangeBody },
  'GET /api/me/learning': { status: 200, response: MyLearning },
  'GET /api/me/certificates': { status: 200, response: CertificateList },

  'GET /api/units': { status: 200, query: UnitSearchQuery, response: UnitList },
  'GET /api/competences': { status: 200, response: Framework },
  'GET /api/courses': { status: 200, query: CatalogQuery, response: Catalog },
  'GET /api/courses/:id': { status: 200, response: CourseOutline },
  'GET /api/courses/:id/quizzes': { status: 200, response: CourseQuizzes },
  'GET /api/lessons/:id': { status: 200, response: LessonView },
  'POST /api/progress': { status: 200, body: ProgressBody, response: ProgressReceipt },

  'POST /api/quizzes/:id/attempts': { status: 200, response: AttemptView },
  'GET /api/attempts/:id': { status: 200, response: AttemptView },
  'PUT /api/attempts/:id/answers': { status: 200, body: AnswersBody, response: SavedAnswers },
  'POST /api/attempts/:id/submit': { status: 200, body: SubmitBody, response: AttemptView },

  'GET /api/verify/:code': { status: 200, query: VerifyQuery, response: Verification },

  'GET /api/authoring/courses': { status: 200, query: CourseListQuery, response: CourseList },
  'POST /api/units/:code/courses': { status: 201, body: NewCourseBody, response: Created },
  'POST /api/units/:code/course-packages': { status: 201, upload: true, response: ImportedCourse },
  'GET /api/authoring/courses/:id': { status: 200, response: Draft },
  'PATCH /api/authoring/courses/:id': { status: 200, body: CoursePatchBody, response: Draft },
  'DELETE /api/authoring/courses/:id': { status: 204 },
  'PUT /api/authoring/courses/:id/outline': { status: 204, body: OutlineBody },
  'POST /api/authoring/courses/:id/modules': { status: 201, body: TitleBody, response: Created },
  'PATCH /api/authoring/modules/:id': { status: 204, body: TitleBody },
  'DELETE /api/authoring/modules/:id': { status: 204 },
  'POST /api/authoring/modules/:id/lessons': { status: 201, body: TitleBody, response: Created },
  'GET /api/authoring/lessons/:id': { status: 200, response: DraftLessonContext },
  'PATCH /api/authoring/lessons/:id': { status: 200, body: LessonPatchBody, response: DraftLesson },
  'DELETE /api/authoring/lessons/:id': { status: 204 },
  'GET /api/authoring/lessons/:id/preview': { status: 200, response: LessonView },
  'POST /api/authoring/courses/:id/preview': { status: 200, body: PreviewBody, response: Preview },
  'POST /api/authoring/courses/:id/publish': { status: 200, response: Published },
  'POST /api/authoring/courses/:id/unpublish': { status: 204 },
  'POST /api/authoring/courses/:id/versions/:number/rollback': { status: 200, response: Published },
  'POST /api/authoring/courses/:id/review': { status: 204, body: MessageBody },
  'POST /api/authoring/courses/:id/review/comments': { status: 204, body: CommentBody },
  'POST /api/authoring/courses/:id/review/decision': { status: 204, body: DecisionBody },
  'POST /api/authoring/courses/:id/media': { status: 201, upload: true, query: UploadQuery, response: MediaView },
  'DELETE /api/authoring/media/:id': { status: 204 },
  'GET /api/authoring/courses/:id/quiz-bank': { status: 200, response: QuizBank },
  'POST /api/authoring/courses/:id/questions': { status: 201, body: QuestionBody, response: Created },
  'PUT /api/authoring/questions/:id': { status: 204, body: QuestionBody },
  'DELETE /api/authoring/questions/:id': { status: 204 },
  'POST /api/authoring/courses/:id/quizzes': { status: 201, body: QuizBody, response: Created },
  'PUT /api/authoring/quizzes/:id': { status: 204, body: QuizBody },
  'DELETE /api/authoring/quizzes/:id': { status: 204 },
  'GET /api/authoring/quizzes/:id/statistics': { status: 200, response: ItemStatistics },

  'GET /api/units/:code/dashboard': { status: 200, query: DashboardQuery, response: Dashboard },
  'GET /api/units/:code/members': { status: 200, query: MembersPage, response: MemberList },
  'POST /api/units/:code/members/import': { status: 200, upload: true, query: ImportQuery, response: ImportReport },
  'GET /api/campaigns': { status: 200, response: CampaignList },
  'GET /api/campaigns/:id/ranking': { status: 200, response: Ranking },

  'GET /api/webhooks': { status: 200, response: WebhookList },
  'POST /api/units/:code/webhooks': { status: 201, body: WebhookBody, response: WebhookCreated },
  'POST /api/webhooks/:id/disable': { status: 200, response: WebhookView },
  'POST /api/webhooks/:id/enable': { status: 200, response: WebhookView },
  'POST /api/webhooks/:id/secret': { status: 200, response: WebhookSecret },
  'DELETE /api/webhooks/:id': { status: 204 },
  'GET /api/webhooks/:id/deliveries': { status: 200, response: DeliveryList },
  'POST /api/webhook-deliveries/:id/resend': { status: 204 },

  'GET /api/tokens': { status: 200, response: ApiTokenList },
  'POST /api/units/:code/tokens': { status: 201, body: NewApiToken, response: ApiTokenCreated },
  'DELETE /api/tokens/:id': { status: 204 },

  // In-person classes (issue 13, classes)
  'GET /api/classes/teams': { status: 200, response: SchedulingChoices },
  'GET /api/units/:code/classes': { status: 200, query: ClassListQuery, response: ClassList },
  'POST /api/units/:code/classes': { status: 201, body: NewClassBody, response: ClassDetail },
  'GET /api/classes/:id': { status: 200, response: ClassDetail },
  'PATCH /api/classes/:id': { status: 200, body: ClassPatchBody, response: ClassDetail },
  'POST /api/classes/:id/cancel': { status: 200, response: ClassDetail },
  'POST /api/classes/:id/attendance': { status: 200, body: AttendanceBody, response: AttendanceRecorded },
  'DELETE /api/classes/:id/attendees/:userId': { status: 204 },
  'POST /api/classes/:id/close': { status: 200, response: ClassDetail },
} as const satisfies Record<string, Endpoint>;
