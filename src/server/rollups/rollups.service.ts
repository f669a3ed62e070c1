/**
 * Rollups: the counters dashboards read, kept as things happen so that a
 * province-wide figure costs the same at 5 million learners as at 500.
 *
 *   unit_daily (unit, day)                  registered, last_active (+ _assisted), listed
 *   unit_course_daily (unit, course, day)   enrolled, completed, certified (+ _assisted)
 *   team_daily (team, day)                  registered, last_active, completed
 *
 * Each learner counts toward their home unit; a subtree's figure is the sum of
 * its units' rows. `last_active` counts learners whose latest activity fell on
 * that day, so "active in the last 7 days" is an exact distinct count: a sum
 * over 7 days. Days are calendar days in Vietnam (UTC+7).
 *
 * An account a manager made from a members list (users.from_list) counts in
 * `listed` ("on the list, not yet signed in") from the day it was made, and
 * moves to `registered` on the day its owner first signs in (users.claimed_at).
 *
 * A learner whose account a helper made (users.assisted_team_id) counts in the
 * `_assisted` counters as well, and in team_daily for that team: the team is
 * read with the home unit (homeUnitsOf), so the split costs no extra query.
 *
 * Counts move with the learner: a new home unit takes their counts along, an
 * earlier offline event moves "enrolled" to its day. A revoked certificate
 * counts -1 "certified" on its revocation day: a period up to the day before
 * still counts it, one that ends on or after that day does not. Erasing a person keeps
 * their anonymous counts (the account row stays, de-identified), so that past
 * figures still add up. recomputeRollups() derives the same tables from the
 * raw rows; a test checks both agree after a random workload.
 */
import { type Kysely, sql } from 'kysely';
import type { CourseId, TeamId, UnitId, UserId } from '../../shared/ids.js';
import type { Db, DbOrTx } from '../db/database.js';
import { dayOf } from '../../shared/days.js';
import type { MemberGroup } from '../members/members.schema.js';

/** Each rollup table: the columns a row is keyed by, and the counters it adds up. */
const tables = {
  unit_daily: { keys: ['unit_id', 'day'], counters: ['registered', 'last_active', 'registered_assisted', 'last_active_assisted', 'listed'] },
  unit_course_daily: { keys: ['unit_id', 'course_id', 'day'], counters: ['enrolled', 'completed', 'certified', 'enrolled_assisted', 'completed_assisted', 'certified_assisted'] },
  member_daily: { keys: ['unit_id', 'member_group', 'day'], counters: ['members'] },
  member_course_daily: { keys: ['unit_id', 'member_group', 'course_id', 'day'], counters: ['completed'] },
  team_daily: { keys: ['team_id', 'day'], counters: ['registered', 'last_active', 'completed'] },
} as const;
type RollupTable = keyof typeof tables;
/** The tables keyed by unit, which sumRollup reads over a subtree. */
type UnitRollupTable = Exclude<RollupTable, 'team_daily'>;
type Row = Record<string, number | string>;

/** Where a learner's counts go: their home unit, and the team that signed them up (null: they signed up themselves). */
export interface Home {
  unitId: UnitId;
  teamId: TeamId | null;
}

type Counter<T extends RollupTable> = (typeof tables)[T]['counters'][number];
type SumKey = { unit: UnitId; day: number; group: MemberGroup };

export interface RollupFilter<By extends keyof SumKey> {
  /** The path of the unit whose subtree is summed (itself and every unit below). */
  subtree: string;
  /** Days, inclusive; either end may be left open. */
  from?: number;
  to?: number;
  /** Only these courses / member groups (tables that have the column); an empty list sums nothing. */
  courses?: readonly CourseId[];
  groups?: readonly MemberGroup[];
  /** One row per unit, per day, or per member group. */
  by: By;
}

const keyColumn = { unit: 'r.unit_id', day: 'r.day', group: 'r.member_group' } as const;

/**
 * The one way figures are read: a rollup table's counters summed over a unit's
 * subtree and a period, one row per unit, day or group (rows with no data are
 * absent). Dashboards, reports and campaign rankings all read through here.
 */
