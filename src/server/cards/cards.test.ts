import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, type Actor, sessionCookieFrom, signIn, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildPerson, grant, nationalForm } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { privacyNoticeVersion } from '../../shared/privacy.js';
import { insertConsent } from '../auth/auth.service.js';
import { insertChildUnits } from '../units/units.reference.js';
import { cardSignInDevices, findCardHolder, issueCard } from './cards.service.js';

const maxFailuresPerIp = 5;
const maxAttemptsPerPhone = 4;
const scratch = mkdtempSync(path.join(tmpdir(), 'hoctap-cards-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let files = 0;

/** The PDF's text, as pdftotext reads it. */
function pdfText(pdf: Buffer): string {
  const file = path.join(scratch, `cards-${++files}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

function pdfPages(pdf: Buffer): number {
  const file = path.join(scratch, `cards-${++files}.pdf`);
  writeFileSync(file, pdf);
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
}

/** Renders the first page and decodes the QR code in a region given in PDF points (the whole page by default). */
async function qrOf(pdf: Buffer, region?: { left: number; top: number; width: number; height: number }): Promise<string | null> {
  const file = path.join(scratch, `cards-${++files}.pdf`);
  writeFileSync(file, pdf);
  const dpi = 150;
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', '-f', '1', '-l', '1', file, `${file}-page`]);
  let image = sharp(`${file}-page.png`);
  if (region) {
    const scale = dpi / 72;
    image = image.extract({ left: Math.round(region.left * scale), top: Math.round(region.top * scale), width: Math.round(region.width * scale), height: Math.round(region.height * scale) });
  }
  const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data ?? null;
}

// The A4 grid (card-pdf.ts): two columns of 255 pt, four rows of 190 pt, centred on the page.
const a4Slot = (index: number) => ({ left: (595.28 - 510) / 2 + (index % 2) * 255, top: (841.89 - 760) / 2 + Math.floor(index / 2) * 190, width: 255, height: 190 });

const shortCodes = (text: string) => [...text.matchAll(/\b[A-Z2-9]{4}-[A-Z2-9]{4}\b/g)].map((m) => m[0]);

describe.each(engines)('sign-in cards on %s', (engine) => {
  let t: TestApp;
  let helper: Actor;
  let ip = 0;
  /** A fresh address per test, so that one test's failures do not throttle another's. */
  const nextIp = () => `10.13.${Math.floor(++ip / 250)}.${(ip % 250) + 1}`;

  beforeAll(async () => {
    t = await buildTestApp(engine, { LOGIN_MAX_FAILURES_PER_IP: String(maxFailuresPerIp), LOGIN_MAX_ATTEMPTS_PER_PHONE: String(maxAttemptsPerPhone) });
    helper = await signedInWith(t, { role: 'helper', unit: '30307', fullName: 'Trần Văn Hùng' });
  });
  afterAll(() => t.close());

  /** A citizen who agreed to the notice (as after self or assisted sign-up). */
  async function citizen(fullName: string, unitCode = '30307'): Promise<{ id: UserId; phone: PhoneNumber }> {
    const person = await buildPerson(t.db, { fullName, unitCode });
    await insertConsent(t.db, { userId: person.id, purpose: 'account', noticeVersion: privacyNoticeVersion, channel: 'assisted_sms', evidence: '{}', now: t.clock.now() });
    return person;
  }

  const post = (url: string, body: unknown, options: { ip?: string; cookie?: string } = {}) =>
    t.app.inject({ method: 'POST', url, payload: body as object, remoteAddress: options.ip ?? nextIp(), headers: options.cookie ? { cookie: options.cookie } : {} });

  const deviceId = 'thiet-bi-nha-ba-lan-01';

  async function print(by: Actor, userIds: UserId[], layout: 'a4' | 'a6' = 'a4', unit = '30307') {
    const response = await by.post(`/api/units/${unit}/cards/print`, { userIds, layout });
    expect(response.statusCode, response.body).toBe(200);
    return response.rawPayload;
  }

  async function cardOf(person: { id: UserId }): Promise<{ secret: string; shortCode: string }> {
    const pdf = await print(helper, [person.id], 'a6');
    const url = await qrOf(pdf);
    return { secret: url!.slice(url!.indexOf('#') + 1), shortCode: shortCodes(pdfText(pdf))[0]! };
  }

  const auditOf = (action: string, subject?: UserId) => {
    let query = t.db.selectFrom('audit_log').select(['action', 'details', 'actor_user_id', 'subject_user_id', 'ip']).where('action', '=', action);
    if (subject !== undefined) query = query.where('subject_user_id', '=', subject);
    return query.execute();
  };

  describe('printing', () => {
    it('prints A4 cards with each name (with its marks), place, short code and a QR code that holds the card URL', async () => {
      const lan = await citizen('Nguyễn Thị Lan');
      const bay = await citizen('Lê Văn Bảy');
      const response = await helper.post('/api/units/30307/cards/print', { userIds: [lan.id, bay.id], layout: 'a4' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['cache-control']).toBe('no-store');
      const pdf = response.rawPayload;
      expect(pdfPages(pdf)).toBe(1);
      const text = pdfText(pdf);
      expect(text).toContain('Nguyễn Thị Lan');
      expect(text).toContain('Lê Văn Bảy');
      expect(text).toContain('Phường Long Xuyên');
      expect(text).toContain('Học tập suốt đời');
      expect(text).toContain('Quét mã bằng camera điện thoại để đăng nhập');
      const codes = shortCodes(text);
      expect(codes).toHaveLength(2);
      expect(new Set(codes).size).toBe(2);

      const origin = `http://${t.config.host}:${t.config.port}`;
      const first = await qrOf(pdf, a4Slot(0));
      const second = await qrOf(pdf, a4Slot(1));
      expect(first).toMatch(new RegExp(`^${origin.replace(/[.]/g, '\\.')}/the#[A-Za-z0-9_-]{32}$`));
      expect(second).toMatch(/\/the#[A-Za-z0-9_-]{32}$/);
      expect(first).not.toBe(second);

      // Only hashes are kept: neither the secret nor the code is in the database.
      const rows = await t.db.selectFrom('sign_in_cards').selectAll().where('user_id', 'in', [lan.id, bay.id]).execute();
      expect(rows).toHaveLength(2);
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(first!.split('#')[1]);
      for (const code of codes) expect(stored).not.toContain(code);
      expect(await auditOf('card.issue', lan.id)).toEqual([expect.objectContaining({ actor_user_id: helper.userId })]);

      // The first QR signs in as the first person.
      const signedIn = await post('/api/cards/sign-in', { secret: first!.split('#')[1], deviceId });
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.json()).toMatchObject({ id: lan.id, fullName: 'Nguyễn Thị Lan' });
      const me = await actor(t, { userId: lan.id, phone: lan.phone, cookie: sessionCookieFrom(signedIn) }).get('/api/me');
      expect(me.json().id).toBe(lan.id);
    });

    it('prints A6 with one card per page', async () => {
      const people = [await citizen('Phạm Thị Út'), await citizen('Đặng Văn Tư'), await citizen('Huỳnh Thị Năm')];
      const pdf = await print(helper, people.map((p) => p.id), 'a6');
      expect(pdfPages(pdf)).toBe(3);
      expect(await qrOf(pdf)).toMatch(/\/the#[A-Za-z0-9_-]{32}$/);
      const text = pdfText(pdf);
      for (const name of ['Phạm Thị Út', 'Đặng Văn Tư', 'Huỳnh Thị Năm']) expect(text).toContain(name);
    });

    it('names the hamlet and its commune for a person living in a hamlet', async () => {
      const ward = await t.db.selectFrom('units').select(['id', 'path', 'depth']).where('code', '=', '30307').executeTakeFirstOrThrow();
      await insertChildUnits(t.db, ward, [{ code: '30307.K1', kind: 'hamlet', name: 'Đông Thịnh 1', fullName: 'Khóm Đông Thịnh 1' }], t.clock.now());
      const person = await citizen('Võ Thị Hoa', '30307.K1');
      const text = pdfText(await print(helper, [person.id], 'a6'));
      expect(text).toContain('Khóm Đông Thịnh 1, Phường Long Xuyên');
    });

    it('reprinting revokes the old card: its QR and its code stop working, the new ones work', async () => {
      const person = await citizen('Trương Thị Sáu');
      const old = await cardOf(person);
      const fresh = await cardOf(person);
      const refused = await post('/api/cards/sign-in', { secret: old.secret, deviceId });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error).toMatchObject({ code: 'card_invalid', message: expect.stringContaining('Thẻ đăng nhập này không dùng được') });
      expect((await post('/api/cards/sign-in-code', { phone: nationalForm(person.phone), code: old.shortCode, deviceId })).statusCode).toBe(401);
      expect((await post('/api/cards/sign-in', { secret: fresh.secret, deviceId })).statusCode).toBe(200);
      expect((await post('/api/cards/sign-in-code', { phone: nationalForm(person.phone), code: fresh.shortCode, deviceId })).statusCode).toBe(200);
      const live = await t.db.selectFrom('sign_in_cards').select('id').where('user_id', '=', person.id).where('revoked_at', 'is', null).execute();
      expect(live).toHaveLength(1);
      // The reuse of the revoked card is on record against its holder.
      const audit = await auditOf('card.sign_in_refused', person.id);
      expect(audit.map((a) => JSON.parse(a.details))).toContainEqual({ reason: 'revoked', via: 'qr' });
    });

    it('lets a manager of the commune print too, and issueCard revokes the previous card for other features', async () => {
      const manager = await signedInWith(t, { role: 'manager', unit: '30307' });
      const person = await citizen('Mai Văn Chín');
      await print(manager, [person.id]);
      const { secret } = await t.db.transaction().execute((trx) => issueCard(trx, person.id, manager.userId!, t.clock.now()));
      expect(await t.db.selectFrom('sign_in_cards').select('id').where('user_id', '=', person.id).where('revoked_at', 'is', null).execute()).toHaveLength(1);
      expect((await post('/api/cards/sign-in', { secret, deviceId })).json().id).toBe(person.id);
    });
  });

  describe('who may print and revoke', () => {
    it("refuses a helper of another commune (print, revoke, search), and a helper printing for someone outside their commune", async () => {
      const person = await citizen('Nguyễn Văn Mười');
      const elsewhere = await signedInWith(t, { role: 'helper', unit: '30292', home: '30292' });
      expect((await elsewhere.post('/api/units/30307/cards/print', { userIds: [person.id], layout: 'a4' })).statusCode).toBe(403);
      expect((await elsewhere.delete(`/api/units/30307/cards/${person.id}`)).statusCode).toBe(403);
      expect((await elsewhere.get(`/api/units/30307/cards/people?q=${nationalForm(person.phone)}`)).statusCode).toBe(403);
      // Through their own commune's address, the person is still out of reach.
      expect((await elsewhere.post('/api/units/30292/cards/print', { userIds: [person.id], layout: 'a4' })).statusCode).toBe(403);
      expect((await elsewhere.delete(`/api/units/30292/cards/${person.id}`)).statusCode).toBe(403);
      const found = await elsewhere.get(`/api/units/30292/cards/people?q=${nationalForm(person.phone)}`);
      expect(found.json().people).toEqual([]);
      // One person outside the unit spoils the whole sheet: nothing is issued.
      const mine = await citizen('Ngô Thị Hai', '30292');
      expect((await elsewhere.post('/api/units/30292/cards/print', { userIds: [mine.id, person.id], layout: 'a4' })).statusCode).toBe(403);
      expect(await t.db.selectFrom('sign_in_cards').select('id').where('user_id', 'in', [mine.id, person.id]).execute()).toEqual([]);
    });

    it('lets a learner print and revoke only their own card', async () => {
      const person = await citizen('Lý Thị Ba');
      const me = await signIn(t, person.phone);
      const other = await citizen('Lý Văn Bốn');
      expect((await me.post('/api/units/30307/cards/print', { userIds: [other.id], layout: 'a6' })).statusCode).toBe(403);
      expect((await me.post('/api/units/30307/cards/print', { userIds: [person.id], layout: 'a6' })).statusCode).toBe(403);
      expect((await me.get('/api/cards/mine')).json()).toEqual({ card: null, hasPassword: true });
      const printed = await me.post('/api/cards/mine/print', { layout: 'a6' });
      expect(printed.statusCode).toBe(200);
      const text = pdfText(printed.rawPayload);
      expect(text).toContain('Lý Thị Ba');
      const url = await qrOf(printed.rawPayload);
      expect((await me.get('/api/cards/mine')).json().card).toMatchObject({ issuedAt: new Date(t.clock.now()).toISOString(), lastUsedAt: null });
      expect((await me.delete('/api/cards/mine')).statusCode).toBe(204);
      expect((await me.get('/api/cards/mine')).json().card).toBeNull();
      expect((await post('/api/cards/sign-in', { secret: url!.split('#')[1], deviceId })).statusCode).toBe(401);
      expect(await auditOf('card.revoke', person.id)).toHaveLength(1);
    });

    it("lets the commune's helper revoke a person's card", async () => {
      const person = await citizen('Tạ Thị Bích');
      const card = await cardOf(person);
      expect((await helper.delete(`/api/units/30307/cards/${person.id}`)).statusCode).toBe(204);
      expect((await post('/api/cards/sign-in', { secret: card.secret, deviceId })).statusCode).toBe(401);
      expect(await auditOf('card.revoke', person.id)).toEqual([expect.objectContaining({ actor_user_id: helper.userId })]);
    });

    it('prints no card for an account whose owner never agreed (made from a members list), nor for staff', async () => {
      const unclaimed = await buildPerson(t.db, { fullName: 'Châu Văn Lợi' });
      const refused = await helper.post('/api/units/30307/cards/print', { userIds: [unclaimed.id], layout: 'a6' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'card_needs_consent', message: expect.stringContaining('Châu Văn Lợi') });
      const colleague = await citizen('Hồ Văn Tài');
      await grant(t.db, colleague.id, 'helper', '30307');
      expect((await helper.post('/api/units/30307/cards/print', { userIds: [colleague.id], layout: 'a6' })).json().error.code).toBe('card_not_for_staff');
      const listed = (await helper.get(`/api/units/30307/cards/people?q=${nationalForm(unclaimed.phone)}`)).json().people;
      expect(listed).toEqual([expect.objectContaining({ id: unclaimed.id, printable: false, card: null })]);
    });

    it('finds people of the commune by phone in any writing, by name, or by id; with their card state; audited', async () => {
      const person = await citizen('Kiều Thị Thanh Tâm');
      await print(helper, [person.id]);
      for (const q of [nationalForm(person.phone), `+84 ${person.phone.slice(3, 6)} ${person.phone.slice(6)}`, `84${person.phone.slice(3)}`]) {
        const response = await helper.get(`/api/units/30307/cards/people?q=${encodeURIComponent(q)}`);
        expect(response.statusCode).toBe(200);
        expect(response.json().people).toEqual([
          { id: person.id, fullName: 'Kiều Thị Thanh Tâm', phone: expect.stringMatching(/^0\d{3} \*\*\* \d{3}$/), birthYear: 1980, place: 'Long Xuyên', card: { issuedAt: expect.any(String), lastUsedAt: null }, printable: true },
        ]);
      }
      const byName = await helper.get(`/api/units/30307/cards/people?q=${encodeURIComponent('kieu thi thanh')}`);
      expect(byName.json().people.map((p: { id: number }) => p.id)).toContain(person.id);
      expect((await helper.get(`/api/units/30307/cards/people?person=${person.id}`)).json().people).toHaveLength(1);
      expect((await auditOf('cards.people_search')).length).toBeGreaterThanOrEqual(5);
    });
  });

  describe('signing in', () => {
    it('signs in by phone (any writing) and code (any case, with or without the dash), recording the device and the time', async () => {
      const person = await citizen('Đoàn Thị Nga');
      const { shortCode } = await cardOf(person);
      const writings = [nationalForm(person.phone), person.phone, `84 ${person.phone.slice(3)}`];
      const codes = [shortCode, shortCode.toLowerCase().replace('-', ''), ` ${shortCode.replace('-', ' ')} `];
      for (const [i, phone] of writings.entries()) {
        const response = await post('/api/cards/sign-in-code', { phone, code: codes[i], deviceId });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().id).toBe(person.id);
        expect(response.cookies.find((c) => c.name === 'hoctap_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      }
      const signIns = await t.db.selectFrom('card_sign_ins').select(['device_id', 'at']).where('user_id', '=', person.id).execute();
      expect(signIns).toHaveLength(3);
      expect(signIns[0]!.device_id).toBe(deviceId);
      const card = await t.db.selectFrom('sign_in_cards').select('last_used_at').where('user_id', '=', person.id).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
      expect(card.last_used_at).toBe(t.clock.now());
      expect(await auditOf('card.sign_in', person.id)).toHaveLength(3);
    });

    it('refuses a forged or unknown secret with one message, audits it, and throttles the address (429 after N failures)', async () => {
      const person = await citizen('Bùi Văn Khánh');
      const { secret } = await cardOf(person);
      const address = nextIp();
      const forged = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
      for (let i = 0; i < maxFailuresPerIp; i++) {
        const response = await post('/api/cards/sign-in', { secret: i % 2 ? forged : `nothing-${i}`, deviceId }, { ip: address });
        expect(response.statusCode).toBe(401);
        expect(response.json().error.code).toBe('card_invalid');
      }
      const throttled = await post('/api/cards/sign-in', { secret, deviceId }, { ip: address });
      expect(throttled.statusCode).toBe(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect((await post('/api/cards/peek', { secret }, { ip: address })).statusCode).toBe(429);
      // Another address is not held back, and the window passes.
      expect((await post('/api/cards/sign-in', { secret, deviceId })).statusCode).toBe(200);
      t.clock.advance(t.config.rateLimitWindowMinutes * 60_000 + 1);
      expect((await post('/api/cards/sign-in', { secret, deviceId }, { ip: address })).statusCode).toBe(200);
      const refusals = (await auditOf('card.sign_in_refused')).filter((a) => a.ip === address);
      expect(refusals).toHaveLength(maxFailuresPerIp);
      expect(refusals.map((a) => JSON.parse(a.details).reason)).toEqual(Array(maxFailuresPerIp).fill('unknown'));
      expect(JSON.stringify(refusals)).not.toContain(forged);
    });

    it('throttles code guesses per phone whatever the address, and answers an unknown number like a wrong code', async () => {
      const person = await citizen('Quách Thị Hạnh');
      const { shortCode } = await cardOf(person);
      for (let i = 0; i < maxAttemptsPerPhone; i++) {
        const response = await post('/api/cards/sign-in-code', { phone: nationalForm(person.phone), code: 'AAAA-AAAA', deviceId });
        expect(response.statusCode).toBe(401);
        expect(response.json().error.code).toBe('card_code_invalid');
      }
      expect((await post('/api/cards/sign-in-code', { phone: nationalForm(person.phone), code: shortCode, deviceId })).statusCode).toBe(429);
      const unknown = await post('/api/cards/sign-in-code', { phone: '0919 000 111', code: shortCode, deviceId });
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json().error.message).toBe((await post('/api/cards/sign-in-code', { phone: nationalForm(nextOf(person.phone)), code: 'AAAA-AAAA', deviceId })).json().error.message);
      expect((await post('/api/cards/sign-in-code', { phone: '12345', code: shortCode, deviceId })).json().error.code).toBe('invalid_phone');
      const wrong = await auditOf('card.sign_in_refused', person.id);
      expect(wrong.map((a) => JSON.parse(a.details))).toContainEqual({ reason: 'wrong_code', via: 'code' });
    });

    it('refuses a card of a person who has since become staff, and of a locked account', async () => {
      const person = await citizen('Lâm Văn Đức');
      const { secret } = await cardOf(person);
      await t.db.updateTable('users').set({ disabled_at: t.clock.now() }).where('id', '=', person.id).execute();
      expect((await post('/api/cards/sign-in', { secret, deviceId })).json().error.code).toBe('account_disabled');
      await t.db.updateTable('users').set({ disabled_at: null }).where('id', '=', person.id).execute();
      await grant(t.db, person.id, 'manager', '30307');
      expect((await post('/api/cards/sign-in', { secret, deviceId })).statusCode).toBe(401);
    });

    it("tells whose card it is only for a live card, and switching person ends the previous person's session", async () => {
      const lan = await citizen('Nguyễn Thị Lành');
      const son = await citizen('Nguyễn Văn Sơn');
      const lanCard = await cardOf(lan);
      const sonCard = await cardOf(son);
      expect((await post('/api/cards/peek', { secret: sonCard.secret })).json()).toEqual({ fullName: 'Nguyễn Văn Sơn', you: false });
      expect((await post('/api/cards/peek', { secret: 'not-a-card-secret' })).statusCode).toBe(401);

      const first = await post('/api/cards/sign-in', { secret: lanCard.secret, deviceId });
      const lanCookie = sessionCookieFrom(first);
      const switched = await post('/api/cards/sign-in', { secret: sonCard.secret, deviceId }, { cookie: lanCookie });
      expect(switched.json().id).toBe(son.id);
      expect(sessionCookieFrom(switched)).not.toBe(lanCookie);
      expect((await post('/api/cards/peek', { secret: sonCard.secret }, { cookie: sessionCookieFrom(switched) })).json()).toEqual({ fullName: 'Nguyễn Văn Sơn', you: true });
      expect((await actor(t, { userId: lan.id, phone: lan.phone, cookie: lanCookie }).get('/api/me')).statusCode).toBe(401);
      await cardOf(son);
      expect((await post('/api/cards/peek', { secret: sonCard.secret })).statusCode).toBe(401);
    });
  });

  describe('setting a password later', () => {
    it('lets a person who signed in with a card and has no password set one without a current password; the card keeps working', async () => {
      const person = await citizen('Thái Thị Xuân');
      await t.db.updateTable('users').set({ password_hash: '!' }).where('id', '=', person.id).execute();
      const { secret } = await cardOf(person);
      const signedIn = await post('/api/cards/sign-in', { secret, deviceId });
      const me = actor(t, { userId: person.id, phone: person.phone, cookie: sessionCookieFrom(signedIn) });
      expect((await me.get('/api/cards/mine')).json()).toMatchObject({ hasPassword: false, card: { lastUsedAt: expect.any(String) } });
      // The usual rules for a new password still hold.
      const weak = await me.post('/api/me/password', { newPassword: '12345678' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error.code).toBe('password_too_common');
      expect((await me.post('/api/me/password', { newPassword: 'dong-sen-thap-muoi' })).statusCode).toBe(204);
      expect((await me.get('/api/me')).statusCode).toBe(200);
      expect((await me.get('/api/cards/mine')).json().hasPassword).toBe(true);
      const login = await post('/api/auth/login', { phone: nationalForm(person.phone), password: 'dong-sen-thap-muoi' });
      expect(login.statusCode).toBe(200);
      expect((await post('/api/cards/sign-in', { secret, deviceId })).statusCode).toBe(200);
      expect(await auditOf('password.set', person.id)).toHaveLength(1);
      // From now on, changing it needs the current one.
      const without = await me.post('/api/me/password', { newPassword: 'cau-khi-mua-gio' });
      expect(without.statusCode).toBe(400);
      expect(without.json().error.code).toBe('wrong_current_password');
    });
  });

  it('tells other features whose live card a secret is (attendance scans) and which devices cards signed in on (review)', async () => {
    const person = await citizen('Tô Thị Gấm');
    const old = await cardOf(person);
    const { secret } = await cardOf(person);
    expect(await findCardHolder(t.db, secret)).toBe(person.id);
    expect(await findCardHolder(t.db, old.secret)).toBeNull();
    expect(await findCardHolder(t.db, 'forged')).toBeNull();
    await post('/api/cards/sign-in', { secret, deviceId: 'dien-thoai-ho-tro-vien' });
    await post('/api/cards/sign-in', { secret, deviceId: 'dien-thoai-ho-tro-vien' });
    await post('/api/cards/sign-in', { secret, deviceId: 'dien-thoai-nha-minh' });
    const devices = await cardSignInDevices(t.db, [person.id, helper.userId!]);
    expect(devices.get(person.id)?.sort()).toEqual(['dien-thoai-ho-tro-vien', 'dien-thoai-nha-minh']);
    expect(devices.has(helper.userId!)).toBe(false);
  });

  it("exports a person's cards and card sign-ins without the hashes", async () => {
    const person = await citizen('Dương Thị Mai');
    const { secret } = await cardOf(person);
    const signedIn = await post('/api/cards/sign-in', { secret, deviceId });
    const exported = (await actor(t, { userId: person.id, phone: person.phone, cookie: sessionCookieFrom(signedIn) }).get('/api/me/export')).json();
    expect(exported.tables.sign_in_cards).toHaveLength(1);
    expect(exported.tables.card_sign_ins).toEqual([{ device_id: deviceId, at: t.clock.now() }]);
    expect(JSON.stringify(exported)).not.toMatch(/secret_hash|short_code_hash/);
  });
});

/** Another valid mobile number, never registered in these tests. */
function nextOf(phone: PhoneNumber): PhoneNumber {
  return `+84918${phone.slice(-6)}` as PhoneNumber;
}
