import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/** Weekly reports are delivered: who asked for a unit's report, and the notices on their home page when one is made. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_subscribers')
    .addColumn('schedule_id', 'bigint', (c) => c.notNull().references('report_schedules.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_subscribers_pk', ['schedule_id', 'user_id'])
    .execute();
  await withIdColumn(db, db.schema.createTable('report_notices'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('report_id', 'bigint', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .addUniqueConstraint('report_notices_unique', ['report_id', 'user_id'])
    .execute();
  await db.schema.createIndex('report_notices_user_idx').on('report_notices').columns(['user_id', 'read_at']).execute();
}
