import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../../test/databases.js';
import { signIn } from '../../../test/actors.js';
import { buildPerson, testPassword } from '../../../test/factories.js';
import { buildTestApp, buildTestAppOn, TestClock, type TestApp } from '../../../test/test-app.js';
import type { UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { connectDatabase } from '../db/connect.js';
import { enqueueTextMessage } from '../messages/text-messages.js';
import { claimJob } from './jobs.queries.js';

const queueText = (t: TestApp, to: PhoneNumber, userId: UserId | null, code: string) =>
  enqueueTextMessage(t.db, { to, userId, language: 'vi', key: 'sms.reset_code', params: { code, minutes: 10 }, now: t.clock.now() });

const jobRows = (t: TestApp) => t.db.selectFrom('jobs').selectAll().orderBy('id').execute();

describe.each(engines)('background jobs on %s', (engine) => {
  let failures = 0;
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine, {}, {
      beforeSend: async () => {
        if (failures > 0) {
          failures -= 1;
          throw new Error('gateway answered 503');
        }
      },
    });
  });
  afterAll(() => t.close());

  it('retries a failed text later, waiting longer each time, and gives up after five tries without keeping the code', async () => {
    const person = await buildPerson(t.db);
    failures = 5;
    await queueText(t, person.phone, person.id, '123456');
    t.app.jobs.kick();
    await t.jobsIdle();
    let [job] = await jobRows(t);
    expect(job).toMatchObject({ attempts: 1, done_at: null, lease_until: null, last_error: 'gateway answered 503' });
    expect(Number(job!.run_after)).toBe(t.clock.now() + 30_000);

    // Not due yet: nothing happens.
    t.app.jobs.kick();
    await t.jobsIdle();
    expect((await jobRows(t))[0]!.attempts).toBe(1);

    const waits = [];
    for (let attempt = 2; attempt <= 5; attempt++) {
      const wait = Number((await jobRows(t))[0]!.run_after) - t.clock.now();
      waits.push(wait);
      t.clock.advance(wait);
      t.app.jobs.kick();
      await t.jobsIdle();
    }
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000]);
    [job] = await jobRows(t);
    expect(job).toMatchObject({ attempts: 5, done_at: t.clock.now(), payload: '{}', last_error: 'gateway answered 503' });
    expect(t.outbox.filter((m) => m.to === person.phone)).toEqual([]);
    await t.db.deleteFrom('jobs').execute();
  });

  it('sends a text once the gateway is back, then deletes the job', async () => {
    const person = await buildPerson(t.db);
    failures = 1;
    await queueText(t, person.phone, person.id, '654321');
    t.app.jobs.kick();
    await t.jobsIdle();
    t.clock.advance(30_000);
    t.app.jobs.kick();
    await t.jobsIdle();
    expect(t.outbox.filter((m) => m.to === person.phone).map((m) => m.text)).toEqual([expect.stringContaining('654321')]);
    expect(await jobRows(t)).toEqual([]);
  });

  it('takes over the job of a process that died holding it, once its lease has expired', async () => {
    const person = await buildPerson(t.db);
    await queueText(t, person.phone, person.id, '111222');
    const [queued] = await jobRows(t);
    // Another process claimed it and crashed before finishing.
    expect(await claimJob(t.db, Number(queued!.id), t.clock.now(), 60_000)).toBeDefined();
    t.app.jobs.kick();
    await t.jobsIdle();
    expect(t.outbox.filter((m) => m.to === person.phone)).toEqual([]);
    t.clock.advance(60_000);
    t.app.jobs.kick();
    await t.jobsIdle();
    expect(t.outbox.filter((m) => m.to === person.phone)).toHaveLength(1);
    expect(await jobRows(t)).toEqual([]);
  });

  it('never runs one job in two processes', async () => {
    const { handle, env } = await createTestDatabase(engine);
    const first = await buildTestAppOn(engine, handle, env);
    const secondHandle = connectDatabase({ databaseUrl: env.DATABASE_URL ?? null, sqlitePath: `${env.DATA_DIR}/hoctap.sqlite`, poolSize: 2 });
    const second = await buildTestAppOn(engine, secondHandle, env);
    try {
      const person = await buildPerson(first.db);
      const codes = Array.from({ length: 30 }, (_, i) => String(100000 + i));
      for (const code of codes) await queueText(first, person.phone, person.id, code);
      first.app.jobs.kick();
      second.app.jobs.kick();
      await Promise.all([first.jobsIdle(), second.jobsIdle()]);
      const sent = [...first.outbox, ...second.outbox].map((m) => /(\d{6})/.exec(m.text)![1]);
      expect(sent.sort()).toEqual(codes);
      expect(await jobRows(first)).toEqual([]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('runs no job in an app that is built but not started: only the serving process (main.ts) starts the runner', async () => {
    const { handle, env } = await createTestDatabase(engine);
    const built = await buildTestAppOn(engine, handle, env, {}, new TestClock(), { startJobs: false });
    try {
      const person = await buildPerson(built.db);
      await queueText(built, person.phone, person.id, '424242');
      built.app.jobs.kick();
      await built.jobsIdle();
      expect(built.outbox).toEqual([]);
      expect(await jobRows(built)).toHaveLength(1);
      built.app.jobs.start();
      await built.jobsIdle();
      expect(built.outbox.map((m) => m.text)).toEqual([expect.stringContaining('424242')]);
      expect(await jobRows(built)).toEqual([]);
    } finally {
      await built.close();
    }
  });

  it('exports a person’s pending texts without their content, and erases them with the account', async () => {
    const person = await buildPerson(t.db);
    failures = 1;
    await queueText(t, person.phone, person.id, '999888');
    t.app.jobs.kick();
    await t.jobsIdle();
    const me = await signIn(t, person.phone);
    const exported = (await me.get('/api/me/export')).json();
    expect(exported.tables.jobs).toEqual([expect.objectContaining({ kind: 'text_message', attempts: 1 })]);
    expect(JSON.stringify(exported)).not.toContain('999888');
    expect((await me.delete('/api/me', { password: testPassword })).statusCode).toBe(204);
    expect(await t.db.selectFrom('jobs').select('id').where('user_id', '=', person.id).execute()).toEqual([]);
  });
});
