import type { Generated } from 'kysely';
import type { UserId } from '../../shared/ids.js';

/** Work done after the answer has left (a text message), kept in the database so that it survives a crash. */
export interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** JSON; only what the job needs. */
  payload: string;
  user_id: UserId | null;
  created_at: number;
  run_after: number;
  attempts: Generated<number>;
  lease_until: number | null;
  /** Set only when the job gave up (done jobs are deleted); last_error says why. */
  done_at: number | null;
  last_error: string | null;
}
