import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.js';
import { unitIdOf } from '../../../test/factories.js';
import type { Db } from '../db/database.js';
import { entryHash, genesisHash } from './audit-chain.js';
import { archiveAuditLog, recordAudit, verifyAuditChain } from './audit.service.js';

const now = Date.UTC(2026, 10, 24, 2, 0, 0);
const yearMs = 365 * 86_400_000;

/** What a database owner could do: the triggers are dropped, then the table changed behind the platform's back. */
async function withoutGuards(db: Db, engine: string, change: () => Promise<unknown>): Promise<void> {
  if (engine === 'postgres') {
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
    await change();
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
  } else {
    await sql`drop trigger if exists audit_log_append_only`.execute(db);
    await sql`drop trigger if exists audit_log_keep_12_months`.execute(db);
    await change();
  }
}

describe.each(engines)('the audit hash chain on %s', (engine) => {
  let database: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    database = await createTestDatabase(engine);
    db = database.handle.db;
    // Start from an empty log whatever the template held (entries made while preparing it are chained anyway).
    const existing = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect((await verifyAuditChain(db)).entries).toBe(Number(existing.n));
  });
  afterEach(() => database.handle.close());

  const entry = (at: number, action: string, extra: object = {}) => recordAudit(db, { at, actorUserId: null, action, details: { n: 1 }, ip: '198.51.100.1', ...extra });
  const entriesOf = async () => db.selectFrom('audit_log').selectAll().orderBy('id').execute();

  it('chains every entry to the one before it, whether written alone or inside a transaction, and verify passes', async () => {
    await entry(now, 'one');
    const unitId = await unitIdOf(db, '30307');
    await db.transaction().execute(async (trx) => {
      await recordAudit(trx, { at: now, actorUserId: null, action: 'two', unitId });
      await recordAudit(trx, { at: now, actorUserId: null, action: 'three' });
    });
    // Writers at once (PostgreSQL: several connections) still make one chain.
    await Promise.all(Array.from({ length: 12 }, (_, i) => entry(now, `parallel.${i}`)));
    const rows = await entriesOf();
    for (const [i, row] of rows.entries()) {
      expect(row.prev_hash).toBe(i === 0 ? genesisHash : rows[i - 1]!.hash);
      expect(row.hash).toBe(entryHash(row, row.prev_hash));
    }
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ entries: rows.length, headHash: rows.at(-1)!.hash, broken: null });
  });

  it('refuses to change an entry, or to remove one younger than 12 months, in the database itself', async () => {
    await entry(now, 'kept');
    await expect(sql`update audit_log set action = 'hidden'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/12 months/);
    expect((await entriesOf()).map((r) => r.action)).toEqual(['kept']);
  });

  it('names the entry that was edited in the database, and the one after an entry that was removed', async () => {
    for (const action of ['a', 'b', 'c', 'd']) await entry(now, action);
    const rows = await entriesOf();
    await withoutGuards(db, engine, () => db.updateTable('audit_log').set({ details: '{"n":2}' }).where('id', '=', rows[1]!.id).execute());
    expect((await verifyAuditChain(db)).broken).toEqual({ id: rows[1]!.id, at: now, action: 'b', problem: 'entry_changed' });

    // Put back, the chain holds again; removed, the next entry is named.
    await withoutGuards(db, engine, () => db.updateTable('audit_log').set({ details: '{"n":1}' }).where('id', '=', rows[1]!.id).execute());
    expect((await verifyAuditChain(db)).broken).toBeNull();
    await withoutGuards(db, engine, () => db.deleteFrom('audit_log').where('id', '=', rows[2]!.id).execute());
    expect((await verifyAuditChain(db)).broken).toEqual({ id: rows[3]!.id, at: now, action: 'd', problem: 'entry_missing_before' });
  });

  it('archives entries older than 12 months to a file with their anchor, removes them only then, and verify still passes', async () => {
    const old = now - 2 * yearMs;
    for (const action of ['old.a', 'old.b', 'old.c']) await entry(old, action, { unitId: await unitIdOf(db, '30307') });
    await entry(now - 30 * 86_400_000, 'recent');
    const before = await entriesOf();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'audit-archive-'));
    const out = path.join(folder, 'nhat-ky.jsonl.gz');

    // Younger than 12 months: refused, nothing written or removed.
    await expect(archiveAuditLog(db, { before: '2026-01-01', out, now })).rejects.toMatchObject({ code: 'audit_archive_too_recent' });
    expect(existsSync(out)).toBe(false);

    const result = await archiveAuditLog(db, { before: '2025-11-24', out, now });
    expect(result).toMatchObject({ entries: 3, firstId: before[0]!.id, lastId: before[2]!.id });
    const lines = gunzipSync(readFileSync(out)).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ format: 'hoctap-audit-archive/1', anchor: genesisHash, before: '2025-11-24' });
    expect(lines.slice(1).map((l) => l.action)).toEqual(['old.a', 'old.b', 'old.c']);
    expect(lines.slice(1).map((l) => l.hash)).toEqual(before.slice(0, 3).map((r) => r.hash));
    expect((await entriesOf()).map((r) => r.action)).toEqual(['recent']);
    expect(await verifyAuditChain(db)).toMatchObject({ entries: 1, archives: 1, broken: null });

    // The chain goes on from the remaining head, and an existing file is never overwritten.
    await entry(now, 'after');
    expect((await verifyAuditChain(db)).broken).toBeNull();
    await expect(archiveAuditLog(db, { before: '2025-11-24', out, now })).rejects.toMatchObject({ code: 'audit_archive_file_exists' });
  });

  it('archives nothing over a broken chain: the break is reported and the file never written', async () => {
    const old = now - 2 * yearMs;
    for (const action of ['old.a', 'old.b', 'old.c']) await entry(old, action);
    const rows = await entriesOf();
    // Old enough for the trigger, so a plain delete passes it: the chain still tells.
    await sql`delete from audit_log where id = ${rows[1]!.id}`.execute(db);
    expect((await verifyAuditChain(db)).broken).toMatchObject({ id: rows[2]!.id, problem: 'entry_missing_before' });
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'audit-archive-')), 'a.jsonl.gz');
    await expect(archiveAuditLog(db, { before: '2025-11-24', out, now })).rejects.toMatchObject({ code: 'audit_chain_broken' });
    expect(existsSync(out)).toBe(false);
  });
});
