/**
 * The audit log's hash chain. Every entry stores the hash of the entry before it (by id) and its own hash,
 * SHA-256 over a canonical serialization of its fields and that previous hash; so an entry edited in the database
 * no longer matches its hash, and one removed breaks the link of the next. Writers append one at a time: on
 * PostgreSQL a transaction-scoped advisory lock orders them (released at commit, so the next writer reads the
 * committed head); SQLite has one writer anyway. Entries older than 12 months may leave for a file (archiveAuditLog):
 * the last archived entry's hash, kept in audit_archives, anchors what remains.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import { isPostgres } from '../db/dialect.js';
import { AppError } from '../errors.js';

export const genesisHash = '0'.repeat(64);
// Any fixed number: the one advisory lock every audit writer takes on PostgreSQL ("AUDIT" in ASCII).
const chainLockKey = 0x4155444954;

/** The hashed fields, as stored (details is the JSON text itself, not re-serialized). */
export interface ChainedFields {
  at: number;
  actor_user_id: number | null;
  action: string;
  subject_user_id: number | null;
  unit_id: number | null;
  details: string;
  ip: string | null;
}

/** Repeated in the migration 20261206_100000_chain_audit_log.ts (which imports no app code); a test checks they agree. */
export function entryHash(fields: ChainedFields, prevHash: string): string {
  const id = (value: number | null) => (value === null ? null : Number(value));
  const canonical = JSON.stringify([Number(fields.at), id(fields.actor_user_id), fields.action, id(fields.subject_user_id), id(fields.unit_id), fields.details, fields.ip, prevHash]);
  return createHash('sha256').update(canonical).digest('hex');
}

