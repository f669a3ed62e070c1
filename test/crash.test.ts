/**
 * Nothing acknowledged is ever lost: a stream of progress events goes to a real
 * server process, which is killed with SIGKILL midway (no shutdown, no flush),
 * then restarted. Every acknowledged event must be there, and replaying the
 * whole stream must count nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectDatabase } from '../src/server/db/connect.js';
import { createTestDatabase, engines } from './databases.js';
import { buildCourse, buildPerson, nationalForm, testPassword } from './factories.js';
import { freePort, startServer } from './server-process.js';

interface StreamEvent {
  cookie: string;
  body: { eventId: string; lessonId: number; type: 'opened' | 'completed'; at: string };
}

async function signInOver(url: string, phone: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password: testPassword }) });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie()[0]!.split(';')[0]!;
}

function post(url: string, event: StreamEvent): Promise<Response> {
  return fetch(`${url}/api/progress`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: event.cookie }, body: JSON.stringify(event.body) });
}

describe.each(engines)('progress across a crash, on %s', (engine) => {
  it('keeps every acknowledged event after SIGKILL, and a full replay counts nothing twice', async () => {
    const { handle, env } = await createTestDatabase(engine);
    const lessonTitles = Array.from({ length: 30 }, (_, i) => `Bài ${i + 1}`);
    const course = await buildCourse(handle.db, { modules: [lessonTitles.slice(0, 15), lessonTitles.slice(15)] });
    const learners = await Promise.all(Array.from({ length: 6 }, () => buildPerson(handle.db)));
    await handle.close();

    const serverEnv = { ...env, DEMO: '0', DATA_DIR: env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'hoctap-crash-')) };
    let server = await startServer({ ...serverEnv, PORT: String(await freePort()) });
    const cookies = await Promise.all(learners.map((l) => signInOver(server.url, nationalForm(l.phone))));
    const start = Date.now() - 60 * 60_000;
    const stream: StreamEvent[] = cookies.flatMap((cookie, learner) =>
      course.lessonIds.flatMap((lessonId, i) =>
        (['opened', 'completed'] as const).map((type, k) => ({
          cookie,
          body: { eventId: randomUUID(), lessonId, type, at: new Date(start + learner * 1000 + i * 10_000 + k).toISOString() },
        })),
      ),
    );

    // Eight phones sending at once; the server dies once a third of the stream is acknowledged.
    const acknowledged = new Set<string>();
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (next < stream.length && !killed) {
        const event = stream[next++]!;
        try {
          const response = await post(server.url, event);
          if (response.status === 200) acknowledged.add(event.body.eventId);
        } catch {
          // Connection reset by the kill: not acknowledged, so the phone keeps it.
        }
        if (!killed && acknowledged.size >= stream.length / 3) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, sender));
    expect(await server.exited).toBeNull();
    expect(acknowledged.size).toBeGreaterThanOrEqual(stream.length / 3);
    expect(acknowledged.size).toBeLessThan(stream.length);

    server = await startServer({ ...serverEnv, PORT: String(await freePort()) });
    try {
      const check = connectDatabase({ databaseUrl: env.DATABASE_URL ?? null, sqlitePath: path.join(serverEnv.DATA_DIR, 'hoctap.sqlite'), poolSize: 2 });
      const stored = new Set((await check.db.selectFrom('progress_events').select('event_id').execute()).map((r) => r.event_id));
      for (const eventId of acknowledged) expect.soft(stored.has(eventId), eventId).toBe(true);

      // The phones replay everything they sent, acknowledged or not, in order.
      for (const event of stream) {
        const response = await post(server.url, event);
        expect.soft(response.status).toBe(200);
      }
      const events = await check.db.selectFrom('progress_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(events.n)).toBe(stream.length);
      const enrollments = await check.db.selectFrom('enrollments').select(['completed_lessons', 'completed_at']).execute();
      expect(enrollments).toHaveLength(learners.length);
      for (const e of enrollments) {
        expect(e.completed_lessons).toBe(course.lessonIds.length);
        expect(e.completed_at).not.toBeNull();
      }
      const completedMarks = await check.db.selectFrom('lesson_progress').select((eb) => eb.fn.countAll<number>().as('n')).where('completed_at', 'is not', null).executeTakeFirstOrThrow();
      expect(Number(completedMarks.n)).toBe(learners.length * course.lessonIds.length);
      await check.close();
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 120_000);
});
