/**
 * Events for tests of the event features: an event of a unit, its venues, groups with quotas, and invitations
 * whose secret the test keeps (the database has only its hash), as the features' own services would write them.
 */
import type { Db } from '../src/server/db/database.js';
import { newInvitationCode, newInvitationSecret } from '../src/server/events/events.service.js';
import type { EventMode, EventStatus, InvitationSource, VenueKind } from '../src/shared/events.js';
import type { EventId, InvitationId, ParticipantGroupId, UserId, VenueId } from '../src/shared/ids.js';
import { unitIdOf } from './factories.js';

let sequence = 0;

export async function buildEvent(
  db: Db,
  e: { unitCode: string; createdBy: UserId; title?: string; startsAt?: number; endsAt?: number; mode?: EventMode; status?: EventStatus },
): Promise<EventId> {
  sequence += 1;
  const startsAt = e.startsAt ?? Date.UTC(2025, 4, 19, 0, 30);
  const row = await db
    .insertInto('events')
    .values({
      unit_id: await unitIdOf(db, e.unitCode),
      slug: `su-kien-${sequence}-${Math.random().toString(36).slice(2, 8)}`,
      title: e.title ?? `Sự kiện ${sequence}`,
      description: '',
      starts_at: startsAt,
      ends_at: e.endsAt ?? startsAt + 2 * 3_600_000,
      mode: e.mode ?? 'hybrid',
      status: e.status ?? 'published',
      image_media_id: null,
      created_by: e.createdBy,
      created_at: startsAt - 86_400_000,
      updated_at: startsAt - 86_400_000,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function buildVenue(db: Db, v: { eventId: EventId; name?: string; kind?: VenueKind; unitCode?: string; capacity?: number }): Promise<VenueId> {
  sequence += 1;
  const row = await db
    .insertInto('event_venues')
    .values({
      event_id: v.eventId,
      kind: v.kind ?? 'main',
      name: v.name ?? `Hội trường ${sequence}`,
      address: '16C Tôn Đức Thắng, Long Xuyên',
      unit_id: v.unitCode ? await unitIdOf(db, v.unitCode) : null,
      capacity: v.capacity ?? null,
      contact_name: null,
      contact_phone: null,
      stream_url: null,
      position: sequence,
      created_at: 0,
      retired_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A participant group with a quota at each venue given. */
export async function buildGroup(db: Db, g: { eventId: EventId; name: string; quotas: ReadonlyArray<{ venueId: VenueId; quota: number }> }): Promise<ParticipantGroupId> {
  sequence += 1;
  const row = await db.insertInto('event_groups').values({ event_id: g.eventId, name: g.name, position: sequence }).returning('id').executeTakeFirstOrThrow();
  for (const q of g.quotas) await db.insertInto('event_quotas').values({ group_id: row.id, venue_id: q.venueId, quota: q.quota }).execute();
  return row.id;
}

/** An invitation and the secret of its QR (`${origin}/invite#${secret}`). */
export async function buildInvitation(
  db: Db,
  i: { eventId: EventId; venueId: VenueId; groupId?: ParticipantGroupId | null; userId: UserId; invitedBy: UserId; source?: InvitationSource },
): Promise<{ id: InvitationId; secret: string; code: string }> {
  const secret = newInvitationSecret();
  const code = newInvitationCode();
  const row = await db
    .insertInto('event_invitations')
    .values({
      event_id: i.eventId,
      venue_id: i.venueId,
      group_id: i.groupId ?? null,
      user_id: i.userId,
      unit_id: null,
      source: i.source ?? 'named',
      secret,
      code,
      rsvp_at: null,
      invited_by: i.invitedBy,
      created_at: 0,
      cancelled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, secret, code };
}
