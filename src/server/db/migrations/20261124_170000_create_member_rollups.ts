import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Members by group where they are members (rollups.ts): what targets like "80 % of officials" are measured on.
  await db.schema
    .createTable('member_daily')
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('member_group', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('members', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('member_daily_pk', ['unit_id', 'member_group', 'day'])
    .execute();
  await db.schema
    .createTable('member_course_daily')
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('member_group', 'text', (c) => c.notNull())
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id'))
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('completed', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('member_course_daily_pk', ['unit_id', 'member_group', 'course_id', 'day'])
    .execute();
  await db.schema.alterTable('campaigns').addColumn('audience_groups', 'text', (c) => c.notNull().defaultTo('[]')).execute();
}
