import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signIn, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildPerson, nationalForm, nextPhone, unitIdOf } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { TeamId, UnitId, UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { hashPassword } from '../auth/passwords.js';
import { insertChildUnits } from '../units/units.reference.js';
import { listSignups, signupsByHelper } from './assisted.service.js';

const testPassword = 'mat-khau-kiem-thu';

/** A live team of the unit with these members, as the teams feature makes them. */
async function buildTeam(t: TestApp, unitCode: string, members: UserId[], name = 'Tổ công nghệ số thử'): Promise<TeamId> {
  const unitId = await unitIdOf(t.db, unitCode);
  const row = await t.db
    .insertInto('helper_teams')
    .values({ unit_id: unitId, name, leader_user_id: members[0] ?? null, created_by: members[0]!, created_at: t.clock.now(), retired_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const userId of members) await t.db.insertInto('helper_team_members').values({ team_id: row.id, user_id: userId, added_by: userId, added_at: t.clock.now() }).execute();
  return row.id;
}

async function buildHamlet(t: TestApp, communeCode: string, code: string, name: string): Promise<UnitId> {
  const commune = await t.db.selectFrom('units').select(['id', 'path', 'depth']).where('code', '=', communeCode).executeTakeFirstOrThrow();
  const ids = await insertChildUnits(t.db, commune, [{ code, kind: 'hamlet', name, fullName: `${name}, ${communeCode}` }], t.clock.now());
  return ids.get(code)!;
}

/** A helper of the commune (grant and team membership), signed in. */
async function helperOf(t: TestApp, communeCode: string, teamId?: TeamId): Promise<{ actor: Actor; teamId: TeamId }> {
  const actor = await signedInWith(t, { role: 'helper', unit: communeCode, home: communeCode, fullName: 'Trần Văn Hỗ Trợ' });
  const team = teamId ?? (await buildTeam(t, communeCode, [actor.userId!]));
  if (teamId) await t.db.insertInto('helper_team_members').values({ team_id: teamId, user_id: actor.userId!, added_by: actor.userId!, added_at: t.clock.now() }).execute();
  return { actor, teamId: team };
}

const codeFrom = (text: string) => /(\d{6})/.exec(text)![1]!;

/** A small JPEG carrying camera and GPS-like metadata, as a phone camera writes it. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 900, channels: 3, background: { r: 240, g: 240, b: 230 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Camera 9', Copyright: 'GPS 10.38N 105.43E' } })
    .toBuffer();
}

describe.each(engines)('assisted sign-up on %s', (engine) => {
  let t: TestApp;
  let helper: Actor;
  let teamId: TeamId;
  let hamletId: UnitId;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    ({ actor: helper, teamId } = await helperOf(t, '30307'));
    hamletId = await buildHamlet(t, '30307', '30307.DT', 'Khóm Đông Thịnh');
    await buildHamlet(t, '30292', '30292.A', 'Khóm Bình Đức A');
  });
  afterAll(() => t.close());

  const count = async (table: 'users' | 'assisted_signups' | 'consents' | 'assisted_consent_photos') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  async function sendCode(who: Actor, phone: string, unit = '30307'): Promise<{ codeId: number; code: string }> {
    const sent = await who.post(`/api/units/${unit}/assisted/sms-codes`, { phone });
    expect(sent.statusCode, sent.body).toBe(202);
    await t.jobsIdle();
    const text = t.outbox.filter((m) => m.to === (phone.startsWith('+') ? phone : `+84${phone.replace(/\s/g, '').slice(1)}`)).at(-1)!;
    return { codeId: sent.json().codeId, code: codeFrom(text.text) };
  }

  const signupBody = (phone: string, consent: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    clientId: randomUUID(),
    deviceId: 'device-test-0001',
    phone,
    fullName: 'Nguyễn Thị Mười',
    birthYear: 1955,
    consent,
    ...extra,
  });

  describe('with a code texted to the citizen', () => {
    it('signs up a new citizen without a password, made by the team, with the consent and its evidence recorded and audited', async () => {
      const form = await helper.get('/api/units/30307/assisted');
      expect(form.statusCode).toBe(200);
      expect(form.json()).toMatchObject({ unit: { code: '30307' }, team: { id: teamId }, hamlets: [{ code: '30307.DT', name: 'Khóm Đông Thịnh' }] });

      const phone = nextPhone();
      const check = await helper.post('/api/units/30307/assisted/phone-check', { phone: nationalForm(phone) });
      expect(check.json()).toEqual({ phone, exists: false, fullName: null });

      const { codeId, code } = await sendCode(helper, nationalForm(phone));
      const message = t.outbox.find((m) => m.to === phone)!;
      expect(message.text).toMatch(/Ma dong y Hoc tap suot doi: \d{6}\. .*doc ma nay cho nguoi ho tro/);

      const body = signupBody(nationalForm(phone), { channel: 'assisted_sms', codeId, code }, { hamletCode: '30307.DT' });
      const response = await helper.post('/api/units/30307/assisted/signups', body);
      expect(response.statusCode, response.body).toBe(201);
      const answer = response.json();
      expect(answer).toMatchObject({ fullName: 'Nguyễn Thị Mười', linkedExisting: false, channel: 'assisted_sms', cardPage: `/helper/cards?person=${answer.personId}` });

      const person = await t.db.selectFrom('users').selectAll().where('id', '=', answer.personId).executeTakeFirstOrThrow();
      expect(person).toMatchObject({ phone, password_hash: '!', assisted_team_id: teamId, home_unit_id: hamletId, birth_year: 1955 });
      const consent = await t.db.selectFrom('consents').selectAll().where('user_id', '=', answer.personId).executeTakeFirstOrThrow();
      expect(consent).toMatchObject({ purpose: 'account', channel: 'assisted_sms', notice_version: '2026-11-24', given_at: t.clock.now() });
      expect(JSON.parse(consent.evidence)).toMatchObject({ helperId: helper.userId, teamId, codeId, deviceId: 'device-test-0001' });
      const signup = await t.db.selectFrom('assisted_signups').selectAll().where('user_id', '=', answer.personId).executeTakeFirstOrThrow();
      expect(signup).toMatchObject({ helper_id: helper.userId, team_id: teamId, unit_id: await unitIdOf(t.db, '30307'), hamlet_id: hamletId, channel: 'assisted_sms', consent_id: consent.id, linked_existing: 0, device_id: 'device-test-0001', ip: '127.0.0.1', client_id: body.clientId });

      const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'subject_user_id']).where('actor_user_id', '=', helper.userId).execute();
      expect(audit).toEqual(
        expect.arrayContaining([
          { action: 'assisted.code_sent', actor_user_id: helper.userId, subject_user_id: null },
          { action: 'account.register', actor_user_id: helper.userId, subject_user_id: answer.personId },
          { action: 'assisted.signup', actor_user_id: helper.userId, subject_user_id: answer.personId },
        ]),
      );
      // The code is spent: the same code cannot sign anyone else up.
      const again = await helper.post('/api/units/30307/assisted/signups', signupBody(nationalForm(phone), { channel: 'assisted_sms', codeId, code }));
      expect(again.statusCode).toBe(400);
      expect(again.json().error.code).toBe('assisted_code_invalid');
    });

    it('refuses a wrong code, an expired code and a code after five wrong tries, in the helper’s language, and makes nothing', async () => {
      const before = await count('users');
      const phone = nationalForm(nextPhone());
      const { codeId, code } = await sendCode(helper, phone);
      const wrong = code === '000000' ? '111111' : '000000';
      const first = await helper.post('/api/units/30307/assisted/signups', signupBody(phone, { channel: 'assisted_sms', codeId, code: wrong }));
      expect(first.statusCode).toBe(400);
      expect(first.json().error).toMatchObject({ code: 'assisted_code_invalid', fields: { code: 'Mã không đúng. Hãy nhờ người dân đọc lại mã trong tin nhắn mới nhất.' } });
      const english = await helper.request('POST', '/api/units/30307/assisted/signups', signupBody(phone, { channel: 'assisted_sms', codeId, code: wrong }), { 'accept-language': 'en' });
      expect(english.json().error.message).toBe('Wrong code. Ask the citizen to read the code in the latest text message again.');
      for (let i = 0; i < 3; i++) await helper.post('/api/units/30307/assisted/signups', signupBody(phone, { channel: 'assisted_sms', codeId, code: wrong }));
      const burnt = await helper.post('/api/units/30307/assisted/signups', signupBody(phone, { channel: 'assisted_sms', codeId, code }));
      expect(burnt.statusCode).toBe(400);
      expect(burnt.json().error.code).toBe('assisted_code_attempts');

      const other = nationalForm(nextPhone());
      const fresh = await sendCode(helper, other);
      t.clock.advance(10 * 60_000 + 1);
      const late = await helper.post('/api/units/30307/assisted/signups', signupBody(other, { channel: 'assisted_sms', ...fresh }));
      expect(late.statusCode).toBe(400);
      expect(late.json().error.code).toBe('assisted_code_expired');
      expect(late.json().error.message).toBe('Mã đã hết hạn. Hãy gửi mã mới.');
      expect(await count('users')).toBe(before);
    });

    it('takes a code only for the phone it was sent to and from the helper who asked for it', async () => {
      const phone = nationalForm(nextPhone());
      const sent = await sendCode(helper, phone);
      const elsewhere = await helper.post('/api/units/30307/assisted/signups', signupBody(nationalForm(nextPhone()), { channel: 'assisted_sms', ...sent }));
      expect(elsewhere.json().error.code).toBe('assisted_code_invalid');
      const { actor: colleague } = await helperOf(t, '30307', teamId);
      const borrowed = await colleague.post('/api/units/30307/assisted/signups', signupBody(phone, { channel: 'assisted_sms', ...sent }));
      expect(borrowed.json().error.code).toBe('assisted_code_invalid');
    });

    it('throttles codes to one phone (3 an hour) with Retry-After', async () => {
      const phone = nationalForm(nextPhone());
      for (let i = 0; i < 3; i++) expect((await helper.post('/api/units/30307/assisted/sms-codes', { phone })).statusCode).toBe(202);
      const fourth = await helper.post('/api/units/30307/assisted/sms-codes', { phone });
      expect(fourth.statusCode).toBe(429);
      expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('with a photo of the signed paper form', () => {
    let person: { id: UserId; phone: PhoneNumber };
    let signupId: number;
    beforeAll(async () => {
      const phone = nextPhone();
      const response = await helper.post('/api/units/30307/assisted/signups', signupBody(`+84 ${phone.slice(3)}`, { channel: 'assisted_paper', photo: (await phonePhoto()).toString('base64') }));
      expect(response.statusCode, response.body).toBe(201);
      person = { id: response.json().personId, phone };
      signupId = response.json().signupId;
    });

    it('keeps the photo re-encoded without its metadata, named in the consent evidence', async () => {
      const photo = await t.db.selectFrom('assisted_consent_photos').selectAll().where('user_id', '=', person.id).executeTakeFirstOrThrow();
      const metadata = await sharp(photo.bytes).metadata();
      expect(metadata.format).toBe('jpeg');
      expect(metadata.exif).toBeUndefined();
      expect(photo.bytes.includes('PhoneMaker')).toBe(false);
      const consent = await t.db.selectFrom('consents').selectAll().where('user_id', '=', person.id).executeTakeFirstOrThrow();
      expect(consent.channel).toBe('assisted_paper');
      expect(JSON.parse(consent.evidence)).toMatchObject({ helperId: helper.userId, teamId, photo: photo.ref, deviceId: 'device-test-0001' });
      expect(await t.db.selectFrom('users').select('home_unit_id').where('id', '=', person.id).executeTakeFirstOrThrow()).toEqual({ home_unit_id: await unitIdOf(t.db, '30307') });
    });

    it('shows it to the commune’s managers and to the person, auditing each view, and to nobody else', async () => {
      const url = `/api/assisted/signups/${signupId}/consent-photo`;
      const manager = await signedInWith(t, { role: 'manager', unit: '30307' });
      const seen = await manager.get(url);
      expect(seen.statusCode).toBe(200);
      expect(seen.headers['content-type']).toBe('image/jpeg');
      expect(seen.headers['cache-control']).toBe('no-store');
      expect((await sharp(seen.rawPayload).metadata()).width).toBe(640);

      await t.db.updateTable('users').set({ password_hash: await hashPassword(testPassword) }).where('id', '=', person.id).execute();
      const self = await signIn(t, person.phone, testPassword);
      expect((await self.get(url)).statusCode).toBe(200);

      const provinceManager = await signedInWith(t, { role: 'manager', unit: '91' });
      expect((await provinceManager.get(url)).statusCode).toBe(200);
      for (const stranger of [
        helper,
        await signedInWith(t, { role: 'manager', unit: '30292' }),
        (await helperOf(t, '30292')).actor,
        await signedInWith(t, { role: 'admin', unit: '30292' }),
        await signedInWith(t),
      ]) {
        expect((await stranger.get(url)).statusCode).toBe(403);
      }
      const views = await t.db.selectFrom('audit_log').select(['actor_user_id']).where('action', '=', 'assisted.photo_view').where('subject_user_id', '=', person.id).execute();
      expect(views.map((v) => v.actor_user_id).sort()).toEqual([manager.userId, self.userId, provinceManager.userId].sort());
    });

    it('answers 404 for a sign-up by text message or one that does not exist', async () => {
      const manager = await signedInWith(t, { role: 'manager', unit: '30307' });
      const phone = nationalForm(nextPhone());
      const sms = await helper.post('/api/units/30307/assisted/signups', signupBody(phone, { channel: 'assisted_sms', ...(await sendCode(helper, phone)) }));
      expect((await manager.get(`/api/assisted/signups/${sms.json().signupId}/consent-photo`)).json().error.code).toBe('assisted_photo_not_found');
      expect((await manager.get('/api/assisted/signups/999999/consent-photo')).statusCode).toBe(404);
    });

    it('refuses what is not a JPEG or PNG photo', async () => {
      const before = await count('users');
      for (const bytes of [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), Buffer.from('%PDF-1.4 not a photo'), Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01])]) {
        const response = await helper.post('/api/units/30307/assisted/signups', signupBody(nationalForm(nextPhone()), { channel: 'assisted_paper', photo: bytes.toString('base64') }));
        expect(response.statusCode).toBe(415);
        expect(response.json().error.code).toBe('assisted_photo_type');
      }
      expect(await count('users')).toBe(before);
    });
  });

  it('refuses a sign-up without evidence of consent (400) and makes nothing', async () => {
    const before = await Promise.all([count('users'), count('assisted_signups'), count('consents')]);
    for (const consent of [{ channel: 'assisted_sms' }, { channel: 'assisted_sms', codeId: 1 }, { channel: 'assisted_paper' }, { channel: 'assisted_paper', code: '123456', codeId: 1 }]) {
      const response = await helper.post('/api/units/30307/assisted/signups', signupBody(nationalForm(nextPhone()), consent));
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('assisted_consent_evidence_required');
      expect(response.json().error.message).toMatch(/^Cần bằng chứng đồng ý của người dân/);
    }
    const withoutConsent = signupBody(nationalForm(nextPhone()), {});
    expect((await helper.post('/api/units/30307/assisted/signups', { ...withoutConsent, consent: undefined })).statusCode).toBe(400);
    expect(await Promise.all([count('users'), count('assisted_signups'), count('consents')])).toEqual(before);
  });

  it('links an existing account written in another format, never making a second one', async () => {
    const existing = await buildPerson(t.db, { fullName: 'Lê Văn Có Sẵn', unitCode: '30307' });
    const check = await helper.post('/api/units/30307/assisted/phone-check', { phone: `84 ${existing.phone.slice(3, 6)} ${existing.phone.slice(6)}` });
    expect(check.json()).toEqual({ phone: existing.phone, exists: true, fullName: 'Lê Văn Có Sẵn' });
    const before = await count('users');
    const sent = await sendCode(helper, existing.phone);
    const response = await helper.post('/api/units/30307/assisted/signups', signupBody(nationalForm(existing.phone), { channel: 'assisted_sms', ...sent }));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ personId: existing.id, fullName: 'Lê Văn Có Sẵn', linkedExisting: true });
    expect(await count('users')).toBe(before);
    const row = await t.db.selectFrom('users').select(['assisted_team_id', 'full_name']).where('id', '=', existing.id).executeTakeFirstOrThrow();
    // Linked, not made by the team, and the name the person gave stays.
    expect(row).toEqual({ assisted_team_id: null, full_name: 'Lê Văn Có Sẵn' });
    const consent = await t.db.selectFrom('consents').selectAll().where('user_id', '=', existing.id).executeTakeFirstOrThrow();
    expect(consent.channel).toBe('assisted_sms');
    expect(JSON.parse(consent.evidence)).toMatchObject({ helperId: helper.userId, teamId, codeId: sent.codeId });
    expect(await t.db.selectFrom('audit_log').select('action').where('subject_user_id', '=', existing.id).where('actor_user_id', '=', helper.userId).execute()).toEqual(
      expect.arrayContaining([{ action: 'assisted.phone_check' }, { action: 'consent.assisted' }, { action: 'assisted.signup' }]),
    );
  });

  it('tells that a number of another commune has an account, without the name', async () => {
    const elsewhere = await buildPerson(t.db, { fullName: 'Người Ở Nơi Khác', unitCode: '30292' });
    const check = await helper.post('/api/units/30307/assisted/phone-check', { phone: nationalForm(elsewhere.phone) });
    expect(check.json()).toEqual({ phone: elsewhere.phone, exists: true, fullName: null });
  });

  it('answers a retry with the same client id with the first answer and makes nothing more; another person under that id is a 409', async () => {
    const phone = nationalForm(nextPhone());
    const body = signupBody(phone, { channel: 'assisted_paper', photo: (await phonePhoto()).toString('base64') });
    const first = await helper.post('/api/units/30307/assisted/signups', body);
    const before = await Promise.all([count('users'), count('assisted_signups'), count('consents'), count('assisted_consent_photos')]);
    const retry = await helper.post('/api/units/30307/assisted/signups', body);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(await Promise.all([count('users'), count('assisted_signups'), count('consents'), count('assisted_consent_photos')])).toEqual(before);
    const reused = await helper.post('/api/units/30307/assisted/signups', { ...body, phone: nationalForm(nextPhone()) });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('assisted_client_id_reused');
  });

  it.each(['assisted_paper', 'assisted_sms'] as const)('answers a concurrent double submit (%s) once, with one account and one sign-up', async (channel) => {
    const phone = nationalForm(nextPhone());
    const consent = channel === 'assisted_paper' ? { channel, photo: (await phonePhoto()).toString('base64') } : { channel, ...(await sendCode(helper, phone)) };
    const body = signupBody(phone, consent);
    const before = await Promise.all([count('users'), count('assisted_signups')]);
    const answers = await Promise.all([helper.post('/api/units/30307/assisted/signups', body), helper.post('/api/units/30307/assisted/signups', body), helper.post('/api/units/30307/assisted/signups', body)]);
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(await Promise.all([count('users'), count('assisted_signups')])).toEqual([before[0] + 1, before[1] + 1]);
  });

  it('refuses a helper outside their commune (403) on every route, and a helper in no team there', async () => {
    const phone = nationalForm(nextPhone());
    const body = signupBody(phone, { channel: 'assisted_paper', photo: (await phonePhoto()).toString('base64') });
    for (const [method, url, payload] of [
      ['GET', '/api/units/30292/assisted', undefined],
      ['POST', '/api/units/30292/assisted/phone-check', { phone }],
      ['POST', '/api/units/30292/assisted/sms-codes', { phone }],
      ['POST', '/api/units/30292/assisted/signups', { ...body, hamletCode: '30292.A' }],
      ['POST', '/api/units/91/assisted/signups', body],
    ] as const) {
      const response = await helper.request(method, url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
    }
    const teamless = await signedInWith(t, { role: 'helper', unit: '30307' });
    for (const [method, url, payload] of [
      ['GET', '/api/units/30307/assisted', undefined],
      ['POST', '/api/units/30307/assisted/phone-check', { phone }],
      ['POST', '/api/units/30307/assisted/sms-codes', { phone }],
      ['POST', '/api/units/30307/assisted/signups', body],
    ] as const) {
      const response = await teamless.request(method, url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.code).toBe('assisted_no_team');
    }
    const learner = await signedInWith(t);
    expect((await learner.post('/api/units/30307/assisted/phone-check', { phone })).statusCode).toBe(403);
    // Helpers act through the commune; a hamlet in the address is refused, and so is a hamlet of another commune.
    const throughHamlet = await helper.post('/api/units/30307.DT/assisted/signups', body);
    expect(throughHamlet.statusCode).toBe(400);
    expect(throughHamlet.json().error.code).toBe('unit_not_residential');
    const wrongHamlet = await helper.post('/api/units/30307/assisted/signups', { ...body, hamletCode: '30292.A' });
    expect(wrongHamlet.statusCode).toBe(400);
    expect(wrongHamlet.json().error.code).toBe('assisted_hamlet_unknown');
    expect(t.outbox.some((m) => m.to === `+84${phone.slice(1)}`)).toBe(false);
  });

  it('counts sign-ups per helper and lists them for a unit’s subtree, nothing of other communes', async () => {
    const from = t.clock.now() - 24 * 60 * 60_000;
    const to = t.clock.now() + 1;
    const counts = await signupsByHelper(t.db, [teamId], from, to);
    const mine = counts.find((c) => c.helperId === helper.userId)!;
    const rows = await t.db.selectFrom('assisted_signups').select(['linked_existing']).where('helper_id', '=', helper.userId).where('created_at', '>=', from).execute();
    expect(mine).toEqual({ helperId: helper.userId, teamId, signups: rows.length, linked: rows.filter((r) => r.linked_existing === 1).length });
    expect(mine.linked).toBeGreaterThanOrEqual(1);
    expect(await signupsByHelper(t.db, [], from, to)).toEqual([]);

    const list = await listSignups(t.db, { unitPath: (await t.db.selectFrom('units').select('path').where('code', '=', '30307').executeTakeFirstOrThrow()).path, from, to });
    expect(list.length).toBe(rows.length);
    expect(list.every((s) => s.unitCode === '30307')).toBe(true);
    expect(list.some((s) => s.channel === 'assisted_paper' && s.hasPhoto)).toBe(true);
    expect(list.find((s) => s.hamletCode === '30307.DT')).toMatchObject({ hamletName: 'Khóm Đông Thịnh', helperName: 'Trần Văn Hỗ Trợ', deviceId: 'device-test-0001' });
    const other = await listSignups(t.db, { unitPath: (await t.db.selectFrom('units').select('path').where('code', '=', '30292').executeTakeFirstOrThrow()).path, from, to });
    expect(other).toEqual([]);
  });

  it('exports the person’s assisted sign-up and photo, and erases them with the account (the helper’s work record of others stays)', async () => {
    const phone = nextPhone();
    const sent = await sendCode(helper, phone);
    const response = await helper.post('/api/units/30307/assisted/signups', signupBody(nationalForm(phone), { channel: 'assisted_paper', photo: (await phonePhoto()).toString('base64') }));
    const personId = response.json().personId as UserId;
    await t.db.updateTable('users').set({ password_hash: await hashPassword(testPassword) }).where('id', '=', personId).execute();
    const person = await signIn(t, phone, testPassword);
    const exported = (await person.get('/api/me/export')).json();
    expect(exported.tables.assisted_signups).toEqual([expect.objectContaining({ helper_id: helper.userId, team_id: teamId, channel: 'assisted_paper', linked_existing: 0 })]);
    expect(exported.tables.assisted_consent_photos).toEqual([expect.objectContaining({ mime: 'image/jpeg', width: 640, height: 900 })]);
    expect(exported.tables.assisted_sms_codes).toEqual([expect.objectContaining({ helper_id: helper.userId, used_at: null })]);
    expect(JSON.stringify(exported.tables.assisted_sms_codes)).not.toContain(sent.code);

    const helperRowsBefore = await count('assisted_signups');
    expect((await person.delete('/api/me', { password: testPassword })).statusCode).toBe(204);
    expect(await t.db.selectFrom('assisted_signups').select('id').where('user_id', '=', personId).execute()).toEqual([]);
    expect(await t.db.selectFrom('assisted_consent_photos').select('id').where('user_id', '=', personId).execute()).toEqual([]);
    expect(await t.db.selectFrom('assisted_sms_codes').select('id').where('phone', '=', phone).execute()).toEqual([]);
    expect(await count('assisted_signups')).toBe(helperRowsBefore - 1);
  });
});
