/** A fresh database per test file, copied from the run's migrated template, on either engine. */
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../src/server/db/connect.js';

const allEngines = ['sqlite', 'postgres'] as const;
export type TestEngine = (typeof allEngines)[number];

/** The engines this run tests: TEST_ENGINES=sqlite for a quick inner loop; both by default (and always in CI). */
export const engines: readonly TestEngine[] = selectedEngines(process.env.TEST_ENGINES);

export function selectedEngines(value: string | undefined): readonly TestEngine[] {
  if (!value) return allEngines;
  const chosen = value.split(',').map((e) => e.trim());
  const unknown = chosen.filter((e) => !(allEngines as readonly string[]).includes(e));
  if (unknown.length > 0) throw new Error(`TEST_ENGINES: unknown engine ${unknown.join(', ')} (use sqlite, postgres or both)`);
  return allEngines.filter((e) => chosen.includes(e));
}

export interface TestDatabase {
  handle: DatabaseHandle;
  /** Environment that points a child process (the CLI, a second server) at this same database. */
  env: Record<string, string>;
}

export async function createTestDatabase(engine: TestEngine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-db-'));
    const file = path.join(dir, 'hoctap.sqlite');
    copyFileSync(inject('sqliteTemplate'), file);
    return { handle: connectDatabase({ databaseUrl: null, sqlitePath: file, poolSize: 1 }), env: { DATA_DIR: dir } };
  }
  const server = inject('postgresServerUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${inject('postgresTemplate')}`);
  } finally {
    await admin.end();
  }
  const url = `${server}/${name}`;
  // Media and backups still live in DATA_DIR on PostgreSQL.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-data-'));
  return { handle: connectDatabase({ databaseUrl: url, sqlitePath: '', poolSize: 5 }), env: { DATABASE_URL: url, DATA_DIR: dataDir } };
}
