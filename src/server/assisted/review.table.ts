import type { Generated } from 'kysely';
import type { AssistedSignupId, UserId } from '../../shared/ids.js';

export const callbackOutcomes = ['confirmed', 'not_reachable', 'denied'] as const;
export type CallbackOutcome = (typeof callbackOutcomes)[number];

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
