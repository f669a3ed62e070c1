/**
 * Rollups: the counters dashboards read, kept as things happen so that a
 * province-wide figure costs the same at 5 million learners as at 500.
 *
 *   unit_daily (unit, day)                  registered, last_active
 *   unit_course_daily (unit, course, day)   enrolled, completed, certified
 *
 * Each learner counts toward their home unit; a subtree's figure is the sum of
 * its units' rows. `last_active` counts learners whose latest activity fell on
 * that day, so "active in the last 7 days" is an exact distinct count: a sum
 * over 7 days. Days are calendar days in Vietnam (UTC+7).
 *
 * Counts move with the learner: a new home unit takes their counts along, an
 * earlier offline event moves "enrolled" to its day. Erasing a person keeps
 * their anonymous counts (the account row stays, de-identified), so that past
 * figures still add up. recomputeRollups() derives the same tables from the
 * raw rows; a test checks both agree after a random workload.
 */
import { type Kysely, sql } from 'kysely';
import type { CourseId, UnitId, UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import { dayOf } from '../../shared/days.js';
import type { MemberGroup } from '../members/members.schema.js';

/** Each rollup table: the columns a row is keyed by, and the counters it adds up. */
const tables = {
  unit_daily: { keys: ['unit_id', 'day'], counters: ['registered', 'last_active'] },
  unit_course_daily: { keys: ['unit_id', 'course_id', 'day'], counters: ['enrolled', 'completed', 'certified'] },
  member_daily: { keys: ['unit_id', 'member_group', 'day'], counters: ['members'] },
  member_course_daily: { keys: ['unit_id', 'member_group', 'course_id', 'day'], counters: ['completed'] },
} as const;
type RollupTable = keyof typeof tables;
type Row = Record<string, number | string>;

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
export async function sumRollup<T extends RollupTable, By extends keyof SumKey>(
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

/** Deltas gathered during a transaction and written at its end, one statement per table. */
export class RollupDeltas {
  readonly #rows = new Map<RollupTable, Map<string, Row>>();

  #add(table: RollupTable, key: Row, counter: string, delta: number): void {
    const spec = tables[table];
    const rows = this.#rows.get(table) ?? new Map<string, Row>();
    this.#rows.set(table, rows);
    const id = spec.keys.map((k) => key[k]).join(':');
    const row = rows.get(id) ?? { ...key, ...Object.fromEntries(spec.counters.map((c) => [c, 0])) };
    row[counter] = (row[counter] as number) + delta;
    rows.set(id, row);
  }

  unit(unitId: UnitId, day: number, counter: 'registered' | 'last_active', delta: number): void {
    this.#add('unit_daily', { unit_id: unitId, day }, counter, delta);
  }

  course(unitId: UnitId, courseId: CourseId, day: number, counter: 'enrolled' | 'completed' | 'certified', delta: number): void {
    this.#add('unit_course_daily', { unit_id: unitId, course_id: courseId, day }, counter, delta);
  }

  /** A membership added, counted where the person is a member, by group. */
  memberUnit(unitId: UnitId, group: MemberGroup, day: number, delta: number): void {
    this.#add('member_daily', { unit_id: unitId, member_group: group, day }, 'members', delta);
  }

  /** A completion by a member, counted where they are a member, by group. */
  memberCourse(unitId: UnitId, group: MemberGroup, courseId: CourseId, day: number, delta: number): void {
    this.#add('member_course_daily', { unit_id: unitId, member_group: group, course_id: courseId, day }, 'completed', delta);
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
  deltas.unit(homeUnitId, dayOf(at), 'registered', 1);
}

/** The same for a single account, written at once (in the transaction that adds it). */
export async function recordRegistration(db: DbOrTx, homeUnitId: UnitId, at: number): Promise<void> {
  const deltas = new RollupDeltas();
  countRegistration(deltas, homeUnitId, at);
  await deltas.write(db);
}

export async function homeUnitsOf(db: DbOrTx, userIds: readonly UserId[]): Promise<Map<UserId, { unitId: UnitId; lastActiveDay: number | null }>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'home_unit_id', 'last_active_day']).where('id', 'in', [...new Set(userIds)]).execute();
  return new Map(rows.map((r) => [r.id, { unitId: r.home_unit_id, lastActiveDay: r.last_active_day }]));
}

/** Where these people are members, and in which group: completions count there too (from `counts_since` on). */
export async function membershipsOf(db: DbOrTx, userIds: readonly UserId[]) {
  if (userIds.length === 0) return [];
  return db.selectFrom('memberships').select(['user_id', 'unit_id', 'member_group', 'counts_since']).where('user_id', 'in', [...new Set(userIds)]).execute();
}

