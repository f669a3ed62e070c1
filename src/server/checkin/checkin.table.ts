import type { Generated } from 'kysely';
import type { CheckinMethod, CheckinResult } from '../../shared/checkin.js';
import type { EventId, InvitationId, UserId, VenueId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';

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

/** A consent code texted to a delegate signed up at the door (help at the door). */
export interface EventDoorCodesTable {
  id: Generated<number>;
  event_id: EventId;
  phone: PhoneNumber;
  code_hash: string;
  expires_at: number;
  failed_attempts: Generated<number>;
  used_at: number | null;
  sent_by: UserId | null;
  created_at: number;
}
