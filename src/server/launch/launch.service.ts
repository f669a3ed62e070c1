/**
 * The launch button of an event and its big screens. Organisers name the leaders who press and what the launch does
 * (courses to publish, a campaign to set live); when the configured number of leaders have pressed, the launch
 * happens exactly once: the press that completes the count claims the launch row by a conditional update and, in the
 * same transaction, publishes the courses and sets the campaign live. What the launch does was chosen by an
 * organiser who then held the author grant over each course and led the campaign; the launch acts on their behalf.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CourseId, EventId, ScreenTokenId, UserId } from '../../shared/ids.js';
import { normalizeVietnameseMobile } from '../../shared/phone.js';
import { residentialKinds } from '../../shared/units.js';
import { dayOf } from '../../shared/days.js';
import { recordAudit } from '../audit/audit.service.js';
import { findAuthoredCourse, publishDraftIn } from '../authoring/authoring.service.js';
import { findCampaign, leadsCampaign, setCampaignLiveIn } from '../campaigns/campaigns.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import { AppError, badRequest, conflict, notFound, tooManyRequests } from '../errors.js';
import { agendaOf, findEvent } from '../events/events.service.js';
import { grantsReach, type ScopedGrant } from '../grants/grants.service.js';
import { consumeRateLimit, peekRateLimit } from '../http/rate-limits.js';
import type { PublishedLessonCache } from '../lessons/lessons.service.js';
import { sumRollup } from '../rollups/rollups.service.js';
import { findUnitsInSubtree } from '../units/units.service.js';
import { findCredentialsByPhone } from '../users/users.service.js';
import type { LaunchConfig, LaunchInput, LeaderView, PressAnswer, ScreenState, ScreenTokenCreated, ScreenTokenList } from './launch.schema.js';
import {
  claimLaunch,
  countPresses,
  findLaunch,
  findLeaders,
  findScreenTokenByHash,
  findScreenTokens,
  insertScreenToken,
  isLeader,
  recordPress,
  revokeScreenTokenRow,
  saveLaunch,
  screenTokenExists,
} from './launch.queries.js';

export interface LaunchActor {
  userId: UserId;
  ip: string;
  now: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

async function eventOrThrow(db: DbOrTx, eventId: EventId) {
  const event = await findEvent(db, eventId);
  if (!event) throw notFound('event_not_found');
  return event;
}

/** The launch configuration as the organiser sees it (none yet: nothing named, one press). */
export async function launchConfigOf(db: DbOrTx, eventId: EventId): Promise<LaunchConfig> {
  const event = await eventOrThrow(db, eventId);
  const [launch, leaders] = await Promise.all([findLaunch(db, eventId), findLeaders(db, eventId)]);
  const courseIds = launch ? (JSON.parse(launch.course_ids) as CourseId[]) : [];
  const courses = await Promise.all(courseIds.map(async (id) => ({ id, title: (await findAuthoredCourse(db, id))?.title ?? '' })));
  const campaign = launch?.campaign_id ? await findCampaign(db, launch.campaign_id) : null;
  return {
    eventStatus: event.status,
    locked: isLocked(event.status, launch?.launched_at ?? null),
    leaders: leaders.map((l) => ({ id: l.user_id, fullName: l.full_name, phone: l.phone, pressedAt: iso(l.pressed_at) })),
    pressesNeeded: launch?.presses_needed ?? 1,
    plannedAt: iso(launch?.planned_at ?? null),
    courses,
    campaign: campaign ? { id: campaign.id, title: campaign.title, status: campaign.status } : null,
    launchedAt: iso(launch?.launched_at ?? null),
  };
}

// Once the event is live, leaders may be pressing: what they press for no longer changes.
const isLocked = (status: string, launchedAt: number | null) => launchedAt !== null || status === 'live' || status === 'ended';

