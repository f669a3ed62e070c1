import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * The history of the organisation tree: every unit an admin created, renamed, moved or retired (screen, API,
 * `hoctap unit`, an Excel import), with who, when, and the unit as it was before and after (JSON).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('unit_changes'))
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'bigint', (c) => c.references('users.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await db.schema.createIndex('unit_changes_unit_idx').on('unit_changes').columns(['unit_id', 'at']).execute();
}
