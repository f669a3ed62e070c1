/**
 * Events: the launch ceremony and the smaller ones after it. This file is what the other event features
 * (invitations, check-in, the launch and the big screen, tasks, the budget) use: an event with its organiser unit,
 * its venues and programme, who may run it, and the invitation secrets.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { type EventStatus, eventStatuses, nowAndNext } from '../../shared/events.js';
import type { EventId, VenueId } from '../../shared/ids.js';
import { foldForSearch, normalizeLine } from '../../shared/text.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { reachRoots, type ScopedGrant } from '../grants/grants.service.js';
import { findMediaById, mediaUrl, originalFile, toReference } from '../media/media.service.js';
import { checkMediaId, type EventActor, eventWhen } from './event-basics.js';
import type { UnitRow } from '../units/units.service.js';
import type { EventDetail, EventPatchBody, NewEventBody, PublicEvent } from './events.schema.js';
import {
  type EventRow,
  findAgendaOfEvent,
  findAgendaWithUnits,
  findEventById,
  findEventBySlug,
  findEventsUnder,
  findVenueOfEvent,
  findVenuesOfEvent,
  findVenuesWithUnits,
  insertEvent,
  slugsStartingWith,
  updateEvent,
} from './events.queries.js';
import type { PageMeta, PagePreview } from '../pwa/pwa.service.js';

export { type EventActor, organiserRoles } from './event-basics.js';
export { addBridgeSites, addVenue } from './event-venues.js';
export { addAgendaItem } from './event-programme.js';


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

// ----------------------------------------------------------------------------- events


const iso = (ms: number) => new Date(ms).toISOString();

/** The address of a media-library image or clip by its id; null when there is none (or it is gone). */
async function mediaAddress(db: DbOrTx, id: string | number | null): Promise<string | null> {
  if (id === null) return null;
  const media = await findMediaById(db, Number(id));
  return media ? mediaUrl(toReference(media), originalFile(toReference(media))) : null;
}


function nextStatusOf(status: EventStatus): EventStatus | null {
  return eventStatuses[eventStatuses.indexOf(status) + 1] ?? null;
}

async function presentEvent(db: DbOrTx, row: EventRow): Promise<EventDetail> {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    mode: row.mode,
    status: row.status,
    unit: { code: row.unit_code, name: row.unit_name, fullName: row.unit_full_name, kind: row.unit_kind },
    imageMediaId: row.image_media_id === null ? null : Number(row.image_media_id),
    imageUrl: await mediaAddress(db, row.image_media_id),
    nextStatus: nextStatusOf(row.status),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Events of the units an organiser's grants reach (their subtrees), the latest first. */
export function eventsInReach(db: DbOrTx, grants: readonly ScopedGrant[]) {
  return findEventsUnder(db, reachRoots(grants, 'organiser'));
}

export async function listMyEvents(db: DbOrTx, grants: readonly ScopedGrant[]): Promise<{ events: EventDetail[] }> {
  const rows = await eventsInReach(db, grants);
  return { events: await Promise.all(rows.map((row) => presentEvent(db, row))) };
}

async function eventOrThrow(db: DbOrTx, id: EventId): Promise<EventRow> {
  const event = await findEventById(db, id);
  if (!event) throw notFound('event_not_found');
  return event;
}

export async function describeEvent(db: DbOrTx, id: EventId): Promise<EventDetail> {
  return presentEvent(db, await eventOrThrow(db, id));
}

/** "Lễ phát động “Bình dân học vụ số”" → "le-phat-dong-binh-dan-hoc-vu-so"; a taken one gets -2, -3… */
async function uniqueSlug(db: DbOrTx, title: string): Promise<string> {
  const base = foldForSearch(title).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80).replace(/-+$/, '') || 'su-kien';
  const taken = await slugsStartingWith(db, base);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function checkTimes(startsAt: number, endsAt: number) {
  if (!(endsAt > startsAt)) throw badRequest('event_ends_before_start', {}, 'endsAt');
}

function cleanTitle(raw: string): string {
  const title = normalizeLine(raw);
  if (!/\p{L}/u.test(title)) throw badRequest('event_title_invalid', {}, 'title');
  return title;
}

/** The id of the event at /events/<slug>, whatever its status (the demo seed finds the launch ceremony so). */
export async function eventIdBySlug(db: DbOrTx, slug: string): Promise<EventId | undefined> {
  return (await findEventBySlug(db, slug))?.id;
}

/** A draft event of the unit; `slug` fixes the address instead of folding the title (the demo's launch ceremony). */
export async function createEvent(db: Db, unit: UnitRow, body: NewEventBody, actor: EventActor, slug?: string): Promise<EventDetail> {
  const startsAt = Date.parse(body.startsAt);
  const endsAt = Date.parse(body.endsAt);
  checkTimes(startsAt, endsAt);
  const title = cleanTitle(body.title);
  if (body.imageMediaId) await checkMediaId(db, body.imageMediaId, ['image'], 'imageMediaId');
  const id = await db.transaction().execute(async (trx) => {
    const id = await insertEvent(trx, {
      unit_id: unit.id,
      slug: slug ?? (await uniqueSlug(trx, title)),
      title,
      description: (body.description ?? '').trim(),
      starts_at: startsAt,
      ends_at: endsAt,
      mode: body.mode,
      status: 'draft',
      image_media_id: body.imageMediaId ? String(body.imageMediaId) : null,
      created_by: actor.userId,
      created_at: actor.now,
      updated_at: actor.now,
    });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event.create', unitId: unit.id, details: { eventId: id }, ip: actor.ip });
    return id;
  });
  return describeEvent(db, id);
}

/** Title, description, times, mode and image; the slug stays, so links already shared keep working. */
export async function patchEvent(db: Db, id: EventId, body: EventPatchBody, actor: EventActor): Promise<EventDetail> {
  const event = await eventOrThrow(db, id);
  const startsAt = body.startsAt === undefined ? event.starts_at : Date.parse(body.startsAt);
  const endsAt = body.endsAt === undefined ? event.ends_at : Date.parse(body.endsAt);
  checkTimes(startsAt, endsAt);
  if (body.imageMediaId) await checkMediaId(db, body.imageMediaId, ['image'], 'imageMediaId');
  await db.transaction().execute(async (trx) => {
    await updateEvent(trx, id, {
      ...(body.title === undefined ? {} : { title: cleanTitle(body.title) }),
      ...(body.description === undefined ? {} : { description: body.description.trim() }),
      ...(body.mode === undefined ? {} : { mode: body.mode }),
      ...(body.imageMediaId === undefined ? {} : { image_media_id: body.imageMediaId === null ? null : String(body.imageMediaId) }),
      starts_at: startsAt,
      ends_at: endsAt,
      updated_at: actor.now,
    });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event.update', unitId: event.unit_id, details: { eventId: id, fields: Object.keys(body).join(',') }, ip: actor.ip });
  });
  return describeEvent(db, id);
}

/**
 * Moves the event one step forward (draft → published → live → ended). Asking for the status it already has
 * changes nothing (a retried tap); going back or skipping a step is a 409.
 */
export async function moveEventStatus(db: Db, id: EventId, status: EventStatus, actor: EventActor): Promise<EventDetail> {
  const event = await eventOrThrow(db, id);
  if (status === event.status) return presentEvent(db, event);
  if (status !== nextStatusOf(event.status)) throw conflict('event_status_not_next', { status: event.status, next: nextStatusOf(event.status) ?? '—' });
  await db.transaction().execute(async (trx) => {
    // Only from the status read above: two organisers pressing at once move it once.
    const moved = await trx.updateTable('events').set({ status, updated_at: actor.now }).where('id', '=', id).where('status', '=', event.status).executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) return;
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: `event.${status}`, unitId: event.unit_id, details: { eventId: id, from: event.status }, ip: actor.ip });
  });
  return describeEvent(db, id);
}