/** Sets who presses and what the launch does; refused once the event is live. Audited. */
export async function configureLaunch(db: Db, eventId: EventId, input: LaunchInput, actor: LaunchActor & { grants: readonly ScopedGrant[] }): Promise<LaunchConfig> {
  const event = await eventOrThrow(db, eventId);
  const launch = await findLaunch(db, eventId);
  if (isLocked(event.status, launch?.launched_at ?? null)) throw conflict('launch_locked');
  const leaders: UserId[] = [];
  for (const raw of input.leaderPhones) {
    const phone = normalizeVietnameseMobile(raw);
    if (!phone) throw badRequest('invalid_phone', {}, 'leaderPhones');
    const person = await findCredentialsByPhone(db, phone);
    if (!person) throw badRequest('launch_leader_unknown', { phone: raw }, 'leaderPhones');
    if (!leaders.includes(person.id)) leaders.push(person.id);
  }
  if (input.pressesNeeded > Math.max(1, leaders.length)) throw badRequest('launch_presses_needed', { leaders: leaders.length }, 'pressesNeeded');
  const courseIds = [...new Set(input.courseIds)] as CourseId[];
  for (const id of courseIds) {
    const course = await findAuthoredCourse(db, id);
    if (!course) throw badRequest('course_not_found', {}, 'courseIds');
    // The launch publishes on this organiser's behalf: only what they could publish themselves.
    if (!grantsReach(actor.grants, 'author', course.unit_path)) throw new AppError('launch_course_not_authored', 403, { title: course.title });
  }
  if (input.campaignId !== null) {
    const campaign = await findCampaign(db, input.campaignId);
    if (!leadsCampaign(actor.grants, campaign)) throw new AppError('launch_campaign_not_led', 403, { title: campaign.title });
    if (campaign.status === 'ended') throw conflict('launch_campaign_ended', { title: campaign.title });
  }
  await db.transaction().execute(async (trx) => {
    await saveLaunch(
      trx,
      {
        event_id: eventId,
        presses_needed: input.pressesNeeded,
        planned_at: input.plannedAt ? Date.parse(input.plannedAt) : null,
        course_ids: JSON.stringify(courseIds),
        campaign_id: input.campaignId,
        configured_by: actor.userId,
        updated_at: actor.now,
      },
      leaders,
    );
    await recordAudit(trx, {
      at: actor.now,
      actorUserId: actor.userId,
      action: 'launch.configure',
      unitId: event.unit_id,
      details: { event: eventId, leaders: leaders.length, pressesNeeded: input.pressesNeeded, courses: courseIds.join(','), campaign: input.campaignId },
      ip: actor.ip,
    });
  });
  return launchConfigOf(db, eventId);
}

/** What a leader's phone shows: 403 for anyone not named. */
export async function leaderView(db: DbOrTx, eventId: EventId, userId: UserId): Promise<LeaderView> {
  const event = await eventOrThrow(db, eventId);
  if (!(await isLeader(db, eventId, userId))) throw new AppError('launch_not_leader', 403);
  const [launch, leaders] = await Promise.all([findLaunch(db, eventId), findLeaders(db, eventId)]);
  const pressed = leaders.filter((l) => l.pressed_at !== null).length;
  return {
    title: event.title,
    eventStatus: event.status,
    pressesNeeded: launch?.presses_needed ?? 1,
    presses: pressed,
    pressedByMe: leaders.some((l) => l.user_id === userId && l.pressed_at !== null),
    launchedAt: iso(launch?.launched_at ?? null),
  };
}

/**
 * A leader presses. Pressing again changes nothing (and says so); the press that completes the count launches, once.
 * A launch that failed (a course no longer publishable) is retried by the next press, the same leader's included.
 */
