/**
 * The review of assisted sign-ups by a unit's managers: fraud signals over a period (bursts from one device or
 * address, identical or sequential details, sign-ups outside the team's commune, card sign-ins only ever on the
 * helper's phone), flags, and call-back verification of a random sample. Everything is narrowed to the
 * sign-ups made in the manager's unit and the units below it.
 */
import { randomInt } from 'node:crypto';
import { dayOf, dayOfIso, isoOfDay } from '../../shared/days.js';
import type { AssistedSignupId, TeamId, UnitId, UserId } from '../../shared/ids.js';
import { recordAudit, recordPersonalDataRead } from '../audit/audit.service.js';
import { cardSignInDevices } from '../cards/cards.service.js';
import { teamFigures } from '../dashboards/dashboards.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import { badRequest } from '../errors.js';
import { classesByHelper } from '../classes/classes.service.js';
import { resolvedByHelper } from '../requests/requests.service.js';
import { membersOfTeams, teamsOfHelper, teamsUnder } from '../teams/teams.service.js';
import { signupsByHelper } from './assisted.service.js';
import {
  countCallbacksByTeam,
  countSignupsOfHelper,
  deleteCallbacksOfPerson,
  findCallbackInSubtree,
  findCallbacks,
  findCallbacksOfPerson,
  findFlaggedSignups,
  findSignupInSubtree,
  findSignupsInPeriod,
  findUnsampledSignupIds,
  insertCallbacks,
  recordCallbackOutcome,
  reviewRowLimit,
  setSignupFlag,
  type SignupRow,
} from './review.queries.js';
import type { CallbackList, CallbackOutcome, SignalsQuery, SignupItem, signalKinds } from './review.schema.js';

interface ReviewUnit {
  id: UnitId;
  path: string;
}
interface Actor {
  userId: UserId;
  ip: string;
  now: number;
}

const dayMs = 86_400_000;
const vietnamOffsetMs = 7 * 3_600_000;
/** The first instant of a day (Vietnam time). */
const startOfDay = (day: number) => day * dayMs - vietnamOffsetMs;

/** A period of whole days (default: the 30 days up to today), at most a year. */
function periodOf(from: string | undefined, to: string | undefined, now: number) {
  const toDay = to ? dayOfIso(to) : dayOf(now);
  const fromDay = from ? dayOfIso(from) : toDay - 29;
  if (fromDay > toDay || toDay - fromDay > 366) throw badRequest('invalid_period', {}, 'from');
  return { fromDay, toDay, fromMs: startOfDay(fromDay), toMs: startOfDay(toDay + 1) };
}

const iso = (ms: number) => new Date(ms).toISOString();

function itemOf(row: SignupRow): SignupItem {
  return {
    id: row.id,
    personName: row.person_name,
    helperName: row.helper_name,
    teamName: row.team_name,
    at: iso(row.created_at),
    flaggedAt: row.flagged_at === null ? null : iso(row.flagged_at),
    flagReason: row.flag_reason,
  };
}

type Signal = { kind: (typeof signalKinds)[number]; detail: string; signups: SignupItem[] };

/** Runs of at least `count` sign-ups sharing a key within `minutes`: overlapping windows merge into one run. */
function bursts(rows: readonly SignupRow[], keyOf: (r: SignupRow) => string, count: number, minutes: number): { key: string; rows: SignupRow[] }[] {
  const byKey = new Map<string, SignupRow[]>();
  for (const row of rows) byKey.set(keyOf(row), [...(byKey.get(keyOf(row)) ?? []), row]);
  const found: { key: string; rows: SignupRow[] }[] = [];
  for (const [key, group] of byKey) {
    // Rows come ordered by time; mark every row inside a window that holds `count` of them.
    const marked = new Set<number>();
    for (let end = count - 1; end < group.length; end++) {
      const start = end - count + 1;
      if (group[end]!.created_at - group[start]!.created_at <= minutes * 60_000) for (let i = start; i <= end; i++) marked.add(i);
    }
    let run: SignupRow[] = [];
    for (let i = 0; i < group.length; i++) {
      if (marked.has(i)) run.push(group[i]!);
      if ((!marked.has(i) || i === group.length - 1) && run.length > 0) {
        // Two marked stretches are one run only if no unmarked row separates them.
        found.push({ key, rows: run });
        run = [];
      }
    }
  }
  return found;
}

