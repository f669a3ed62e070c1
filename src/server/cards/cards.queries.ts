import type { CardId, UserId } from '../../shared/ids.js';
import type { DbOrTx, Tx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';

export interface CardRow {
  id: CardId;
  user_id: UserId;
  short_code_hash: string;
  revoked_at: number | null;
}

/** The card with this secret hash, live or revoked: a revoked card's use is audited against its holder. */
export function findCardBySecretHash(db: DbOrTx, secretHash: string): Promise<CardRow | undefined> {
  return db.selectFrom('sign_in_cards').select(['id', 'user_id', 'short_code_hash', 'revoked_at']).where('secret_hash', '=', secretHash).executeTakeFirst();
}

/** A person's live card (at most one: issuing revokes the previous one in the same transaction). */
export function findLiveCardOf(db: DbOrTx, userId: UserId): Promise<CardRow | undefined> {
  return db
    .selectFrom('sign_in_cards')
    .select(['id', 'user_id', 'short_code_hash', 'revoked_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function liveCardsOf(db: DbOrTx, userIds: readonly UserId[]): Promise<Map<UserId, { issued_at: number; last_used_at: number | null }>> {
  const cards = new Map<UserId, { issued_at: number; last_used_at: number | null }>();
  if (userIds.length === 0) return cards;
  const rows = await db
    .selectFrom('sign_in_cards')
    .select(['user_id', 'issued_at', 'last_used_at'])
    .where('user_id', 'in', userIds)
    .where('revoked_at', 'is', null)
    .execute();
  for (const row of rows) cards.set(row.user_id, { issued_at: row.issued_at, last_used_at: row.last_used_at });
  return cards;
}

/** Revokes every live card of a person; answers how many there were. */
export async function revokeCardsOf(trx: Tx, userId: UserId, revokedBy: UserId, now: number): Promise<number> {
  const result = await trx
    .updateTable('sign_in_cards')
    .set({ revoked_at: now, revoked_by: revokedBy })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertCard(trx: Tx, card: { userId: UserId; secretHash: string; shortCodeHash: string; issuedBy: UserId; now: number }): Promise<CardId> {
  const row = await trx
    .insertInto('sign_in_cards')
    .values({ user_id: card.userId, secret_hash: card.secretHash, short_code_hash: card.shortCodeHash, issued_by: card.issuedBy, issued_at: card.now, revoked_at: null, revoked_by: null, last_used_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function recordCardSignIn(trx: Tx, card: { id: CardId; userId: UserId }, deviceId: string, now: number): Promise<void> {
  await trx.updateTable('sign_in_cards').set({ last_used_at: now }).where('id', '=', card.id).execute();
  await trx.insertInto('card_sign_ins').values({ card_id: card.id, user_id: card.userId, device_id: deviceId, at: now }).execute();
}

export const signInCardsPersonalData: PersonalDataHandler = {
  table: 'sign_in_cards',
  // The hashes are the card: they say nothing to the person and stay out of the export.
  export: (db, userId) => db.selectFrom('sign_in_cards').select(['issued_at', 'revoked_at', 'last_used_at']).where('user_id', '=', userId).execute(),
  // After card_sign_ins (registered before it), whose rows point at these.
  erase: async (trx, userId) => {
    await trx.deleteFrom('sign_in_cards').where('user_id', '=', userId).execute();
  },
};

export const cardSignInsPersonalData: PersonalDataHandler = {
  table: 'card_sign_ins',
  export: (db, userId) => db.selectFrom('card_sign_ins').select(['device_id', 'at']).where('user_id', '=', userId).execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('card_sign_ins').where('user_id', '=', userId).execute();
  },
};
