import type { Generated } from 'kysely';
import type { UserId } from '../../shared/ids.js';

export interface PasswordResetsTable {
  id: Generated<number>;
  user_id: UserId;
  code_hash: string;
  created_at: number;
  expires_at: number;
  failed_attempts: number;
  used_at: number | null;
}

export interface ConsentsTable {
  id: Generated<number>;
  user_id: UserId;
  purpose: string;
  notice_version: string;
  /** How consent was given: self_web (sign-up), self_claim (claiming an account made from a members list), or assisted_sms / assisted_paper (consent given to a helper: a texted code read back, a signed paper form). */
  channel: string;
  evidence: string;
  given_at: number;
  /** The helper or organiser who took the consent; null when the person gave it themselves. */
  given_by: UserId | null;
  withdrawn_at: number | null;
  /** Who withdrew it: the person, or a helper or manager with the person's texted confirmation; null for an erasure. */
  withdrawn_by: UserId | null;
  /** How: self_web (the profile page), on_behalf_sms (a request confirmed by a texted code), erasure (the account was deleted). */
  withdrawal_channel: string | null;
  withdrawal_evidence: string | null;
}
