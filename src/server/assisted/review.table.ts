import type { Generated } from 'kysely';
import type { AssistedSignupId, UserId } from '../../shared/ids.js';
import type { CallbackOutcome } from './review.schema.js';

/** An assisted sign-up drawn for a call-back to the person, and what the call found (null until called). */
export interface AssistedCallbacksTable {
  id: Generated<number>;
  signup_id: AssistedSignupId;
  drawn_by: UserId;
  drawn_at: number;
  outcome: CallbackOutcome | null;
  note: string | null;
  recorded_by: UserId | null;
  recorded_at: number | null;
}
