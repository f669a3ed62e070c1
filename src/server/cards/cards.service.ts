/**
 * Sign-in cards for people without a password. The QR carries a long random secret; only its SHA-256 is stored.
 */
import { createHash } from 'node:crypto';
import type { UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';

export function hashCardSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The holder of a live (not revoked) card with this secret, or null: for sign-in and attendance scans. */
export async function findCardHolder(db: DbOrTx, secret: string): Promise<UserId | null> {
  const row = await db
    .selectFrom('sign_in_cards')
    .select('user_id')
    .where('secret_hash', '=', hashCardSecret(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** For each person, the distinct devices their cards signed in on: the review compares them with the helper's. */
export async function cardSignInDevices(db: DbOrTx, userIds: readonly UserId[]): Promise<Map<UserId, string[]>> {
  const devices = new Map<UserId, string[]>();
  if (userIds.length === 0) return devices;
  const rows = await db.selectFrom('card_sign_ins').select(['user_id', 'device_id']).distinct().where('user_id', 'in', userIds).execute();
  for (const row of rows) devices.set(row.user_id, [...(devices.get(row.user_id) ?? []), row.device_id]);
  return devices;
}
