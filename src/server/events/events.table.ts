import type { Generated } from 'kysely';
import type { AgendaItemId, EventId, InvitationId, ParticipantGroupId, UnitId, UserId, VenueId } from '../../shared/ids.js';
import type { EventMode, EventStatus, InvitationRsvp, InvitationSource, VenueKind } from '../../shared/events.js';

/** An event run by organisers of a unit: the launch ceremony, a lifelong-learning week, a commune launch. */
export interface EventsTable {
  id: Generated<EventId>;
  unit_id: UnitId;
  slug: string;
  title: string;
  description: Generated<string>;
  starts_at: number;
  ends_at: number;
  mode: EventMode;
  status: Generated<EventStatus>;
  image_media_id: string | null;
  created_by: UserId;
  created_at: number;
  updated_at: number;
}

/** The main venue or an online bridge site (điểm cầu). Retired venues keep their invitations and check-ins. */
export interface EventVenuesTable {
  id: Generated<VenueId>;
  event_id: EventId;
  kind: VenueKind;
  name: string;
  address: Generated<string>;
  unit_id: UnitId | null;
  capacity: number | null;
  contact_name: string | null;
  contact_phone: string | null;
  stream_url: string | null;
  position: number;
  created_at: number;
  retired_at: number | null;
}

export interface EventAgendaItemsTable {
  id: Generated<AgendaItemId>;
  event_id: EventId;
  position: number;
  starts_at: number;
  duration_minutes: number;
  content: string;
  responsible_unit_id: UnitId | null;
  responsible_name: string | null;
  media_id: string | null;
}

export interface EventGroupsTable {
  id: Generated<ParticipantGroupId>;
  event_id: EventId;
  name: string;
  position: number;
}

export interface EventQuotasTable {
  group_id: ParticipantGroupId;
  venue_id: VenueId;
  quota: number;
}

export interface EventInvitationsTable {
  id: Generated<InvitationId>;
  event_id: EventId;
  venue_id: VenueId;
  group_id: ParticipantGroupId | null;
  user_id: UserId;
  unit_id: UnitId | null;
  source: InvitationSource;
  secret: string;
  code: string;
  rsvp: Generated<InvitationRsvp>;
  rsvp_at: number | null;
  invited_by: UserId;
  created_at: number;
  cancelled_at: number | null;
  /** When the invitee was last reminded by text (invitations' migration). */
  reminded_at: Generated<number | null>;
}