async function headHash(trx: Tx): Promise<string> {
  const last = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (last) return last.hash;
  const anchor = await trx.selectFrom('audit_archives').select('last_hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return anchor?.last_hash ?? genesisHash;
}

/** Appends one entry at the head of the chain; must run inside the transaction of the change it describes. */
export async function appendChained(trx: Tx, fields: ChainedFields): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${chainLockKey})`.execute(trx);
  const prevHash = await headHash(trx);
  await trx
    .insertInto('audit_log')
    .values({ ...fields, actor_user_id: fields.actor_user_id as never, subject_user_id: fields.subject_user_id as never, unit_id: fields.unit_id as never, prev_hash: prevHash, hash: entryHash(fields, prevHash) })
    .execute();
}

export type ChainBreak = { id: number; at: number; action: string; problem: 'entry_changed' | 'entry_missing_before' };
export interface ChainReport {
  entries: number;
  /** The hash of the newest entry: written down elsewhere, it also tells if the newest entries are removed. */
  headHash: string;
  archives: number;
  broken: ChainBreak | null;
}

/** Walks the whole chain in id order from the archived anchor (or the beginning) and names the first broken link. */
export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  const archives = await db.selectFrom('audit_archives').select(['last_id', 'last_hash']).orderBy('id').execute();
  const anchor = archives.at(-1);
  let expected = anchor?.last_hash ?? genesisHash;
  let afterId = 0;
  let entries = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(2000).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const at = Number(row.at);
      // An entry the archive should have taken, or one whose predecessor is gone: either way the link is broken.
      if (row.prev_hash !== expected || (anchor && row.id <= anchor.last_id)) return { entries, headHash: expected, archives: archives.length, broken: { id: row.id, at, action: row.action, problem: 'entry_missing_before' } };
      if (entryHash(row, row.prev_hash) !== row.hash) return { entries, headHash: expected, archives: archives.length, broken: { id: row.id, at, action: row.action, problem: 'entry_changed' } };
      expected = row.hash;
      afterId = row.id;
      entries += 1;
    }
  }
  return { entries, headHash: expected, archives: archives.length, broken: null };
}

const vietnamOffsetMs = 7 * 3_600_000;

/** The first instant of a calendar day in Vietnam, from YYYY-MM-DD. */
function vietnamDayStart(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) - vietnamOffsetMs;
}

/** The first day that may not be archived yet: the same date 12 months back from today (Vietnam time). */
export function earliestKeptDay(now: number): string {
  const today = new Date(now + vietnamOffsetMs);
  const yearAgo = new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), today.getUTCDate()));
  return yearAgo.toISOString().slice(0, 10);
}

export interface ArchiveResult {
  entries: number;
  firstId: number | null;
  lastId: number | null;
  file: string;
  sha256: string;
}

/**
 * Writes the entries made before `before` (a day, at least 12 months ago) to a gzipped JSON-lines file — first a
 * header with the anchor (the hash the first entry follows), then one entry a line — reads the file back to check
 * it, and only then, in one transaction, records the archive's anchor and removes those entries. The chain stays
 * verifiable: it now starts from the anchor. Entries are taken in chain order up to the first one made on or after
 * `before`, so what remains is always a whole chain.
 */
export async function archiveAuditLog(db: Db, options: { before: string; out: string; now: number }): Promise<ArchiveResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.before) || Number.isNaN(Date.parse(`${options.before}T00:00:00Z`))) throw new AppError('audit_archive_bad_date', 400, { date: options.before });
  const earliest = earliestKeptDay(options.now);
  if (options.before > earliest) throw new AppError('audit_archive_too_recent', 400, { date: options.before, earliest });
  if (existsSync(options.out)) throw new AppError('audit_archive_file_exists', 409, { file: options.out });
  const beforeAt = vietnamDayStart(options.before);
  const report = await verifyAuditChain(db);
  if (report.broken) throw new AppError('audit_chain_broken', 409, { id: report.broken.id });

  const anchor = (await db.selectFrom('audit_archives').select('last_hash').orderBy('id', 'desc').limit(1).executeTakeFirst())?.last_hash ?? genesisHash;
  const taken = { count: 0, firstId: null as number | null, lastId: null as number | null, lastHash: anchor };
  async function* lines(): AsyncGenerator<string> {
    yield `${JSON.stringify({ format: 'hoctap-audit-archive/1', anchor, before: options.before, writtenAt: options.now })}\n`;
    let afterId = 0;
    for (;;) {
      const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(2000).execute();
      const stop = rows.findIndex((r) => Number(r.at) >= beforeAt);
      const older = stop === -1 ? rows : rows.slice(0, stop);
      for (const row of older) {
        taken.count += 1;
        taken.firstId ??= row.id;
        taken.lastId = row.id;
        taken.lastHash = row.hash;
        yield `${JSON.stringify(row)}\n`;
      }
      if (older.length < rows.length || rows.length === 0) return;
      afterId = rows.at(-1)!.id;
    }
  }
  await pipeline(Readable.from(lines()), createGzip(), createWriteStream(options.out, { flags: 'wx' }));
  const handle = await open(options.out, 'r');
  await handle.sync();
  await handle.close();
  const sha256 = await fileSha256(options.out);
  await checkArchiveFile(options.out, anchor, taken.count, taken.lastHash);
  if (taken.count === 0 || taken.firstId === null || taken.lastId === null) return { entries: 0, firstId: null, lastId: null, file: options.out, sha256 };

  const { firstId, lastId } = taken;
  await db.transaction().execute(async (trx) => {
    if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${chainLockKey})`.execute(trx);
    await trx
      .insertInto('audit_archives')
      .values({ archived_at: options.now, before_at: beforeAt, first_id: firstId, last_id: lastId, entries: taken.count, last_hash: taken.lastHash, file_name: path.basename(options.out), file_sha256: sha256 })
      .execute();
    await trx.deleteFrom('audit_log').where('id', '<=', lastId).execute();
  });
  return { entries: taken.count, firstId, lastId, file: options.out, sha256 };
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads an archive back and re-checks its chain from its anchor: nothing is removed unless the file holds it all. */
async function checkArchiveFile(file: string, anchor: string, count: number, lastHash: string): Promise<void> {
  const reader = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
  let expected = anchor;
  let seen = -1;
  for await (const line of reader) {
    seen += 1;
    if (seen === 0) continue;
    const row = JSON.parse(line);
    if (row.prev_hash !== expected || entryHash(row, row.prev_hash) !== row.hash) throw new AppError('audit_archive_unreadable', 500, { file });
    expected = row.hash;
  }
  if (seen !== count || expected !== lastHash) throw new AppError('audit_archive_unreadable', 500, { file });
}
