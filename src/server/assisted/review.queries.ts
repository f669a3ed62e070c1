import type { AssistedSignupId, UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import type { CallbackOutcome } from './review.schema.js';

/** The most sign-ups one review reads. */
export const reviewRowLimit = 20_000;

/**
 * Assisted sign-ups made in a unit's subtree, with what the review compares: the person (name, birth year, phone,
 * home), the helper, the team and the places. `subtree` is a unit path: digits and slashes, nothing to escape.
 */
function signupsQuery(db: DbOrTx, subtree: string) {
  return db
    .selectFrom('assisted_signups as s')
    .innerJoin('units as su', 'su.id', 's.unit_id')
    .innerJoin('users as p', 'p.id', 's.user_id')
    .innerJoin('units as home', 'home.id', 'p.home_unit_id')
    .innerJoin('users as h', 'h.id', 's.helper_id')
    .innerJoin('helper_teams as team', 'team.id', 's.team_id')
    .innerJoin('units as tu', 'tu.id', 'team.unit_id')
    .leftJoin('units as hamlet', 'hamlet.id', 's.hamlet_id')
    .select([
      's.id',
      's.user_id',
      's.helper_id',
      's.team_id',
      's.device_id',
      's.ip',
      's.created_at',
      's.flagged_at',
      's.flag_reason',
      'p.full_name as person_name',
      'p.full_name_search as person_name_search',
      'p.birth_year',
      'p.phone',
      'home.path as home_path',
      'h.full_name as helper_name',
      'team.name as team_name',
      'tu.path as team_path',
      'su.path as unit_path',
      'hamlet.path as hamlet_path',
    ])
    .where('su.path', 'like', `${subtree}%`);
}

export type SignupRow = Awaited<ReturnType<ReturnType<typeof signupsQuery>['execute']>>[number];

export function findSignupsInPeriod(db: DbOrTx, subtree: string, fromMs: number, toMs: number) {
  return signupsQuery(db, subtree).where('s.created_at', '>=', fromMs).where('s.created_at', '<', toMs).orderBy('s.created_at').orderBy('s.id').limit(reviewRowLimit + 1).execute();
}

export function findFlaggedSignups(db: DbOrTx, subtree: string) {
  return signupsQuery(db, subtree).where('s.flagged_at', 'is not', null).orderBy('s.flagged_at', 'desc').orderBy('s.id', 'desc').limit(500).execute();
}

export function findSignupInSubtree(db: DbOrTx, subtree: string, id: AssistedSignupId) {
  return signupsQuery(db, subtree).where('s.id', '=', id).executeTakeFirst();
}

export async function setSignupFlag(db: DbOrTx, id: AssistedSignupId, flag: { at: number; reason: string } | null): Promise<void> {
  await db
    .updateTable('assisted_signups')
    .set({ flagged_at: flag?.at ?? null, flag_reason: flag?.reason ?? null })
    .where('id', '=', id)
    .execute();
}

/** Sign-ups of the subtree made in the period that were never drawn for a call-back. */
export async function findUnsampledSignupIds(db: DbOrTx, subtree: string, fromMs: number, toMs: number): Promise<AssistedSignupId[]> {
  const rows = await db
    .selectFrom('assisted_signups as s')
    .innerJoin('units as su', 'su.id', 's.unit_id')
    .leftJoin('assisted_callbacks as c', 'c.signup_id', 's.id')
    .select('s.id')
    .where('su.path', 'like', `${subtree}%`)
    .where('s.created_at', '>=', fromMs)
    .where('s.created_at', '<', toMs)
    .where('c.id', 'is', null)
    .orderBy('s.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Adds the drawn sign-ups to the sample; one drawn meanwhile by someone else is left as it is. Returns how many were added. */
export async function insertCallbacks(db: DbOrTx, signupIds: readonly AssistedSignupId[], drawnBy: UserId, now: number): Promise<number> {
  let added = 0;
  for (let i = 0; i < signupIds.length; i += 200) {
    const rows = await db
      .insertInto('assisted_callbacks')
      .values(signupIds.slice(i, i + 200).map((id) => ({ signup_id: id, drawn_by: drawnBy, drawn_at: now, outcome: null, note: null, recorded_by: null, recorded_at: null })))
      .onConflict((oc) => oc.column('signup_id').doNothing())
      .returning('id')
      .execute();
    added += rows.length;
  }
  return added;
}

/** The call-backs of the subtree's sign-ups, those still to call first, then the newest. */
export function findCallbacks(db: DbOrTx, subtree: string) {
  return signupsQuery(db, subtree)
    .innerJoin('assisted_callbacks as c', 'c.signup_id', 's.id')
    .select(['c.id as callback_id', 'c.drawn_at', 'c.outcome', 'c.note', 'c.recorded_at'])
    .orderBy((eb) => eb.case().when('c.outcome', 'is', null).then(0).else(1).end())
    .orderBy('c.drawn_at', 'desc')
    .orderBy('c.id')
    .limit(1000)
    .execute();
}

/** Per team of the subtree's sign-ups: how many were drawn, and each outcome. */
export async function countCallbacksByTeam(db: DbOrTx, subtree: string) {
  const rows = await db
    .selectFrom('assisted_callbacks as c')
    .innerJoin('assisted_signups as s', 's.id', 'c.signup_id')
    .innerJoin('units as su', 'su.id', 's.unit_id')
    .innerJoin('helper_teams as team', 'team.id', 's.team_id')
    .select((eb) => ['s.team_id', 'team.name', 'c.outcome', eb.fn.countAll<number>().as('n')])
    .where('su.path', 'like', `${subtree}%`)
    .groupBy(['s.team_id', 'team.name', 'c.outcome'])
    .orderBy('team.name')
    .execute();
  return rows.map((r) => ({ teamId: r.team_id, teamName: r.name, outcome: r.outcome as CallbackOutcome | null, count: Number(r.n) }));
}

export function findCallbackInSubtree(db: DbOrTx, subtree: string, id: number) {
  return db
    .selectFrom('assisted_callbacks as c')
    .innerJoin('assisted_signups as s', 's.id', 'c.signup_id')
    .innerJoin('units as su', 'su.id', 's.unit_id')
    .select(['c.id', 'c.signup_id', 's.user_id', 's.unit_id', 's.flagged_at'])
    .where('c.id', '=', id)
    .where('su.path', 'like', `${subtree}%`)
    .executeTakeFirst();
}

export async function recordCallbackOutcome(db: DbOrTx, id: number, outcome: { outcome: CallbackOutcome; note: string | null; by: UserId; at: number }): Promise<void> {
  await db.updateTable('assisted_callbacks').set({ outcome: outcome.outcome, note: outcome.note, recorded_by: outcome.by, recorded_at: outcome.at }).where('id', '=', id).execute();
}

export async function countSignupsOfHelper(db: DbOrTx, helperId: UserId, sinceMs: number): Promise<{ total: number; since: number }> {
  const row = await db
    .selectFrom('assisted_signups')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.sum<number>(eb.case().when('created_at', '>=', sinceMs).then(1).else(0).end()).as('since')])
    .where('helper_id', '=', helperId)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), since: Number(row.since ?? 0) };
}

/** The person's call-backs, for their personal data export. */
export function findCallbacksOfPerson(db: DbOrTx, userId: UserId) {
  return db
    .selectFrom('assisted_callbacks as c')
    .innerJoin('assisted_signups as s', 's.id', 'c.signup_id')
    .select(['c.drawn_at', 'c.outcome', 'c.note', 'c.recorded_at'])
    .where('s.user_id', '=', userId)
    .orderBy('c.drawn_at')
    .execute();
}

export async function deleteCallbacksOfPerson(db: DbOrTx, userId: UserId): Promise<void> {
  await db.deleteFrom('assisted_callbacks').where('signup_id', 'in', db.selectFrom('assisted_signups').select('id').where('user_id', '=', userId)).execute();
}
