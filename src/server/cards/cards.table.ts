import type { Generated } from 'kysely';
import type { CardId, UserId } from '../../shared/ids.js';

/** Sign-in cards: only hashes of the QR secret and the short code are kept. */
export interface SignInCardsTable {
  id: Generated<CardId>;
  user_id: UserId;
  secret_hash: string;
  short_code_hash: string;
  issued_by: UserId;
  issued_at: number;
  revoked_at: number | null;
  revoked_by: UserId | null;
  last_used_at: number | null;
}

/** Each sign-in with a card and the random id of the device it happened on (for fraud review). */
export interface CardSignInsTable {
  id: Generated<number>;
  card_id: CardId;
  user_id: UserId;
  device_id: string;
  at: number;
}