/** Groups of sign-ups whose phone numbers lie within `gap` of each other (0912 345 678, 0912 345 679, …). */
function sequentialPhones(rows: readonly SignupRow[], gap: number): SignupRow[][] {
  const withNumber = rows.filter((r) => /^\+\d{8,15}$/.test(r.phone)).sort((a, b) => (BigInt(a.phone.slice(1)) < BigInt(b.phone.slice(1)) ? -1 : 1));
  const groups: SignupRow[][] = [];
  let current: SignupRow[] = [];
  for (const row of withNumber) {
    const previous = current.at(-1);
    if (previous && BigInt(row.phone.slice(1)) - BigInt(previous.phone.slice(1)) <= BigInt(gap) && row.user_id !== previous.user_id) current.push(row);
    else {
      if (current.length > 1) groups.push(current);
      current = [row];
    }
  }
  if (current.length > 1) groups.push(current);
  return groups;
}

const lastDigits = (phone: string) => `…${phone.slice(-4)}`;

/** The fraud signals of the sign-ups made in the unit's subtree over the period. The view is audited: it names people. */
export async function reviewSignals(db: Db, unit: ReviewUnit, query: SignalsQuery, actor: Actor) {
  const period = periodOf(query.from, query.to, actor.now);
  const loaded = await findSignupsInPeriod(db, unit.path, period.fromMs, period.toMs);
  const rows = loaded.slice(0, reviewRowLimit);
  const signals: Signal[] = [];
  const add = (kind: Signal['kind'], detail: string, group: readonly SignupRow[]) => signals.push({ kind, detail, signups: group.map(itemOf) });

  for (const burst of bursts(rows, (r) => r.device_id, query.deviceCount, query.deviceMinutes)) add('device_burst', burst.key, burst.rows);
  for (const burst of bursts(rows, (r) => r.ip, query.ipCount, query.ipMinutes)) add('ip_burst', burst.key, burst.rows);

  const sameDetails = new Map<string, SignupRow[]>();
  for (const row of rows) {
    const key = `${row.person_name_search}|${row.birth_year}`;
    sameDetails.set(key, [...(sameDetails.get(key) ?? []), row]);
  }
  for (const group of sameDetails.values()) if (group.length > 1) add('same_details', `${group[0]!.person_name}, ${group[0]!.birth_year}`, group);
  for (const group of sequentialPhones(rows, query.phoneGap)) add('sequential_phones', group.map((r) => lastDigits(r.phone)).join(', '), group);

  // The person's home, or the hamlet named for them, outside the unit of the team that signed them up.
  const outside = rows.filter((r) => !r.home_path.startsWith(r.team_path) || (r.hamlet_path !== null && !r.hamlet_path.startsWith(r.team_path)) || !r.unit_path.startsWith(r.team_path));
  const outsideByTeam = new Map<string, SignupRow[]>();
  for (const row of outside) outsideByTeam.set(row.team_name, [...(outsideByTeam.get(row.team_name) ?? []), row]);
  for (const [team, group] of outsideByTeam) add('outside_commune', team, group);

  // Cards used only on devices the helper signed people up with.
  const devices = await cardSignInDevices(db, [...new Set(rows.map((r) => r.user_id))]);
  const helperDevices = new Map<UserId, Set<string>>();
  for (const row of rows) helperDevices.set(row.helper_id, (helperDevices.get(row.helper_id) ?? new Set()).add(row.device_id));
  const onHelperDevice = rows.filter((r) => {
    const used = devices.get(r.user_id) ?? [];
    return used.length > 0 && used.every((d) => helperDevices.get(r.helper_id)!.has(d));
  });
  const byHelper = new Map<string, SignupRow[]>();
  for (const row of onHelperDevice) byHelper.set(row.helper_name, [...(byHelper.get(row.helper_name) ?? []), row]);
  for (const [helper, group] of byHelper) add('cards_on_helper_device', helper, group);

  await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: 'assisted_review.viewed', unitId: unit.id, details: { from: isoOfDay(period.fromDay), to: isoOfDay(period.toDay), signals: signals.length }, ip: actor.ip });
  return { period: { from: isoOfDay(period.fromDay), to: isoOfDay(period.toDay) }, signups: rows.length, truncated: loaded.length > reviewRowLimit, signals };
}

