import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Counters dashboards read (rollups.ts); a subtree sums its units' rows.
  await db.schema
    .createTable('unit_daily')
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('registered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_active', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('unit_daily_pk', ['unit_id', 'day'])
    .execute();
  await db.schema
    .createTable('unit_course_daily')
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id'))
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('enrolled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('completed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('certified', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('unit_course_daily_pk', ['unit_id', 'course_id', 'day'])
    .execute();
  // The day (Vietnam time) of the learner's latest progress, which unit_daily.last_active counts.
  await db.schema.alterTable('users').addColumn('last_active_day', 'integer').execute();
}
