/**
 * Every table, and what it holds about people. A test compares this list with
 * the live schema: a new table must be registered here before it can ship.
 */
import { assistedConsentPhotosPersonalData, assistedSignupsPersonalData, assistedSmsCodesPersonalData } from '../assisted/assisted.service.js';
import { auditPersonalData } from '../audit/audit.service.js';
import { callbacksPersonalData } from '../assisted/review.service.js';
import { consentsPersonalData, passwordResetsPersonalData } from '../auth/auth.service.js';
import { cardSignInsPersonalData, signInCardsPersonalData } from '../cards/cards.service.js';
import type { Database } from '../db/database.js';
import { grantsPersonalData } from '../grants/grants.service.js';
import { sessionsPersonalData } from '../http/sessions.js';
import { jobsPersonalData } from '../jobs/jobs.queries.js';
import { progressPersonalData } from '../progress/progress.service.js';
import { certificatesPersonalData } from '../certificates/certificates.service.js';
import { classesPersonalData } from '../classes/classes.service.js';
import { attemptsPersonalData } from '../quizzes/attempts.service.js';
import { membershipsPersonalData } from '../members/members.service.js';
import { oidcIdentitiesPersonalData, oidcSessionsPersonalData, oidcTestSignInsPersonalData } from '../oidc/oidc.service.js';
import { launchLeadersPersonalData } from '../launch/launch.service.js';
import { allocationsPersonalData, invitationsPersonalData } from '../invitations/invitations.service.js';
import { teamsPersonalData } from '../teams/teams.service.js';
import { venueContactsPersonalData } from '../events/events.service.js';
import { supportRequestNotesPersonalData, supportRequestsPersonalData } from '../requests/requests.service.js';
import { usersPersonalData } from '../users/users.service.js';
import { reportNoticesPersonalData } from '../reports/reports.service.js';
import { webhookDeliveriesPersonalData } from '../webhooks/webhooks.service.js';
import { checkinsPersonalData, doorCodesPersonalData } from '../checkin/checkin.service.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import { privacyRequestsPersonalData } from './privacy.queries.js';

/** Erased in this order; the account itself last, since other tables point at it. */
export const personalDataHandlers: readonly PersonalDataHandler[] = [
  oidcSessionsPersonalData,
  sessionsPersonalData,
  oidcIdentitiesPersonalData,
  oidcTestSignInsPersonalData,
  passwordResetsPersonalData,
  // Sign-ins before the cards they point at.
  cardSignInsPersonalData,
  signInCardsPersonalData,
  jobsPersonalData,
  webhookDeliveriesPersonalData,
  grantsPersonalData,
  // Before consents and users: the sign-up rows point at the consent, the codes are found by the person's phone.
  assistedSignupsPersonalData,
  assistedConsentPhotosPersonalData,
  assistedSmsCodesPersonalData,
  // Before the sign-ups they point at.
  callbacksPersonalData,
  // Before the invitations they point at.
  checkinsPersonalData,
  doorCodesPersonalData,
  consentsPersonalData,
  auditPersonalData,
  ...classesPersonalData,
  ...progressPersonalData,
  attemptsPersonalData,
  certificatesPersonalData,
  membershipsPersonalData,
  ...teamsPersonalData,
  venueContactsPersonalData,
  launchLeadersPersonalData,
  invitationsPersonalData,
  allocationsPersonalData,
  supportRequestNotesPersonalData,
  supportRequestsPersonalData,
  privacyRequestsPersonalData,
  ...reportNoticesPersonalData,
  usersPersonalData,
];

export const tablesWithoutPersonalData: Readonly<Partial<Record<keyof Database, string>>> = {
  event_groups: 'participant groups of an event (e.g. steering committee members): names of groups, not of people',
  event_quotas: 'how many people of a group a venue takes: counts',
  units: 'administrative and organisational units, and who signs their certificates (an office holder, by title): public facts',
  unit_successions: 'which new unit each pre-2025 unit became: public facts',
  unit_changes: 'history of the organisation tree (names, codes, parents) and the ids of the admins who changed it, kept like the audit trail',
  rate_limits: 'counters keyed by a hash of a phone number or address, gone after the window',
  signing_keys: 'the platform’s certificate keys (private halves encrypted); about no one',
  audit_archives: 'where archived audit entries went (file name, hash, ids, count): no one is named',
  api_tokens: "units' API tokens: a name, scopes and the ids of the admins who made or revoked them, kept like the audit trail (no secret, no address)",
  courses: 'course drafts: content, and the account of the author who created it',
  course_modules: 'course content',
  lessons: 'course content',
  course_versions: 'published course content',
  published_courses: 'published course content',
  published_lessons: 'published course content',
  course_tags: 'published course tags',
  review_comments: "authors' comments on course drafts: work content, kept with the course",
  media: 'course media: work content, kept with the course',
  questions: 'question banks: course content',
  quizzes: 'quizzes: course content',
  published_quizzes: 'published quizzes: course content',
  certificate_status_entries: 'bits of the public revocation list: an index and when it was revoked, no person (the certificate row holds who)',
  unit_daily: 'counts per unit and day: anonymous, kept when a person is erased',
  unit_course_daily: 'counts per unit, course and day: anonymous, kept when a person is erased',
  campaigns: 'campaigns: work content of the steering committee',
  campaign_targets: "units' targets: work content",
  report_schedules: "units' weekly report settings: work content",
  reports: 'weekly reports: anonymous counts per unit',
  member_daily: 'members per unit, group and day: anonymous counts',
  member_course_daily: 'completions per unit, group, course and day: anonymous counts',
  team_daily: 'counts per helper team and day of the learners it signed up: anonymous, kept when a person is erased',
  webhook_endpoints: "receivers other systems registered: an address, a secret and the admin who registered it (work data, unset when that person is erased)",
  webhook_attempts: "the delivery log: times, status codes and the receiver's answer, nothing about the learner (the delivery row holds that and goes with the person)",
  helper_team_hamlets: 'which hamlets a helper team covers: work data about units, no person',
  classes: 'in-person classes a helper team held: place, time, course; the helper who scheduled it by id (work data, like the audit trail; attendance is class_attendance)',
  class_lessons: 'the lessons a class covered: course content',
  oidc_pending:
    'a first sign-in at an identity provider waiting for the person’s own consent: it belongs to no account (none exists before that consent) and is deleted when they complete it or after 30 minutes',
  event_launches: 'what an event’s launch button does and when it happened; the organiser who set it by id (work data, like the audit trail)',
  event_screen_tokens: 'big-screen tokens: a name, a hash, and the organiser who made it by id (work data, like the audit trail)',
  support_request_teams: 'which teams a support request was routed to: ids only (the request row holds the person)',
  event_tasks: "an event's preparation tasks assigned to units: work content; who last updated one is kept by id, like the audit trail",
  event_budget_lines: "an event's budget lines: work content, no person",
  news_posts: 'public announcements of a unit: work content; the author is kept by id, like the audit trail',
  events: 'events a unit organises: work content; the organiser who created it by id, like the audit trail',
  event_agenda_items: 'the programme of an event: public work content (who is responsible, by office or as announced)',
  shipped_course_imports: 'which shipped course package version became which course; the admin who published it by id, like the audit trail',
};