// ----------------------------------------------------------------------------- the public page

const isPublic = (event: EventRow | undefined): event is EventRow => event !== undefined && event.status !== 'draft';

function responsibleText(item: { unit_full_name: string | null; responsible_name: string | null }): string {
  return [item.unit_full_name, item.responsible_name].filter(Boolean).join(' – ');
}

/** What anyone may see of a published (live, ended) event: no contact details; now/next on the server clock. */
export async function publicEvent(db: DbOrTx, slug: string, now: number): Promise<PublicEvent> {
  const event = await findEventBySlug(db, slug);
  if (!isPublic(event)) throw notFound('event_not_found');
  const [venues, agenda] = await Promise.all([findVenuesWithUnits(db, event.id), findAgendaWithUnits(db, event.id)]);
  const slots = agenda.map((item) => ({ startsAt: item.starts_at, durationMinutes: item.duration_minutes, content: item.content, responsible: responsibleText(item) }));
  const current = nowAndNext(slots, now);
  const publicItem = (p: (typeof slots)[number] | null) => (p ? { ...p, startsAt: iso(p.startsAt) } : null);
  return {
    slug: event.slug,
    title: event.title,
    description: event.description,
    startsAt: iso(event.starts_at),
    endsAt: iso(event.ends_at),
    mode: event.mode,
    status: event.status,
    organiser: event.unit_full_name,
    imageUrl: await mediaAddress(db, event.image_media_id),
    venues: venues.filter((v) => v.retired_at === null).map((v) => ({ kind: v.kind, name: v.name, address: v.address, streamUrl: v.stream_url })),
    programme: slots.map((p) => ({ ...p, startsAt: iso(p.startsAt) })),
    now: publicItem(current.now),
    next: publicItem(current.next),
    serverTime: iso(now),
  };
}



const eventPathPattern = /^\/events\/([a-z0-9-]{1,100})\/?$/;

/** The link preview of /events/<slug> (title, time in Vietnamese, the image): for pwaRoutes' `previews`. */
export function eventPagePreview(db: DbOrTx): PagePreview {
  return async (pathname): Promise<PageMeta | undefined> => {
    const slug = eventPathPattern.exec(pathname)?.[1];
    if (!slug) return undefined;
    const event = await findEventBySlug(db, slug);
    if (!isPublic(event)) return undefined;
    const image = await mediaAddress(db, event.image_media_id);
    const summary = event.description.replace(/[#*_>`[\]()!-]+/g, ' ').trim();
    return { title: event.title, description: [eventWhen(event.starts_at, event.ends_at), event.unit_name, summary].filter(Boolean).join(' · '), ...(image ? { image } : {}) };
  };
}

// ----------------------------------------------------------------------------- personal data

/** A venue's contact person may be someone with an account: what the venues say of their phone number. */
export const venueContactsPersonalData: PersonalDataHandler = {
  table: 'event_venues',
  export: async (db, userId) => {
    const user = await db.selectFrom('users').select('phone').where('id', '=', userId).executeTakeFirst();
    if (!user) return [];
    return db.selectFrom('event_venues').select(['event_id', 'name', 'contact_name', 'contact_phone']).where('contact_phone', '=', user.phone).execute();
  },
  erase: async (trx, userId) => {
    const user = await trx.selectFrom('users').select('phone').where('id', '=', userId).executeTakeFirst();
    if (user) await trx.updateTable('event_venues').set({ contact_name: null, contact_phone: null }).where('contact_phone', '=', user.phone).execute();
  },
};
