import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anonymous } from '../../../test/actors.js';
import { createTestDatabase, engines } from '../../../test/databases.js';
import { buildTestApp } from '../../../test/test-app.js';
import { isDatabaseUnavailable } from './connect.js';

/** The error a pool of one connection raises while `use` works with it, or null. */
async function failureOf(config: pg.PoolConfig, use: (pool: pg.Pool) => Promise<unknown>): Promise<unknown> {
  const pool = new pg.Pool({ max: 1, ...config });
  pool.on('error', () => {});
  try {
    await use(pool);
    return null;
  } catch (error) {
    return error;
  } finally {
    await pool.end();
  }
}

// PostgreSQL is where connections get lost; a run limited to SQLite (TEST_ENGINES) leaves these out.
const onPostgres = engines.includes('postgres');

describe.runIf(onPostgres)('what counts as the database being away', () => {
  let silent: Server;
  let silentPort = 0;
  const accepted = new Set<Socket>();
  beforeAll(async () => {
    // Accepts connections and never answers: a host gone quiet behind a firewall.
    silent = createServer((socket) => void accepted.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of accepted) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('recognises what pg really raises when the server is not there, is silent, or the pool has no connection to spare', async () => {
    const refused = await failureOf({ connectionString: 'postgres://x:y@127.0.0.1:1/none' }, (pool) => pool.query('select 1'));
    const silentServer = await failureOf({ connectionString: `postgres://x:y@127.0.0.1:${silentPort}/none`, connectionTimeoutMillis: 200 }, (pool) => pool.query('select 1'));
    const busyPool = await failureOf({ connectionString: `${inject('postgresServerUrl')}/postgres`, connectionTimeoutMillis: 200 }, async (pool) => {
      const held = await pool.connect();
      try {
        await pool.query('select 1');
      } finally {
        held.release();
      }
    });
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect(silentServer).toMatchObject({ message: 'Connection terminated due to connection timeout' });
    expect(busyPool).toMatchObject({ message: 'timeout exceeded when trying to connect' });
    for (const error of [refused, silentServer, busyPool]) expect.soft(isDatabaseUnavailable(error), String(error)).toBe(true);
  });
});

describe('what else counts as the database being away', () => {
  it('recognises the server shutting down or starting, a broken connection, and socket errors', () => {
    const serverError = (code: string) => Object.assign(new pg.DatabaseError('server says no', 0, 'error'), { code });
    const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
    const away = [
      serverError('57P01'), // admin_shutdown: pg_terminate_backend, a fast shutdown
      serverError('57P02'), // crash_shutdown
      serverError('57P03'), // cannot_connect_now: starting up
      serverError('08006'), // connection_failure
      serverError('08001'),
      serverError('08P01'),
      serverError('53300'), // too_many_connections
      socketError('ECONNRESET'),
      socketError('ETIMEDOUT'),
      socketError('EHOSTUNREACH'),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], 'connect failed'),
      new Error('wrapped', { cause: socketError('ECONNRESET') }),
    ];
    for (const error of away) expect.soft(isDatabaseUnavailable(error), `${error.message} ${(error as { code?: string }).code}`).toBe(true);
    const notAway = [serverError('23505'), serverError('22012'), serverError('42P01'), serverError('57014'), new Error('boom'), 'ECONNREFUSED', null, undefined];
    for (const error of notAway) expect.soft(isDatabaseUnavailable(error), String(error)).toBe(false);
  });
});

describe.each(engines)('a failing query on %s', (engine) => {
  it('is a fault, not an outage', async () => {
    const { handle } = await createTestDatabase(engine);
    const missingTable = await sql`select * from no_such_table`.execute(handle.db).then(() => null, (error: unknown) => error);
    const nothingToDivide = await sql`select 1 / 0`.execute(handle.db).then(() => null, (error: unknown) => error);
    expect(missingTable).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(missingTable)).toBe(false);
    expect(isDatabaseUnavailable(nothingToDivide)).toBe(false);
    await handle.close();
  });
});

describe.runIf(onPostgres)('PostgreSQL connections cut under a running app', () => {
  it('survives pg_terminate_backend on idle and busy connections, fails the cut query as an outage, says so once and serves again', async () => {
    const t = await buildTestApp('postgres');
    const changes: string[] = [];
    t.database.onConnectionChange((change) => changes.push(change.state));
    const database = new URL(t.env.DATABASE_URL!).pathname.slice(1);
    // Several connections in the pool, and one busy with a query when the cut comes.
    await Promise.all(Array.from({ length: 4 }, () => anonymous(t).get('/api/units?q=an')));
    const busy = sql`select pg_sleep(30)`.execute(t.db).then(() => null, (error: unknown) => error);
    const admin = new pg.Client({ connectionString: `${inject('postgresServerUrl')}/postgres` });
    await admin.connect();
    try {
      const sleeping = "select count(*)::int as n from pg_stat_activity where datname = $1 and query like 'select pg_sleep%'";
      while ((await admin.query<{ n: number }>(sleeping, [database])).rows[0]!.n === 0) await sleep(20);
      const cut = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
      expect(cut.rowCount).toBeGreaterThan(1);
    } finally {
      await admin.end();
    }
    expect(isDatabaseUnavailable(await busy)).toBe(true);
    await expect.poll(() => changes).toEqual(['lost']);

    // A request may still meet a dead connection whose end has not been read yet (503); the next ones are served.
    await expect.poll(async () => (await anonymous(t).get('/api/units?q=an')).statusCode).toBe(200);
    expect(changes).toEqual(['lost', 'restored']);
    await t.close();
  });
});
