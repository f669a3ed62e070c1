import SqliteDatabase from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { HoctapSqliteDialect } from './sqlite-driver.js';

describe('the SQLite driver', () => {
  it('fails with an explanation, instead of waiting forever, when a transaction\'s own code queries outside it', async () => {
    const db = new Kysely<Record<string, never>>({ dialect: new HoctapSqliteDialect(new SqliteDatabase(':memory:'), 200) });
    const attempt = db.transaction().execute(async () => {
      await sql`select 1`.execute(db);
    });
    await expect(attempt).rejects.toThrow(/inside a transaction instead of the transaction/);
    // The connection is usable again afterwards.
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);
    await db.destroy();
  });

  it('reuses prepared statements and still runs every query', async () => {
    const db = new Kysely<{ t: { n: number } }>({ dialect: new HoctapSqliteDialect(new SqliteDatabase(':memory:')) });
    await sql`create table t (n integer)`.execute(db);
    for (let n = 0; n < 700; n++) await db.insertInto('t').values({ n }).execute();
    const total = await db.selectFrom('t').select((eb) => eb.fn.sum<number>('n').as('s')).executeTakeFirstOrThrow();
    expect(Number(total.s)).toBe((699 * 700) / 2);
    await db.destroy();
  });
});

describe('a SQLite connection of the platform', () => {
  it('runs in WAL mode with synchronous=FULL and foreign keys on, so a commit is on disk before we answer', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { connectDatabase } = await import('./connect.js');
    const handle = connectDatabase({ databaseUrl: null, sqlitePath: join(mkdtempSync(join(tmpdir(), 'hoctap-pragma-')), 'x.sqlite'), poolSize: 1 });
    expect(handle.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(handle.sqlite!.pragma('synchronous', { simple: true })).toBe(2);
    expect(handle.sqlite!.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(handle.sqlite!.pragma('busy_timeout', { simple: true })).toBe(5000);
    await handle.close();
  });
});
