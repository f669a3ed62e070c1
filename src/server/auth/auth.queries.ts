import type { UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';

export async function insertConsent(
  db: DbOrTx,
  consent: { userId: UserId; purpose: string; noticeVersion: string; channel: string; evidence: string; now: number; givenBy?: UserId | null },
): Promise<number> {
  const row = await db
    .insertInto('consents')
    .values({
      user_id: consent.userId,
      purpose: consent.purpose,
      notice_version: consent.noticeVersion,
      channel: consent.channel,
      evidence: consent.evidence,
      given_at: consent.now,
      given_by: consent.givenBy ?? null,
      withdrawn_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Of these people, those with a consent not withdrawn (given themselves, or through a helper with evidence). */
export async function peopleWithConsent(db: DbOrTx, userIds: readonly UserId[]): Promise<Set<UserId>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.selectFrom('consents').select('user_id').distinct().where('user_id', 'in', userIds).where('withdrawn_at', 'is', null).execute();
  return new Set(rows.map((row) => row.user_id));
}

export async function replacePasswordReset(db: DbOrTx, reset: { userId: UserId; codeHash: string; now: number; expiresAt: number }): Promise<void> {
  await db.deleteFrom('password_resets').where('user_id', '=', reset.userId).execute();
  await db
    .insertInto('password_resets')
    .values({ user_id: reset.userId, code_hash: reset.codeHash, created_at: reset.now, expires_at: reset.expiresAt, failed_attempts: 0, used_at: null })
    .execute();
}

export async function findOpenPasswordReset(db: DbOrTx, userId: UserId, now: number) {
  return db
    .selectFrom('password_resets')
    .select(['id', 'code_hash', 'failed_attempts'])
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function countFailedResetAttempt(db: DbOrTx, id: number): Promise<void> {
  await db.updateTable('password_resets').set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) })).where('id', '=', id).execute();
}

export async function markPasswordResetUsed(db: DbOrTx, id: number, now: number): Promise<void> {
  await db.updateTable('password_resets').set({ used_at: now }).where('id', '=', id).execute();
}

/** A person's consents, oldest first, with the names of the helpers who took or withdrew them. */
export async function findConsentsOf(db: DbOrTx, userId: UserId) {
  return db
    .selectFrom('consents')
    .leftJoin('users as giver', 'giver.id', 'consents.given_by')
    .leftJoin('users as withdrawer', 'withdrawer.id', 'consents.withdrawn_by')
    .select([
      'consents.id',
      'consents.purpose',
      'consents.notice_version',
      'consents.channel',
      'consents.evidence',
      'consents.given_at',
      'consents.given_by',
      'giver.full_name as given_by_name',
      'consents.withdrawn_at',
      'consents.withdrawn_by',
      'withdrawer.full_name as withdrawn_by_name',
      'consents.withdrawal_channel',
      'consents.withdrawal_evidence',
    ])
    .where('consents.user_id', '=', userId)
    .orderBy('consents.given_at')
    .orderBy('consents.id')
    .execute();
}

/** Withdraws every live consent of the person to this purpose; answers how many there were. */
export async function withdrawConsents(
  db: DbOrTx,
  withdrawal: { userId: UserId; purpose: string; by: UserId | null; channel: string; evidence: string; now: number },
): Promise<number> {
  const result = await db
    .updateTable('consents')
    .set({ withdrawn_at: withdrawal.now, withdrawn_by: withdrawal.by, withdrawal_channel: withdrawal.channel, withdrawal_evidence: withdrawal.evidence })
    .where('user_id', '=', withdrawal.userId)
    .where('purpose', '=', withdrawal.purpose)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export const consentsPersonalData: PersonalDataHandler = {
  table: 'consents',
  export: (db, userId) =>
    db
      .selectFrom('consents')
      .select(['purpose', 'notice_version', 'channel', 'evidence', 'given_at', 'given_by', 'withdrawn_at', 'withdrawn_by', 'withdrawal_channel', 'withdrawal_evidence'])
      .where('user_id', '=', userId)
      .execute(),
  // Proof that processing had a legal basis outlives the account; the evidence text goes, the record of consent stays.
  erase: async (trx, userId, now) => {
    await trx.updateTable('consents').set({ withdrawn_at: now, withdrawal_channel: 'erasure' }).where('user_id', '=', userId).where('withdrawn_at', 'is', null).execute();
    await trx.updateTable('consents').set({ evidence: '', withdrawal_evidence: null }).where('user_id', '=', userId).execute();
  },
};

export const passwordResetsPersonalData: PersonalDataHandler = {
  table: 'password_resets',
  export: (db, userId) => db.selectFrom('password_resets').select(['created_at', 'expires_at', 'used_at']).where('user_id', '=', userId).execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('password_resets').where('user_id', '=', userId).execute();
  },
};
