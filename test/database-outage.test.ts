/**
 * The database goes away and comes back while phones keep sending progress: a
 * real server process, its own durable PostgreSQL, an administrator cutting the
 * app's sessions with pg_terminate_backend, then PostgreSQL stopped and started
 * again on the same port and data. The process must stay up, answer 503 with
 * Retry-After while the database is away (never a reset, never a 500), say so
 * at /api/health and /api/health/ready (while /api/health/live stays 200),
 * resume by itself, and keep every acknowledged event exactly once.
 * PostgreSQL only: an SQLite file cannot drop its connection.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/server/clock.js';
import { connectDatabase } from '../src/server/db/connect.js';
import { prepareDatabase } from '../src/server/bootstrap/prepare.js';
import { engines } from './databases.js';
import { buildCourse, buildPerson, nationalForm, testPassword } from './factories.js';
import { freePort, type ServerProcess, startServer } from './server-process.js';
import { type PostgresProcess, startPostgresProcess } from './setup/postgres-process.js';

interface StreamEvent {
  eventId: string;
  lessonId: number;
  type: 'opened' | 'completed';
  at: string;
}

interface Answer {
  status: number;
  code?: string;
  message?: string;
  retryAfter: string | null;
  ms: number;
}

async function signInOver(url: string, phone: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password: testPassword }) });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie()[0]!.split(';')[0]!;
}

async function answerOf(response: Response, started: number): Promise<Answer> {
  const body = (await response.json()) as { error?: { code: string; message: string } };
  return { status: response.status, code: body.error?.code, message: body.error?.message, retryAfter: response.headers.get('retry-after'), ms: Date.now() - started };
}

const isRunning = (server: ServerProcess) => server.child.exitCode === null && server.child.signalCode === null;

// Left out only of a run limited to SQLite (TEST_ENGINES).
describe.runIf(engines.includes('postgres'))('a PostgreSQL outage under a real server process', () => {
  let postgres: PostgresProcess;
  beforeAll(async () => {
    // A server of the test's own, durable: the one the other test files share must not stop.
    postgres = await startPostgresProcess({ durable: true });
  });
  afterAll(() => postgres?.stop());

  it('stays up, answers 503 with Retry-After while the database is away, resumes by itself, and keeps every acknowledged event exactly once', async () => {
    const database = 'outage';
    const admin = new pg.Client({ connectionString: `${postgres.url}/postgres` });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
    const url = `${postgres.url}/${database}`;

    const setup = connectDatabase({ databaseUrl: url, sqlitePath: '', poolSize: 2 });
    await prepareDatabase(setup, { demo: null, backupDir: null, clock: systemClock });
    const lessonTitles = Array.from({ length: 40 }, (_, i) => `Bài ${i + 1}`);
    const course = await buildCourse(setup.db, { modules: [lessonTitles.slice(0, 20), lessonTitles.slice(20)] });
    const learners = await Promise.all(Array.from({ length: 6 }, () => buildPerson(setup.db)));
    await setup.close();

    const server = await startServer({
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: '6',
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hoctap-outage-')),
      DEMO: '0',
      PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    });
    try {
      const cookies = await Promise.all(learners.map((l) => signInOver(server.url, nationalForm(l.phone))));
      const start = Date.now() - 60 * 60_000;
      const streams: StreamEvent[][] = cookies.map((_, learner) =>
        course.lessonIds.flatMap((lessonId, i) =>
          (['opened', 'completed'] as const).map((type, k) => ({ eventId: randomUUID(), lessonId, type, at: new Date(start + learner * 1000 + i * 10_000 + k).toISOString() })),
        ),
      );
      const total = streams.flat().length;

      const acknowledged = new Set<string>();
      const answers: Answer[] = [];
      const networkFailures: string[] = [];
      const outageAnswers: Answer[] = [];
      const stillRunning = () => {
        if (!isRunning(server)) throw new Error(`the server process ended:\n${server.output()}`);
      };
      const until = async (condition: () => boolean) => {
        while (!condition()) {
          stillRunning();
          await sleep(5);
        }
      };

      // Once a quarter is acknowledged, an administrator cuts every session of the app; at half, PostgreSQL stops.
      const runOutages = async () => {
        const terminator = new pg.Client({ connectionString: `${postgres.url}/postgres` });
        await terminator.connect();
        await until(() => acknowledged.size >= total / 4);
        const cut = await terminator.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
        expect(cut.rowCount).toBeGreaterThan(0);
        await terminator.end();

        await until(() => acknowledged.size >= total / 2);
        await postgres.pause();
        const healthStarted = Date.now();
        const health = await fetch(`${server.url}/api/health`);
        outageAnswers.push({ status: health.status, retryAfter: health.headers.get('retry-after'), ms: Date.now() - healthStarted });
        expect(await health.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });
        const englishStarted = Date.now();
        const english = await fetch(`${server.url}/api/progress`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'accept-language': 'en', cookie: cookies[0]! },
          body: JSON.stringify(streams[0]![0]),
        });
        outageAnswers.push(await answerOf(english, englishStarted));
        // The readiness probe takes the instance out of rotation; liveness keeps it from being restarted.
        const ready = await fetch(`${server.url}/api/health/ready`);
        expect(ready.status).toBe(503);
        expect(ready.headers.get('retry-after')).toBe('5');
        expect(await ready.json()).toMatchObject({ status: 'unavailable', reason: 'database_unreachable' });
        expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);
        // The phones keep trying for a while against a stopped database.
        await sleep(1500);
        await postgres.resume();
        for (let tries = 0; (await fetch(`${server.url}/api/health`)).status !== 200; tries++) {
          expect(tries, 'health back within 30 s').toBeLessThan(300);
          await sleep(100);
        }
      };

      // Each phone sends its own events in order and, like the PWA's outbox, sends an unacknowledged one again.
      const phone = async (cookie: string, events: StreamEvent[]) => {
        for (const event of events) {
          for (;;) {
            stillRunning();
            const started = Date.now();
            try {
              const response = await fetch(`${server.url}/api/progress`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(event) });
              const answer = await answerOf(response, started);
              answers.push(answer);
              if (answer.status === 200) {
                acknowledged.add(event.eventId);
                break;
              }
            } catch (error) {
              networkFailures.push(String(error));
            }
            await sleep(100);
          }
          await sleep(25);
        }
      };
      await Promise.all([runOutages(), ...cookies.map((cookie, i) => phone(cookie, streams[i]!))]);

      expect(isRunning(server), server.output()).toBe(true);
      expect(networkFailures).toEqual([]);
      const refused = answers.filter((a) => a.status !== 200);
      expect(refused.length, 'phones met the outage').toBeGreaterThan(0);
      for (const answer of refused) {
        expect.soft(answer).toMatchObject({ status: 503, code: 'database_unavailable', message: 'Không kết nối được cơ sở dữ liệu.', retryAfter: expect.stringMatching(/^\d+$/) });
        expect.soft(answer.ms, 'a 503 comes quickly').toBeLessThan(5000);
      }
      const [health, english] = outageAnswers;
      expect(health).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
      expect(english).toMatchObject({ status: 503, code: 'database_unavailable', message: 'The database cannot be reached.', retryAfter: expect.stringMatching(/^\d+$/) });
      expect(health!.ms + english!.ms).toBeLessThan(5000);

      // One line when the connection is lost and one when it is back, per outage, whatever the number of failures.
      const lines = server.output().split('\n');
      const lost = lines.filter((line) => line.includes('database connection lost')).length;
      const restored = lines.filter((line) => line.includes('database connection restored')).length;
      expect(lost).toBeGreaterThanOrEqual(2);
      expect(lost).toBeLessThanOrEqual(4);
      expect(restored).toBe(lost);
      expect(lost).toBeLessThan(refused.length);

      const check = connectDatabase({ databaseUrl: url, sqlitePath: '', poolSize: 2 });
      try {
        const stored = (await check.db.selectFrom('progress_events').select('event_id').execute()).map((r) => r.event_id);
        expect(stored).toHaveLength(total);
        expect(new Set(stored).size).toBe(total);
        for (const eventId of acknowledged) expect.soft(stored.includes(eventId), eventId).toBe(true);
        const enrollments = await check.db.selectFrom('enrollments').select(['completed_lessons', 'completed_at']).execute();
        expect(enrollments).toHaveLength(learners.length);
        for (const e of enrollments) {
          expect(e.completed_lessons).toBe(course.lessonIds.length);
          expect(e.completed_at).not.toBeNull();
        }
      } finally {
        await check.close();
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 180_000);
});
