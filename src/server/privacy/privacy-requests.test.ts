import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith, signIn } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildPerson, nationalForm, testPassword } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { privacyNoticeVersion } from '../../shared/privacy.js';
import { insertConsent } from '../auth/auth.service.js';

describe.each(engines)('privacy requests on someone’s behalf on %s', (engine) => {
  let t: TestApp;
  let helper: Actor;
  let manager: Actor;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    helper = await signedInWith(t, { role: 'helper', unit: '30307', home: '30307', fullName: 'Trần Văn Hỗ Trợ' });
    // A manager of another commune: Phường Bình Đức.
    manager = await signedInWith(t, { role: 'manager', unit: '30292', home: '30292', fullName: 'Ngô Thị Quản Lý' });
  });
  afterAll(() => t.close());

  /** A resident of the commune who consented to the account and to updates. */
  async function resident(unitCode = '30307'): Promise<{ id: UserId; phone: PhoneNumber }> {
    const person = await buildPerson(t.db, { unitCode, fullName: 'Nguyễn Thị Mai' });
    for (const purpose of ['account', 'updates']) await insertConsent(t.db, { userId: person.id, purpose, noticeVersion: privacyNoticeVersion, channel: 'self_web', evidence: '{}', now: t.clock.now() });
    return person;
  }

  async function codeTo(phone: PhoneNumber): Promise<string> {
    await t.jobsIdle();
    return /(\d{6})/.exec(t.outbox.filter((m) => m.to === phone).at(-1)!.text)![1]!;
  }

  const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000');

  const liveConsents = async (userId: UserId) =>
    (await t.db.selectFrom('consents').select('purpose').where('user_id', '=', userId).where('withdrawn_at', 'is', null).orderBy('purpose').execute()).map((r) => r.purpose);

  it('records a withdrawal asked by a helper and does nothing until the person’s code is read back', async () => {
    const person = await resident();
    const started = await helper.post('/api/privacy/requests', { phone: nationalForm(person.phone), kind: 'withdraw', purpose: 'updates' });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({ fullName: 'Nguyễn Thị Mai', kind: 'withdraw', purpose: 'updates', status: 'pending', confirmedAt: null });
    const code = await codeTo(person.phone);
    expect(t.outbox.filter((m) => m.to === person.phone).at(-1)!.text).toContain('RUT LAI DONG Y');
    const row = await t.db.selectFrom('privacy_requests').selectAll().where('id', '=', started.json().id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: person.id, requested_by: helper.userId, kind: 'withdraw', purpose: 'updates', status: 'pending', created_at: t.clock.now() });
    expect(row.code_hash).not.toContain(code);

    // Not confirmed: nothing withdrawn, however long we wait.
    t.clock.advance(5 * 60_000);
    expect(await liveConsents(person.id)).toEqual(['account', 'updates']);
    // Only the requester may confirm it.
    const other = await signedInWith(t, { role: 'helper', unit: '30307' });
    expect((await other.post(`/api/privacy/requests/${started.json().id}/confirm`, { code })).statusCode).toBe(404);
    const wrong = await helper.post(`/api/privacy/requests/${started.json().id}/confirm`, { code: wrongFor(code) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('privacy_code_invalid');
    expect(await liveConsents(person.id)).toEqual(['account', 'updates']);

    const confirmed = await helper.post(`/api/privacy/requests/${started.json().id}/confirm`, { code });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'done', confirmedAt: new Date(t.clock.now()).toISOString() });
    expect(await liveConsents(person.id)).toEqual(['account']);
    expect((await helper.post(`/api/privacy/requests/${started.json().id}/confirm`, { code })).statusCode).toBe(409);

    // The person sees who withdrew it, and how.
    const me = await signIn(t, person.phone);
    const history = (await me.get('/api/me/consents')).json().history;
    expect(history.at(-1)).toMatchObject({ purpose: 'updates', event: 'withdrawn', channel: 'on_behalf_sms', byHelper: 'Trần Văn Hỗ Trợ', evidence: 'sms_code' });
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('subject_user_id', '=', person.id).orderBy('id').execute();
    expect(audit).toEqual(expect.arrayContaining([
      { action: 'privacy.request', actor_user_id: helper.userId },
      { action: 'consent.withdraw', actor_user_id: helper.userId },
    ]));
    const list = (await helper.get('/api/privacy/requests')).json().requests;
    expect(list[0]).toMatchObject({ id: started.json().id, status: 'done', kind: 'withdraw' });
  });

  it('hands an export to the helper only with the code, and burns a request after five wrong codes', async () => {
    const person = await resident();
    const started = (await helper.post('/api/privacy/requests', { phone: nationalForm(person.phone), kind: 'export' })).json();
    const code = await codeTo(person.phone);
    for (let i = 0; i < 4; i++) expect((await helper.post(`/api/privacy/requests/${started.id}/confirm`, { code: wrongFor(code) })).json().error.code).toBe('privacy_code_invalid');
    expect((await helper.post(`/api/privacy/requests/${started.id}/confirm`, { code: wrongFor(code) })).json().error.code).toBe('privacy_code_attempts');
    const late = await helper.post(`/api/privacy/requests/${started.id}/confirm`, { code });
    expect(late.statusCode).toBe(400);
    expect(late.json().export).toBeUndefined();
    expect((await t.db.selectFrom('privacy_requests').select('status').where('id', '=', started.id).executeTakeFirstOrThrow()).status).toBe('expired');

    const again = (await helper.post('/api/privacy/requests', { phone: nationalForm(person.phone), kind: 'export' })).json();
    const fresh = await codeTo(person.phone);
    const done = await helper.post(`/api/privacy/requests/${again.id}/confirm`, { code: fresh });
    expect(done.statusCode).toBe(200);
    expect(done.json().export.tables.users[0]).toMatchObject({ phone: person.phone, full_name: 'Nguyễn Thị Mai' });
  });

  it('deletes an account for the person once they confirm, and refuses people out of reach', async () => {
    const person = await resident();
    const started = (await helper.post('/api/privacy/requests', { phone: nationalForm(person.phone), kind: 'delete' })).json();
    expect((await anonymous(t).post('/api/auth/login', { phone: nationalForm(person.phone), password: testPassword })).statusCode).toBe(200);
    const code = await codeTo(person.phone);
    expect((await helper.post(`/api/privacy/requests/${started.id}/confirm`, { code })).statusCode).toBe(200);
    expect((await anonymous(t).post('/api/auth/login', { phone: nationalForm(person.phone), password: testPassword })).statusCode).toBe(401);
    expect((await t.db.selectFrom('users').select('full_name').where('id', '=', person.id).executeTakeFirstOrThrow()).full_name).not.toContain('Mai');

    // A resident of Phường Long Xuyên is beyond the Bình Đức manager's reach; Bình Đức's are within it.
    const elsewhere = await resident('30307');
    const refused = await manager.post('/api/privacy/requests', { phone: nationalForm(elsewhere.phone), kind: 'delete' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('privacy_request_out_of_reach');
    expect((await manager.post('/api/privacy/requests', { phone: '0912 000 111', kind: 'export' })).statusCode).toBe(403);
    const local = await resident('30292');
    expect((await manager.post('/api/privacy/requests', { phone: nationalForm(local.phone), kind: 'withdraw' })).statusCode).toBe(400);
    const essential = await manager.post('/api/privacy/requests', { phone: nationalForm(local.phone), kind: 'withdraw', purpose: 'account' });
    expect(essential.statusCode).toBe(201);
    expect((await helper.post(`/api/privacy/requests/${essential.json().id}/confirm`, { code: await codeTo(local.phone) })).statusCode).toBe(404);
    expect((await manager.post(`/api/privacy/requests/${essential.json().id}/confirm`, { code: await codeTo(local.phone) })).statusCode).toBe(200);
    expect((await anonymous(t).post('/api/auth/login', { phone: nationalForm(local.phone), password: testPassword })).statusCode).toBe(401);
    // A learner may not make requests for others at all.
    const learner = await signedInWith(t, { home: '30307' });
    expect((await learner.post('/api/privacy/requests', { phone: nationalForm(elsewhere.phone), kind: 'export' })).statusCode).toBe(403);
  });
});
