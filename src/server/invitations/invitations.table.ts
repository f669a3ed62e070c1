import type { Generated } from 'kysely';
import type { EventId, ParticipantGroupId, UnitId, UserId, VenueId } from '../../shared/ids.js';

/** Seats of a participant group at a venue handed to a unit to fill (its managers name the people). */
export interface EventAllocationsTable {
  id: Generated<number>;
  event_id: EventId;
  venue_id: VenueId;
  group_id: ParticipantGroupId;
  unit_id: UnitId;
  seats: number;
  created_by: UserId;
  created_at: number;
}
