import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signedInWith, signIn } from '../../../test/actors.js';
import { buildAssistedPerson, buildTeam, insertSignup } from '../../../test/assisted-factories.js';
import { engines } from '../../../test/databases.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { AssistedSignupId, TeamId, UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { hashCardSecret } from '../cards/cards.service.js';

type Signal = { kind: string; detail: string; signups: { id: number; personName: string; helperName: string }[] };

describe.each(engines)('review of assisted sign-ups on %s', (engine) => {
  let t: TestApp;
  let manager: Actor;
  let otherManager: Actor;
  let helper: Actor;
  let otherHelper: Actor;
  let teamA: TeamId;
  let teamB: TeamId;
  let base: number;
  let phoneCounter = 0;
  const clean: AssistedSignupId[] = [];
  // Every person gets a phone far from the others', so that only the crafted ones look sequential.
  const farPhone = (n: number) => `+84913${String(100_000 + n * 37).padStart(6, '0')}` as PhoneNumber;

  /** A person signed up by `helper` through `team`, `minutes` after the base time. */
  const signUp = async (o: { by?: Actor; team?: TeamId; unitCode?: string; home?: string; minutes: number; device?: string; ip?: string; name?: string; birthYear?: number; phone?: PhoneNumber }) => {
    const team = o.team ?? teamA;
    const n = ++phoneCounter;
    const person = await buildAssistedPerson(t.db, { teamId: team, unitCode: o.home ?? o.unitCode ?? '30307', fullName: o.name ?? `Người Dân ${n}`, birthYear: o.birthYear ?? 1940 + (n % 50), phone: o.phone ?? farPhone(n), now: base });
    const id = await insertSignup(t.db, {
      userId: person.id,
      helperId: (o.by ?? helper).userId!,
      teamId: team,
      unitCode: o.unitCode ?? '30307',
      deviceId: o.device ?? `device-${n}`,
      ip: o.ip ?? `203.0.113.${n}`,
      at: base + o.minutes * 60_000,
    });
    return { id, userId: person.id, phone: person.phone };
  };
  const signals = async (who: Actor, code = '30307', query = '') => {
    const response = await who.get(`/api/units/${code}/review/signals${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().signals as Signal[];
  };
  const ofKind = (list: Signal[], kind: string) => list.filter((s) => s.kind === kind);

  beforeAll(async () => {
    t = await buildTestApp(engine);
    base = t.clock.now() - 86_400_000;
    manager = await signedInWith(t, { role: 'manager', unit: '30307', home: '30316' });
    otherManager = await signedInWith(t, { role: 'manager', unit: '30292', home: '30316' });
    helper = await signedInWith(t, { role: 'helper', unit: '30307', home: '30316', fullName: 'Trần Văn Hùng' });
    otherHelper = await signedInWith(t, { role: 'helper', unit: '30292', home: '30316', fullName: 'Lê Văn Bảy' });
    teamA = await buildTeam(t.db, { unitCode: '30307', name: 'Tổ khóm Đông Thịnh', createdBy: manager.userId!, members: [helper.userId!] });
    teamB = await buildTeam(t.db, { unitCode: '30292', name: 'Tổ Bình Đức', createdBy: otherManager.userId!, members: [otherHelper.userId!] });
    // Clean work: a sign-up every 20 minutes, each on its own phone, address and details, all living in the ward.
    for (let i = 0; i < 6; i++) clean.push((await signUp({ minutes: i * 20 })).id);
    await signUp({ by: otherHelper, team: teamB, unitCode: '30292', minutes: 5 });
  });
  afterAll(() => t.close());

  it('raises no signal on clean work', async () => {
    expect(await signals(manager)).toEqual([]);
    const audit = await t.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', manager.userId!).execute();
    expect(audit.map((a) => a.action)).toContain('assisted_review.viewed');
  });

  it('raises each fraud signal on crafted sign-ups, naming the sign-ups it concerns', async () => {
    // Five people on one phone within eight minutes; four on another within ten (below the threshold).
    const burst = [];
    for (let i = 0; i < 5; i++) burst.push((await signUp({ minutes: 300 + i * 2, device: 'dev-burst' })).id);
    for (let i = 0; i < 4; i++) await signUp({ minutes: 400 + i * 3, device: 'dev-slow' });
    // Three from one address within four minutes: below the default (10), above a threshold of 3.
    const sameIp = [];
    for (let i = 0; i < 3; i++) sameIp.push((await signUp({ minutes: 500 + i * 2, ip: '198.51.100.7' })).id);
    // The same name and birth year twice (written differently), and a run of phone numbers.
    const twinA = await signUp({ minutes: 600, name: 'Trần Thị Bé', birthYear: 1950 });
    const twinB = await signUp({ minutes: 700, name: 'TRẦN THỊ BÉ', birthYear: 1950 });
    const run = [];
    for (const phone of ['+84912000100', '+84912000101', '+84912000103']) run.push((await signUp({ minutes: 800 + run.length * 30, phone: phone as PhoneNumber })).id);
    // Someone living in another ward, signed up by the ward's team.
    const outside = await signUp({ minutes: 900, home: '30292', name: 'Phan Văn Xa' });
    // Cards: one person only ever signed in on the helper's own phone, another on their own.
    const onHelper = await signUp({ minutes: 1000, device: 'dev-hung' });
    const onOwn = await signUp({ minutes: 1010, device: 'dev-hung-2' });
    for (const [person, device] of [[onHelper.userId, 'dev-hung'], [onOwn.userId, 'dev-nha-rieng']] as [UserId, string][]) {
      const card = await t.db
        .insertInto('sign_in_cards')
        .values({ user_id: person, secret_hash: hashCardSecret(`secret-${person}`), short_code_hash: hashCardSecret(`code-${person}`), issued_by: helper.userId!, issued_at: base, revoked_at: null, revoked_by: null, last_used_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db.insertInto('card_sign_ins').values({ card_id: card.id, user_id: person, device_id: device, at: base + 2_000_000 }).execute();
    }

    const found = await signals(manager);
    const ids = (s: Signal) => s.signups.map((x) => x.id).sort((a, b) => a - b);
    expect(ofKind(found, 'device_burst').map((s) => ({ detail: s.detail, ids: ids(s) }))).toEqual([{ detail: 'dev-burst', ids: burst }]);
    expect(ofKind(found, 'device_burst')[0]!.signups[0]).toMatchObject({ helperName: 'Trần Văn Hùng', personName: expect.any(String) });
    expect(ofKind(found, 'ip_burst')).toEqual([]);
    expect(ofKind(found, 'same_details').map(ids)).toEqual([[twinA.id, twinB.id]]);
    expect(ofKind(found, 'sequential_phones').map(ids)).toEqual([run]);
    expect(ofKind(found, 'sequential_phones')[0]!.detail).toBe('…0100, …0101, …0103');
    expect(ofKind(found, 'outside_commune').map((s) => ({ detail: s.detail, ids: ids(s) }))).toEqual([{ detail: 'Tổ khóm Đông Thịnh', ids: [outside.id] }]);
    expect(ofKind(found, 'cards_on_helper_device').map((s) => ({ detail: s.detail, ids: ids(s) }))).toEqual([{ detail: 'Trần Văn Hùng', ids: [onHelper.id] }]);
    // Thresholds are the manager's to tune.
    const tuned = await signals(manager, '30307', '?ipCount=3&ipMinutes=5&deviceCount=4&deviceMinutes=10&phoneGap=1');
    expect(ofKind(tuned, 'ip_burst').map(ids)).toEqual([sameIp]);
    expect(ofKind(tuned, 'device_burst').map((s) => s.detail).sort()).toEqual(['dev-burst', 'dev-slow']);
    expect(ofKind(tuned, 'sequential_phones').map(ids)).toEqual([run.slice(0, 2)]);
    // Outside the period, nothing.
    expect(await signals(manager, '30307', '?from=2026-10-01&to=2026-10-31')).toEqual([]);
    expect((await manager.get('/api/units/30307/review/signals?from=2026-11-20&to=2026-11-01')).statusCode).toBe(400);
    expect((await manager.get('/api/units/30307/review/signals?deviceCount=1')).statusCode).toBe(400);
  });

  it("keeps each manager to the unit's subtree, and the review to managers", async () => {
    expect((await otherManager.get('/api/units/30307/review/signals')).statusCode).toBe(403);
    expect((await otherManager.get('/api/units/30307/review/callbacks')).statusCode).toBe(403);
    expect((await otherManager.get('/api/units/30307/review/flagged')).statusCode).toBe(403);
    expect((await helper.get('/api/units/30307/review/signals')).statusCode).toBe(403);
    expect((await (await signedInWith(t)).get('/api/units/30307/review/signals')).statusCode).toBe(403);
    // The other ward's own review sees nothing of this ward's sign-ups.
    const theirs = await otherManager.get('/api/units/30292/review/signals');
    expect(theirs.json().signups).toBe(1);
    expect(theirs.body).not.toContain('Tổ khóm Đông Thịnh');
    // Nor can they flag one of them through their own unit.
    const flag = await otherManager.request('PUT', '/api/units/30292/review/flags', { signupId: clean[0], flagged: true, reason: 'thử' });
    expect(flag.statusCode).toBe(400);
    expect(flag.json().error.code).toBe('signup_not_in_unit');
  });

  it('lets a manager flag and unflag a sign-up, with a reason, audited', async () => {
    const flag = (body: object) => manager.request('PUT', '/api/units/30307/review/flags', body);
    expect((await flag({ signupId: clean[1], flagged: true })).json().error.code).toBe('flag_reason_required');
    const flagged = await flag({ signupId: clean[1], flagged: true, reason: 'Chữ ký không khớp' });
    expect(flagged.statusCode).toBe(200);
    expect(flagged.json()).toMatchObject({ id: clean[1], flagReason: 'Chữ ký không khớp', flaggedAt: new Date(t.clock.now()).toISOString() });
    expect((await manager.get('/api/units/30307/review/flagged')).json().signups.map((s: { id: number }) => s.id)).toEqual([clean[1]]);
    expect((await flag({ signupId: clean[1], flagged: false })).json()).toMatchObject({ flaggedAt: null, flagReason: null });
    expect((await manager.get('/api/units/30307/review/flagged')).json().signups).toEqual([]);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('actor_user_id', '=', manager.userId!).where('action', 'like', 'assisted_signup.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['assisted_signup.flagged', 'assisted_signup.unflagged']);
    // Each look at the flagged list (names of people and helpers) is a personal-data read in the audit log.
    const reads = await t.db.selectFrom('audit_log').select('details').where('actor_user_id', '=', manager.userId!).where('action', '=', 'personal_data.read').orderBy('id').execute();
    expect(reads.map((r) => JSON.parse(r.details))).toEqual([
      { list: 'flagged_signups', count: 1 },
      { list: 'flagged_signups', count: 0 },
    ]);
  });

  it("draws call-back samples from the unit's sign-ups without repeats, records outcomes, and a denial flags", async () => {
    const inWard = await t.db.selectFrom('assisted_signups').select('id').where('team_id', '=', teamA).execute();
    const draw = (body: object, who = manager, code = '30307') => who.post(`/api/units/${code}/review/callbacks`, body);
    const period = { from: '2026-11-01', to: '2026-11-24' };
    expect((await draw({ ...period })).json().error.code).toBe('sample_size_required');
    expect((await draw({ ...period, size: 3, percent: 10 })).statusCode).toBe(400);
    const first = await draw({ ...period, size: 3 });
    expect(first.statusCode).toBe(200);
    expect(first.json().drawn).toBe(3);
    const rest = (await draw({ ...period, percent: 100 })).json();
    expect(rest.drawn).toBe(inWard.length - 3);
    expect((await draw({ ...period, percent: 100 })).json().drawn).toBe(0);
    const sample = rest.callbacks as { id: number; signup: { id: AssistedSignupId; personName: string }; phone: string; outcome: string | null }[];
    const drawnIds = sample.map((c) => c.signup.id);
    expect(new Set(drawnIds).size).toBe(drawnIds.length);
    expect(drawnIds.sort((a, b) => a - b)).toEqual(inWard.map((s) => s.id).sort((a, b) => a - b));
    expect(sample[0]!.phone).toMatch(/^\+84/);
    // The other ward's sample is its own sign-up only; this ward's call-backs are not theirs to record.
    const theirs = (await draw({ ...period, size: 5 }, otherManager, '30292')).json();
    expect(theirs.callbacks.map((c: { signup: { helperName: string } }) => c.signup.helperName)).toEqual(['Lê Văn Bảy']);
    const record = (body: object, who = manager, code = '30307') => who.request('PUT', `/api/units/${code}/review/callbacks`, body);
    expect((await record({ callbackId: sample[0]!.id, outcome: 'confirmed' }, otherManager, '30292')).json().error.code).toBe('callback_not_in_unit');
    expect((await otherManager.get('/api/units/30307/review/callbacks')).statusCode).toBe(403);

    expect((await record({ callbackId: sample[0]!.id, outcome: 'confirmed' })).statusCode).toBe(200);
    expect((await record({ callbackId: sample[1]!.id, outcome: 'not_reachable', note: 'Gọi 3 lần không bắt máy' })).statusCode).toBe(200);
    const denied = await record({ callbackId: sample[2]!.id, outcome: 'denied', note: 'Không hề đăng ký' });
    expect(denied.statusCode).toBe(200);
    expect(denied.json().teams).toEqual([{ teamId: teamA, teamName: 'Tổ khóm Đông Thịnh', sampled: inWard.length, confirmed: 1, notReachable: 1, denied: 1 }]);
    expect((await record({ callbackId: sample[3]!.id, outcome: 'maybe' })).statusCode).toBe(400);
    const flagged = (await manager.get('/api/units/30307/review/flagged')).json().signups;
    expect(flagged).toEqual([expect.objectContaining({ id: sample[2]!.signup.id, flagReason: 'callback_denied: Không hề đăng ký' })]);
    const actions = (await t.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', manager.userId!).execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['assisted_callbacks.drawn', 'assisted_callbacks.viewed', 'assisted_callback.recorded']));

    // The person called finds the call-back in their data, and it goes when they are erased.
    const personId = (await t.db.selectFrom('assisted_signups').select('user_id').where('id', '=', sample[2]!.signup.id).executeTakeFirstOrThrow()).user_id;
    const phone = (await t.db.selectFrom('users').select('phone').where('id', '=', personId).executeTakeFirstOrThrow()).phone;
    const person = await signIn(t, phone);
    const exported = (await person.get('/api/me/export')).json();
    expect(exported.tables.assisted_callbacks).toEqual([expect.objectContaining({ outcome: 'denied', note: 'Không hề đăng ký' })]);
  });

  it("shows a helper their own sign-ups and their team's figures", async () => {
    const response = await helper.get('/api/helper/figures');
    expect(response.statusCode).toBe(200);
    const mine = await t.db.selectFrom('assisted_signups').select('id').where('helper_id', '=', helper.userId!).execute();
    const body = response.json();
    expect(body).toMatchObject({ signups: mine.length, signupsLast30Days: mine.length });
    expect(body.teams).toEqual([{ id: teamA, name: 'Tổ khóm Đông Thịnh', unitCode: '30307', registered: mine.length, active7d: 0, completed: 0 }]);
    expect((await otherHelper.get('/api/helper/figures')).json()).toMatchObject({ signups: 1, teams: [{ id: teamB, registered: 1 }] });
    expect((await manager.get('/api/helper/figures')).statusCode).toBe(403);
  });
});
