import type { Generated } from 'kysely';
import type { CheckinMethod, CheckinResult } from '../../shared/checkin.js';
import type { EventId, InvitationId, UserId, VenueId } from '../../shared/ids.js';

/** One scan at the door of an event, as the door phone sent it and as the server judged it. */
export interface EventCheckinsTable {
  id: Generated<number>;
  event_id: EventId;
  venue_id: VenueId;
  invitation_id: InvitationId | null;
  nonce: string;
  device_id: string;
  method: CheckinMethod;
  scanned_by: UserId | null;
  scanned_at: number;
  received_at: number;
  result: CheckinResult;
}
