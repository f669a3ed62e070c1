import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('jobs'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // JSON; only what the job needs (a text message: the number, the message key and its parameters).
    .addColumn('payload', 'text', (c) => c.notNull())
    // Whom the job concerns, so that erasing a person takes their pending jobs with them.
    .addColumn('user_id', 'bigint', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('run_after', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // A process that claimed the job holds it until then; after that (it crashed) another may take it.
    .addColumn('lease_until', 'bigint')
    .addColumn('done_at', 'bigint')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['done_at', 'run_after']).execute();
  await db.schema.createIndex('jobs_user_idx').on('jobs').column('user_id').execute();
}
