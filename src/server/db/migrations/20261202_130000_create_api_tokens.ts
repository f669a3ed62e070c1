import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('api_tokens'))
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('hint', 'text', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('last_used_at', 'bigint')
    .addColumn('use_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('api_tokens_unit_idx').on('api_tokens').column('unit_id').execute();
}
