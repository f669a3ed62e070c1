/**
 * Every migration, in order. Listed by hand (not discovered at run time) so that
 * the same code runs under tsx, Vitest and any bundler; a test fails when a file
 * in migrations/ is missing here. Names are timestamped and say what they do.
 */
import type { Migration } from 'kysely';
import * as createUnitTree from './migrations/20261124_090000_create_unit_tree.js';
import * as createAccounts from './migrations/20261124_090100_create_accounts_sessions_and_grants.js';
import * as createRateLimitsAndAudit from './migrations/20261124_090200_create_rate_limits_and_audit_log.js';
import * as createCoursesAndProgress from './migrations/20261124_100000_create_courses_and_progress.js';
import * as addAuthoring from './migrations/20261124_110000_add_authoring_review_and_media.js';
import * as createQuizzes from './migrations/20261124_120000_create_quizzes_and_certificates.js';
import * as createRollups from './migrations/20261124_130000_create_rollups.js';
import * as createMemberships from './migrations/20261124_140000_create_memberships.js';
import * as createCampaigns from './migrations/20261124_150000_create_campaigns.js';
import * as createWeeklyReports from './migrations/20261124_160000_create_weekly_reports.js';
import * as createMemberRollups from './migrations/20261124_170000_create_member_rollups.js';
import * as createJobs from './migrations/20261202_090000_create_jobs.js';
import * as keepMemberNames from './migrations/20261202_100000_keep_member_names_as_entered.js';
import * as randomChoiceIds from './migrations/20261202_110000_give_open_attempts_random_choice_ids.js';
import * as createOidcSignIn from './migrations/20261202_120000_create_oidc_sign_in.js';
import * as createApiTokens from './migrations/20261202_130000_create_api_tokens.js';
import * as createWebhooks from './migrations/20261202_140000_create_webhooks.js';
import * as certificateStatusList from './migrations/20261202_150000_add_certificate_status_list.js';
import * as createEvents from './migrations/20261203_100000_create_events.js';
import * as createEventTasksBudgetNews from './migrations/20261203_150000_create_event_tasks_budget_news.js';
import * as addLessonTranslations from './migrations/20261204_110000_add_lesson_translations.js';
import * as createShippedCourseImports from './migrations/20261206_140000_create_shipped_course_imports.js';
import * as offlineAttemptIds from './migrations/20261204_100000_add_offline_attempt_ids.js';
import * as createEventLaunches from './migrations/20261203_140000_create_event_launches.js';
import * as createEventCheckins from './migrations/20261203_130000_create_event_checkins.js';
import * as createEventAllocations from './migrations/20261203_120000_create_event_allocations.js';
import * as createHelperTeams from './migrations/20261202_160000_create_helper_teams.js';
import * as createAssistedConsentEvidence from './migrations/20261202_162000_create_assisted_consent_evidence.js';
import * as createSupportRequests from './migrations/20261202_164000_create_support_requests.js';
import * as createClasses from './migrations/20261202_165000_create_classes.js';
import * as assistedFigures from './migrations/20261202_166000_add_assisted_figures.js';
import * as listedAccounts from './migrations/20261206_110000_add_listed_accounts.js';
import * as mediaPhoneBytes from './migrations/20261204_130000_add_media_phone_bytes.js';
import * as chainAuditLog from './migrations/20261206_100000_chain_audit_log.js';
import * as consentWithdrawalsAndPrivacyRequests from './migrations/20261206_120000_add_consent_withdrawals_and_privacy_requests.js';
import * as createSigningKeys from './migrations/20261207_100000_create_signing_keys.js';
import * as deliverWeeklyReports from './migrations/20261206_150000_deliver_weekly_reports.js';
import * as createUnitChanges from './migrations/20261206_130000_create_unit_changes.js';

export const migrations: Readonly<Record<string, Migration>> = {
  '20261124_090000_create_unit_tree': createUnitTree,
  '20261124_090100_create_accounts_sessions_and_grants': createAccounts,
  '20261124_090200_create_rate_limits_and_audit_log': createRateLimitsAndAudit,
  '20261124_100000_create_courses_and_progress': createCoursesAndProgress,
  '20261124_110000_add_authoring_review_and_media': addAuthoring,
  '20261124_120000_create_quizzes_and_certificates': createQuizzes,
  '20261124_130000_create_rollups': createRollups,
  '20261124_140000_create_memberships': createMemberships,
  '20261124_150000_create_campaigns': createCampaigns,
  '20261124_160000_create_weekly_reports': createWeeklyReports,
  '20261124_170000_create_member_rollups': createMemberRollups,
  '20261202_090000_create_jobs': createJobs,
  '20261202_100000_keep_member_names_as_entered': keepMemberNames,
  '20261202_110000_give_open_attempts_random_choice_ids': randomChoiceIds,
  '20261202_120000_create_oidc_sign_in': createOidcSignIn,
  '20261202_130000_create_api_tokens': createApiTokens,
  '20261202_140000_create_webhooks': createWebhooks,
  '20261202_150000_add_certificate_status_list': certificateStatusList,
  '20261202_160000_create_helper_teams': createHelperTeams,
  '20261202_162000_create_assisted_consent_evidence': createAssistedConsentEvidence,
  '20261202_164000_create_support_requests': createSupportRequests,
  '20261202_165000_create_classes': createClasses,
  '20261202_166000_add_assisted_figures': assistedFigures,
  '20261203_100000_create_events': createEvents,
  '20261203_120000_create_event_allocations': createEventAllocations,
  '20261203_130000_create_event_checkins': createEventCheckins,
  '20261203_140000_create_event_launches': createEventLaunches,
  '20261203_150000_create_event_tasks_budget_news': createEventTasksBudgetNews,
  '20261204_100000_add_offline_attempt_ids': offlineAttemptIds,
  '20261204_110000_add_lesson_translations': addLessonTranslations,
  '20261204_130000_add_media_phone_bytes': mediaPhoneBytes,
  '20261206_100000_chain_audit_log': chainAuditLog,
  '20261206_110000_add_listed_accounts': listedAccounts,
  '20261206_120000_add_consent_withdrawals_and_privacy_requests': consentWithdrawalsAndPrivacyRequests,
  '20261206_130000_create_unit_changes': createUnitChanges,
  '20261206_140000_create_shipped_course_imports': createShippedCourseImports,
  '20261206_150000_deliver_weekly_reports': deliverWeeklyReports,
  '20261207_100000_create_signing_keys': createSigningKeys,
};
