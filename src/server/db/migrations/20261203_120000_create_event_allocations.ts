import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * Invitations (issue 14): seats of a group at a venue handed to a unit, whose managers name its people; and when an
 * invitee was last reminded by text, so that pressing "remind" twice does not text anyone twice within 12 hours.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('event_allocations'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('events.id'))
    .addColumn('venue_id', 'bigint', (c) => c.notNull().references('event_venues.id'))
    .addColumn('group_id', 'bigint', (c) => c.notNull().references('event_groups.id'))
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    // Reserved out of the group's quota at the venue; the unit's managers name up to this many people.
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_allocations_slot_idx').on('event_allocations').columns(['event_id', 'venue_id', 'group_id', 'unit_id']).unique().execute();
  await db.schema.createIndex('event_allocations_unit_idx').on('event_allocations').column('unit_id').execute();
  await db.schema.alterTable('event_invitations').addColumn('reminded_at', 'bigint').execute();
}
