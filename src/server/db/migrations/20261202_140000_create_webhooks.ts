import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('webhook_endpoints'))
    .addColumn('url', 'text', (c) => c.notNull())
    // JSON array of event types the endpoint hears.
    .addColumn('events', 'text', (c) => c.notNull())
    // Only events within this unit's subtree are sent.
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    // whsec_…: kept to sign with (HMAC needs the key itself); shown to the admin once.
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .addColumn('created_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await withIdColumn(db, db.schema.createTable('webhook_deliveries'))
    .addColumn('endpoint_id', 'bigint', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
    // The webhook-id header: the same on every attempt, so that receivers can drop repeats.
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    // The exact JSON body sent (signed as is).
    .addColumn('body', 'text', (c) => c.notNull())
    // The learner the event is about, so that erasing a person takes their deliveries with them.
    .addColumn('user_id', 'bigint', (c) => c.references('users.id').onDelete('cascade'))
    // pending | delivered | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_status_code', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  // One delivery per endpoint and event, however often the fan-out job runs.
  await db.schema.createIndex('webhook_deliveries_event_idx').on('webhook_deliveries').columns(['endpoint_id', 'event_id']).unique().execute();
  await db.schema.createIndex('webhook_deliveries_user_idx').on('webhook_deliveries').column('user_id').execute();
  await withIdColumn(db, db.schema.createTable('webhook_attempts'))
    .addColumn('delivery_id', 'bigint', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
    .addColumn('attempted_at', 'bigint', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    // The first few hundred characters of the answer, for the admin reading the log; never more.
    .addColumn('response_excerpt', 'text')
    .execute();
  await db.schema.createIndex('webhook_attempts_delivery_idx').on('webhook_attempts').column('delivery_id').execute();
}
