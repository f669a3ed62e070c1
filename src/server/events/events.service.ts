/**
 * Events: the launch ceremony and the smaller ones after it. This file is what the other event features
 * (invitations, check-in, the launch and the big screen, tasks, the budget) use: an event with its organiser unit,
 * its venues and programme, who may run it, and the invitation secrets.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { EventId, VenueId } from '../../shared/ids.js';
import type { Role } from '../../shared/limits.js';
import type { DbOrTx } from '../db/database.js';
import { notFound } from '../errors.js';
import { findAgendaOfEvent, findEventById, findVenueOfEvent, findVenuesOfEvent } from './events.queries.js';

export type { EventRow } from './events.queries.js';

/** Who runs an event: organisers whose grant reaches the event's unit. */
export const organiserRoles: readonly Role[] = ['organiser'];

/** One event with its organiser unit (code, path, name); undefined if there is none. */
export function findEvent(db: DbOrTx, id: EventId) {
  return findEventById(db, id);
}

/** The organiser unit of an event, for the policy of routes under /api/events/:id; a missing event is a 404. */
export async function unitCodeOfEvent(db: DbOrTx, id: EventId | undefined): Promise<string> {
  const event = id === undefined ? undefined : await findEventById(db, id);
  if (!event) throw notFound('event_not_found');
  return event.unit_code;
}

/** The venues of an event in their order, retired ones included (check `retired_at`). */
export function venuesOf(db: DbOrTx, eventId: EventId) {
  return findVenuesOfEvent(db, eventId);
}

/** One venue of this event; a venue of another event is a 404, as if it did not exist. */
export async function venueOf(db: DbOrTx, eventId: EventId, venueId: VenueId) {
  const venue = await findVenueOfEvent(db, eventId, venueId);
  if (!venue) throw notFound('venue_not_found');
  return venue;
}

/** The programme of an event in its order. */
export function agendaOf(db: DbOrTx, eventId: EventId) {
  return findAgendaOfEvent(db, eventId);
}

/** A new invitation secret: 192 random bits, 32 base64url characters (see shared/events.ts). */
export function newInvitationSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** What the door scanner's offline list holds of a secret, and compares a scan with: SHA-256 in hex. */
export function hashInvitationSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

// No 0/O, 1/I/L: the code is read aloud and typed at the door.
const codeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A short code for typing at the door: 6 characters, unique per event (the caller retries on a clash). */
export function newInvitationCode(): string {
  return Array.from({ length: 6 }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('');
}
