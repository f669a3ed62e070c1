/**
 * The API as the PWA calls it: for each route (method and path exactly as registered)
 * the very schema objects the route declares for its body, query string and success
 * answer. The PWA derives its request and answer types from this one map
 * (`src/web/api.ts`), and `endpoints.test.ts` checks every entry against the running
 * app, so a page cannot keep a hand-written shape that the server no longer sends.
 */
import type { TSchema } from 'typebox';
import { Attendance, CheckinAnswers, CheckinBatch, CheckinList, DoorCodeRequest, DoorCodeSent, DoorSignup, PhoneMatches, PhoneQuery, WalkIn, WalkInAnswer } from '../checkin/checkin.schema.js';
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
import { CodeRequestBody, CodeSent, PhoneCheck, PhoneCheckBody, SignupBody, SignupDone, SignupForm } from '../assisted/assisted.schema.js';
import { CampaignList, Ranking } from '../campaigns/campaigns.schema.js';
import { CertificateList, Verification, VerifyQuery } from '../certificates/certificates.schema.js';
import { Framework } from '../competences/competences.schema.js';
import { CardCodeSignInBody, CardHolder, CardPeekBody, CardPeople, CardPeopleQuery, CardSignInBody, CardsPdf, MyCard, PrintCardsBody, PrintMyCardBody } from '../cards/cards.schema.js';
import { Catalog, CatalogQuery, CourseOutline } from '../courses/courses.schema.js';
import { AttendanceBody, AttendanceRecorded, ClassDetail, ClassList, ClassListQuery, ClassPatchBody, NewClassBody, SchedulingChoices } from '../classes/classes.schema.js';
import { Dashboard, DashboardQuery } from '../dashboards/dashboards.schema.js';
import { ReportNotices } from '../reports/reports.schema.js';
import { LessonView } from '../lessons/lessons.schema.js';
import { Me, PasswordChangeBody, ProfilePatchBody } from '../me/me.schema.js';
import {
  AccountDeletionBody,
  ConfirmationCodeSent,
  GiveConsentBody,
  MyConsents,
  PrivacyRequestAnswer,
  PrivacyRequestBody,
  PrivacyRequestCodeBody,
  PrivacyRequestList,
  WithdrawConsentBody,
} from '../privacy/privacy.schema.js';
import { MediaView } from '../media/media.schema.js';
import {
  AllocationCreated,
  GroupCreated,
  ImportQuery as InvitationImportQuery,
  InvitationCancelled,
  InvitationCreated,
  InvitationImportReport,
  InvitationList,
  InvitationListQuery,
  InvitationsOverview,
  MyInvitations,
  NewAllocation,
  NewGroup,
  NewInvitation,
  NewUnitInvitation,
  PublicInvitation,
  QuotaChange,
  RemindResult,
  RsvpBody,
  SecretBody,
  UnitAllocations,
} from '../invitations/invitations.schema.js';
import { ImportQuery, ImportReport, MemberList, MembersPage } from '../members/members.schema.js';
import { AuditLogPage, AuditPageQuery } from '../audit/audit.schema.js';
import { ImportedCourse, ShippedCourseList } from '../packages/packages.schema.js';
import { GrantUnits, GrantUnitsQuery, PeopleFound, PeopleSearchQuery, PersonDetail } from '../people/people.schema.js';
import { GrantBody, GrantView } from '../grants/grants.schema.js';
import { MyLearning, ProgressBody, ProgressReceipt } from '../progress/progress.schema.js';
import { AnswersBody, AttemptView, CourseQuizzes, OfflineAttemptBody, PracticePaper, SavedAnswers, SubmitBody } from '../quizzes/quizzes.schema.js';
import { OfflineManifest } from '../saved/saved.schema.js';
import { AdminProviderList, CompleteBody, LinkBody, PendingSignIn, ProviderList, SignedOut, TestResultQuery, TestSignIn } from '../oidc/oidc.schema.js';
import { ApiTokenCreated, ApiTokenList, NewApiToken } from '../tokens/tokens.schema.js';
import { UnitDetail, UnitList, UnitSearchQuery } from '../units/units.schema.js';
import { NewOrgUnit, OrgHistory, OrgImportQuery, OrgImportReport, OrgRoots, OrgTree, OrgTreeQuery, OrgUnit, OrgUnitMove, OrgUnitPatch } from '../organisations/organisations.schema.js';
import { Hamlet, HamletList, HamletListQuery, HamletPatch, NewHamlet } from '../units/hamlets.schema.js';
import { LaunchConfig, LaunchInput, LeaderView, NewScreenToken, PressAnswer, ScreenQuery, ScreenState, ScreenTokenCreated, ScreenTokenList } from '../launch/launch.schema.js';
import { MyTeams, NewMember, NewTeam, TeamDetail, TeamHamlets, TeamList, TeamPatch } from '../teams/teams.schema.js';
import {
  AssignBody,
  DuplicateBody,
  FiguresQuery,
  MyRequests,
  MyRequestView,
  NewOwnRequest,
  NewRequestForPerson,
  NoteBody,
  OverdueHoursBody,
  Queue,
  QueueQuery,
  RequestDetail,
  ResolveBody,
  TeamFigures,
} from '../requests/requests.schema.js';
import { DeliveryList, WebhookBody, WebhookCreated, WebhookList, WebhookSecret, WebhookView } from '../webhooks/webhooks.schema.js';
import { Budget, BudgetLinePatch, EventTask, NewBudgetLine, NewTask, TaskList, TaskListQuery, TaskPatch, TaskProgress } from '../event-tasks/event-tasks.schema.js';
import { NewNewsPost, NewsArticle, NewsDraft, NewsDrafts, NewsPage, NewsPageQuery, NewsPatch } from '../news/news.schema.js';
import { CallbackList, CreditList, CreditQuery, DrawBody, FlagBody, HelperFigures, OutcomeBody, Signals, SignalsQuery, SignupItem, SignupList } from '../assisted/review.schema.js';

