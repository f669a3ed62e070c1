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

export const migrations: Readonly<Record<string, Migration>> = {
  '20261124_090000_create_unit_tree': createUnitTree,
  '20261124_090100_create_accounts_sessions_and_grants': createAccounts,
  '20261124_090200_create_rate_limits_and_audit_log': createRateLimitsAndAudit,
  '20261124_100000_create_courses_and_progress': createCoursesAndProgress,
  '20261124_110000_add_authoring_review_and_media': addAuthoring,
};
