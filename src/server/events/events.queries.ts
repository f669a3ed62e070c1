import type { EventId, VenueId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';

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
