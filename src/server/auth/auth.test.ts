import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, anonymous, sessionCookieFrom, signIn, signedInWith } from '../../../test/actors.js';
import { createTestDatabase, engines } from '../../../test/databases.js';
import { buildPerson, grant, nationalForm, nextPhone, testPassword } from '../../../test/factories.js';
import { buildTestApp, buildTestAppOn, type TestApp } from '../../../test/test-app.js';
import { connectDatabase } from '../db/connect.js';
import { demoPassword } from '../bootstrap/demo.seed.js';
import { sessionRecheckMs } from '../http/sessions.js';
import type { PhoneNumber } from '../../shared/phone.js';

const validRegistration = (phone: string) => ({
  phone,
  password: 'mot-hai-ba-bon',
  fullName: 'Nguyễn Thị Bảy',
  birthYear: 1962,
  unitCode: '30307',
  consent: true,
});

describe.each(engines)('accounts on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  const userCount = async () => Number((await t.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  describe('sign-up', () => {
    it.each([
      ['0912345678', '+84912345678'],
      ['+84 913 345 678', '+84913345678'],
      ['84 914 345 678', '+84914345678'],
      ['0915.345.678', '+84915345678'],
    ])('accepts %s and stores %s', async (input, stored) => {
      const response = await anonymous(t).post('/api/auth/register', validRegistration(input));
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ phone: stored, fullName: 'Nguyễn Thị Bảy', unit: { code: '30307', fullName: 'Phường Long Xuyên' }, grants: [] });
      const row = await t.db.selectFrom('users').select(['phone', 'password_hash']).where('phone', '=', stored as never).executeTakeFirstOrThrow();
      expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    });

    it('signs the new person in with an HttpOnly, SameSite=Lax cookie and records their consent', async () => {
      const phone = nextPhone();
      const response = await anonymous(t).post('/api/auth/register', validRegistration(nationalForm(phone)));
      const cookie = response.cookies.find((c) => c.name === 'hoctap_session')!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie.secure).toBeFalsy();
      const me = await actor(t, { userId: null, phone, cookie: sessionCookieFrom(response) }).get('/api/me');
      expect(me.json().phone).toBe(phone);
      const consent = await t.db.selectFrom('consents').selectAll().where('user_id', '=', me.json().id).executeTakeFirstOrThrow();
      expect(consent).toMatchObject({ purpose: 'account', channel: 'self_web', withdrawn_at: null });
      expect(consent.notice_version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('refuses a second account for the same number written another way', async () => {
      const phone = nextPhone();
      expect((await anonymous(t).post('/api/auth/register', validRegistration(nationalForm(phone)))).statusCode).toBe(201);
      const again = await anonymous(t).post('/api/auth/register', validRegistration(`84 ${phone.slice(3)}`));
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('phone_taken');
    });

    it.each([
      ['a landline', { phone: '02963123456' }, 'invalid_phone', 'phone'],
      ['too few digits', { phone: '091234567' }, 'invalid_phone', 'phone'],
      ['letters', { phone: '09abc45678' }, 'invalid_phone', 'phone'],
      ['a short password', { password: 'abc123' }, 'password_too_short', 'password'],
      ['a common password', { password: '12345678' }, 'password_too_common', 'password'],
      ['a common Vietnamese password', { password: 'anhyeuem123' }, 'password_too_common', 'password'],
      ['HTML in the name', { fullName: '<script>alert(1)</script>' }, 'invalid_full_name', 'fullName'],
      ['SQL in the name', { fullName: "Robert'); DROP TABLE users;--" }, 'invalid_full_name', 'fullName'],
      ['a one-letter name', { fullName: 'A' }, 'invalid_full_name', 'fullName'],
      ['a birth year in the future', { birthYear: 2030 }, 'invalid_birth_year', 'birthYear'],
      ['a birth year of 1800', { birthYear: 1800 }, 'invalid_birth_year', 'birthYear'],
      ['an unknown unit', { unitCode: '99999' }, 'unknown_unit', 'unitCode'],
      ['a unit that is not a place of residence', { unitCode: '91' }, 'unit_not_residential', 'unitCode'],
      ['a dissolved commune', { unitCode: 'OLD.30280' }, 'unit_not_residential', 'unitCode'],
      ['SQL in the unit code', { unitCode: "30307' OR '1'='1" }, 'unknown_unit', 'unitCode'],
      ['no consent', { consent: false }, 'consent_required', 'consent'],
    ])('refuses %s with a clear message and writes nothing', async (_label, change, code, field) => {
      const before = await userCount();
      const response = await anonymous(t).post('/api/auth/register', { ...validRegistration(nationalForm(nextPhone())), ...change });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe(code);
      expect(response.json().error.fields[field]).toMatch(/\p{L}/u);
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(await userCount()).toBe(before);
    });

    it.each([['"true"', 'true'], ['1', 1], ['"1"', '1'], ['"yes"', 'yes'], ['[true]', [true]]])('takes only the JSON boolean true as consent, not %s', async (_label, consent) => {
      const before = await userCount();
      const response = await anonymous(t).post('/api/auth/register', { ...validRegistration(nationalForm(nextPhone())), consent });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('consent_required');
      expect(response.json().error.fields.consent).toBe('Bạn cần đồng ý với Thông báo xử lý dữ liệu cá nhân để đăng ký.');
      expect(await userCount()).toBe(before);
    });

    it('names every wrong field at once, in Vietnamese by default and in English on request', async () => {
      const body = { phone: '123', password: '123', fullName: '1', birthYear: 3000, unitCode: 'x' };
      const vi = (await anonymous(t).post('/api/auth/register', body)).json().error;
      expect(vi.code).toBe('invalid_input');
      expect(Object.keys(vi.fields).sort()).toEqual(['birthYear', 'consent', 'fullName', 'password', 'phone', 'unitCode']);
      expect(vi.fields.phone).toBe('Số điện thoại di động Việt Nam không hợp lệ. Ví dụ đúng: 0912 345 678.');
      const en = (await anonymous(t).post('/api/auth/register', body, { 'accept-language': 'en' })).json().error;
      expect(en.fields.phone).toBe('This is not a valid Vietnamese mobile number. Example: 0912 345 678.');
    });

    it.each([
      ['missing fields', { phone: '0912345678' }, 'invalid_input'],
      ['an over-long name', { ...validRegistration('0987654321'), fullName: 'A'.repeat(500) }, 'invalid_input'],
      ['an over-long password', { ...validRegistration('0987654321'), password: 'x'.repeat(129) }, 'invalid_input'],
      ['a birth year that is text', { ...validRegistration('0987654321'), birthYear: 'nineteen' }, 'invalid_input'],
    ])('answers 400 for %s', async (_label, body, code) => {
      const before = await userCount();
      const response = await anonymous(t).post('/api/auth/register', body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe(code);
      expect(await userCount()).toBe(before);
    });

    it('ignores fields it does not know, so a body cannot make anyone an admin', async () => {
      const phone = nextPhone();
      const response = await anonymous(t).post('/api/auth/register', { ...validRegistration(nationalForm(phone)), role: 'admin', grants: [{ role: 'admin', unit: '91' }] });
      expect(response.statusCode).toBe(201);
      expect(response.json().grants).toEqual([]);
      expect(await t.db.selectFrom('role_grants').select('id').where('user_id', '=', response.json().id).execute()).toEqual([]);
    });
  });

  describe('sign-in', () => {
    it('signs in with any written form of the number and rotates the session token', async () => {
      const person = await buildPerson(t.db);
      const first = await anonymous(t).post('/api/auth/login', { phone: `+84 ${person.phone.slice(3)}`, password: testPassword });
      expect(first.statusCode).toBe(200);
      const firstCookie = sessionCookieFrom(first);
      const second = await actor(t, { userId: null, phone: null, cookie: firstCookie }).post('/api/auth/login', { phone: nationalForm(person.phone), password: testPassword });
      const secondCookie = sessionCookieFrom(second);
      expect(secondCookie).not.toBe(firstCookie);
      expect((await actor(t, { userId: null, phone: null, cookie: firstCookie }).get('/api/me')).statusCode).toBe(401);
      expect((await actor(t, { userId: null, phone: null, cookie: secondCookie }).get('/api/me')).statusCode).toBe(200);
    });

    it('gives the same answer for an unknown number and a wrong password', async () => {
      const person = await buildPerson(t.db);
      const wrong = await anonymous(t).post('/api/auth/login', { phone: nationalForm(person.phone), password: 'not-the-password' });
      const unknown = await anonymous(t).post('/api/auth/login', { phone: nationalForm(nextPhone()), password: 'not-the-password' });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(unknown.json());
      expect(wrong.json().error.message).toBe('Số điện thoại hoặc mật khẩu không đúng.');
    });

    it('throttles 20 wrong passwords for one number with 429 and Retry-After, even for the right password after', async () => {
      const person = await buildPerson(t.db);
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 20; i++) {
        last = await anonymous(t).post('/api/auth/login', { phone: nationalForm(person.phone), password: `wrong-${i}` });
        statuses.push(last.statusCode);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
      expect(last!.json().error.message).toMatch(/thử lại sau \d+ phút/);
      const right = await anonymous(t).post('/api/auth/login', { phone: nationalForm(person.phone), password: testPassword });
      expect(right.statusCode).toBe(429);
      t.clock.advance(t.config.rateLimitWindowMinutes * 60_000 + 1);
      expect((await anonymous(t).post('/api/auth/login', { phone: nationalForm(person.phone), password: testPassword })).statusCode).toBe(200);
    });

    it('throttles one address guessing across many numbers', async () => {
      const local = await buildTestApp(engine, { LOGIN_MAX_FAILURES_PER_IP: '5' });
      try {
        const statuses = [];
        for (let i = 0; i < 7; i++) {
          statuses.push((await anonymous(local).post('/api/auth/login', { phone: nationalForm(nextPhone()), password: 'guess-guess' })).statusCode);
        }
        expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      } finally {
        await local.close();
      }
    });

    it('refuses a malformed number with a Vietnamese message', async () => {
      const response = await anonymous(t).post('/api/auth/login', { phone: '12-34', password: 'whatever-1' });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields.phone).toBe('Số điện thoại di động Việt Nam không hợp lệ. Ví dụ đúng: 0912 345 678.');
    });

    it('never returns a password hash, in any answer about a person', async () => {
      const person = await buildPerson(t.db, { fullName: 'Lâm Thị Tám' });
      const login = await anonymous(t).post('/api/auth/login', { phone: nationalForm(person.phone), password: testPassword });
      const me = actor(t, { userId: person.id, phone: person.phone, cookie: sessionCookieFrom(login) });
      // The lists staff see of people: the person is a member of the commune and holds a role there.
      const admin = await signedInWith(t, { role: 'admin', unit: '30307' });
      await grant(t.db, admin.userId!, 'manager', '30307');
      expect((await admin.post('/api/units/30307/members', { fullName: 'Lâm Thị Tám', phone: nationalForm(person.phone), birthYear: '1980', unitCode: '30307', group: 'worker' })).statusCode).toBe(201);
      await grant(t.db, person.id, 'author', '30307');
      const responses = [
        login,
        await me.get('/api/me'),
        await me.get('/api/me/export'),
        await me.patch('/api/me', { largeText: true }),
        await admin.get('/api/units/30307/members'),
        await admin.get('/api/units/30307/people'),
        await admin.get('/api/units/30307/grants'),
      ];
      // A refusal says nothing about the person, so it would prove nothing: each answer must be the real one, and name them.
      for (const response of responses) {
        expect(response.statusCode, response.body).toBe(200);
        expect(response.body).toContain('Lâm Thị Tám');
        expect(response.body).not.toMatch(/argon2|password_hash|passwordHash/);
      }
    });
  });

  describe('sessions', () => {
    it('ends on sign-out: the old cookie no longer works', async () => {
      const person = await signedInWith(t);
      expect((await person.post('/api/auth/logout')).statusCode).toBe(204);
      expect((await person.get('/api/me')).statusCode).toBe(401);
    });

    it("expires after a citizen's idle time and after the absolute limit even when used", async () => {
      const idle = await signedInWith(t);
      t.clock.advance(t.config.sessionIdleMinutes * 60_000 - 5 * 60_000);
      expect((await idle.get('/api/me')).statusCode).toBe(200);
      t.clock.advance(t.config.sessionIdleMinutes * 60_000 + 1);
      expect((await idle.get('/api/me')).statusCode).toBe(401);

      const busy = await signedInWith(t);
      const dayMs = 24 * 60 * 60_000;
      for (let day = 0; day < t.config.sessionMaxDays; day += 20) {
        t.clock.advance(20 * dayMs);
        if (day + 20 < t.config.sessionMaxDays) expect((await busy.get('/api/me')).statusCode).toBe(200);
      }
      expect((await busy.get('/api/me')).statusCode).toBe(401);
    });

    it('gives staff (any role beyond learner) a short session', async () => {
      const manager = await signedInWith(t, { role: 'manager', unit: '30307' });
      t.clock.advance(t.config.staffSessionIdleMinutes * 60_000 + 1);
      expect((await manager.get('/api/me')).statusCode).toBe(401);
    });

    it('is seen by a second app process on the same database', async () => {
      const { handle, env } = await createTestDatabase(engine);
      const first = await buildTestAppOn(engine, handle, env);
      const secondHandle = connectDatabase({ databaseUrl: env.DATABASE_URL ?? null, sqlitePath: `${env.DATA_DIR}/hoctap.sqlite`, poolSize: 2 });
      const second = await buildTestAppOn(engine, secondHandle, env);
      try {
        const person = await buildPerson(first.db);
        const signedIn = await signIn(first, person.phone);
        const onSecond = await actor(second, signedIn).get('/api/me');
        expect(onSecond.statusCode).toBe(200);
        expect(onSecond.json().id).toBe(person.id);
        expect((await signedIn.get('/api/me')).statusCode).toBe(200);
        await actor(second, signedIn).post('/api/auth/logout');
        expect((await actor(second, signedIn).get('/api/me')).statusCode).toBe(401);
        // The first process re-checks sessions it knows at most sessionRecheckMs later.
        first.clock.advance(sessionRecheckMs - 1);
        expect((await signedIn.get('/api/me')).statusCode).toBe(200);
        first.clock.advance(2);
        expect((await signedIn.get('/api/me')).statusCode).toBe(401);
      } finally {
        await first.close();
        await second.close();
      }
    });

    it('marks the cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
      const proxied = await buildTestApp(engine, { TRUST_PROXY: '127.0.0.1' });
      try {
        const person = await buildPerson(proxied.db);
        const response = await anonymous(proxied).post('/api/auth/login', { phone: nationalForm(person.phone), password: testPassword }, { 'x-forwarded-proto': 'https' });
        expect(response.cookies.find((c) => c.name === 'hoctap_session')!.secure).toBe(true);
        const untrusted = await anonymous(t).post('/api/auth/login', { phone: nationalForm(person.phone), password: testPassword }, { 'x-forwarded-proto': 'https' });
        expect(untrusted.statusCode).toBe(401);
      } finally {
        await proxied.close();
      }
    });

    it('always marks the cookie Secure when the public address is https, with or without a proxy saying so', async () => {
      const public_ = await buildTestApp(engine, { PUBLIC_URL: 'https://hoctap.angiang.gov.vn' });
      try {
        const person = await buildPerson(public_.db);
        const login = await anonymous(public_).post('/api/auth/login', { phone: nationalForm(person.phone), password: testPassword });
        expect(login.statusCode).toBe(200);
        expect(login.cookies.find((c) => c.name === 'hoctap_session')!.secure).toBe(true);
        const logout = await actor(public_, { userId: person.id, phone: person.phone, cookie: sessionCookieFrom(login) }).post('/api/auth/logout');
        expect(logout.cookies.find((c) => c.name === 'hoctap_session')).toMatchObject({ value: '', secure: true });
      } finally {
        await public_.close();
      }
    });

    it('ends every session of an account an admin locks', async () => {
      const admin = await signedInWith(t, { role: 'admin', unit: '91' });
      const learner = await signedInWith(t, { home: '30292' });
      expect((await admin.post(`/api/users/${learner.userId}/disable`)).statusCode).toBe(204);
      expect((await learner.get('/api/me')).statusCode).toBe(401);
      const again = await anonymous(t).post('/api/auth/login', { phone: nationalForm(learner.phone!), password: testPassword });
      expect(again.statusCode).toBe(403);
      expect(again.json().error.code).toBe('account_disabled');
      expect((await admin.post(`/api/users/${learner.userId}/enable`)).statusCode).toBe(204);
      expect((await anonymous(t).post('/api/auth/login', { phone: nationalForm(learner.phone!), password: testPassword })).statusCode).toBe(200);
    });

    it('lets only an admin of the person’s home unit lock an account', async () => {
      const communeAdmin = await signedInWith(t, { role: 'admin', unit: '30292' });
      const elsewhere = await buildPerson(t.db, { unitCode: '30307' });
      expect((await communeAdmin.post(`/api/users/${elsewhere.id}/disable`)).statusCode).toBe(403);
      const learner = await signedInWith(t);
      expect((await learner.post(`/api/users/${elsewhere.id}/disable`)).statusCode).toBe(403);
    });
  });

  describe('password reset by text message', () => {
    const codeFrom = (text: string) => /(\d{6})/.exec(text)![1]!;

    it('sends a six-digit code, sets the new password, signs in and signs out elsewhere', async () => {
      const person = await buildPerson(t.db);
      const elsewhere = await signIn(t, person.phone);
      const request = await anonymous(t).post('/api/auth/password-reset', { phone: nationalForm(person.phone) });
      expect(request.statusCode).toBe(202);
      await t.jobsIdle();
      const message = t.outbox.at(-1)!;
      expect(message.to).toBe(person.phone);
      const code = codeFrom(message.text);
      const confirm = await anonymous(t).post('/api/auth/password-reset/confirm', { phone: nationalForm(person.phone), code, newPassword: 'mat-khau-moi-2026' });
      expect(confirm.statusCode).toBe(200);
      expect(confirm.json().id).toBe(person.id);
      expect((await elsewhere.get('/api/me')).statusCode).toBe(401);
      expect((await anonymous(t).post('/api/auth/login', { phone: nationalForm(person.phone), password: 'mat-khau-moi-2026' })).statusCode).toBe(200);
      const reuse = await anonymous(t).post('/api/auth/password-reset/confirm', { phone: nationalForm(person.phone), code, newPassword: 'mat-khau-khac-2026' });
      expect(reuse.statusCode).toBe(400);
      expect(reuse.json().error.code).toBe('reset_code_invalid');
    });

    it('answers the same for a number without an account, and sends nothing', async () => {
      const before = t.outbox.length;
      const response = await anonymous(t).post('/api/auth/password-reset', { phone: nationalForm(nextPhone()) });
      expect(response.statusCode).toBe(202);
      expect(response.json()).toEqual({ status: 'sent' });
      await t.jobsIdle();
      expect(t.outbox.length).toBe(before);
    });

    it('answers before the text is sent, exactly as for a number without an account', async () => {
      let release = () => {};
      const gateway = new Promise<void>((resolve) => (release = resolve));
      const local = await buildTestApp(engine, {}, { beforeSend: () => gateway });
      try {
        const person = await buildPerson(local.db);
        const registered = await Promise.race([
          anonymous(local).post('/api/auth/password-reset', { phone: nationalForm(person.phone) }),
          new Promise<null>((resolve) => setTimeout(() => resolve(null), 3_000)),
        ]);
        expect(registered, 'the answer waited for the SMS gateway').not.toBeNull();
        const unknown = await anonymous(local).post('/api/auth/password-reset', { phone: nationalForm(nextPhone()) });
        const seen = (r: LightMyRequestResponse) => ({ status: r.statusCode, body: r.body, headers: { ...r.headers, date: undefined, 'x-request-id': undefined } });
        expect(seen(registered!)).toEqual(seen(unknown));
        expect(local.outbox).toEqual([]);
        release();
        await expect.poll(() => local.outbox.length).toBe(1);
        expect(local.outbox[0]!.to).toBe(person.phone);
        expect(local.outbox[0]!.text).toMatch(/\d{6}/);
        // The code leaves the database once it is sent.
        await local.jobsIdle();
        expect(await local.db.selectFrom('jobs').select('id').execute()).toEqual([]);
      } finally {
        release();
        await local.close();
      }
    });

    it('burns the code after five wrong guesses and after ten minutes', async () => {
      const person = await buildPerson(t.db);
      await anonymous(t).post('/api/auth/password-reset', { phone: nationalForm(person.phone) });
      await t.jobsIdle();
      const code = codeFrom(t.outbox.at(-1)!.text);
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) {
        const guess = await anonymous(t).post('/api/auth/password-reset/confirm', { phone: nationalForm(person.phone), code: wrong, newPassword: 'mat-khau-moi-2026' });
        expect(guess.statusCode).toBe(400);
      }
      const right = await anonymous(t).post('/api/auth/password-reset/confirm', { phone: nationalForm(person.phone), code, newPassword: 'mat-khau-moi-2026' });
      expect(right.statusCode).toBe(400);

      t.clock.advance(60 * 60_000 + 1);
      await anonymous(t).post('/api/auth/password-reset', { phone: nationalForm(person.phone) });
      await t.jobsIdle();
      const fresh = codeFrom(t.outbox.at(-1)!.text);
      t.clock.advance(10 * 60_000 + 1);
      const late = await anonymous(t).post('/api/auth/password-reset/confirm', { phone: nationalForm(person.phone), code: fresh, newPassword: 'mat-khau-moi-2026' });
      expect(late.statusCode).toBe(400);
    });

    it('takes only the JSON boolean true as the consent of someone claiming an account made from a members list', async () => {
      const person = await buildPerson(t.db);
      await t.db.updateTable('users').set({ password_hash: '!' }).where('id', '=', person.id).execute();
      await anonymous(t).post('/api/auth/password-reset', { phone: nationalForm(person.phone) });
      await t.jobsIdle();
      const code = codeFrom(t.outbox.at(-1)!.text);
      for (const consent of ['true', 1, '1']) {
        const claim = await anonymous(t).post('/api/auth/password-reset/confirm', { phone: nationalForm(person.phone), code, newPassword: 'mat-khau-moi-2026', consent });
        expect(claim.statusCode).toBe(400);
        expect(claim.json().error.code).toBe('consent_required_claim');
      }
      const claimed = await anonymous(t).post('/api/auth/password-reset/confirm', { phone: nationalForm(person.phone), code, newPassword: 'mat-khau-moi-2026', consent: true });
      expect(claimed.statusCode).toBe(200);
    });

    it('limits requests per number to three an hour', async () => {
      const person = await buildPerson(t.db);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await anonymous(t).post('/api/auth/password-reset', { phone: nationalForm(person.phone) })).statusCode);
      expect(statuses).toEqual([202, 202, 202, 429]);
    });
  });

  describe('password rules', () => {
    const fullName = 'Nguyễn Thị Bảy';
    const weakPasswords = (phone: PhoneNumber) =>
      [
        ['eight spaces', ' '.repeat(8), 'password_mostly_spaces'],
        ['mostly spaces', '  ab    cd    ', 'password_mostly_spaces'],
        ['a run of letters', 'abcdefgh', 'password_too_weak'],
        ['one key again and again', 'xxxxxxxxxxxx', 'password_too_weak'],
        ['the name of the platform and a year', 'hoctap2026', 'password_too_weak'],
        ['the public demo password', demoPassword, 'password_too_common'],
        ['the phone number', nationalForm(phone), 'password_contains_phone'],
        ['the phone number without its 0', phone.slice(3), 'password_contains_phone'],
        ['the phone number in +84 form', phone, 'password_contains_phone'],
        ['the phone number inside a longer password', `so-cua-toi:${phone.slice(3, 6)} ${phone.slice(6, 9)} ${phone.slice(9)}`, 'password_contains_phone'],
        ['the name', fullName, 'password_contains_name'],
        ['the name without diacritics, and a year', 'nguyenthibay1962', 'password_contains_name'],
      ] as const;

    const codeFrom = (text: string) => /(\d{6})/.exec(text)![1]!;
    const outcome = (response: LightMyRequestResponse) => (response.statusCode === 400 ? response.json().error.code : response.statusCode);
    // Refused sign-ups write nothing, so one number serves every case.
    const signUpPhone = nextPhone();

    it.each(weakPasswords(signUpPhone))('refuses %s at sign-up', async (_label, password, code) => {
      const response = await anonymous(t).post('/api/auth/register', { ...validRegistration(nationalForm(signUpPhone)), fullName, password });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe(code);
      expect(response.json().error.fields.password).toMatch(/\p{L}/u);
    });

    it.each(['mot-hai-ba-bon', 'hoa sen nở rộ', 'Tr0ub4dor&3', 'nguyen-van-an-ha-noi'])('accepts %s', async (password) => {
      const response = await anonymous(t).post('/api/auth/register', { ...validRegistration(nationalForm(nextPhone())), fullName, password });
      expect(response.statusCode).toBe(201);
    });

    it('refuses each of them when changing the password, resetting it and claiming an account', async () => {
      const person = await buildPerson(t.db, { fullName });
      const me = await signIn(t, person.phone);
      await anonymous(t).post('/api/auth/password-reset', { phone: nationalForm(person.phone) });
      await t.jobsIdle();
      const code = codeFrom(t.outbox.at(-1)!.text);
      const claimable = await buildPerson(t.db, { fullName });
      await t.db.updateTable('users').set({ password_hash: '!' }).where('id', '=', claimable.id).execute();
      await anonymous(t).post('/api/auth/password-reset', { phone: nationalForm(claimable.phone) });
      await t.jobsIdle();
      const claimCode = codeFrom(t.outbox.at(-1)!.text);

      for (const [label, password, expected] of weakPasswords(person.phone)) {
        const change = await me.post('/api/me/password', { currentPassword: testPassword, newPassword: password });
        expect.soft([label, outcome(change)]).toEqual([label, expected]);
        const reset = await anonymous(t).post('/api/auth/password-reset/confirm', { phone: nationalForm(person.phone), code, newPassword: password });
        expect.soft([label, outcome(reset)]).toEqual([label, expected]);
      }
      for (const [label, password, expected] of weakPasswords(claimable.phone)) {
        const claim = await anonymous(t).post('/api/auth/password-reset/confirm', { phone: nationalForm(claimable.phone), code: claimCode, newPassword: password, consent: true });
        expect.soft([label, outcome(claim)]).toEqual([label, expected]);
      }
      expect((await me.post('/api/me/password', { currentPassword: testPassword, newPassword: 'hoa-sen-no-ro' })).statusCode).toBe(204);
      expect((await anonymous(t).post('/api/auth/password-reset/confirm', { phone: nationalForm(person.phone), code, newPassword: 'lua-chin-vang' })).statusCode).toBe(200);
      expect((await anonymous(t).post('/api/auth/password-reset/confirm', { phone: nationalForm(claimable.phone), code: claimCode, newPassword: 'lua-chin-vang', consent: true })).statusCode).toBe(200);
    });

    it('says what is wrong, in Vietnamese and in English', async () => {
      const phone = nextPhone();
      const vi = (await anonymous(t).post('/api/auth/register', { ...validRegistration(nationalForm(phone)), password: `mk${nationalForm(phone)}` })).json().error;
      expect(vi).toMatchObject({ code: 'password_contains_phone', fields: { password: 'Mật khẩu không được chứa số điện thoại của bạn.' } });
      const en = (await anonymous(t).post('/api/auth/register', { ...validRegistration(nationalForm(phone)), password: 'abcdefgh' }, { 'accept-language': 'en' })).json().error;
      expect(en.code).toBe('password_too_weak');
      expect(en.fields.password).toMatch(/^This password is easy to guess/);
    });
  });

  describe('my profile', () => {
    it('edits name, birth year, commune, language and large text', async () => {
      const me = await signedInWith(t);
      const response = await me.patch('/api/me', { fullName: '  Lâm   Thị Mỹ  ', birthYear: 1955, unitCode: '30292', language: 'en', largeText: true });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ fullName: 'Lâm Thị Mỹ', birthYear: 1955, unit: { code: '30292' }, language: 'en', largeText: true });
      expect((await me.get('/api/me')).json().unit.fullName).toBe('Phường Bình Đức');
    });

    it('refuses bad edits and keeps the old values', async () => {
      const me = await signedInWith(t, { fullName: 'Tên Cũ' });
      const response = await me.patch('/api/me', { fullName: '<b>x</b>', unitCode: 'OLD.883' });
      expect(response.statusCode).toBe(400);
      expect(Object.keys(response.json().error.fields).sort()).toEqual(['fullName', 'unitCode']);
      expect((await me.get('/api/me')).json().fullName).toBe('Tên Cũ');
    });

    it('changes the password after checking the current one, and signs out other devices', async () => {
      const person = await buildPerson(t.db);
      const phone = await signIn(t, person.phone);
      const laptop = await signIn(t, person.phone);
      const wrong = await phone.post('/api/me/password', { currentPassword: 'not-it-at-all', newPassword: 'mat-khau-moi-2026' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.fields.currentPassword).toBe('Mật khẩu hiện tại không đúng.');
      expect((await phone.post('/api/me/password', { currentPassword: testPassword, newPassword: 'password' })).json().error.code).toBe('password_too_common');
      expect((await phone.post('/api/me/password', { currentPassword: testPassword, newPassword: 'mat-khau-moi-2026' })).statusCode).toBe(204);
      expect((await phone.get('/api/me')).statusCode).toBe(200);
      expect((await laptop.get('/api/me')).statusCode).toBe(401);
    });

    it.each([
      ['changing the password', 'POST', '/api/me/password', (password: string) => ({ currentPassword: password, newPassword: 'mat-khau-moi-2026' }), 204],
      ['deleting the account', 'DELETE', '/api/me', (password: string) => ({ password }), 204],
    ] as const)('throttles guesses of the current password when %s, like sign-in, and texts the owner once', async (_label, method, url, body, success) => {
      const person = await buildPerson(t.db);
      const stolen = await signIn(t, person.phone);
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) statuses.push((await stolen.request(method, url, body(`doan-mo-${i}`))).statusCode);
      const max = t.config.loginMaxAttemptsPerPhone;
      expect(statuses).toEqual([...Array(max).fill(400), ...Array(15 - max).fill(429)]);
      const right = await stolen.request(method, url, body(testPassword));
      expect(right.statusCode).toBe(429);
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
      expect(right.json().error.message).toMatch(/thử lại sau \d+ phút/);
      // Sign-in counts the same guesses.
      expect((await anonymous(t).post('/api/auth/login', { phone: nationalForm(person.phone), password: testPassword })).statusCode).toBe(429);
      await t.jobsIdle();
      const texts = t.outbox.filter((m) => m.to === person.phone);
      expect(texts).toHaveLength(1);
      expect(texts[0]!.text).toMatch(/mat khau cua ban bi nhap sai nhieu lan/);
      t.clock.advance(t.config.rateLimitWindowMinutes * 60_000 + 1);
      expect((await stolen.request(method, url, body(testPassword))).statusCode).toBe(success);
    });

    it('lists my role grants', async () => {
      const person = await buildPerson(t.db);
      await grant(t.db, person.id, 'author', '91');
      const me = await signIn(t, person.phone);
      expect((await me.get('/api/me')).json().grants).toEqual([
        { id: expect.any(Number), role: 'author', unit: { code: '91', name: 'An Giang', fullName: 'Tỉnh An Giang', kind: 'province' } },
      ]);
    });
  });
});
