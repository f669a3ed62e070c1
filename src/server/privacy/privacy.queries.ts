import type { UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';

export async function insertPrivacyRequest(
  db: DbOrTx,
  request: { userId: UserId; requestedBy: UserId; kind: string; purpose: string | null; now: number; expiresAt: number },
): Promise<number> {
  const row = await db
    .insertInto('privacy_requests')
    .values({
      user_id: request.userId,
      requested_by: request.requestedBy,
      kind: request.kind,
      purpose: request.purpose,
      status: 'pending',
      code_hash: '',
      code_expires_at: request.expiresAt,
      failed_attempts: 0,
      created_at: request.now,
      confirmed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setPrivacyRequestCode(db: DbOrTx, id: number, codeHash: string): Promise<void> {
  await db.updateTable('privacy_requests').set({ code_hash: codeHash }).where('id', '=', id).execute();
}

export async function findPrivacyRequest(db: DbOrTx, id: number) {
  return db.selectFrom('privacy_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The person's own open request of this kind (a deletion code for an account without a password), newest first. */
export async function findOwnOpenRequest(db: DbOrTx, userId: UserId, kind: string, now: number) {
  return db
    .selectFrom('privacy_requests')
    .selectAll()
    .where('user_id', '=', userId)
    .where('requested_by', '=', userId)
    .where('kind', '=', kind)
    .where('status', '=', 'pending')
    .where('code_expires_at', '>', now)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function countFailedRequestCode(db: DbOrTx, id: number, burnt: boolean): Promise<void> {
  await db
    .updateTable('privacy_requests')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1), ...(burnt ? { status: 'expired' } : {}) }))
    .where('id', '=', id)
    .execute();
}

/** Marks a pending request done; false when another confirmation got there first. */
export async function completePrivacyRequest(db: DbOrTx, id: number, now: number): Promise<boolean> {
  const result = await db.updateTable('privacy_requests').set({ status: 'done', confirmed_at: now, code_hash: '' }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Requests a helper or manager made, newest first (their own screen). */
export async function findRequestsBy(db: DbOrTx, requestedBy: UserId, limit: number) {
  return db
    .selectFrom('privacy_requests')
    .innerJoin('users', 'users.id', 'privacy_requests.user_id')
    .select(['privacy_requests.id', 'privacy_requests.kind', 'privacy_requests.purpose', 'privacy_requests.status', 'privacy_requests.created_at', 'privacy_requests.confirmed_at', 'users.full_name', 'users.phone'])
    .where('privacy_requests.requested_by', '=', requestedBy)
    .where('privacy_requests.user_id', '<>', requestedBy)
    .orderBy('privacy_requests.id', 'desc')
    .limit(limit)
    .execute();
}

export const privacyRequestsPersonalData: PersonalDataHandler = {
  table: 'privacy_requests',
  export: (db, userId) =>
    db
      .selectFrom('privacy_requests')
      .select(['kind', 'purpose', 'status', 'requested_by', 'created_at', 'confirmed_at'])
      .where('user_id', '=', userId)
      .execute(),
  // The record that a request was made and carried out stays (it is the proof the erasure was asked for); no code survives.
  erase: async (trx, userId, now) => {
    await trx.updateTable('privacy_requests').set({ status: 'expired', code_hash: '' }).where('user_id', '=', userId).where('status', '=', 'pending').execute();
    await trx.updateTable('privacy_requests').set({ code_expires_at: now }).where('user_id', '=', userId).where('code_expires_at', '>', now).execute();
  },
};
