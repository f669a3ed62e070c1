import type { Kysely } from 'kysely';
import { isPostgres, withIdColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('report_schedules'))
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    // 1 = Monday … 7 = Sunday (Vietnam time): the report of the 7 days before is made that morning.
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // The day a report was last made: claiming it is how one process, and only one, makes the next.
    .addColumn('last_run_day', 'integer')
    .addUniqueConstraint('report_schedules_unit_unique', ['unit_id'])
    .execute();
  await withIdColumn(db, db.schema.createTable('reports'))
    .addColumn('schedule_id', 'bigint', (c) => c.references('report_schedules.id').onDelete('set null'))
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('period_from', 'integer', (c) => c.notNull())
    .addColumn('period_to', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('content', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_unit_idx').on('reports').columns(['unit_id', 'created_at']).execute();
}
