import { DEFAULT_MIGRATION_TABLE, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../../test/databases.js';
import { TestClock } from '../../../test/test-app.js';
import { buildApp } from '../app.js';
import { openSigner } from '../certificates/signing-keys.js';
import { loadConfig } from '../config.js';
import { connectDatabase, type DatabaseHandle } from '../db/connect.js';
import { migrations } from '../db/migrations.js';
import type { Draining } from '../http/hooks.js';

describe.each(engines)('liveness and readiness probes on %s', (engine) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  async function appOn(draining: Draining = { active: false }, database?: (prepared: DatabaseHandle) => DatabaseHandle) {
    const { handle, env } = await createTestDatabase(engine);
    cleanups.push(() => handle.close());
    const config = loadConfig({ ...env, DEMO: '0' });
    // The keys are read from the prepared database, which still answers, whatever database the app gets.
    const signer = await openSigner(handle.db, config, Date.now());
    const app = await buildApp({ config, database: database?.(handle) ?? handle, clock: new TestClock(), logger: false, draining, signer });
    cleanups.push(() => app.close());
    await app.ready();
    return { app, handle };
  }

  it('answers live and ready with 200, never cached, to an anonymous caller', async () => {
    const { app } = await appOn();
    const live = await app.inject({ method: 'GET', url: '/api/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toMatchObject({ status: 'ok' });
    expect(live.headers['cache-control']).toBe('no-store');
    const ready = await app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', time: expect.any(String) });
    expect(ready.headers['cache-control']).toBe('no-store');
    // A cookie (even a stale one) changes nothing: a probe never looks up a session.
    const withCookie = await app.inject({ method: 'GET', url: '/api/health/ready', headers: { cookie: 'hoctap_session=stale' } });
    expect(withCookie.statusCode).toBe(200);
    expect(withCookie.headers['set-cookie']).toBeUndefined();
  });

  it('is not ready while the process drains, and says so itself; live still answers 200', async () => {
    const draining = { active: false };
    const { app } = await appOn(draining);
    expect((await app.inject({ method: 'GET', url: '/api/health/ready' })).statusCode).toBe(200);
    draining.active = true;
    const ready = await app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBe('5');
    expect(ready.json()).toMatchObject({ status: 'unavailable', reason: 'draining' });
    expect((await app.inject({ method: 'GET', url: '/api/health/live' })).statusCode).toBe(200);
    // Every other request still gets the drain's 503.
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json().error.code).toBe('service_unavailable');
  });

  it('is not ready while a migration of this build is pending, and is once it has run', async () => {
    const { app, handle } = await appOn();
    const names = Object.keys(migrations);
    const last = names[names.length - 1]!;
    const { rows } = await sql<{ timestamp: string }>`select timestamp from ${sql.table(DEFAULT_MIGRATION_TABLE)} where name = ${last}`.execute(handle.db);
    await sql`delete from ${sql.table(DEFAULT_MIGRATION_TABLE)} where name = ${last}`.execute(handle.db);
    const ready = await app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBe('5');
    expect(ready.json()).toMatchObject({ status: 'unavailable', reason: 'migrations_pending', pendingMigrations: 1 });
    expect((await app.inject({ method: 'GET', url: '/api/health/live' })).statusCode).toBe(200);
    await sql`insert into ${sql.table(DEFAULT_MIGRATION_TABLE)} (name, timestamp) values (${last}, ${rows[0]!.timestamp})`.execute(handle.db);
    expect((await app.inject({ method: 'GET', url: '/api/health/ready' })).statusCode).toBe(200);
  });

  it('counts every migration as pending on a database never prepared', async () => {
    const { app, handle } = await appOn();
    await sql`drop table ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(handle.db);
    const ready = await app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ reason: 'migrations_pending', pendingMigrations: Object.keys(migrations).length });
  });

  it('is not ready while the database is unreachable; live answers 200 without it', async () => {
    // Down for real, as in app.conventions.test.ts: a PostgreSQL nobody listens for, a SQLite file whose handle is gone.
    let down: DatabaseHandle | undefined;
    const { app, handle } = await appOn(undefined, (prepared) => {
      if (engine === 'sqlite') return prepared;
      down = connectDatabase({ databaseUrl: 'postgres://nobody:x@127.0.0.1:1/none', sqlitePath: '', poolSize: 1 });
      return down;
    });
    if (engine === 'sqlite') handle.sqlite!.close();
    const ready = await app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBe('5');
    expect(ready.json()).toMatchObject({ status: 'unavailable', reason: 'database_unreachable' });
    expect((await app.inject({ method: 'GET', url: '/api/health/live' })).statusCode).toBe(200);
    await down?.close().catch(() => undefined);
  });
});