export async function flaggedSignups(db: DbOrTx, unit: ReviewUnit, actor: Actor) {
  const rows = await findFlaggedSignups(db, unit.path);
  // Names of the people signed up and of their helpers: a read of personal data, in the audit log like the others.
  await recordPersonalDataRead(db, { at: actor.now, actorUserId: actor.userId, ip: actor.ip, unitId: unit.id, list: 'flagged_signups', count: rows.length });
  return { signups: rows.map(itemOf) };
}

/** Flags a sign-up of the unit's subtree (with a reason) or clears its flag; audited. */
export async function setFlag(db: Db, unit: ReviewUnit, input: { signupId: AssistedSignupId; flagged: boolean; reason?: string }, actor: Actor): Promise<SignupItem> {
  const reason = input.reason?.trim() ?? '';
  if (input.flagged && reason === '') throw badRequest('flag_reason_required', {}, 'reason');
  return db.transaction().execute(async (trx) => {
    const signup = await findSignupInSubtree(trx, unit.path, input.signupId);
    if (!signup) throw badRequest('signup_not_in_unit', {}, 'signupId');
    await setSignupFlag(trx, signup.id, input.flagged ? { at: actor.now, reason } : null);
    await recordAudit(trx, {
      at: actor.now,
      actorUserId: actor.userId,
      action: input.flagged ? 'assisted_signup.flagged' : 'assisted_signup.unflagged',
      subjectUserId: signup.user_id,
      unitId: unit.id,
      details: { signupId: signup.id, ...(input.flagged ? { reason } : {}) },
      ip: actor.ip,
    });
    return itemOf((await findSignupInSubtree(trx, unit.path, signup.id))!);
  });
}

/** Fisher–Yates with the system's cryptographic randomness, stopped after `n` picks. */
function drawRandom<T>(items: readonly T[], n: number): T[] {
  const pool = [...items];
  for (let i = 0; i < n; i++) {
    const j = i + randomInt(pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

/** Draws sign-ups of the period never drawn before for call-backs (a number of them or a share), then lists the sample. */
export async function drawCallbacks(db: Db, unit: ReviewUnit, input: { from: string; to: string; size?: number; percent?: number }, actor: Actor): Promise<CallbackList> {
  if ((input.size === undefined) === (input.percent === undefined)) throw badRequest('sample_size_required', {}, 'size');
  const period = periodOf(input.from, input.to, actor.now);
  const drawn = await db.transaction().execute(async (trx) => {
    const candidates = await findUnsampledSignupIds(trx, unit.path, period.fromMs, period.toMs);
    const wanted = input.size ?? Math.ceil((candidates.length * input.percent!) / 100);
    const added = await insertCallbacks(trx, drawRandom(candidates, Math.min(wanted, candidates.length)), actor.userId, actor.now);
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'assisted_callbacks.drawn', unitId: unit.id, details: { from: input.from, to: input.to, drawn: added }, ip: actor.ip });
    return added;
  });
  return { drawn, ...(await callbackList(db, unit, actor)) };
}

/** The sample with each person's name and phone, to call them: personal data, so every view is audited. */
export async function callbackList(db: Db, unit: ReviewUnit, actor: Actor): Promise<CallbackList> {
  const [rows, counts] = await Promise.all([findCallbacks(db, unit.path), countCallbacksByTeam(db, unit.path)]);
  await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: 'assisted_callbacks.viewed', unitId: unit.id, details: { people: rows.length }, ip: actor.ip });
  const teams = new Map<number, CallbackList['teams'][number]>();
  for (const c of counts) {
    const team = teams.get(c.teamId) ?? { teamId: c.teamId, teamName: c.teamName, sampled: 0, confirmed: 0, notReachable: 0, denied: 0 };
    team.sampled += c.count;
    if (c.outcome === 'confirmed') team.confirmed += c.count;
    if (c.outcome === 'not_reachable') team.notReachable += c.count;
    if (c.outcome === 'denied') team.denied += c.count;
    teams.set(c.teamId, team);
  }
  return {
    callbacks: rows.map((r) => ({
      id: r.callback_id,
      signup: itemOf(r),
      phone: r.phone,
      drawnAt: iso(r.drawn_at),
      outcome: r.outcome,
      note: r.note,
      recordedAt: r.recorded_at === null ? null : iso(r.recorded_at),
    })),
    teams: [...teams.values()],
  };
}

