import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // People a unit counts as its members (officials of a department, students of a school, union members…).
  await db.schema
    .createTable('memberships')
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('member_group', 'text', (c) => c.notNull())
    .addColumn('added_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('memberships_unit_idx').on('memberships').column('unit_id').execute();
}