import {
  AgendaItemPatchBody,
  AgendaOrderBody,
  BridgeSitesAdded,
  BridgeSitesBody,
  EventDetail,
  EventList,
  EventPatchBody,
  NewAgendaItemBody,
  NewEventBody,
  NewVenueBody,
  Programme,
  ProgrammePdf,
  PublicEvent,
  StatusBody,
  VenueList,
  VenueOrderBody,
  VenuePatchBody,
} from '../events/events.schema.js';

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
  'GET /api/me/consents': { status: 200, response: MyConsents },
  'POST /api/me/consents': { status: 204, body: GiveConsentBody },
  'POST /api/me/consents/withdraw': { status: 204, body: WithdrawConsentBody },
  'POST /api/me/confirmation-code': { status: 202, response: ConfirmationCodeSent },
  'DELETE /api/me': { status: 204, body: AccountDeletionBody },
  'GET /api/privacy/requests': { status: 200, response: PrivacyRequestList },
  'POST /api/privacy/requests': { status: 201, body: PrivacyRequestBody, response: PrivacyRequestAnswer },
  'POST /api/privacy/requests/:id/confirm': { status: 200, body: PrivacyRequestCodeBody, response: PrivacyRequestAnswer },

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
  'GET /api/reports/notices': { status: 200, response: ReportNotices },
  'POST /api/reports/:id/read': { status: 204 },
  'GET /api/units/:code/members': { status: 200, query: MembersPage, response: MemberList },
  'POST /api/units/:code/members/import': { status: 200, upload: true, query: ImportQuery, response: ImportReport },
  'GET /api/campaigns': { status: 200, response: CampaignList },
  'GET /api/campaigns/:id/ranking': { status: 200, response: Ranking },

  // Assisted sign-up (issue 13, assisted area)
  'GET /api/units/:code/assisted': { status: 200, response: SignupForm },
  'POST /api/units/:code/assisted/phone-check': { status: 200, body: PhoneCheckBody, response: PhoneCheck },
  'POST /api/units/:code/assisted/sms-codes': { status: 202, body: CodeRequestBody, response: CodeSent },
  'POST /api/units/:code/assisted/signups': { status: 201, body: SignupBody, response: SignupDone },

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

  // Issue 16, organisations: the "Đơn vị" screen.
  'GET /api/organisations': { status: 200, response: OrgRoots },
  'GET /api/organisations/:code/tree': { status: 200, query: OrgTreeQuery, response: OrgTree },
  'POST /api/organisations/:code/units': { status: 201, body: NewOrgUnit, response: OrgUnit },
  'PATCH /api/organisations/:code': { status: 200, body: OrgUnitPatch, response: OrgUnit },
  'POST /api/organisations/:code/move': { status: 200, body: OrgUnitMove, response: OrgUnit },
  'POST /api/organisations/:code/retire': { status: 200, response: OrgUnit },
  'GET /api/organisations/:code/history': { status: 200, response: OrgHistory },
  'POST /api/organisations/:code/import': { status: 200, upload: true, query: OrgImportQuery, response: OrgImportReport },

  // Issue 13, teams area: hamlets, helper teams, the helper's own teams.
  'GET /api/units/:code': { status: 200, response: UnitDetail },
  'GET /api/units/:code/hamlets': { status: 200, query: HamletListQuery, response: HamletList },
  'POST /api/units/:code/hamlets': { status: 201, body: NewHamlet, response: Hamlet },
  'PATCH /api/hamlets/:code': { status: 200, body: HamletPatch, response: Hamlet },
  'POST /api/hamlets/:code/retire': { status: 200, response: Hamlet },
  'GET /api/units/:code/teams': { status: 200, response: TeamList },
  'POST /api/units/:code/teams': { status: 201, body: NewTeam, response: TeamDetail },
  'GET /api/teams/:id': { status: 200, response: TeamDetail },
  'PATCH /api/teams/:id': { status: 200, body: TeamPatch, response: TeamDetail },
  'POST /api/teams/:id/retire': { status: 200, response: TeamDetail },
  'POST /api/teams/:id/members': { status: 200, body: NewMember, response: TeamDetail },
  'DELETE /api/teams/:id/members/:userId': { status: 200, response: TeamDetail },
  'PUT /api/teams/:id/hamlets': { status: 200, body: TeamHamlets, response: TeamDetail },
  'GET /api/me/teams': { status: 200, response: MyTeams },
  // Issue 14, launch area: the launch button, big-screen tokens, the big screen (its live stream is opened by
  // EventSource with a hand-built URL: a stream is no request-and-answer call of api()).
  'GET /api/events/:id/launch': { status: 200, response: LaunchConfig },
  'PUT /api/events/:id/launch': { status: 200, body: LaunchInput, response: LaunchConfig },
  'GET /api/events/:id/launch/me': { status: 200, response: LeaderView },
  'POST /api/events/:id/launch/press': { status: 200, response: PressAnswer },
  'GET /api/events/:id/screen-tokens': { status: 200, response: ScreenTokenList },
  'POST /api/events/:id/screen-tokens': { status: 201, body: NewScreenToken, response: ScreenTokenCreated },
  'POST /api/events/:id/screen-tokens/:tokenId/revoke': { status: 200, response: ScreenTokenList },
  'GET /api/screen': { status: 200, query: ScreenQuery, response: ScreenState },
  // Sign-in cards (issue 13, cards)
  'POST /api/cards/sign-in': { status: 200, body: CardSignInBody, response: Me },
  'POST /api/cards/sign-in-code': { status: 200, body: CardCodeSignInBody, response: Me },
  'POST /api/cards/peek': { status: 200, body: CardPeekBody, response: CardHolder },
  'GET /api/cards/mine': { status: 200, response: MyCard },
  'POST /api/cards/mine/print': { status: 200, body: PrintMyCardBody, response: CardsPdf },
  'DELETE /api/cards/mine': { status: 204 },
  'GET /api/units/:code/cards/people': { status: 200, query: CardPeopleQuery, response: CardPeople },
  'POST /api/units/:code/cards/print': { status: 200, body: PrintCardsBody, response: CardsPdf },
  'DELETE /api/units/:code/cards/:userId': { status: 204 },
  // Support requests (issue 13, requests area)
  'GET /api/support-requests/mine': { status: 200, response: MyRequests },
  'POST /api/support-requests/mine': { status: 201, body: NewOwnRequest, response: MyRequestView },
  'POST /api/support-requests/:id/cancel': { status: 200, response: MyRequestView },
  'GET /api/support-requests': { status: 200, query: QueueQuery, response: Queue },
  'POST /api/support-requests': { status: 201, body: NewRequestForPerson, response: RequestDetail },
  'GET /api/support-requests/figures': { status: 200, query: FiguresQuery, response: TeamFigures },
  'PUT /api/support-requests/teams/:id/overdue-hours': { status: 204, body: OverdueHoursBody },
  'GET /api/support-requests/:id': { status: 200, response: RequestDetail },
  'POST /api/support-requests/:id/assign': { status: 200, body: AssignBody, response: RequestDetail },
  'POST /api/support-requests/:id/notes': { status: 200, body: NoteBody, response: RequestDetail },
  'POST /api/support-requests/:id/resolve': { status: 200, body: ResolveBody, response: RequestDetail },
  'POST /api/support-requests/:id/duplicate': { status: 200, body: DuplicateBody, response: RequestDetail },
  // Figures and review (issue 13): the review of assisted sign-ups, a helper's own figures.
  'GET /api/units/:code/review/signals': { status: 200, query: SignalsQuery, response: Signals },
  'GET /api/units/:code/review/flagged': { status: 200, response: SignupList },
  'GET /api/units/:code/review/credit': { status: 200, query: CreditQuery, response: CreditList },
  'PUT /api/units/:code/review/flags': { status: 200, body: FlagBody, response: SignupItem },
  'GET /api/units/:code/review/callbacks': { status: 200, response: CallbackList },
  'POST /api/units/:code/review/callbacks': { status: 200, body: DrawBody, response: CallbackList },
  'PUT /api/units/:code/review/callbacks': { status: 200, body: OutcomeBody, response: CallbackList },
  'GET /api/helper/figures': { status: 200, response: HelperFigures },
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
  // Issue 14, tasks-budget-news area: an event's preparation tasks and budget, announcements.
  'GET /api/events/:id/tasks': { status: 200, query: TaskListQuery, response: TaskList },
  'POST /api/events/:id/tasks': { status: 201, body: NewTask, response: EventTask },
  'PATCH /api/events/:id/tasks/:taskId': { status: 200, body: TaskPatch, response: EventTask },
  'DELETE /api/events/:id/tasks/:taskId': { status: 204 },
  'GET /api/units/:code/event-tasks': { status: 200, response: TaskList },
  'PATCH /api/event-tasks/:id': { status: 200, body: TaskProgress, response: EventTask },
  'GET /api/events/:id/budget': { status: 200, response: Budget },
  'POST /api/events/:id/budget': { status: 201, body: NewBudgetLine, response: Budget },
  'PATCH /api/events/:id/budget/:lineId': { status: 200, body: BudgetLinePatch, response: Budget },
  'DELETE /api/events/:id/budget/:lineId': { status: 200, response: Budget },
  'GET /api/news': { status: 200, query: NewsPageQuery, response: NewsPage },
  'GET /api/news/:slug': { status: 200, response: NewsArticle },
  'GET /api/news-posts': { status: 200, response: NewsDrafts },
  'POST /api/news-posts': { status: 201, body: NewNewsPost, response: NewsDraft },
  'PATCH /api/news-posts/:id': { status: 200, body: NewsPatch, response: NewsDraft },
  // Events, venues, programme, public event page (issue 14, events area)
  'GET /api/events': { status: 200, response: EventList },
  'POST /api/units/:code/events': { status: 201, body: NewEventBody, response: EventDetail },
  'GET /api/events/:id': { status: 200, response: EventDetail },
  'PATCH /api/events/:id': { status: 200, body: EventPatchBody, response: EventDetail },
  'POST /api/events/:id/status': { status: 200, body: StatusBody, response: EventDetail },
  'GET /api/public/events/:slug': { status: 200, response: PublicEvent },
  'GET /api/events/:id/venues': { status: 200, response: VenueList },
  'POST /api/events/:id/venues': { status: 201, body: NewVenueBody, response: VenueList },
  'PATCH /api/events/:id/venues/:venueId': { status: 200, body: VenuePatchBody, response: VenueList },
  'POST /api/events/:id/venues/:venueId/retire': { status: 200, response: VenueList },
  'PUT /api/events/:id/venues/order': { status: 200, body: VenueOrderBody, response: VenueList },
  'POST /api/events/:id/venues/bridge-sites': { status: 200, body: BridgeSitesBody, response: BridgeSitesAdded },
  'GET /api/events/:id/programme': { status: 200, response: Programme },
  'POST /api/events/:id/programme': { status: 201, body: NewAgendaItemBody, response: Programme },
  'PATCH /api/events/:id/programme/:itemId': { status: 200, body: AgendaItemPatchBody, response: Programme },
  'DELETE /api/events/:id/programme/:itemId': { status: 200, response: Programme },
  'PUT /api/events/:id/programme/order': { status: 200, body: AgendaOrderBody, response: Programme },
  'GET /api/events/:id/programme.pdf': { status: 200, response: ProgrammePdf },
  // Check-in at the door and live attendance (issue 14, check-in)
  'GET /api/events/:id/venues/:venueId/checkin-list': { status: 200, response: CheckinList },
  'POST /api/events/:id/checkins': { status: 200, body: CheckinBatch, response: CheckinAnswers },
  'GET /api/events/:id/checkin-search': { status: 200, query: PhoneQuery, response: PhoneMatches },
  'POST /api/events/:id/walk-ins': { status: 200, body: WalkIn, response: WalkInAnswer },
  'POST /api/events/:id/door-codes': { status: 202, body: DoorCodeRequest, response: DoorCodeSent },
  'POST /api/events/:id/door-signups': { status: 200, body: DoorSignup, response: WalkInAnswer },
  'GET /api/events/:id/attendance': { status: 200, response: Attendance },
  // Issue 14, invitations area: groups and quotas, invitations, units' seats, RSVP from the link, my invitations.
  'GET /api/events/:id/invitations/overview': { status: 200, response: InvitationsOverview },
  'POST /api/events/:id/groups': { status: 201, body: NewGroup, response: GroupCreated },
  'PUT /api/events/:id/quotas': { status: 200, body: QuotaChange, response: InvitationsOverview },
  'GET /api/events/:id/invitations': { status: 200, query: InvitationListQuery, response: InvitationList },
  'POST /api/events/:id/invitations': { status: 201, body: NewInvitation, response: InvitationCreated },
  'POST /api/events/:id/invitations/:invitationId/cancel': { status: 200, response: InvitationCancelled },
  'POST /api/events/:id/allocations': { status: 201, body: NewAllocation, response: AllocationCreated },
  'POST /api/events/:id/invitations/remind': { status: 200, response: RemindResult },
  'POST /api/events/:id/invitations/import': { status: 200, upload: true, query: InvitationImportQuery, response: InvitationImportReport },
  'GET /api/units/:code/event-allocations': { status: 200, response: UnitAllocations },
  'POST /api/event-allocations/:allocationId/invitations': { status: 201, body: NewUnitInvitation, response: InvitationCreated },
  'POST /api/invitations/lookup': { status: 200, body: SecretBody, response: PublicInvitation },
  'POST /api/invitations/rsvp': { status: 200, body: RsvpBody, response: PublicInvitation },
  'GET /api/me/invitations': { status: 200, response: MyInvitations },
  // Issue 15, area B: saved courses and practice quizzes offline.
  'GET /api/courses/:id/offline-manifest': { status: 200, response: OfflineManifest },
  'GET /api/quizzes/:id/practice-paper': { status: 200, response: PracticePaper },
  'POST /api/quizzes/:id/offline-attempts': { status: 200, body: OfflineAttemptBody, response: AttemptView },
  // Issue 16, audit: the auditor's reading of the log.
  'GET /api/audit': { status: 200, query: AuditPageQuery, response: AuditLogPage },
  // Issue 16, people and roles; shipped courses on the admin screen.
  'GET /api/people': { status: 200, query: PeopleSearchQuery, response: PeopleFound },
  'GET /api/people/grant-units': { status: 200, query: GrantUnitsQuery, response: GrantUnits },
  'GET /api/people/:id': { status: 200, response: PersonDetail },
  'POST /api/people/:id/password-reset': { status: 204 },
  'POST /api/units/:code/grants': { status: 201, body: GrantBody, response: GrantView },
  'DELETE /api/grants/:id': { status: 204 },
  'POST /api/users/:id/disable': { status: 204 },
  'POST /api/users/:id/enable': { status: 204 },
  'GET /api/units/:code/shipped-courses': { status: 200, response: ShippedCourseList },
  'POST /api/units/:code/shipped-courses/:package/publish': { status: 201, response: ImportedCourse },
} as const satisfies Record<string, Endpoint>;
