/**
 * Venues of an event: the main hall and the online bridge sites (điểm cầu), each hosted by a unit, with a contact
 * person and a stream link. A venue is retired, never deleted: invitations and check-ins keep pointing at it.
 */
import type { EventId, UnitId, VenueId } from '../../shared/ids.js';
import { translate } from '../../shared/i18n/translate.js';
import { formatPhoneNational, normalizeVietnameseMobile } from '../../shared/phone.js';
import { normalizeLine } from '../../shared/text.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { grantsReach, type ScopedGrant } from '../grants/grants.service.js';
import { findCurrentCommunesUnder, findUnitByCode } from '../units/units.service.js';
import type { NewVenueBody, Venue, VenuePatchBody } from './events.schema.js';
import { findEventById, findVenueOfEvent, findVenuesWithUnits, insertVenues, lastPosition, setVenuePositions, unitsWithLiveBridgeSite, updateVenue } from './events.queries.js';
import { type EventActor, organiserRoles } from './event-basics.js';

export interface OrganiserActor extends EventActor {
  grants: readonly ScopedGrant[];
}

type VenueRow = Awaited<ReturnType<typeof findVenuesWithUnits>>[number];

const present = (v: VenueRow): Venue => ({
  id: v.id,
  kind: v.kind,
  name: v.name,
  address: v.address,
  unit: v.unit_code ? { code: v.unit_code, name: v.unit_name!, fullName: v.unit_full_name!, kind: v.unit_kind! } : null,
  capacity: v.capacity,
  contactName: v.contact_name,
  contactPhone: v.contact_phone ? formatPhoneNational(v.contact_phone) : null,
  streamUrl: v.stream_url,
  position: v.position,
  retiredAt: v.retired_at === null ? null : new Date(v.retired_at).toISOString(),
});

export async function listVenues(db: DbOrTx, eventId: EventId): Promise<{ venues: Venue[] }> {
  return { venues: (await findVenuesWithUnits(db, eventId)).map(present) };
}

async function venueOf(db: DbOrTx, eventId: EventId, venueId: VenueId) {
  const venue = await findVenueOfEvent(db, eventId, venueId);
  if (!venue) throw notFound('venue_not_found');
  return venue;
}

async function eventUnitId(db: DbOrTx, eventId: EventId): Promise<UnitId> {
  const event = await findEventById(db, eventId);
  if (!event) throw notFound('event_not_found');
  return event.unit_id;
}

/** A unit named in a request must exist and lie within the organiser's reach. */
export async function unitInReach(db: DbOrTx, code: string, grants: readonly ScopedGrant[], field: string) {
  const unit = await findUnitByCode(db, code);
  if (!unit) throw new AppError('unit_not_found', 404, {}, { [field]: { key: 'error.unit_not_found' } });
  if (!organiserRoles.some((role) => grantsReach(grants, role, unit.path))) throw new AppError('venue_unit_out_of_reach', 403, {}, { [field]: { key: 'error.venue_unit_out_of_reach' } });
  return unit;
}

function streamUrl(raw: string | null): string | null {
  const text = raw?.trim() ?? '';
  if (text === '') return null;
  const url = URL.canParse(text) ? new URL(text) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw badRequest('venue_stream_url_invalid', {}, 'streamUrl');
  return url.href;
}

function contactPhone(raw: string | null): string | null {
  if (raw === null || raw.trim() === '') return null;
  const phone = normalizeVietnameseMobile(raw);
  if (!phone) throw badRequest('invalid_phone', {}, 'contactPhone');
  return phone;
}

const optionalLine = (raw: string | null) => (raw === null ? null : normalizeLine(raw) || null);

/** The columns a body sets, checked and normalised (the phone to +84…, the link to http/https). */
async function venueColumns(db: DbOrTx, body: VenuePatchBody, grants: readonly ScopedGrant[]) {
  const name = body.name === undefined ? undefined : normalizeLine(body.name);
  if (name === '') throw badRequest('invalid_input', {}, 'name');
  return {
    ...(body.kind === undefined ? {} : { kind: body.kind }),
    ...(name === undefined ? {} : { name }),
    ...(body.address === undefined ? {} : { address: normalizeLine(body.address) }),
    ...(body.unitCode === undefined ? {} : { unit_id: body.unitCode === null ? null : (await unitInReach(db, body.unitCode, grants, 'unitCode')).id }),
    ...(body.capacity === undefined ? {} : { capacity: body.capacity }),
    ...(body.contactName === undefined ? {} : { contact_name: optionalLine(body.contactName) }),
    ...(body.contactPhone === undefined ? {} : { contact_phone: contactPhone(body.contactPhone) }),
    ...(body.streamUrl === undefined ? {} : { stream_url: streamUrl(body.streamUrl) }),
  };
}

