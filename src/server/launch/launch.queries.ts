import type { EventId, ScreenTokenId, UserId } from '../../shared/ids.js';
import type { DbOrTx, Tx } from '../db/database.js';

export async function findLaunch(db: DbOrTx, eventId: EventId) {
  return db.selectFrom('event_launches').selectAll().where('event_id', '=', eventId).executeTakeFirst();
}


/** The leaders of an event in their order, with their names. */
export async function findLeaders(db: DbOrTx, eventId: EventId) {
  return db
    .selectFrom('event_launch_leaders as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.user_id', 'l.pressed_at', 'u.full_name', 'u.phone'])
    .where('l.event_id', '=', eventId)
    .orderBy('l.position')
    .execute();
}

export async function saveLaunch(
  trx: Tx,
  row: { event_id: EventId; presses_needed: number; planned_at: number | null; course_ids: string; campaign_id: number | null; configured_by: UserId; updated_at: number },
  leaders: readonly UserId[],
): Promise<void> {
  const { event_id, ...rest } = row;
  await trx
    .insertInto('event_launches')
    .values(row)
    .onConflict((oc) => oc.column('event_id').doUpdateSet(rest))
    .execute();
  await trx.deleteFrom('event_launch_leaders').where('event_id', '=', event_id).execute();
  if (leaders.length > 0) {
    await trx
      .insertInto('event_launch_leaders')
      .values(leaders.map((user_id, position) => ({ event_id, user_id, position, pressed_at: null })))
      .execute();
  }
}

export async function isLeader(db: DbOrTx, eventId: EventId, userId: UserId): Promise<boolean> {
  const row = await db.selectFrom('event_launch_leaders').select('user_id').where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** Records a leader's press once: false if they had pressed already. */
export async function recordPress(db: DbOrTx, eventId: EventId, userId: UserId, now: number): Promise<boolean> {
  const result = await db
    .updateTable('event_launch_leaders')
    .set({ pressed_at: now })
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .where('pressed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countPresses(db: DbOrTx, eventId: EventId): Promise<number> {
  const row = await db
    .selectFrom('event_launch_leaders')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('event_id', '=', eventId)
    .where('pressed_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Claims the launch: true for exactly one caller, however many try at once. */
export async function claimLaunch(trx: Tx, eventId: EventId, now: number): Promise<boolean> {
  const result = await trx.updateTable('event_launches').set({ launched_at: now }).where('event_id', '=', eventId).where('launched_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertScreenToken(db: DbOrTx, row: { event_id: EventId; name: string; token_hash: string; created_by: UserId; created_at: number }): Promise<ScreenTokenId> {
  const inserted = await db.insertInto('event_screen_tokens').values({ ...row, revoked_at: null }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findScreenTokens(db: DbOrTx, eventId: EventId) {
  return db.selectFrom('event_screen_tokens').select(['id', 'name', 'created_at', 'revoked_at']).where('event_id', '=', eventId).orderBy('id').execute();
}

export async function findScreenTokenByHash(db: DbOrTx, tokenHash: string) {
  return db.selectFrom('event_screen_tokens').select(['id', 'event_id', 'revoked_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function revokeScreenTokenRow(db: DbOrTx, eventId: EventId, id: ScreenTokenId, now: number): Promise<boolean> {
  const result = await db.updateTable('event_screen_tokens').set({ revoked_at: now }).where('event_id', '=', eventId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function screenTokenExists(db: DbOrTx, eventId: EventId, id: ScreenTokenId): Promise<boolean> {
  return (await db.selectFrom('event_screen_tokens').select('id').where('event_id', '=', eventId).where('id', '=', id).executeTakeFirst()) !== undefined;
}
