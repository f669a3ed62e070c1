import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { type Actor, anonymous, signedInWith } from '../../../test/actors.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.js';
import { buildCourse } from '../../../test/factories.js';
import { buildTestAppOn, TestClock, type TestApp } from '../../../test/test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/webhook-receiver.js';
import type { UserId } from '../../shared/ids.js';
import { publishEvent } from '../integrations/integrations.service.js';
import { checkTarget, type OutboundNetwork } from './outbound.js';

const allowedHosts = ['receiver.test', 'evil.test', 'metadata.test', 'mapped.test', 'mixed.test', 'rebind.test', 'public.test', '127.0.0.1', '10.0.0.5', '169.254.169.254', '::1'];

describe.each(engines)('webhooks on %s', (engine) => {
  let receiver: WebhookReceiver;
  let database: TestDatabase;
  let t: TestApp;
  let admin: Actor;
  let provinceAdmin: Actor;
  let otherAdmin: Actor;
  // The test's DNS: names point where each test needs them; receiver.test exists nowhere else,
  // so a delivery that arrives proves the connection went to the checked address, not to a second lookup.
  const names: Record<string, string[]> = {};
  const network: OutboundNetwork = {
    resolve: async (host) => {
      const found = names[host];
      if (!found) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return found;
    },
    // Only the receiver's own name and port get past the address check; every refusal below runs the real check.
    permit: (host, address, port) => host === 'receiver.test' && address === '127.0.0.1' && port === receiver.port,
  };
  const env = { WEBHOOK_ALLOWED_HOSTS: allowedHosts.join(','), WEBHOOK_ALLOW_HTTP: '1', WEBHOOK_TIMEOUT_SECONDS: '1' };
  const hookUrl = () => `http://receiver.test:${receiver.port}/hooks/hoctap`;
  const deliverAll = () => t.app.jobs.runDue();
  const deliveries = () => t.db.selectFrom('webhook_deliveries').selectAll().orderBy('id').execute();

  const register = async (who: Actor, unit: string, events: string[], url = hookUrl()) => {
    const response = await who.post(`/api/units/${unit}/webhooks`, { url, events, description: 'Kiểm thử' });
    expect(response.statusCode, response.body).toBe(201);
    receiver.secret = response.json().secret;
    return response.json() as { id: number; secret: string };
  };

  const completeCourse = async (home = '30307') => {
    const learner = await signedInWith(t, { home, fullName: 'Trần Văn Riêng Tư' });
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    const at = new Date(t.clock.now()).toISOString();
    expect((await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at })).statusCode).toBe(200);
    return { learner, course };
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    names['receiver.test'] = ['127.0.0.1'];
    database = await createTestDatabase(engine);
    // Signatures carry the send time and receivers refuse old ones: the clock starts now.
    t = await buildTestAppOn(engine, database.handle, database.env, env, new TestClock(Date.now()), { outboundNetwork: network, startJobs: false });
    admin = await signedInWith(t, { role: 'admin', unit: '30307' });
    provinceAdmin = await signedInWith(t, { role: 'admin', unit: '91' });
    otherAdmin = await signedInWith(t, { role: 'admin', unit: '30301' });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  beforeEach(async () => {
    await deliverAll();
    await t.db.deleteFrom('webhook_endpoints').execute();
    await t.db.deleteFrom('jobs').execute();
    receiver.received.splice(0);
    receiver.answers = [];
  });

  it('sends a completed course and its certificate, signed per Standard Webhooks, with ids and titles only', async () => {
    const hook = await register(admin, '30307', ['course.completed', 'certificate.issued']);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const { learner, course } = await completeCourse();
    await deliverAll();

    expect(receiver.received.every((r) => r.verified)).toBe(true);
    const types = receiver.accepted().map((b) => b.type).sort();
    expect(types).toEqual(['certificate.issued', 'course.completed']);
    const completed = receiver.accepted().find((b) => b.type === 'course.completed')!;
    expect(completed.data).toEqual({ learnerId: learner.userId, unitCode: '30307', course: { id: course.id, title: expect.any(String) } });
    const issued = receiver.accepted().find((b) => b.type === 'certificate.issued')!;
    expect(issued.data).toMatchObject({ learnerId: learner.userId, certificate: { code: expect.any(String) } });
    for (const r of receiver.received) {
      expect(r.body).not.toContain('Riêng Tư');
      expect(r.body).not.toContain(learner.phone!.slice(3));
      expect(r.headers['webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers['webhook-signature']).toMatch(/^v1,/);
    }

    const list = (await admin.get('/api/webhooks')).json().webhooks;
    expect(list).toEqual([expect.objectContaining({ id: hook.id, status: 'active', deliveries: { pending: 0, delivered: 2, failed: 0 } })]);
    expect(JSON.stringify(list)).not.toContain(hook.secret);
    const log = (await admin.get(`/api/webhooks/${hook.id}/deliveries`)).json().deliveries;
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 204, log: [{ statusCode: 204, error: null }] });
    expect(log.map((d: { eventId: string }) => d.eventId).sort()).toEqual(receiver.received.map((r) => r.headers['webhook-id']).sort());
  });

  it('the receiver refuses a forged signature and a tampered body', async () => {
    await register(admin, '30307', ['course.completed']);
    const body = JSON.stringify({ type: 'course.completed', timestamp: new Date().toISOString(), data: { learnerId: 1 } });
    const id = randomUUID();
    const now = new Date();
    const forged = new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).sign(id, now, body);
    const genuine = new Webhook(receiver.secret).sign(id, now, body);
    const send = (signature: string, payload: string) =>
      fetch(`http://127.0.0.1:${receiver.port}/hooks/hoctap`, {
        method: 'POST',
        headers: { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature, 'content-type': 'application/json' },
        body: payload,
      });
    expect((await send(forged, body)).status).toBe(401);
    expect((await send(genuine, body.replace('"learnerId":1', '"learnerId":2'))).status).toBe(401);
    expect((await send(genuine, body)).status).toBe(204);
    expect(receiver.received.map((r) => r.verified)).toEqual([false, false, true]);
  });

  it('sends only events within the webhook unit subtree', async () => {
    const ward = await register(admin, '30307', ['course.completed']);
    const wardSecret = ward.secret;
    const province = await register(provinceAdmin, '91', ['course.completed']);
    receiver.secret = province.secret;
    await completeCourse('30301');
    await deliverAll();
    const rows = await deliveries();
    expect(rows.map((d) => d.endpoint_id)).toEqual([province.id]);
    expect(receiver.accepted()).toEqual([expect.objectContaining({ type: 'course.completed', data: expect.objectContaining({ unitCode: '30301' }) })]);
    expect(wardSecret).not.toBe(province.secret);
  });

  it('records an event with the change, and nothing for a change rolled back', async () => {
    await register(admin, '30307', ['learner.registered']);
    const jobs = () => t.db.selectFrom('jobs').select('kind').execute();
    const someone = await signedInWith(t, { home: '30307' });
    await expect(
      t.db.transaction().execute(async (trx) => {
        await publishEvent(trx, { type: 'learner.registered', userId: someone.userId as UserId, at: t.clock.now() }, t.clock.now());
        throw new Error('the registration failed after all');
      }),
    ).rejects.toThrow('failed after all');
    expect(await jobs()).toEqual([]);

    const phone = `09${String(Date.now()).slice(-8)}`;
    const registered = await anonymous(t).post('/api/auth/register', { phone, password: 'mot-hai-ba-bon', fullName: 'Lê Thị Mới', birthYear: 1990, unitCode: '30307', consent: true });
    expect(registered.statusCode).toBe(201);
    expect(await jobs()).toEqual([{ kind: 'integration_event' }]);
    await deliverAll();
    expect(receiver.accepted()).toEqual([{ type: 'learner.registered', timestamp: expect.any(String), data: { learnerId: registered.json().id, unitCode: '30307' } }]);
    expect(receiver.received[0]!.body).not.toContain(phone.slice(1));
  });

  it('refuses loopback, private, link-local and unlisted targets at registration, after resolving names', async () => {
    names['evil.test'] = ['127.0.0.1'];
    names['metadata.test'] = ['169.254.169.254'];
    names['mapped.test'] = ['::ffff:10.0.0.1'];
    names['mixed.test'] = ['93.184.216.34', '10.1.2.3'];
    const refused = async (url: string) => {
      const response = await admin.post('/api/units/30307/webhooks', { url, events: ['course.completed'] });
      expect(response.statusCode, url).toBe(400);
      return response.json().error.code as string;
    };
    for (const url of [
      'http://127.0.0.1/hook',
      `http://127.0.0.1:${receiver.port}/hooks/hoctap`,
      'http://10.0.0.5/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/hook',
      `http://evil.test:${receiver.port}/hooks/hoctap`,
      'http://metadata.test/',
      'http://mapped.test/',
      'http://mixed.test/',
    ]) {
      expect(await refused(url), url).toBe('webhook_address_not_allowed');
    }
    expect(await refused('https://hooks.elsewhere.example/')).toBe('webhook_host_not_allowed');
    expect(await refused('http://unknown.test/')).toBe('webhook_host_not_allowed');
    expect(await refused('ftp://receiver.test/')).toBe('webhook_url_invalid');
    expect(await refused('https://user:secret@receiver.test/')).toBe('webhook_url_invalid');
    expect(await refused('không phải địa chỉ')).toBe('webhook_url_invalid');
    expect((await admin.post('/api/units/30307/webhooks', { url: 'http://10.0.0.5/', events: ['course.completed'] }, { 'accept-language': 'vi' })).json().error.message).toMatch(/nội bộ/);
    expect(await t.db.selectFrom('webhook_endpoints').selectAll().execute()).toEqual([]);
  });

  it('allows https only unless http is switched on, and only listed hosts', async () => {
    names['public.test'] = ['93.184.216.34'];
    const rules = { allowedHosts: ['public.test', '*.hooks.vn'], allowHttp: false };
    await expect(checkTarget('http://public.test/', rules, network)).rejects.toMatchObject({ code: 'webhook_url_invalid' });
    await expect(checkTarget('https://public.test/', rules, network)).resolves.toMatchObject({ address: '93.184.216.34' });
    await expect(checkTarget('https://a.hooks.vn/', { ...rules }, { resolve: async () => ['93.184.216.35'] })).resolves.toMatchObject({ address: '93.184.216.35' });
    await expect(checkTarget('https://hooks.vn/', rules, { resolve: async () => ['93.184.216.35'] })).rejects.toMatchObject({ code: 'webhook_host_not_allowed' });
    await expect(checkTarget('https://evilhooks.vn/', rules, { resolve: async () => ['93.184.216.35'] })).rejects.toMatchObject({ code: 'webhook_host_not_allowed' });
    for (const address of ['0.0.0.0', '100.64.0.1', '224.0.0.1', 'fc00::1', 'fe80::1', '::', 'ff02::1', '::ffff:127.0.0.1', '192.168.1.1', '172.16.0.1']) {
      await expect(checkTarget('https://public.test/', rules, { resolve: async () => [address] }), address).rejects.toMatchObject({ code: 'webhook_address_not_allowed' });
    }
  });

  it('refuses at delivery a name that now resolves to a private address (DNS rebinding), and sends nothing', async () => {
    names['rebind.test'] = ['93.184.216.34'];
    const hook = await register(admin, '30307', ['course.completed'], `http://rebind.test:${receiver.port}/hooks/hoctap`);
    names['rebind.test'] = ['127.0.0.1'];
    await completeCourse();
    await deliverAll();
    expect(receiver.received).toEqual([]);
    const [delivery] = (await admin.get(`/api/webhooks/${hook.id}/deliveries`)).json().deliveries;
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, log: [{ statusCode: null, error: 'webhook_address_not_allowed' }] });
  });

  it('follows no redirect, keeps only a short excerpt of the answer, and gives up on a receiver that hangs', async () => {
    const hook = await register(admin, '30307', ['course.completed']);
    receiver.answers = [{ status: 302, headers: { location: `http://receiver.test:${receiver.port}/elsewhere` }, body: 'x'.repeat(5000) }];
    await completeCourse();
    await deliverAll();
    expect(receiver.received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /hooks/hoctap']);
    let [delivery] = (await admin.get(`/api/webhooks/${hook.id}/deliveries`)).json().deliveries;
    expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: 302 });
    expect(delivery.log[0].excerpt.length).toBeLessThanOrEqual(300);

    receiver.answers = ['hang'];
    const job = await t.db.selectFrom('jobs').select('run_after').executeTakeFirstOrThrow();
    t.clock.current = Number(job.run_after);
    await deliverAll();
    [delivery] = (await admin.get(`/api/webhooks/${hook.id}/deliveries`)).json().deliveries;
    expect(delivery.log[1]).toMatchObject({ statusCode: null, error: 'timeout' });
    expect(delivery.log[1].durationMs).toBeGreaterThanOrEqual(900);
    expect(delivery.log[1].durationMs).toBeLessThan(5000);
    t.clock.current = Date.now();
  });

  it('only admins who reach the unit manage its webhooks', async () => {
    const hook = await register(admin, '30307', ['course.completed']);
    const learner = await signedInWith(t);
    const manager = await signedInWith(t, { role: 'manager', unit: '30307' });
    expect((await learner.get('/api/webhooks')).statusCode).toBe(403);
    expect((await manager.post('/api/units/30307/webhooks', { url: hookUrl(), events: ['course.completed'] })).statusCode).toBe(403);
    expect((await otherAdmin.post('/api/units/30307/webhooks', { url: hookUrl(), events: ['course.completed'] })).statusCode).toBe(403);
    expect((await anonymous(t).get('/api/webhooks')).statusCode).toBe(401);
    expect((await otherAdmin.get('/api/webhooks')).json().webhooks).toEqual([]);
    expect((await provinceAdmin.get('/api/webhooks')).json().webhooks.map((w: { id: number }) => w.id)).toEqual([hook.id]);
    for (const [method, url] of [
      ['POST', `/api/webhooks/${hook.id}/disable`],
      ['POST', `/api/webhooks/${hook.id}/secret`],
      ['DELETE', `/api/webhooks/${hook.id}`],
      ['GET', `/api/webhooks/${hook.id}/deliveries`],
    ] as const) {
      expect((await otherAdmin.request(method, url, method === 'GET' ? undefined : {})).statusCode, url).toBe(403);
    }
    expect((await admin.post('/api/webhooks/999999/disable')).statusCode).toBe(404);
    expect((await admin.post('/api/webhook-deliveries/999999/resend')).statusCode).toBe(404);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'like', 'webhook.%').execute();
    expect(audit.some((a) => a.action === 'webhook.create' && !a.details.includes('whsec_'))).toBe(true);
  });

  it('a disabled webhook hears nothing; a rotated secret signs from then on; a deleted one is gone', async () => {
    const hook = await register(admin, '30307', ['course.completed']);
    expect((await admin.post(`/api/webhooks/${hook.id}/disable`)).json()).toMatchObject({ status: 'disabled' });
    await completeCourse();
    await deliverAll();
    expect(receiver.received).toEqual([]);
    expect((await admin.post(`/api/webhooks/${hook.id}/enable`)).json()).toMatchObject({ status: 'active' });

    const rotated = (await admin.post(`/api/webhooks/${hook.id}/secret`)).json().secret;
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(hook.secret);
    receiver.secret = rotated;
    await completeCourse();
    await deliverAll();
    expect(receiver.received.map((r) => r.verified)).toEqual([true]);

    expect((await admin.delete(`/api/webhooks/${hook.id}`)).statusCode).toBe(204);
    expect((await admin.get('/api/webhooks')).json().webhooks).toEqual([]);
    expect(await deliveries()).toEqual([]);
  });

  it('retries with growing waits for about a day, marks the delivery failed, and sends it again on request', async () => {
    const hook = await register(admin, '30307', ['course.completed']);
    const start = t.clock.now();
    receiver.answers = Array.from({ length: 12 }, () => ({ status: 503, body: 'Service Unavailable' }));
    await completeCourse();
    await deliverAll();
    const waits: number[] = [];
    for (;;) {
      const job = await t.db.selectFrom('jobs').select('run_after').executeTakeFirst();
      if (!job) break;
      waits.push(Number(job.run_after) - t.clock.now());
      t.clock.current = Number(job.run_after);
      // (The receiver also refuses signatures timed a day ahead of its own clock: failures either way.)
      await deliverAll();
    }
    expect(waits).toHaveLength(11);
    for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThan(waits[i - 1]! * 1.3);
    const total = t.clock.now() - start;
    expect(total).toBeGreaterThan(20 * 3600_000);
    expect(total).toBeLessThan(32 * 3600_000);
    // Back to today, where the admin's session is still fresh.
    t.clock.current = Date.now();
    let [delivery] = (await admin.get(`/api/webhooks/${hook.id}/deliveries`)).json().deliveries;
    expect(delivery).toMatchObject({ status: 'failed', attempts: 12 });
    expect(delivery.log).toHaveLength(12);

    receiver.received.splice(0);
    receiver.answers = [];
    expect((await admin.post(`/api/webhook-deliveries/${delivery.id}/resend`)).statusCode).toBe(204);
    expect((await admin.post(`/api/webhook-deliveries/${delivery.id}/resend`)).json().error.code).toBe('webhook_delivery_pending');
    await deliverAll();
    [delivery] = (await admin.get(`/api/webhooks/${hook.id}/deliveries`)).json().deliveries;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 13, lastStatusCode: 204 });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers['webhook-id']).toBe(delivery.eventId);
  });

  it('a delivery that failed before a restart is made once by the next process on the same database', async () => {
    await register(admin, '30307', ['course.completed']);
    receiver.answers = [{ status: 503 }];
    await completeCourse();
    await deliverAll();
    expect(receiver.received).toHaveLength(1);
    const [job] = await t.db.selectFrom('jobs').select(['run_after', 'attempts']).execute();
    expect(job!.attempts).toBe(1);
    const wait = Number(job!.run_after) - t.clock.now();
    expect(wait).toBeGreaterThanOrEqual(36_000);
    expect(wait).toBeLessThanOrEqual(54_000);

    // The process stops; another starts on the same database once the retry is due.
    await t.app.close();
    t = await buildTestAppOn(engine, database.handle, database.env, env, new TestClock(Number(job!.run_after)), { outboundNetwork: network, startJobs: false });
    await deliverAll();
    await deliverAll();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.headers['webhook-id']).toBe(receiver.received[1]!.headers['webhook-id']);
    expect((await deliveries()).map((d) => d.status)).toEqual(['delivered']);
    expect(await t.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
  });
});
