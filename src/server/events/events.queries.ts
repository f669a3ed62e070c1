import type { Insertable, Updateable } from 'kysely';
import type { AgendaItemId, EventId, UnitId, VenueId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import type { EventAgendaItemsTable, EventsTable, EventVenuesTable } from './events.table.js';

const eventColumns = [
  'events.id',
  'events.unit_id',
  'events.slug',
  'events.title',
  'events.description',
  'events.starts_at',
  'events.ends_at',
  'events.mode',
  'events.status',
  'events.image_media_id',
  'events.created_by',
  'events.created_at',
  'events.updated_at',
  'units.code as unit_code',
  'units.path as unit_path',
  'units.name as unit_name',
  'units.full_name as unit_full_name',
  'units.kind as unit_kind',
] as const;

export function findEventById(db: DbOrTx, id: EventId) {
  return db.selectFrom('events').innerJoin('units', 'units.id', 'events.unit_id').select(eventColumns).where('events.id', '=', id).executeTakeFirst();
}

export type EventRow = NonNullable<Awaited<ReturnType<typeof findEventById>>>;

export function findVenuesOfEvent(db: DbOrTx, eventId: EventId) {
  return db.selectFrom('event_venues').selectAll().where('event_id', '=', eventId).orderBy('position').orderBy('id').execute();
}

export function findVenueOfEvent(db: DbOrTx, eventId: EventId, venueId: VenueId) {
  return db.selectFrom('event_venues').selectAll().where('event_id', '=', eventId).where('id', '=', venueId).executeTakeFirst();
}

export function findAgendaOfEvent(db: DbOrTx, eventId: EventId) {
  return db.selectFrom('event_agenda_items').selectAll().where('event_id', '=', eventId).orderBy('position').orderBy('starts_at').execute();
}

export function findEventBySlug(db: DbOrTx, slug: string) {
  return db.selectFrom('events').innerJoin('units', 'units.id', 'events.unit_id').select(eventColumns).where('events.slug', '=', slug).executeTakeFirst();
}

/** Events of units under any of these paths, the latest first. */
export function findEventsUnder(db: DbOrTx, paths: readonly string[]) {
  if (paths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('events')
    .innerJoin('units', 'units.id', 'events.unit_id')
    .select(eventColumns)
    .where((eb) => eb.or(paths.map((p) => eb('units.path', 'like', `${p}%`))))
    .orderBy('events.starts_at', 'desc')
    .orderBy('events.id', 'desc')
    .limit(500)
    .execute();
}

export async function slugsStartingWith(db: DbOrTx, base: string): Promise<Set<string>> {
  const rows = await db.selectFrom('events').select('slug').where('slug', 'like', `${base}%`).execute();
  return new Set(rows.map((r) => r.slug));
}

export async function insertEvent(db: DbOrTx, row: Insertable<EventsTable>): Promise<EventId> {
  return (await db.insertInto('events').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateEvent(db: DbOrTx, id: EventId, changes: Updateable<EventsTable>): Promise<void> {
  await db.updateTable('events').set(changes).where('id', '=', id).execute();
}

/** Venues with the unit hosting each (if any), in their order. */
export function findVenuesWithUnits(db: DbOrTx, eventId: EventId) {
  return db
    .selectFrom('event_venues')
    .leftJoin('units as venue_unit', 'venue_unit.id', 'event_venues.unit_id')
    .selectAll('event_venues')
    .select(['venue_unit.code as unit_code', 'venue_unit.name as unit_name', 'venue_unit.full_name as unit_full_name', 'venue_unit.kind as unit_kind'])
    .where('event_venues.event_id', '=', eventId)
    .orderBy('event_venues.position')
    .orderBy('event_venues.id')
    .execute();
}

export async function insertVenues(db: DbOrTx, rows: readonly Insertable<EventVenuesTable>[]): Promise<void> {
  // Chunks keep each statement under SQLite's bound-parameter limit (a province has about a hundred communes).
  for (let i = 0; i < rows.length; i += 50) await db.insertInto('event_venues').values(rows.slice(i, i + 50)).execute();
}

// An empty change (a PATCH with no known field) writes nothing: SQL has no UPDATE without SET.
export async function updateVenue(db: DbOrTx, id: VenueId, changes: Updateable<EventVenuesTable>): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('event_venues').set(changes).where('id', '=', id).execute();
}

export async function lastPosition(db: DbOrTx, table: 'event_venues' | 'event_agenda_items', eventId: EventId): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.max('position').as('last')).where('event_id', '=', eventId).executeTakeFirst();
  return Number(row?.last ?? 0);
}

export async function setVenuePositions(db: DbOrTx, eventId: EventId, ids: readonly VenueId[]): Promise<void> {
  for (const [index, id] of ids.entries()) await db.updateTable('event_venues').set({ position: index + 1 }).where('event_id', '=', eventId).where('id', '=', id).execute();
}

export async function setAgendaPositions(db: DbOrTx, eventId: EventId, ids: readonly AgendaItemId[]): Promise<void> {
  for (const [index, id] of ids.entries()) await db.updateTable('event_agenda_items').set({ position: index + 1 }).where('event_id', '=', eventId).where('id', '=', id).execute();
}

/** The units that already host a live bridge site of the event. */
export async function unitsWithLiveBridgeSite(db: DbOrTx, eventId: EventId): Promise<Set<UnitId>> {
  const rows = await db.selectFrom('event_venues').select('unit_id').where('event_id', '=', eventId).where('kind', '=', 'bridge').where('retired_at', 'is', null).where('unit_id', 'is not', null).execute();
  return new Set(rows.map((r) => r.unit_id!));
}

/** The programme with the responsible unit of each item (if any), in its order. */
export function findAgendaWithUnits(db: DbOrTx, eventId: EventId) {
  return db
    .selectFrom('event_agenda_items')
    .leftJoin('units as responsible_unit', 'responsible_unit.id', 'event_agenda_items.responsible_unit_id')
    .selectAll('event_agenda_items')
    .select(['responsible_unit.code as unit_code', 'responsible_unit.name as unit_name', 'responsible_unit.full_name as unit_full_name', 'responsible_unit.kind as unit_kind'])
    .where('event_agenda_items.event_id', '=', eventId)
    .orderBy('event_agenda_items.position')
    .orderBy('event_agenda_items.starts_at')
    .execute();
}

export async function insertAgendaItem(db: DbOrTx, row: Insertable<EventAgendaItemsTable>): Promise<void> {
  await db.insertInto('event_agenda_items').values(row).execute();
}

export async function findAgendaItem(db: DbOrTx, eventId: EventId, id: AgendaItemId) {
  return db.selectFrom('event_agenda_items').selectAll().where('event_id', '=', eventId).where('id', '=', id).executeTakeFirst();
}

export async function updateAgendaItem(db: DbOrTx, id: AgendaItemId, changes: Updateable<EventAgendaItemsTable>): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('event_agenda_items').set(changes).where('id', '=', id).execute();
}

export async function deleteAgendaItem(db: DbOrTx, id: AgendaItemId): Promise<void> {
  await db.deleteFrom('event_agenda_items').where('id', '=', id).execute();
}