export async function addVenue(db: Db, eventId: EventId, body: NewVenueBody, actor: OrganiserActor): Promise<{ venues: Venue[] }> {
  const unitId = await eventUnitId(db, eventId);
  const columns = await venueColumns(db, body, actor.grants);
  await db.transaction().execute(async (trx) => {
    await insertVenues(trx, [
      {
        event_id: eventId,
        kind: body.kind,
        name: columns.name!,
        address: columns.address ?? '',
        unit_id: columns.unit_id ?? null,
        capacity: columns.capacity ?? null,
        contact_name: columns.contact_name ?? null,
        contact_phone: columns.contact_phone ?? null,
        stream_url: columns.stream_url ?? null,
        position: (await lastPosition(trx, 'event_venues', eventId)) + 1,
        created_at: actor.now,
        retired_at: null,
      },
    ]);
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event.venue_add', unitId, details: { eventId, name: columns.name! }, ip: actor.ip });
  });
  return listVenues(db, eventId);
}

export async function patchVenue(db: Db, eventId: EventId, venueId: VenueId, body: VenuePatchBody, actor: OrganiserActor): Promise<{ venues: Venue[] }> {
  const unitId = await eventUnitId(db, eventId);
  await venueOf(db, eventId, venueId);
  const columns = await venueColumns(db, body, actor.grants);
  await db.transaction().execute(async (trx) => {
    await updateVenue(trx, venueId, columns);
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event.venue_update', unitId, details: { eventId, venueId, fields: Object.keys(body).join(',') }, ip: actor.ip });
  });
  return listVenues(db, eventId);
}

/** Retired venues stay listed (with their invitations) but leave the public page; retiring twice changes nothing. */
export async function retireVenue(db: Db, eventId: EventId, venueId: VenueId, actor: OrganiserActor): Promise<{ venues: Venue[] }> {
  const unitId = await eventUnitId(db, eventId);
  const venue = await venueOf(db, eventId, venueId);
  if (venue.retired_at === null) {
    await db.transaction().execute(async (trx) => {
      await updateVenue(trx, venueId, { retired_at: actor.now });
      await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event.venue_retire', unitId, details: { eventId, venueId }, ip: actor.ip });
    });
  }
  return listVenues(db, eventId);
}

export async function reorderVenues(db: Db, eventId: EventId, ids: readonly VenueId[]): Promise<{ venues: Venue[] }> {
  const current = await findVenuesWithUnits(db, eventId);
  if (ids.length !== current.length || !current.every((v) => ids.includes(v.id))) throw badRequest('event_reorder_mismatch', {}, 'ids');
  await db.transaction().execute((trx) => setVenuePositions(trx, eventId, ids));
  return listVenues(db, eventId);
}

/** "Phường Long Xuyên" → "phường Long Xuyên": the kind is a common noun inside a name. */
const lowerKind = (fullName: string) => fullName.charAt(0).toLocaleLowerCase('vi') + fullName.slice(1);

/**
 * One bridge site for every current commune, ward and special zone under a unit (the unit itself, if it is one),
 * named after its People's Committee. Communes that already host a live bridge site are skipped, so running it
 * again adds nothing.
 */
export async function addBridgeSites(db: Db, eventId: EventId, unitCode: string, actor: OrganiserActor): Promise<{ added: number; venues: Venue[] }> {
  const eventUnit = await eventUnitId(db, eventId);
  const root = await unitInReach(db, unitCode, actor.grants, 'unitCode');
  const added = await db.transaction().execute(async (trx) => {
    const [communes, hosting] = await Promise.all([findCurrentCommunesUnder(trx, root.path), unitsWithLiveBridgeSite(trx, eventId)]);
    const missing = communes.filter((c) => !hosting.has(c.id));
    const first = (await lastPosition(trx, 'event_venues', eventId)) + 1;
    await insertVenues(
      trx,
      missing.map((c, i) => ({
        event_id: eventId,
        kind: 'bridge' as const,
        name: translate('vi', 'events.bridgeSiteName', { unit: lowerKind(c.full_name) }),
        address: c.full_name,
        unit_id: c.id,
        capacity: null,
        contact_name: null,
        contact_phone: null,
        stream_url: null,
        position: first + i,
        created_at: actor.now,
        retired_at: null,
      })),
    );
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event.bridge_sites_add', unitId: eventUnit, details: { eventId, unitCode: root.code, added: missing.length }, ip: actor.ip });
    return missing.length;
  });
  return { added, ...(await listVenues(db, eventId)) };
}