/** Records what the call found; a denial flags the sign-up. Audited. */
export async function recordCallback(db: Db, unit: ReviewUnit, input: { callbackId: number; outcome: CallbackOutcome; note?: string }, actor: Actor): Promise<CallbackList> {
  const note = input.note?.trim() || null;
  await db.transaction().execute(async (trx) => {
    const callback = await findCallbackInSubtree(trx, unit.path, input.callbackId);
    if (!callback) throw badRequest('callback_not_in_unit', {}, 'callbackId');
    await recordCallbackOutcome(trx, callback.id, { outcome: input.outcome, note, by: actor.userId, at: actor.now });
    if (input.outcome === 'denied' && callback.flagged_at === null) await setSignupFlag(trx, callback.signup_id, { at: actor.now, reason: note ? `callback_denied: ${note}` : 'callback_denied' });
    await recordAudit(trx, {
      at: actor.now,
      actorUserId: actor.userId,
      action: 'assisted_callback.recorded',
      subjectUserId: callback.user_id,
      unitId: unit.id,
      details: { callbackId: callback.id, signupId: callback.signup_id, outcome: input.outcome },
      ip: actor.ip,
    });
  });
  return callbackList(db, unit, actor);
}

/** A helper's own sign-ups, and the figures of their teams' learners (team_daily). */
export async function helperFigures(db: DbOrTx, helperId: UserId, now: number) {
  const today = dayOf(now);
  const [own, teams] = await Promise.all([countSignupsOfHelper(db, helperId, startOfDay(today - 29)), teamsOfHelper(db, helperId)]);
  const [figures, credit] = await Promise.all([teamFigures(db, teams.map((team) => team.id), undefined, today), teamCredit(db, teams, startOfDay(today - 29), startOfDay(today + 1))]);
  return {
    signups: own.total,
    signupsLast30Days: own.since,
    teams: teams.map((team) => ({ id: team.id, name: team.name, unitCode: team.unit_code, ...figures.get(team.id)! })),
    credit,
  };
}

/**
 * Member by member, what each team did in [from, to): sign-ups, classes held, their attendees, requests resolved.
 * Counted per team, so a helper in two teams is credited in each for that team's work only.
 */
async function teamCredit(db: DbOrTx, teams: readonly { id: TeamId; name: string }[], from: number, to: number) {
  const members = await membersOfTeams(db, teams.map((team) => team.id));
  return Promise.all(
    teams.map(async (team) => {
      const [signups, classes, resolved] = await Promise.all([signupsByHelper(db, [team.id], from, to), classesByHelper(db, [team.id], from, to), resolvedByHelper(db, [team.id], from, to)]);
      return {
        id: team.id,
        name: team.name,
        helpers: members
          .filter((member) => member.team_id === team.id)
          .map((member) => {
            const held = classes.find((c) => c.userId === member.user_id);
            return {
              userId: member.user_id,
              fullName: member.full_name,
              signups: signups.filter((s) => s.helperId === member.user_id).reduce((sum, s) => sum + s.signups, 0),
              classes: held?.present ?? 0,
              attendees: held?.attendees ?? 0,
              resolved: resolved.get(member.user_id) ?? 0,
            };
          }),
      };
    }),
  );
}

/** The credit of every live team in a manager's unit and below, over a period (default the last 30 days). */
export async function creditInUnit(db: DbOrTx, unit: ReviewUnit, query: { from?: string | undefined; to?: string | undefined }, now: number) {
  const period = periodOf(query.from, query.to, now);
  const teams = await teamsUnder(db, unit.path);
  return { period: { from: isoOfDay(period.fromDay), to: isoOfDay(period.toDay) }, teams: await teamCredit(db, teams, period.fromMs, period.toMs) };
}

/** The call-backs about a person: what they answered and the note taken. Erased with them (a sample is no record they need). */
export const callbacksPersonalData: PersonalDataHandler = {
  table: 'assisted_callbacks',
  export: (db, userId) => findCallbacksOfPerson(db, userId),
  erase: (trx, userId) => deleteCallbacksOfPerson(trx, userId),
};
