/**
 * Live attendance of an event: per venue and per participant group, the quota against invited, accepted, checked in
 * and registered at the door; and the scans that were not counted (a second door, the wrong door).
 */
import type { EventId, ParticipantGroupId, VenueId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import { notFound } from '../errors.js';
import { findEvent, venuesOf } from '../events/events.service.js';
import type { Attendance } from './checkin.schema.js';
import { countInvitationsOfEvent, findConflicts, findGroupsOfEvent, findQuotasOfEvent } from './checkin.queries.js';

type Figures = Attendance['totals'];
const zero = (): Figures => ({ quota: null, invited: 0, accepted: 0, checkedIn: 0, atDoor: 0 });

function add(into: Figures, from: Figures): void {
  if (from.quota !== null) into.quota = (into.quota ?? 0) + from.quota;
  into.invited += from.invited;
  into.accepted += from.accepted;
  into.checkedIn += from.checkedIn;
  into.atDoor += from.atDoor;
}

export async function attendanceOf(db: DbOrTx, eventId: EventId, now: number): Promise<Attendance> {
  const event = await findEvent(db, eventId);
  if (!event) throw notFound('event_not_found');
  const [venues, groups, quotas, counts, conflicts] = await Promise.all([
    venuesOf(db, eventId),
    findGroupsOfEvent(db, eventId),
    findQuotasOfEvent(db, eventId),
    countInvitationsOfEvent(db, eventId),
    findConflicts(db, eventId),
  ]);
  const key = (venueId: VenueId, groupId: ParticipantGroupId | null) => `${venueId}:${groupId ?? ''}`;
  const cells = new Map<string, Figures>();
  const cell = (venueId: VenueId, groupId: ParticipantGroupId | null) => {
    let figures = cells.get(key(venueId, groupId));
    if (!figures) cells.set(key(venueId, groupId), (figures = zero()));
    return figures;
  };
  for (const q of quotas) cell(q.venue_id, q.group_id).quota = q.quota;
  for (const c of counts) {
    add(cell(c.venue_id, c.group_id), { quota: null, invited: Number(c.invited), accepted: Number(c.accepted ?? 0), checkedIn: Number(c.checked_in), atDoor: Number(c.at_door ?? 0) });
  }
  const venueNames = new Map(venues.map((v) => [v.id, v.name]));
  const venueRef = (id: VenueId | null) => (id === null ? null : { id, name: venueNames.get(id) ?? '' });
  const totals = zero();
  const perVenue = venues
    .filter((v) => v.retired_at === null || [...cells.keys()].some((k) => k.startsWith(`${v.id}:`)))
    .map((v) => {
      const rows = [...groups.map((g) => ({ id: g.id as ParticipantGroupId | null, name: g.name as string | null })), { id: null, name: null }]
        .filter((g) => cells.has(key(v.id, g.id)))
        .map((g) => ({ ...g, ...cells.get(key(v.id, g.id))! }));
      const figures = zero();
      for (const r of rows) add(figures, r);
      add(totals, figures);
      return { id: v.id, name: v.name, ...figures, groups: rows };
    });
  return {
    eventId,
    title: event.title,
    startsAt: new Date(event.starts_at).toISOString(),
    asOf: new Date(now).toISOString(),
    venues: perVenue,
    totals,
    conflicts: conflicts.map((c) => ({
      result: c.result as 'conflict' | 'wrong_venue',
      fullName: c.full_name,
      scannedAt: new Date(Number(c.scanned_at)).toISOString(),
      venue: { id: c.venue_id, name: c.venue_name },
      belongsAt: venueRef(c.result === 'conflict' ? c.counted_venue_id : c.invited_venue_id),
    })),
  };
}
