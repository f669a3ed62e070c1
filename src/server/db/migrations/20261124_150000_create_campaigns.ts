import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('campaigns'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // The campaign covers this unit's subtree; ranked are the communes, wards and special zones in it.
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('starts_on', 'integer', (c) => c.notNull())
    .addColumn('ends_on', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('course_ids', 'text', (c) => c.notNull())
    .addColumn('target_percent', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // A unit's own target, set by its manager, instead of the campaign's.
  await db.schema
    .createTable('campaign_targets')
    .addColumn('campaign_id', 'bigint', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('set_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('set_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_targets_pk', ['campaign_id', 'unit_id'])
    .execute();
}