export async function pressLaunch(db: Db, lessons: PublishedLessonCache, eventId: EventId, actor: LaunchActor): Promise<PressAnswer> {
  const event = await eventOrThrow(db, eventId);
  if (!(await isLeader(db, eventId, actor.userId))) {
    await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: 'launch.press_refused', unitId: event.unit_id, details: { event: eventId, reason: 'not_leader' }, ip: actor.ip });
    throw new AppError('launch_not_leader', 403);
  }
  if (event.status !== 'live') throw conflict('launch_event_not_live');
  const launch = (await findLaunch(db, eventId))!;
  const counted = launch.launched_at === null && (await recordPress(db, eventId, actor.userId, actor.now));
  if (counted) await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: 'launch.press', unitId: event.unit_id, details: { event: eventId }, ip: actor.ip });
  let launchedNow = false;
  if (launch.launched_at === null && (await countPresses(db, eventId)) >= launch.presses_needed) {
    launchedNow = await db.transaction().execute(async (trx) => {
      if (!(await claimLaunch(trx, eventId, actor.now))) return false;
      const onBehalf = { userId: launch.configured_by, ip: actor.ip, now: actor.now };
      const details = { launch: eventId, pressedBy: actor.userId };
      for (const courseId of JSON.parse(launch.course_ids) as CourseId[]) await publishDraftIn(trx, courseId, onBehalf, 'course.publish', details);
      if (launch.campaign_id !== null) await setCampaignLiveIn(trx, launch.campaign_id, onBehalf, details);
      await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'launch.launched', unitId: event.unit_id, details: { event: eventId, courses: launch.course_ids, campaign: launch.campaign_id }, ip: actor.ip });
      return true;
    });
    if (launchedNow) lessons.forget();
  }
  const view = await leaderView(db, eventId, actor.userId);
  return { ...view, alreadyPressed: !counted, launchedNow };
}

// ——— Big screens ———

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** A new screen token: shown once, stored hashed. Audited. */
export async function createScreenToken(db: Db, eventId: EventId, name: string, actor: LaunchActor): Promise<ScreenTokenCreated> {
  const event = await eventOrThrow(db, eventId);
  const token = randomBytes(24).toString('base64url');
  const id = await insertScreenToken(db, { event_id: eventId, name: name.normalize('NFC').trim(), token_hash: hashToken(token), created_by: actor.userId, created_at: actor.now });
  await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: 'launch.screen_token_create', unitId: event.unit_id, details: { event: eventId, token: id }, ip: actor.ip });
  return { id, name: name.normalize('NFC').trim(), token, createdAt: iso(actor.now)!, revokedAt: null };
}

export async function listScreenTokens(db: DbOrTx, eventId: EventId): Promise<ScreenTokenList> {
  await eventOrThrow(db, eventId);
  const rows = await findScreenTokens(db, eventId);
  return { tokens: rows.map((r) => ({ id: r.id, name: r.name, createdAt: iso(r.created_at)!, revokedAt: iso(r.revoked_at) })) };
}

/** Revokes a token: its screens are told at their next update and refused after. Revoking twice changes nothing. */
export async function revokeScreenToken(db: Db, eventId: EventId, id: ScreenTokenId, actor: LaunchActor): Promise<ScreenTokenList> {
  const event = await eventOrThrow(db, eventId);
  if (!(await screenTokenExists(db, eventId, id))) throw notFound('screen_token_not_found');
  if (await revokeScreenTokenRow(db, eventId, id, actor.now)) {
    await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: 'launch.screen_token_revoke', unitId: event.unit_id, details: { event: eventId, token: id }, ip: actor.ip });
  }
  return listScreenTokens(db, eventId);
}

const throttleKey = (ip: string) => `screen-fail-ip:${createHash('sha256').update(ip).digest('base64url').slice(0, 32)}`;

export interface ScreenThrottle {
  windowMs: number;
  maxFailures: number;
}

/** The event a screen token opens; 401 for a revoked or unknown token (guesses are throttled per address). */
export async function eventOfScreenToken(db: DbOrTx, token: string, ip: string, now: number, throttle: ScreenThrottle): Promise<{ eventId: EventId; tokenId: ScreenTokenId }> {
  const state = await peekRateLimit(db, throttleKey(ip), throttle.windowMs, now);
  if (state.hits >= throttle.maxFailures) throw tooManyRequests(state.retryAfterSeconds);
  const row = token ? await findScreenTokenByHash(db, hashToken(token)) : undefined;
  if (row && row.revoked_at === null) return { eventId: row.event_id, tokenId: row.id };
  if (!row) await consumeRateLimit(db, throttleKey(ip), throttle.windowMs, now);
  throw new AppError(row ? 'screen_token_revoked' : 'screen_token_invalid', 401);
}

/** Whether a screen token still opens its screen (the live stream asks at each update). */
export async function screenTokenLive(db: DbOrTx, tokenId: ScreenTokenId): Promise<boolean> {
  const row = await db.selectFrom('event_screen_tokens').select('revoked_at').where('id', '=', tokenId).executeTakeFirst();
  return row !== undefined && row.revoked_at === null;
}