export async function sumRollup<T extends UnitRollupTable, By extends keyof SumKey>(
  db: DbOrTx,
  table: T,
  filter: RollupFilter<By>,
): Promise<({ key: SumKey[By] } & Record<Counter<T>, number>)[]> {
  if (filter.courses?.length === 0 || filter.groups?.length === 0) return [];
  const counters = tables[table].counters as readonly string[];
  const key = keyColumn[filter.by];
  // The table is chosen at run time: Kysely cannot type this one query, its callers are typed by the signature.
  let query = (db as unknown as Kysely<any>)
    .selectFrom(`${table as string} as r`)
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select((eb) => [eb.ref(key).as('key'), ...counters.map((c) => eb.fn.sum(`r.${c}`).as(c))])
    // Paths are digits and slashes: nothing to escape in the pattern.
    .where('u.path', 'like', `${filter.subtree}%`)
    .groupBy(key);
  if (filter.from !== undefined) query = query.where('r.day', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('r.day', '<=', filter.to);
  if (filter.courses) query = query.where('r.course_id', 'in', filter.courses);
  if (filter.groups) query = query.where('r.member_group', 'in', filter.groups);
  const rows: Record<string, unknown>[] = await query.execute();
  // PostgreSQL returns sums (and bigint keys) as text.
  return rows.map((r) => ({
    key: (filter.by === 'group' ? r.key : Number(r.key)) as SumKey[By],
    ...(Object.fromEntries(counters.map((c) => [c, Number(r[c] ?? 0)])) as Record<Counter<T>, number>),
  }));
}

/**
 * team_daily summed over a period for these teams, one row per team (teams with no data are absent): the per-team
 * counterpart of sumRollup.
 */
export async function sumTeamRollup(db: DbOrTx, filter: { teams: readonly TeamId[]; from?: number; to?: number }): Promise<{ key: TeamId; registered: number; last_active: number; completed: number }[]> {
  if (filter.teams.length === 0) return [];
  let query = db
    .selectFrom('team_daily')
    .select((eb) => ['team_id', eb.fn.sum<number>('registered').as('registered'), eb.fn.sum<number>('last_active').as('last_active'), eb.fn.sum<number>('completed').as('completed')])
    .where('team_id', 'in', filter.teams)
    .groupBy('team_id');
  if (filter.from !== undefined) query = query.where('day', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('day', '<=', filter.to);
  // PostgreSQL returns sums (and bigint keys) as text.
  return (await query.execute()).map((r) => ({ key: Number(r.team_id) as TeamId, registered: Number(r.registered), last_active: Number(r.last_active), completed: Number(r.completed) }));
}

let lastWriteAt: number | null = null;

/**
 * When this process last wrote counter changes (epoch ms; null: not yet). Rollups move in the transaction of the
 * change itself, so they never lag behind it: this says when they last moved, for the metrics.
 */
export function rollupsLastWrittenAt(): number | null {
  return lastWriteAt;
}

/** Deltas gathered during a transaction and written at its end, one statement per table. */
export class RollupDeltas {
  readonly #rows = new Map<RollupTable, Map<string, Row>>();

  /** One counter of one row, as is: features count through unit(), course() and the member methods. */
  add(table: RollupTable, key: Row, counter: string, delta: number): void {
    const spec = tables[table];
    const rows = this.#rows.get(table) ?? new Map<string, Row>();
    this.#rows.set(table, rows);
    const id = spec.keys.map((k) => key[k]).join(':');
    const row = rows.get(id) ?? { ...key, ...Object.fromEntries(spec.counters.map((c) => [c, 0])) };
    row[counter] = (row[counter] as number) + delta;
    rows.set(id, row);
  }

  /** A learner's registration or latest active day, at their home unit (and their team's, if a helper signed them up). */
  unit(home: Home, day: number, counter: 'registered' | 'last_active', delta: number): void {
    this.add('unit_daily', { unit_id: home.unitId, day }, counter, delta);
    if (home.teamId === null) return;
    this.add('unit_daily', { unit_id: home.unitId, day }, `${counter}_assisted`, delta);
    this.add('team_daily', { team_id: home.teamId, day }, counter, delta);
  }

  course(home: Home, courseId: CourseId, day: number, counter: 'enrolled' | 'completed' | 'certified', delta: number): void {
    this.add('unit_course_daily', { unit_id: home.unitId, course_id: courseId, day }, counter, delta);
    if (home.teamId === null) return;
    this.add('unit_course_daily', { unit_id: home.unitId, course_id: courseId, day }, `${counter}_assisted`, delta);
    if (counter === 'completed') this.add('team_daily', { team_id: home.teamId, day }, counter, delta);
  }

  /** A membership added, counted where the person is a member, by group. */
  memberUnit(unitId: UnitId, group: MemberGroup, day: number, delta: number): void {
    this.add('member_daily', { unit_id: unitId, member_group: group, day }, 'members', delta);
  }

  /** A completion by a member, counted where they are a member, by group. */
  memberCourse(unitId: UnitId, group: MemberGroup, courseId: CourseId, day: number, delta: number): void {
    this.add('member_course_daily', { unit_id: unitId, member_group: group, course_id: courseId, day }, 'completed', delta);
  }

  /** The gathered changes of a table, without those that cancel out, in key order. */
  rows(table: RollupTable): Row[] {
    const { keys, counters } = tables[table];
    const compare = (a: Row, b: Row) => keys.reduce((d, k) => d || (typeof a[k] === 'string' ? String(a[k]).localeCompare(String(b[k])) : Number(a[k]) - Number(b[k])), 0);
    return [...(this.#rows.get(table)?.values() ?? [])].filter((r) => counters.some((c) => r[c] !== 0)).sort(compare);
  }

  async write(trx: DbOrTx): Promise<void> {
    for (const table of Object.keys(tables) as RollupTable[]) {
      const { keys, counters } = tables[table];
      // In key order, so that two transactions touching the same rows lock them in the same order.
      const rows = this.rows(table);
      if (rows.length > 0) lastWriteAt = Date.now();
      for (let i = 0; i < rows.length; i += 500) {
        await trx
          .insertInto(table)
          .values(rows.slice(i, i + 500) as never)
          .onConflict((oc) =>
            oc.columns([...keys] as never).doUpdateSet(Object.fromEntries(counters.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`])) as never),
          )
          .execute();
      }
    }
    this.#rows.clear();
  }
}

/** A new account counts as registered at its home unit, on the day it was made. */
export function countRegistration(deltas: RollupDeltas, homeUnitId: UnitId, at: number): void {
  deltas.unit({ unitId: homeUnitId, teamId: null }, dayOf(at), 'registered', 1);
}

/**
 * An account a manager made from a members list is not yet registered: it counts "on the list, not yet signed in"
 * at its home unit from the day it was made, until its owner first signs in (recordFirstSignIn).
 */
export function countListed(deltas: RollupDeltas, homeUnitId: UnitId, at: number): void {
  deltas.add('unit_daily', { unit_id: homeUnitId, day: dayOf(at) }, 'listed', 1);
}

/**
 * Called at every sign-in: the first one to an account made from a members list moves it, on that day, from "on
 * the list" to registered. Costs one read by key for every other account.
 */
export async function recordFirstSignIn(db: Db, userId: UserId, now: number): Promise<void> {
  const account = await db.selectFrom('users').select(['from_list', 'claimed_at']).where('id', '=', userId).executeTakeFirst();
  if (!account || Number(account.from_list) !== 1 || account.claimed_at !== null) return;
  await db.transaction().execute(async (trx) => {
    // Conditional: of two first sign-ins at once, one counts.
    const claimed = await trx
      .updateTable('users')
      .set({ claimed_at: now })
      .where('id', '=', userId)
      .where('from_list', '=', 1)
      .where('claimed_at', 'is', null)
      .returning(['home_unit_id', 'assisted_team_id'])
      .executeTakeFirst();
    if (!claimed) return;
    const deltas = new RollupDeltas();
    deltas.add('unit_daily', { unit_id: claimed.home_unit_id, day: dayOf(now) }, 'listed', -1);
    deltas.unit({ unitId: claimed.home_unit_id, teamId: claimed.assisted_team_id }, dayOf(now), 'registered', 1);
    await deltas.write(trx);
  });
}

/**
 * The same for a single account, written at once (in the transaction that adds it). An account made by assisted
 * sign-up passes the team it set as users.assisted_team_id in that transaction: the two must agree.
 */
export async function recordRegistration(db: DbOrTx, homeUnitId: UnitId, at: number, assistedTeamId: TeamId | null = null): Promise<void> {
  const deltas = new RollupDeltas();
  deltas.unit({ unitId: homeUnitId, teamId: assistedTeamId }, dayOf(at), 'registered', 1);
  await deltas.write(db);
}

/** Where each learner's counts go, and their latest active day: one read of the users rows. */
export async function homeUnitsOf(db: DbOrTx, userIds: readonly UserId[]): Promise<Map<UserId, Home & { lastActiveDay: number | null }>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'home_unit_id', 'assisted_team_id', 'last_active_day']).where('id', 'in', [...new Set(userIds)]).execute();
  return new Map(rows.map((r) => [r.id, { unitId: r.home_unit_id, teamId: r.assisted_team_id, lastActiveDay: r.last_active_day }]));
}

/** Where these people are members, and in which group: completions count there too (from `counts_since` on). */
export async function membershipsOf(db: DbOrTx, userIds: readonly UserId[]) {
  if (userIds.length === 0) return [];
  return db.selectFrom('memberships').select(['user_id', 'unit_id', 'member_group', 'counts_since']).where('user_id', 'in', [...new Set(userIds)]).execute();
}

/** A learner was active on `day`: their latest active day moves forward, never back. */
export async function recordActivity(trx: DbOrTx, deltas: RollupDeltas, activity: ReadonlyMap<UserId, number>, homes: Map<UserId, Home & { lastActiveDay: number | null }>): Promise<void> {
  const moved: { id: UserId; day: number }[] = [];
  for (const [userId, day] of activity) {
    const home = homes.get(userId);
    if (!home || (home.lastActiveDay !== null && home.lastActiveDay >= day)) continue;
    if (home.lastActiveDay !== null) deltas.unit(home, home.lastActiveDay, 'last_active', -1);
    deltas.unit(home, day, 'last_active', 1);
    home.lastActiveDay = day;
    moved.push({ id: userId, day });
  }
  // Almost always one day per batch: one statement.
  for (const day of new Set(moved.map((m) => m.day))) {
    const ids = moved.filter((m) => m.day === day).map((m) => m.id);
    await trx.updateTable('users').set({ last_active_day: day }).where('id', 'in', ids).execute();
  }
}

/** Every count some learners contribute, from the raw rows (accounts, progress events, enrollments, certificates): what a home-unit move carries along, and what recomputation sums. */
async function contributions(db: DbOrTx, userIds: readonly UserId[] | 'all', deltas: RollupDeltas, sign: 1 | -1, unitOverride?: UnitId): Promise<void> {
  let users = db.selectFrom('users').select(['id', 'home_unit_id', 'assisted_team_id', 'created_at', 'from_list', 'claimed_at']);
  let activity = db.selectFrom('progress_events').select((eb) => ['user_id', eb.fn.max('client_at').as('latest')]).groupBy('user_id');
  let enrollments = db.selectFrom('enrollments').select(['user_id', 'course_id', 'enrolled_at', 'completed_at']);
  let certificates = db.selectFrom('certificates').select(['user_id', 'course_id', 'issued_at', 'revoked_at']);
  if (userIds !== 'all') {
    users = users.where('id', 'in', userIds);
    activity = activity.where('user_id', 'in', userIds);
    enrollments = enrollments.where('user_id', 'in', userIds);
    certificates = certificates.where('user_id', 'in', userIds);
  }
  const homes = new Map<UserId, Home>();
  for (const u of await users.execute()) {
    const home = { unitId: unitOverride ?? u.home_unit_id, teamId: u.assisted_team_id };
    homes.set(u.id, home);
    if (Number(u.from_list) === 1) {
      // Made from a members list: on the list from the day it was made, registered from its first sign-in.
      deltas.add('unit_daily', { unit_id: home.unitId, day: dayOf(u.created_at) }, 'listed', sign);
      if (u.claimed_at !== null) {
        deltas.add('unit_daily', { unit_id: home.unitId, day: dayOf(Number(u.claimed_at)) }, 'listed', -sign);
        deltas.unit(home, dayOf(Number(u.claimed_at)), 'registered', sign);
      }
    } else deltas.unit(home, dayOf(u.created_at), 'registered', sign);
  }
  for (const a of await activity.execute()) deltas.unit(homes.get(a.user_id)!, dayOf(Number(a.latest)), 'last_active', sign);
  for (const e of await enrollments.execute()) {
    const home = homes.get(e.user_id)!;
    deltas.course(home, e.course_id, dayOf(e.enrolled_at), 'enrolled', sign);
    if (e.completed_at !== null) deltas.course(home, e.course_id, dayOf(e.completed_at), 'completed', sign);
  }
  for (const c of await certificates.execute()) {
    deltas.course(homes.get(c.user_id)!, c.course_id, dayOf(c.issued_at), 'certified', sign);
    // A revoked certificate counts from its issue day up to the day before its revocation.
    if (c.revoked_at !== null) deltas.course(homes.get(c.user_id)!, c.course_id, dayOf(c.revoked_at), 'certified', -sign);
  }
}

/** Called before a learner's home unit changes to `to`: their counts leave the old unit and join the new one. */
export async function moveLearner(trx: DbOrTx, userId: UserId, to: UnitId): Promise<void> {
  const deltas = new RollupDeltas();
  await contributions(trx, [userId], deltas, -1);
  await contributions(trx, [userId], deltas, 1, to);
  await deltas.write(trx);
}

export interface RollupRows {
  unitDaily: { unit_id: number; day: number; registered: number; last_active: number; registered_assisted: number; last_active_assisted: number; listed: number }[];
  unitCourseDaily: { unit_id: number; course_id: number; day: number; enrolled: number; completed: number; certified: number; enrolled_assisted: number; completed_assisted: number; certified_assisted: number }[];
  memberDaily: { unit_id: number; member_group: string; day: number; members: number }[];
  memberCourseDaily: { unit_id: number; member_group: string; course_id: number; day: number; completed: number }[];
  teamDaily: { team_id: number; day: number; registered: number; last_active: number; completed: number }[];
}

/** The rollups as stored, without rows that add nothing, in key order. */
export async function storedRollups(db: DbOrTx): Promise<RollupRows> {
  const stored = new RollupDeltas();
  // Read back through the same accumulator, so both sides compare in one shape (PostgreSQL returns bigints as text).
  for (const table of Object.keys(tables) as RollupTable[]) {
    const { keys, counters } = tables[table];
    const rows: Record<string, unknown>[] = await (db as unknown as Kysely<any>).selectFrom(table).selectAll().execute();
    for (const r of rows) {
      const key = Object.fromEntries(keys.map((k) => [k, k === 'member_group' ? String(r[k]) : Number(r[k])]));
      for (const c of counters) stored.add(table, key, c, Number(r[c]));
    }
  }
  return rowsOf(stored);
}

const rowsOf = (deltas: RollupDeltas) =>
  ({
    unitDaily: deltas.rows('unit_daily'),
    unitCourseDaily: deltas.rows('unit_course_daily'),
    memberDaily: deltas.rows('member_daily'),
    memberCourseDaily: deltas.rows('member_course_daily'),
    teamDaily: deltas.rows('team_daily'),
  }) as unknown as RollupRows;

/** The rollups derived from the raw rows (accounts and the team that made them, progress, enrollments, certificates, memberships), as they should be. */
export async function recomputeRollups(db: DbOrTx): Promise<RollupRows> {
  const deltas = new RollupDeltas();
  await contributions(db, 'all', deltas, 1);
  for (const m of await db.selectFrom('memberships').select(['unit_id', 'member_group', 'added_at']).execute()) deltas.memberUnit(m.unit_id, m.member_group, dayOf(m.added_at), 1);
  const memberCompletions = await db
    .selectFrom('memberships as m')
    .innerJoin('enrollments as e', 'e.user_id', 'm.user_id')
    .select(['m.unit_id', 'm.member_group', 'e.course_id', 'e.completed_at'])
    .where('e.completed_at', 'is not', null)
    .whereRef('e.completed_at', '>=', 'm.counts_since')
    .execute();
  for (const c of memberCompletions) deltas.memberCourse(c.unit_id, c.member_group, c.course_id, dayOf(c.completed_at!), 1);
  return rowsOf(deltas);
}