/** A learner was active on `day`: their latest active day moves forward, never back. */
export async function recordActivity(trx: DbOrTx, deltas: RollupDeltas, activity: ReadonlyMap<UserId, number>, homes: Map<UserId, { unitId: UnitId; lastActiveDay: number | null }>): Promise<void> {
  const moved: { id: UserId; day: number }[] = [];
  for (const [userId, day] of activity) {
    const home = homes.get(userId);
    if (!home || (home.lastActiveDay !== null && home.lastActiveDay >= day)) continue;
    if (home.lastActiveDay !== null) deltas.unit(home.unitId, home.lastActiveDay, 'last_active', -1);
    deltas.unit(home.unitId, day, 'last_active', 1);
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
  let users = db.selectFrom('users').select(['id', 'home_unit_id', 'created_at']);
  let activity = db.selectFrom('progress_events').select((eb) => ['user_id', eb.fn.max('client_at').as('latest')]).groupBy('user_id');
  let enrollments = db.selectFrom('enrollments').select(['user_id', 'course_id', 'enrolled_at', 'completed_at']);
  let certificates = db.selectFrom('certificates').select(['user_id', 'course_id', 'issued_at']);
  if (userIds !== 'all') {
    users = users.where('id', 'in', userIds);
    activity = activity.where('user_id', 'in', userIds);
    enrollments = enrollments.where('user_id', 'in', userIds);
    certificates = certificates.where('user_id', 'in', userIds);
  }
  const homes = new Map<UserId, UnitId>();
  for (const u of await users.execute()) {
    const unit = unitOverride ?? u.home_unit_id;
    homes.set(u.id, unit);
    deltas.unit(unit, dayOf(u.created_at), 'registered', sign);
  }
  for (const a of await activity.execute()) deltas.unit(homes.get(a.user_id)!, dayOf(Number(a.latest)), 'last_active', sign);
  for (const e of await enrollments.execute()) {
    const unit = homes.get(e.user_id)!;
    deltas.course(unit, e.course_id, dayOf(e.enrolled_at), 'enrolled', sign);
    if (e.completed_at !== null) deltas.course(unit, e.course_id, dayOf(e.completed_at), 'completed', sign);
  }
  for (const c of await certificates.execute()) deltas.course(homes.get(c.user_id)!, c.course_id, dayOf(c.issued_at), 'certified', sign);
}

/** Called before a learner's home unit changes to `to`: their counts leave the old unit and join the new one. */
export async function moveLearner(trx: DbOrTx, userId: UserId, to: UnitId): Promise<void> {
  const deltas = new RollupDeltas();
  await contributions(trx, [userId], deltas, -1);
  await contributions(trx, [userId], deltas, 1, to);
  await deltas.write(trx);
}

export interface RollupRows {
  unitDaily: { unit_id: number; day: number; registered: number; last_active: number }[];
  unitCourseDaily: { unit_id: number; course_id: number; day: number; enrolled: number; completed: number; certified: number }[];
  memberDaily: { unit_id: number; member_group: string; day: number; members: number }[];
  memberCourseDaily: { unit_id: number; member_group: string; course_id: number; day: number; completed: number }[];
}

/** The rollups as stored, without rows that add nothing, in key order. */
export async function storedRollups(db: DbOrTx): Promise<RollupRows> {
  const stored = new RollupDeltas();
  const [unitDaily, unitCourseDaily, memberDaily, memberCourseDaily] = await Promise.all([
    db.selectFrom('unit_daily').selectAll().execute(),
    db.selectFrom('unit_course_daily').selectAll().execute(),
    db.selectFrom('member_daily').selectAll().execute(),
    db.selectFrom('member_course_daily').selectAll().execute(),
  ]);
  // Read back through the same accumulator, so both sides compare in one shape (PostgreSQL returns bigints as text).
  for (const r of unitDaily) for (const c of ['registered', 'last_active'] as const) stored.unit(Number(r.unit_id) as UnitId, r.day, c, Number(r[c]));
  for (const r of unitCourseDaily) for (const c of ['enrolled', 'completed', 'certified'] as const) stored.course(Number(r.unit_id) as UnitId, Number(r.course_id) as CourseId, r.day, c, Number(r[c]));
  for (const r of memberDaily) stored.memberUnit(Number(r.unit_id) as UnitId, r.member_group, r.day, Number(r.members));
  for (const r of memberCourseDaily) stored.memberCourse(Number(r.unit_id) as UnitId, r.member_group, Number(r.course_id) as CourseId, r.day, Number(r.completed));
  return rowsOf(stored);
}

const rowsOf = (deltas: RollupDeltas) =>
  ({
    unitDaily: deltas.rows('unit_daily'),
    unitCourseDaily: deltas.rows('unit_course_daily'),
    memberDaily: deltas.rows('member_daily'),
    memberCourseDaily: deltas.rows('member_course_daily'),
  }) as unknown as RollupRows;

/** The rollups derived from the raw rows (accounts, progress, enrollments, certificates, memberships), as they should be. */
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
