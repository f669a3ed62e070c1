import type { Generated } from 'kysely';
import type { UnitId, UserId } from '../../shared/ids.js';

/** A receiver an admin registered: where to send which events of which subtree. */
export interface WebhookEndpointsTable {
  id: Generated<number>;
  url: string;
  /** JSON array of event types. */
  events: string;
  unit_id: UnitId;
  secret: string;
  description: string;
  disabled_at: number | null;
  created_by: UserId | null;
  created_at: number;
}

/** One event for one endpoint, tried until delivered or given up. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  endpoint_id: number;
  event_id: string;
  event_type: string;
  body: string;
  user_id: UserId | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  last_status_code: number | null;
  created_at: number;
  finished_at: number | null;
}

/** The delivery log: every try, with the answer's status code and a short excerpt. */
export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  attempted_at: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  response_excerpt: string | null;
}
