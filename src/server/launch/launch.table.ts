import type { Generated } from 'kysely';
import type { EventId, ScreenTokenId, UserId } from '../../shared/ids.js';

/** What an event's launch button does and whether it has happened. */
export interface EventLaunchesTable {
  event_id: EventId;
  presses_needed: number;
  planned_at: number | null;
  /** JSON array of course ids. */
  course_ids: Generated<string>;
  campaign_id: number | null;
  configured_by: UserId;
  updated_at: number;
  launched_at: number | null;
}

/** A leader named to press, and when they did. */
export interface EventLaunchLeadersTable {
  event_id: EventId;
  user_id: UserId;
  position: number;
  pressed_at: number | null;
}

/** A big screen's token (stored hashed). */
export interface EventScreenTokensTable {
  id: Generated<ScreenTokenId>;
  event_id: EventId;
  name: string;
  token_hash: string;
  created_by: UserId;
  created_at: number;
  revoked_at: number | null;
}
