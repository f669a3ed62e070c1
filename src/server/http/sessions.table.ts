import type { UserId } from '../../shared/ids.js';

export interface SessionsTable {
  /** SHA-256 of the cookie token: a leaked database does not hand out live sessions. */
  id: string;
  user_id: UserId;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  idle_timeout_ms: number;
  ip: string;
  user_agent: string;
}
