import type { Generated } from 'kysely';
import type { SupportRequestId, TeamId, UnitId, UserId } from '../../shared/ids.js';
import type { RequestStatus, RequestTopic } from '../../shared/support-requests.js';

export interface SupportRequestsTable {
  id: Generated<SupportRequestId>;
  requester_user_id: UserId | null;
  contact_name: string | null;
  contact_phone: string;
  place_unit_id: UnitId;
  topic: RequestTopic;
  details: string;
  preferred_time: string;
  status: RequestStatus;
  created_by: UserId;
  created_at: number;
  assigned_to: UserId | null;
  assigned_at: number | null;
  first_response_at: number | null;
  resolved_by: UserId | null;
  resolved_at: number | null;
  resolution: string | null;
  duplicate_of: SupportRequestId | null;
  closed_at: number | null;
  updated_at: number;
}

/** The teams a request was routed to when it was made. */
export interface SupportRequestTeamsTable {
  request_id: SupportRequestId;
  team_id: TeamId;
}

export interface SupportRequestNotesTable {
  id: Generated<number>;
  request_id: SupportRequestId;
  author_user_id: UserId;
  body: string;
  created_at: number;
}
