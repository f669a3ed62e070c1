import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * Events (the launch ceremony and the smaller ones after it): the event, its venues (the main hall and the online
 * bridge sites), its programme, its participant groups with a quota per venue, and the invitations. Check-in, the
 * launch, tasks and the budget keep their own tables.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('events'))
    // The organiser unit: organisers (and admins) over it run the event.
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    // The public page's address part (/events/<slug>), unique across events.
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    // Markdown.
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    // in_person, online or hybrid.
    .addColumn('mode', 'text', (c) => c.notNull())
    // draft → published → live → ended.
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    // An image from the media library for the page and its link preview.
    .addColumn('image_media_id', 'text')
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_unit_idx').on('events').columns(['unit_id', 'starts_at']).execute();

  await withIdColumn(db, db.schema.createTable('event_venues'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('events.id'))
    // main (the hall) or bridge (an online bridge site, điểm cầu).
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    // The unit hosting the site (a commune's People's Committee); its managers invite locally.
    .addColumn('unit_id', 'bigint', (c) => c.references('units.id'))
    .addColumn('capacity', 'integer')
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('stream_url', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('retired_at', 'bigint')
    .execute();
  await db.schema.createIndex('event_venues_event_idx').on('event_venues').columns(['event_id', 'position']).execute();
  await db.schema.createIndex('event_venues_unit_idx').on('event_venues').columns(['event_id', 'unit_id']).execute();

  await withIdColumn(db, db.schema.createTable('event_agenda_items'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('events.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    // Who is responsible: a unit, or a named person (free text), or both.
    .addColumn('responsible_unit_id', 'bigint', (c) => c.references('units.id'))
    .addColumn('responsible_name', 'text')
    // A clip from the media library, played on the big screen.
    .addColumn('media_id', 'text')
    .execute();
  await db.schema.createIndex('event_agenda_event_idx').on('event_agenda_items').columns(['event_id', 'position']).execute();

  await withIdColumn(db, db.schema.createTable('event_groups'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('events.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_groups_event_idx').on('event_groups').column('event_id').execute();

  // How many people of a group a venue takes; no row means the group has no seats there.
  await db.schema
    .createTable('event_quotas')
    .addColumn('group_id', 'bigint', (c) => c.notNull().references('event_groups.id'))
    .addColumn('venue_id', 'bigint', (c) => c.notNull().references('event_venues.id'))
    .addColumn('quota', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_quotas_pk', ['group_id', 'venue_id'])
    .execute();

  await withIdColumn(db, db.schema.createTable('event_invitations'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('events.id'))
    .addColumn('venue_id', 'bigint', (c) => c.notNull().references('event_venues.id'))
    .addColumn('group_id', 'bigint', (c) => c.references('event_groups.id'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    // The unit that named this person when it was asked to fill a quota, if any.
    .addColumn('unit_id', 'bigint', (c) => c.references('units.id'))
    // named, unit, import, walk_in (registered at the door), door_signup (signed up at the door).
    .addColumn('source', 'text', (c) => c.notNull())
    // The secret of the personal QR and link. Kept (not only hashed) so the person's app and the organiser can show
    // the QR again; it admits one person to one event and nothing else. Door scanners get only its SHA-256.
    .addColumn('secret', 'text', (c) => c.notNull().unique())
    // A short code printed under the QR, typed at the door when the QR cannot be read; unique per event.
    .addColumn('code', 'text', (c) => c.notNull())
    // pending, accepted or declined.
    .addColumn('rsvp', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('rsvp_at', 'bigint')
    .addColumn('invited_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at', 'bigint')
    .execute();
  await db.schema.createIndex('event_invitations_code_idx').on('event_invitations').columns(['event_id', 'code']).unique().execute();
  await db.schema.createIndex('event_invitations_person_idx').on('event_invitations').columns(['event_id', 'user_id']).unique().execute();
  await db.schema.createIndex('event_invitations_user_idx').on('event_invitations').column('user_id').execute();
  await db.schema.createIndex('event_invitations_venue_idx').on('event_invitations').columns(['venue_id', 'group_id']).execute();
}