/**
 * Figures since the launch, from the rollups: counted from the launch's calendar day (Vietnam time), since rollups
 * count per day. Sign-ups and courses completed add up; "active" is the number of learners whose latest activity
 * falls in that period (a distinct count). Over the organiser unit's subtree, or the whole province for an
 * organisational unit (its people live in communes); one row per commune, ward or special zone, busiest first.
 */
async function countsSince(db: DbOrTx, unitPath: string, launchedAt: number): Promise<NonNullable<ScreenState['counts']>> {
  const units = await findUnitsInSubtree(db, unitPath);
  const own = units.find((u) => u.path === unitPath);
  const administrative = own && (own.kind === 'province' || (residentialKinds as readonly string[]).includes(own.kind) || own.kind === 'hamlet');
  const path = administrative ? unitPath : (unitPath.match(/^\/?\d+\//)?.[0] ?? unitPath);
  const all = path === unitPath ? units : await findUnitsInSubtree(db, path);
  const from = dayOf(launchedAt);
  const [people, courses] = await Promise.all([
    sumRollup(db, 'unit_daily', { subtree: path, from, by: 'unit' }),
    sumRollup(db, 'unit_course_daily', { subtree: path, from, by: 'unit' }),
  ]);
  const communes = all.filter((u) => (residentialKinds as readonly string[]).includes(u.kind) && u.valid_until === null);
  const byId = new Map(all.map((u) => [u.id, u]));
  const rows = new Map(communes.map((c) => [c.path, { code: c.code, name: c.name, signUps: 0, active: 0, completed: 0 }]));
  const communeOf = (unitId: number) => {
    const unit = byId.get(unitId as never);
    if (!unit) return undefined;
    for (const [p, row] of rows) if (unit.path.startsWith(p)) return row;
    return undefined;
  };
  const totals = { signUps: 0, active: 0, completed: 0 };
  for (const r of people) {
    totals.signUps += r.registered;
    totals.active += r.last_active;
    const row = communeOf(r.key);
    if (row) {
      row.signUps += r.registered;
      row.active += r.last_active;
    }
  }
  for (const r of courses) {
    totals.completed += r.completed;
    const row = communeOf(r.key);
    if (row) row.completed += r.completed;
  }
  const ranked = [...rows.values()].sort((a, b) => b.signUps - a.signUps || b.active - a.active || a.name.localeCompare(b.name, 'vi'));
  return { since: new Date(launchedAt).toISOString(), ...totals, communes: ranked };
}

/** Everything a big screen shows; `now` is the server's clock (screens count down with it, not their own). */
export async function screenState(db: DbOrTx, eventId: EventId, now: number): Promise<ScreenState> {
  const event = await eventOrThrow(db, eventId);
  const [agenda, launch, leaders] = await Promise.all([agendaOf(db, eventId), findLaunch(db, eventId), findLeaders(db, eventId)]);
  return {
    now: iso(now)!,
    event: { id: event.id, title: event.title, status: event.status, startsAt: iso(event.starts_at)!, endsAt: iso(event.ends_at)! },
    agenda: agenda.map((a) => ({ startsAt: iso(a.starts_at)!, durationMinutes: a.duration_minutes, content: a.content, responsible: a.responsible_name })),
    launch: launch
      ? {
          plannedAt: iso(launch.planned_at),
          pressesNeeded: launch.presses_needed,
          leaders: leaders.map((l) => ({ fullName: l.full_name, pressed: l.pressed_at !== null })),
          launchedAt: iso(launch.launched_at),
        }
      : null,
    counts: launch?.launched_at ? await countsSince(db, event.unit_path, launch.launched_at) : null,
  };
}

/** Being named to press, and the press, are the leader's: exported, and erased with the account. */
export const launchLeadersPersonalData: PersonalDataHandler = {
  table: 'event_launch_leaders',
  export: (db, userId) =>
    db.selectFrom('event_launch_leaders').select(['event_id', 'pressed_at']).where('user_id', '=', userId).execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('event_launch_leaders').where('user_id', '=', userId).execute();
  },
};
