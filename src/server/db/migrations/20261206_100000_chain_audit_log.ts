import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { isPostgres, withIdColumn } from '../dialect.js';

/**
 * The audit log becomes append-only with a hash chain: each entry keeps the hash of the one before it and its own
 * hash (SHA-256 over its fields and that previous hash), so that an entry edited or removed in the database breaks
 * the chain (`hoctap audit verify`). Three things change:
 * - the people named in an entry are no longer foreign keys with ON DELETE SET NULL: erasing an account must not
 *   rewrite a hashed column (the ids point at a de-identified account anyway; unit_id, never deleted, stays a key);
 * - existing entries are chained in id order;
 * - triggers refuse UPDATE, and DELETE of an entry younger than 365 days (only `hoctap audit archive` removes
 *   entries, after writing them to a file). A database owner can drop triggers; the chain still tells.
 *
 * The serialization is audit/audit-chain.ts's `entryHash`, repeated here because migrations import no app code;
 * audit-chain.test.ts checks the two agree.
 */
const genesis = '0'.repeat(64);

interface Row {
  id: number;
  at: number | string;
  actor_user_id: number | string | null;
  action: string;
  subject_user_id: number | string | null;
  unit_id: number | string | null;
  details: string;
  ip: string | null;
}

const idOrNull = (value: number | string | null) => (value === null ? null : Number(value));

function hashOf(row: Row, prevHash: string): string {
  const canonical = JSON.stringify([Number(row.at), idOrNull(row.actor_user_id), row.action, idOrNull(row.subject_user_id), idOrNull(row.unit_id), row.details, row.ip, prevHash]);
  return createHash('sha256').update(canonical).digest('hex');
}

async function chainExisting(db: Kysely<any>, write: (row: Row, prevHash: string, hash: string) => Promise<void>): Promise<void> {
  let prevHash = genesis;
  let afterId = 0;
  for (;;) {
    const rows = (await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(1000).execute()) as Row[];
    if (rows.length === 0) return;
    for (const row of rows) {
      const hash = hashOf(row, prevHash);
      await write(row, prevHash, hash);
      prevHash = hash;
      afterId = Number(row.id);
    }
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table audit_log drop constraint if exists audit_log_actor_user_id_fkey`.execute(db);
    await sql`alter table audit_log drop constraint if exists audit_log_subject_user_id_fkey`.execute(db);
    await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
    await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
    await chainExisting(db, async (row, prevHash, hash) => {
      await db.updateTable('audit_log').set({ prev_hash: prevHash, hash }).where('id', '=', row.id).execute();
    });
    await sql`alter table audit_log alter column prev_hash set not null, alter column hash set not null`.execute(db);
    await sql`create function audit_log_guard() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' then raise exception 'audit_log is append-only: entries cannot be changed'; end if;
        if tg_op = 'TRUNCATE' then raise exception 'audit_log is append-only: use hoctap audit archive'; end if;
        if old.at > extract(epoch from now()) * 1000 - 365::bigint * 86400000 then
          raise exception 'audit_log entries are kept 12 months: use hoctap audit archive';
        end if;
        return old;
      end $$`.execute(db);
    await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_guard()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_guard()`.execute(db);
  } else {
    // SQLite cannot drop a foreign key: the table is rebuilt without them, the rows copied with their chain.
    await db.schema
      .createTable('audit_log_chained')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor_user_id', 'bigint')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject_user_id', 'bigint')
      .addColumn('unit_id', 'bigint', (c) => c.references('units.id'))
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await chainExisting(db, async (row, prevHash, hash) => {
      await db.insertInto('audit_log_chained').values({ ...row, prev_hash: prevHash, hash }).execute();
    });
    await db.schema.dropTable('audit_log').execute();
    await sql`alter table audit_log_chained rename to audit_log`.execute(db);
    await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
    await db.schema.createIndex('audit_log_subject_idx').on('audit_log').column('subject_user_id').execute();
    await sql`create trigger audit_log_append_only before update on audit_log
      begin select raise(abort, 'audit_log is append-only: entries cannot be changed'); end`.execute(db);
    await sql`create trigger audit_log_keep_12_months before delete on audit_log
      when old.at > (cast(strftime('%s', 'now') as integer) - 365 * 86400) * 1000
      begin select raise(abort, 'audit_log entries are kept 12 months: use hoctap audit archive'); end`.execute(db);
  }
  await db.schema.createIndex('audit_log_unit_idx').on('audit_log').columns(['unit_id', 'id']).execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').column('actor_user_id').execute();

  // Each archive written by `hoctap audit archive`: the last entry it holds anchors the chain that remains.
  await withIdColumn(db, db.schema.createTable('audit_archives'))
    .addColumn('archived_at', 'bigint', (c) => c.notNull())
    .addColumn('before_at', 'bigint', (c) => c.notNull())
    .addColumn('first_id', 'bigint', (c) => c.notNull())
    .addColumn('last_id', 'bigint', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .execute();
}
