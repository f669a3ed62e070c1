import type { Generated } from 'kysely';
import type { UserId } from '../../shared/ids.js';

/** A request about a person's data (export, withdrawal, deletion) that waits for the code texted to the person. */
export interface PrivacyRequestsTable {
  id: Generated<number>;
  user_id: UserId;
  /** The person themselves (an account without a password), or the helper or manager who asked on their behalf. */
  requested_by: UserId;
  kind: string;
  purpose: string | null;
  /** pending | done | expired */
  status: string;
  code_hash: string;
  code_expires_at: number;
  failed_attempts: number;
  created_at: number;
  confirmed_at: number | null;
}
