import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, actor, anonymous, sessionCookieFrom } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { nationalForm, nextPhone } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { noPassword } from '../auth/passwords.js';
import { personalDataHandlers } from './privacy.registry.js';

const password = 'lua-thom-mua-moi';

/** Tables whose rows outlive an erasure, emptied of what names the person: the proof of consent, the audit trail, the record of the request, the de-identified account. */
const keptAfterErasure = new Set(['users', 'consents', 'audit_log', 'privacy_requests']);

describe.each(engines)('privacy self-service on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  /** A citizen signed up through the form (with their own consent), signed in. */
  async function citizen(fullName = 'Lê Thị Hoa'): Promise<Actor & { userId: UserId; phone: PhoneNumber }> {
    const phone = nextPhone();
    const response = await anonymous(t).post('/api/auth/register', { phone: nationalForm(phone), password, fullName, birthYear: 1962, unitCode: '30307', consent: true });
    expect(response.statusCode, response.body).toBe(201);
    return actor(t, { userId: response.json().id, phone, cookie: sessionCookieFrom(response) }) as Actor & { userId: UserId; phone: PhoneNumber };
  }

  const audited = async (userId: UserId) =>
    (await t.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('subject_user_id', '=', userId).orderBy('id').execute()).map((a) => a.action);

  async function expectErased(person: { userId: UserId; phone: PhoneNumber }) {
    expect((await anonymous(t).post('/api/auth/login', { phone: nationalForm(person.phone), password })).statusCode).toBe(401);
    for (const handler of personalDataHandlers) {
      if (keptAfterErasure.has(handler.table)) continue;
      expect(await handler.export(t.db, person.userId), handler.table).toEqual([]);
    }
    const row = await t.db.selectFrom('users').select(['full_name', 'phone']).where('id', '=', person.userId).executeTakeFirstOrThrow();
    expect(row.phone).not.toBe(person.phone);
    const consents = await t.db.selectFrom('consents').select(['evidence', 'withdrawn_at']).where('user_id', '=', person.userId).execute();
    expect(consents.every((c) => c.evidence === '' && c.withdrawn_at !== null)).toBe(true);
  }

  it('exports everything as JSON and as a readable page in the person’s language, and records both', async () => {
    const me = await citizen('Phan Thị Ngọc');
    const json = await me.get('/api/me/export');
    expect(json.statusCode).toBe(200);
    expect(json.json().tables.consents).toEqual([expect.objectContaining({ purpose: 'account', channel: 'self_web', given_by: null, withdrawn_at: null })]);

    const page = await me.get('/api/me/export.html');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(page.body).toContain('<html lang="vi">');
    expect(page.body).toContain('<h1>Dữ liệu cá nhân của tôi</h1>');
    expect(page.body).toContain('Phan Thị Ngọc');
    expect(page.body).toContain(nationalForm(me.phone).slice(0, 4));
    expect(page.body).toContain('Lịch sử đồng ý');
    expect(page.body).toContain('Tạo và dùng tài khoản học tập');
    expect(page.body).toContain('tự thực hiện trên ứng dụng');
    expect(page.body).toContain('Phiên đăng nhập');
    expect(page.body).not.toMatch(/<script|argon2|password_hash/);

    await me.patch('/api/me', { language: 'en' });
    const english = await me.get('/api/me/export.html');
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('<h1>My personal data</h1>');
    expect((await audited(me.userId)).filter((a) => a === 'personal_data.export')).toHaveLength(3);
  });

  it('shows each purpose and the history of giving and withdrawing; an optional one is withdrawn at once and the account stays', async () => {
    const me = await citizen();
    const first = (await me.get('/api/me/consents')).json();
    expect(first.purposes).toEqual([
      { purpose: 'account', essential: true, given: true },
      { purpose: 'updates', essential: false, given: false },
    ]);
    expect(first.hasPassword).toBe(true);
    expect((await me.post('/api/me/consents', { purpose: 'account' })).statusCode).toBe(400);

    t.clock.advance(60_000);
    expect((await me.post('/api/me/consents', { purpose: 'updates' })).statusCode).toBe(204);
    expect((await me.post('/api/me/consents', { purpose: 'updates' })).statusCode).toBe(204);
    t.clock.advance(60_000);
    expect((await me.post('/api/me/consents/withdraw', { purpose: 'updates' })).statusCode).toBe(204);

    const after = (await me.get('/api/me/consents')).json();
    expect(after.purposes[1]).toEqual({ purpose: 'updates', essential: false, given: false });
    expect(after.history.map((e: { purpose: string; event: string; channel: string; byHelper: string | null }) => [e.purpose, e.event, e.channel, e.byHelper])).toEqual([
      ['account', 'given', 'self_web', null],
      ['updates', 'given', 'self_web', null],
      ['updates', 'withdrawn', 'self_web', null],
    ]);
    expect((await me.get('/api/me')).statusCode).toBe(200);
    expect(await audited(me.userId)).toEqual(expect.arrayContaining(['consent.give', 'consent.withdraw']));
    expect(await audited(me.userId)).not.toContain('account.delete');
  });

  it('says no to withdrawing the essential consent without the password, and erases the account with it', async () => {
    const me = await citizen('Đỗ Văn Mười');
    expect((await me.post('/api/me/consents/withdraw', { purpose: 'account' })).statusCode).toBe(400);
    expect((await me.post('/api/me/consents/withdraw', { purpose: 'account', password: 'sai-mat-khau-roi' })).statusCode).toBe(400);
    expect((await me.get('/api/me')).statusCode).toBe(200);

    const withdrawn = await me.post('/api/me/consents/withdraw', { purpose: 'account', password });
    expect(withdrawn.statusCode).toBe(204);
    expect(withdrawn.headers['set-cookie']).toBeDefined();
    expect((await me.get('/api/me')).statusCode).toBe(401);
    await expectErased(me);
    expect(await audited(me.userId)).toEqual(expect.arrayContaining(['consent.withdraw', 'account.delete']));
  });

  it('deletes an account with its password, and one without a password with a texted code of limited tries', async () => {
    const withPassword = await citizen();
    expect((await withPassword.post('/api/me/confirmation-code')).statusCode).toBe(409);
    expect((await withPassword.delete('/api/me', { password })).statusCode).toBe(204);
    await expectErased(withPassword);

    const noPass = await citizen('Chau Sóc Kha');
    await t.db.updateTable('users').set({ password_hash: noPassword }).where('id', '=', noPass.userId).execute();
    expect((await noPass.get('/api/me/consents')).json().hasPassword).toBe(false);
    expect((await noPass.delete('/api/me', {})).statusCode).toBe(400);
    const sent = await noPass.post('/api/me/confirmation-code');
    expect(sent.statusCode).toBe(202);
    await t.jobsIdle();
    const code = /(\d{6})/.exec(t.outbox.filter((m) => m.to === noPass.phone).at(-1)!.text)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await noPass.delete('/api/me', { code: wrong });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('privacy_code_invalid');
    for (let i = 0; i < 3; i++) await noPass.delete('/api/me', { code: wrong });
    const burnt = await noPass.delete('/api/me', { code: wrong });
    expect(burnt.json().error.code).toBe('privacy_code_attempts');
    // Burnt: even the right code no longer works.
    expect((await noPass.delete('/api/me', { code })).statusCode).toBe(400);
    expect((await noPass.get('/api/me')).statusCode).toBe(200);

    await noPass.post('/api/me/confirmation-code');
    await t.jobsIdle();
    const fresh = /(\d{6})/.exec(t.outbox.filter((m) => m.to === noPass.phone).at(-1)!.text)![1]!;
    expect((await noPass.delete('/api/me', { code: fresh })).statusCode).toBe(204);
    expect((await noPass.get('/api/me')).statusCode).toBe(401);
    await expectErased(noPass);
  });
});
