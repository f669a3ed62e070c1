/**
 * Overload is graceful: bursts beyond the password-hashing queue or the certificate queue, and an event loop that
 * lags, get 503 with Retry-After and the usual error body, never a 500; what was accepted is done; the health
 * probes keep answering; and the app serves again by itself once the burst has passed.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse, buildPerson, nationalForm, nextPhone, testPassword } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

const registration = () => ({ phone: nationalForm(nextPhone()), password: 'mot-hai-ba-bon', fullName: 'Nguyễn Thị Bảy', birthYear: 1962, unitCode: '30307', consent: true });

function expectOverloaded(response: LightMyRequestResponse, retryAfter: number): void {
  expect(response.statusCode).toBe(503);
  expect(response.headers['retry-after']).toBe(String(retryAfter));
  expect(response.json()).toEqual({ error: { code: 'overloaded', message: 'Hệ thống đang quá tải. Vui lòng thử lại sau ít phút.' } });
}

describe.each(engines)('overload on %s', (engine) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('queues a burst of sign-ups up to HASH_QUEUE_MAX, refuses the rest with 503, and takes new ones after', async () => {
    t = await buildTestApp(engine, { HASH_CONCURRENCY: '1', HASH_QUEUE_MAX: '2' });
    const bodies = Array.from({ length: 12 }, registration);
    const answers = await Promise.all(bodies.map((body) => anonymous(t!).post('/api/auth/register', body)));

    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
    // One hashing and two waiting at least get through; a burst of twelve cannot all fit.
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    for (const refused of answers.filter((a) => a.statusCode === 503)) expectOverloaded(refused, 5);
    // Every accepted sign-up has its account; no refused one left anything behind.
    const accepted = answers.flatMap((a) => (a.statusCode === 201 ? [a.json().phone as string] : []));
    const stored = await t.db.selectFrom('users').select('phone').where('full_name', '=', 'Nguyễn Thị Bảy').execute();
    expect(stored.map((row) => row.phone).sort()).toEqual([...accepted].sort());

    const after = await anonymous(t).post('/api/auth/register', registration());
    expect(after.statusCode).toBe(201);
  });

  it('answers a burst of sign-ins in English too, and a refused sign-in can be tried again', async () => {
    t = await buildTestApp(engine, { HASH_CONCURRENCY: '1', HASH_QUEUE_MAX: '1' });
    const people = await Promise.all(Array.from({ length: 8 }, () => buildPerson(t!.db)));
    const answers = await Promise.all(
      people.map((p) => anonymous(t!).post('/api/auth/login', { phone: nationalForm(p.phone), password: testPassword }, { 'accept-language': 'en' })),
    );
    expect(answers.every((a) => a.statusCode === 200 || a.statusCode === 503)).toBe(true);
    const refused = answers.filter((a) => a.statusCode === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.json().error).toEqual({ code: 'overloaded', message: 'Too busy right now. Please try again in a few minutes.' });
    const again = await anonymous(t).post('/api/auth/login', { phone: nationalForm(people[answers.indexOf(refused[0]!)]!.phone), password: testPassword });
    expect(again.statusCode).toBe(200);
  });

  it('refuses certificate PDFs beyond PDF_QUEUE_MAX with 503 and draws them again after', async () => {
    t = await buildTestApp(engine, { PDF_QUEUE_MAX: '1' });
    const learner = await signedInWith(t);
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    const at = new Date(t.clock.now()).toISOString();
    expect((await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at })).statusCode).toBe(200);
    const code = (await learner.get('/api/me/certificates')).json().certificates[0].code as string;

    const answers = await Promise.all(Array.from({ length: 8 }, () => learner.get(`/api/certificates/${code}/certificate.pdf`)));
    const drawn = answers.filter((a) => a.statusCode === 200);
    // One drawing and one waiting at least (more only if a drawing ended before the last requests came).
    expect(drawn.length).toBeGreaterThanOrEqual(2);
    expect(drawn.length).toBeLessThan(answers.length);
    for (const pdf of drawn) expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    for (const refused of answers.filter((a) => a.statusCode !== 200)) expectOverloaded(refused, 5);

    const after = await learner.get(`/api/certificates/${code}/certificate.pdf`);
    expect(after.statusCode).toBe(200);
  });

  it('sheds API requests while the event loop lags, keeps the probes and pages answering, and recovers by itself', { timeout: 20_000 }, async () => {
    t = await buildTestApp(engine, { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '15' });
    expect((await anonymous(t).get('/api/units')).statusCode).toBe(200);

    // Work on the event loop 250 ms out of every 300: every timer runs late, the sampler's included
    // (a mean delay of about 40 ms over each one-second sample), sample after sample.
    const busy = setInterval(() => {
      const until = Date.now() + 250;
      while (Date.now() < until);
    }, 300);
    try {
      await expect.poll(async () => (await anonymous(t!).get('/api/units')).statusCode, { timeout: 8000, interval: 20 }).toBe(503);
      expectOverloaded(await anonymous(t).get('/api/units'), 10);
      expect((await anonymous(t).get('/api/health/live')).statusCode).toBe(200);
      expect((await anonymous(t).get('/api/health/ready')).json()).toMatchObject({ status: 'ready' });
      expect((await anonymous(t).get('/')).statusCode).toBe(200);
    } finally {
      clearInterval(busy);
    }

    // Nothing more to do: the next one-second sample is under the limit again.
    await expect.poll(async () => (await anonymous(t!).get('/api/units')).statusCode, { timeout: 10_000, interval: 100 }).toBe(200);
  });
});
