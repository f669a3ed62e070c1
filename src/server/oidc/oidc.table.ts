import type { Generated } from 'kysely';
import type { UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';

export interface OidcLoginsTable {
  state_hash: string;
  provider: string;
  browser_hash: string;
  nonce: string;
  code_verifier: string;
  return_path: string;
  silent: number;
  /** Set for an admin's test sign-in: the claims are shown to them, no account is touched. */
  tester_user_id: UserId | null;
  test_claims: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface OidcIdentitiesTable {
  id: Generated<number>;
  user_id: UserId;
  provider: string;
  subject: string;
  /** verified_phone, password (signed in once with the account's password), or new_account. */
  linked_by: string;
  created_at: number;
  last_sign_in_at: number;
}

export interface OidcPendingTable {
  token_hash: string;
  provider: string;
  subject: string;
  full_name: string;
  verified_phone: PhoneNumber | null;
  return_path: string;
  /** Kept for the session made at completion, to hint at the provider's logout. */
  id_token: string;
  created_at: number;
  expires_at: number;
}

export interface OidcSessionsTable {
  session_id: string;
  user_id: UserId;
  provider: string;
  id_token: string;
}
