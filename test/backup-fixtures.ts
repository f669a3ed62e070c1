/** What the backup tests share: a platform with data, media and keys; writes that go on; an empty target; a table-by-table comparison. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { recordAudit } from '../src/server/audit/audit.service.js';
import { loadConfig, type Config } from '../src/server/config.js';
import { connectDatabase, type DatabaseHandle } from '../src/server/db/connect.js';
import type { TestEngine } from './databases.js';
import { buildCourse, buildPerson, grant } from './factories.js';

/** People, a course, a grant, media files (and an upload still arriving in .tmp/) and key files. */
export async function seedPlatform(handle: DatabaseHandle, config: Config): Promise<void> {
  const person = await buildPerson(handle.db, { fullName: 'Nguyễn Thị Sao Lưu' });
  await grant(handle.db, person.id, 'manager', '30307');
  await buildCourse(handle.db);
  await recordAudit(handle.db, { at: Date.now(), actorUserId: person.id, action: 'backup.seed' });
  for (const name of ['ab/ab12cd.png', 'ff/ffee00.mp4', 'readme.pdf']) {
    mkdirSync(path.dirname(path.join(config.mediaDir, name)), { recursive: true });
    writeFileSync(path.join(config.mediaDir, name), randomBytes(20_000 + name.length));
  }
  mkdirSync(path.join(config.mediaDir, '.tmp'), { recursive: true });
  writeFileSync(path.join(config.mediaDir, '.tmp', 'upload-in-progress'), 'half');
  mkdirSync(path.join(config.dataDir, 'keys'), { recursive: true });
  writeFileSync(path.join(config.dataDir, 'keys', 'secret'), randomBytes(32).toString('hex'));
  writeFileSync(path.join(config.dataDir, 'keys', 'certificate-signing.json'), JSON.stringify({ kid: 'k1', d: randomBytes(32).toString('base64url') }));
}

export const writtenAction = { first: 'backup.write.first', second: 'backup.write.second' } as const;

/**
 * Transactions of two audit entries each, one after the other, until stopped: a restored database must hold a
 * prefix of them, never the first entry of a pair without the second.
 */
export function keepWriting(handle: DatabaseHandle): { written: () => number; stop: () => Promise<number> } {
  let n = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const details = { n: n + 1 };
      await handle.db.transaction().execute(async (trx) => {
        await recordAudit(trx, { at: Date.now(), actorUserId: null, action: writtenAction.first, details });
        await recordAudit(trx, { at: Date.now(), actorUserId: null, action: writtenAction.second, details });
      });
      // Counted once committed: a caller waiting for written() ≥ k may rely on k pairs being visible.
      n = details.n;
      // Let the backup's own work run in between on this process.
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    written: () => n,
    stop: async () => {
      stopped = true;
      await loop;
      return n;
    },
  };
}

/** A database with no tables (PostgreSQL) or a DATA_DIR with no database (SQLite), with its own empty DATA_DIR. */
export async function emptyTarget(engine: TestEngine): Promise<{ env: Record<string, string>; config: Config }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-restore-'));
  if (engine === 'sqlite') return { env: { DATA_DIR: dataDir }, config: loadConfig({ DATA_DIR: dataDir }) };
  const server = inject('postgresServerUrl');
  const name = `r_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const env = { DATABASE_URL: `${server}/${name}`, DATA_DIR: dataDir };
  return { env, config: loadConfig(env) };
}

export function connectTo(config: Config): DatabaseHandle {
  return connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: path.join(config.dataDir, 'hoctap.sqlite'), poolSize: 2 });
}

async function tableNames(handle: DatabaseHandle): Promise<string[]> {
  const { rows } =
    handle.engine === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(handle.db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(handle.db);
  return rows.map((r) => r.name);
}

async function rowsOf(handle: DatabaseHandle, table: string): Promise<string[]> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(handle.db);
  return rows.map((r) => JSON.stringify(r, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('hex') : value))).sort();
}

/**
 * Compares a restored database with the original after the writes stopped: every table equal, except audit_log,
 * which must hold the original's entries up to some point (the snapshot) and whole pairs only. Returns the
 * number of pairs restored.
 */
export async function expectRestoredDatabase(original: DatabaseHandle, restored: DatabaseHandle, expect: (value: unknown) => { toEqual: (v: unknown) => void }): Promise<{ pairs: number; tables: number }> {
  const names = await tableNames(original);
  expect(await tableNames(restored)).toEqual(names);
  for (const table of names) {
    if (table === 'audit_log') continue;
    expect({ table, rows: await rowsOf(restored, table) }).toEqual({ table, rows: await rowsOf(original, table) });
  }
  const before = await original.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  const after = await restored.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  expect(after).toEqual(before.slice(0, after.length));
  const first = after.filter((r) => r.action === writtenAction.first).length;
  const second = after.filter((r) => r.action === writtenAction.second).length;
  expect(second).toEqual(first);
  return { pairs: first, tables: names.length };
}

/** Every file under DATA_DIR/keys and the media folder (without .tmp/), with its bytes. */
export function platformFiles(config: Config): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of filesUnder(config.mediaDir, '.tmp')) files[`media/${file}`] = readFileSync(path.join(config.mediaDir, file)).toString('hex');
  for (const file of filesUnder(path.join(config.dataDir, 'keys'))) files[`keys/${file}`] = readFileSync(path.join(config.dataDir, 'keys', file)).toString('hex');
  return files;
}

function filesUnder(root: string, skip?: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter((p) => p.split(path.sep)[0] !== skip)
    .sort();
}
