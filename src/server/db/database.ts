import type { Kysely, Transaction } from 'kysely';
import type { AuditLogTable } from '../audit/audit.table.js';
import type { ApiTokensTable } from '../tokens/tokens.table.js';
import type { ConsentsTable, PasswordResetsTable } from '../auth/auth.table.js';
import type { CourseModulesTable, CoursesTable, CourseVersionsTable, LessonsTable, QuestionsTable, QuizzesTable, ReviewCommentsTable } from '../authoring/authoring.table.js';
import type { CourseTagsTable, PublishedCoursesTable, PublishedLessonsTable } from '../courses/courses.table.js';
import type { MediaTable } from '../media/media.table.js';
import type { CertificatesTable } from '../certificates/certificates.table.js';
import type { MemberCourseDailyTable, MemberDailyTable, UnitCourseDailyTable, UnitDailyTable } from '../rollups/rollups.table.js';
import type { MembershipsTable } from '../members/members.table.js';
import type { CampaignTargetsTable, CampaignsTable } from '../campaigns/campaigns.table.js';
import type { ReportSchedulesTable, ReportsTable } from '../reports/reports.table.js';
import type { PublishedQuizzesTable, QuizAttemptsTable } from '../quizzes/quizzes.table.js';
import type { EnrollmentsTable, LessonProgressTable, ProgressEventsTable } from '../progress/progress.table.js';
import type { RoleGrantsTable } from '../grants/grants.table.js';
import type { JobsTable } from '../jobs/jobs.table.js';
import type { RateLimitsTable } from '../http/rate-limits.table.js';
import type { SessionsTable } from '../http/sessions.table.js';
import type { UnitSuccessionsTable, UnitsTable } from '../units/units.table.js';
import type { UsersTable } from '../users/users.table.js';

/** Every table, as each feature declares it. */
export interface Database {
  units: UnitsTable;
  unit_successions: UnitSuccessionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  consents: ConsentsTable;
  role_grants: RoleGrantsTable;
  rate_limits: RateLimitsTable;
  audit_log: AuditLogTable;
  api_tokens: ApiTokensTable;
  courses: CoursesTable;
  course_modules: CourseModulesTable;
  lessons: LessonsTable;
  course_versions: CourseVersionsTable;
  published_courses: PublishedCoursesTable;
  published_lessons: PublishedLessonsTable;
  course_tags: CourseTagsTable;
  enrollments: EnrollmentsTable;
  lesson_progress: LessonProgressTable;
  progress_events: ProgressEventsTable;
  review_comments: ReviewCommentsTable;
  media: MediaTable;
  questions: QuestionsTable;
  quizzes: QuizzesTable;
  published_quizzes: PublishedQuizzesTable;
  quiz_attempts: QuizAttemptsTable;
  certificates: CertificatesTable;
  unit_daily: UnitDailyTable;
  unit_course_daily: UnitCourseDailyTable;
  memberships: MembershipsTable;
  campaigns: CampaignsTable;
  campaign_targets: CampaignTargetsTable;
  report_schedules: ReportSchedulesTable;
  reports: ReportsTable;
  member_daily: MemberDailyTable;
  member_course_daily: MemberCourseDailyTable;
  jobs: JobsTable;
}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Query functions that work inside or outside a transaction take this. */
export type DbOrTx = Db | Tx;
export type Engine = 'sqlite' | 'postgres';
