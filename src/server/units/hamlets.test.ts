import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signedInWith, type Actor } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { randomUUID } from 'node:crypto';
import { buildCourse, nationalForm, nextPhone } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

describe.each(engines)('hamlets on %s', (engine) => {
  let t: TestApp;
  let manager: Actor;
  let otherManager: Actor;
  let helper: Actor;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    manager = await signedInWith(t, { role: 'manager', unit: '30307' });
    otherManager = await signedInWith(t, { role: 'manager', unit: '30292', home: '30292' });
    helper = await signedInWith(t, { role: 'helper', unit: '30307' });
  });
  afterAll(() => t.close());

  const create = (who: Actor, body: object, unit = '30307') => who.post(`/api/units/${unit}/hamlets`, body);

  it('lets a manager add hamlets, giving each a code of its commune unless one is given', async () => {
    const first = await create(manager, { name: '  Khóm   Đông Thịnh ' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ code: '30307.H1', name: 'Khóm Đông Thịnh', fullName: 'Khóm Đông Thịnh, Phường Long Xuyên', retiredOn: null });
    expect((await create(manager, { name: 'Khóm Đông An' })).json().code).toBe('30307.H2');
    const given = await create(manager, { name: 'Khóm Bình Khánh', hamletCode: '30307.BK' });
    expect(given.statusCode).toBe(201);
    expect(given.json().code).toBe('30307.BK');
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('action', '=', 'hamlet.create').execute();
    expect(audit).toHaveLength(3);
    expect(audit.every((a) => a.actor_user_id === manager.userId)).toBe(true);
    // Public, as the sign-up form needs them.
    const listed = (await anonymous(t).get('/api/units/30307/hamlets')).json();
    expect(listed.hamlets.map((h: { code: string }) => h.code)).toEqual(['30307.H1', '30307.H2', '30307.BK']);
  });

  it('refuses a code already used, a name the commune already has, and malformed input', async () => {
    const taken = await create(manager, { name: 'Khóm Mới', hamletCode: '30292' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('hamlet_code_taken');
    const sameName = await create(manager, { name: 'khom dong thinh' });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().error.code).toBe('hamlet_name_taken');
    const badCode = await create(manager, { name: 'Khóm Mới', hamletCode: 'a b/c' });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.fields.hamletCode).toBeDefined();
    expect((await create(manager, { name: '--' })).json().error.code).toBe('invalid_name');
    // Under a hamlet, or under the province: not a commune.
    const underHamlet = await t.app.inject({ method: 'POST', url: '/api/units/30307.H1/hamlets', payload: { name: 'Tổ dân phố 1' }, headers: { cookie: manager.cookie! } });
    expect(underHamlet.statusCode).toBe(400);
    expect(underHamlet.json().error.code).toBe('hamlet_parent_not_commune');
  });

  it('renames and retires a hamlet; a retired hamlet keeps its code and leaves the lists', async () => {
    const made = (await create(manager, { name: 'Khóm Tạm' })).json();
    const renamed = await manager.patch(`/api/hamlets/${made.code}`, { name: 'Khóm Tạm Thời' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ code: made.code, name: 'Khóm Tạm Thời', fullName: 'Khóm Tạm Thời, Phường Long Xuyên' });
    const retired = await manager.post(`/api/hamlets/${made.code}/retire`);
    expect(retired.statusCode).toBe(200);
    expect(retired.json().retiredOn).toBe('2026-11-24');
    expect((await manager.post(`/api/hamlets/${made.code}/retire`)).json().retiredOn).toBe('2026-11-24');
    expect((await manager.patch(`/api/hamlets/${made.code}`, { name: 'Khóm Khác' })).json().error.code).toBe('hamlet_retired');
    const current = (await anonymous(t).get('/api/units/30307/hamlets')).json().hamlets.map((h: { code: string }) => h.code);
    expect(current).not.toContain(made.code);
    const all = (await anonymous(t).get('/api/units/30307/hamlets?retired=true')).json().hamlets.map((h: { code: string }) => h.code);
    expect(all).toContain(made.code);
    // Its name is free again for a new hamlet.
    expect((await create(manager, { name: 'Khóm Tạm Thời' })).statusCode).toBe(201);
    // A commune's code is no hamlet.
    expect((await manager.patch('/api/hamlets/30307', { name: 'Phường Mới' })).statusCode).toBe(404);
  });

  it('refuses managers of another commune and helpers, on every hamlet route', async () => {
    for (const who of [otherManager, helper]) {
      expect((await create(who, { name: 'Khóm Lạ' })).statusCode).toBe(403);
      expect((await who.patch('/api/hamlets/30307.H1', { name: 'Khóm Lạ' })).statusCode).toBe(403);
      expect((await who.post('/api/hamlets/30307.H1/retire')).statusCode).toBe(403);
    }
    expect((await anonymous(t).post('/api/units/30307/hamlets', { name: 'Khóm Lạ' })).statusCode).toBe(401);
    const admin = await signedInWith(t, { role: 'admin', unit: '91' });
    expect((await create(admin, { name: 'Khóm Của Tỉnh' })).statusCode).toBe(201);
    expect((await t.db.selectFrom('units').select('name').where('code', '=', '30307.H1').executeTakeFirstOrThrow()).name).toBe('Khóm Đông Thịnh');
  });

  it('takes a current hamlet as a home, and counts its people in the commune on the dashboards', async () => {
    const dashboard = async (code: string) => (await manager.get(`/api/units/${code}/dashboard`)).json();
    const admin = await signedInWith(t, { role: 'admin', unit: '91' });
    const before = await dashboard('30307');
    const provinceBefore = (await admin.get('/api/units/91/dashboard')).json();
    const phone = nextPhone();
    const registered = await anonymous(t).post('/api/auth/register', { phone: nationalForm(phone), password: 'mot-hai-ba-bon', fullName: 'Lê Văn Khóm', birthYear: 1970, unitCode: '30307.H2', consent: true });
    expect(registered.statusCode).toBe(201);
    expect(registered.json().unit).toMatchObject({ code: '30307.H2', kind: 'hamlet' });
    const after = await dashboard('30307');
    expect(after.totals.registered).toBe(before.totals.registered + 1);
    const hamletRow = after.children.find((c: { unit: { code: string } }) => c.unit.code === '30307.H2');
    // One person in a hamlet is a small group: shown as "< 5" (SMALL_GROUP_MIN), while the ward counts them exactly.
    expect(hamletRow).toMatchObject({ unit: { kind: 'hamlet' }, registered: '< 5' });
    const provinceAfter = (await admin.get('/api/units/91/dashboard')).json();
    const ward = (view: { children: { unit: { code: string }; registered: number }[] }) => view.children.find((c) => c.unit.code === '30307')!.registered;
    expect(ward(provinceAfter)).toBe(ward(provinceBefore) + 1);

    // A retired hamlet keeps its figures and its people, but takes no new ones.
    await manager.post('/api/hamlets/30307.H2/retire');
    const retiredView = await dashboard('30307');
    expect(retiredView.totals.registered).toBe(after.totals.registered);
    expect(retiredView.children.find((c: { unit: { code: string } }) => c.unit.code === '30307.H2')?.registered).toBe('< 5');
    const refused = await anonymous(t).post('/api/auth/register', { phone: nationalForm(nextPhone()), password: 'mot-hai-ba-bon', fullName: 'Lê Văn Muộn', birthYear: 1970, unitCode: '30307.H2', consent: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('unit_not_residential');
  });

  it('lets a person move their home into a hamlet from their profile', async () => {
    const person = await signedInWith(t, {});
    const moved = await person.patch('/api/me', { unitCode: '30307.H1' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().unit.code).toBe('30307.H1');
    expect((await person.patch('/api/me', { unitCode: '91' })).statusCode).toBe(400);
  });

  it('counts the people of a hamlet for its commune in a campaign ranking', async () => {
    const admin = await signedInWith(t, { role: 'admin', unit: '91' });
    const hamlet = (await create(admin, { name: 'Ấp Xếp Hạng' }, '30316')).json();
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    for (const done of [true, false]) {
      const learner = await signedInWith(t, { home: hamlet.code });
      if (done) await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date(t.clock.now()).toISOString() });
    }
    const lead = await signedInWith(t, { role: 'campaign_lead', unit: '91' });
    const campaign = (await lead.post('/api/units/91/campaigns', { title: 'Ấp cũng tính', startsOn: '2026-11-20', endsOn: '2026-12-31', courseIds: [course.id], targetPercent: 50 })).json();
    await lead.post(`/api/campaigns/${campaign.id}/status`, { status: 'live' });
    const { units } = (await lead.get(`/api/campaigns/${campaign.id}/ranking`)).json();
    expect(units.find((u: { unit: { code: string } }) => u.unit.code === '30316')).toMatchObject({ people: 2, completed: 1 });
    expect(units.find((u: { unit: { code: string } }) => u.unit.code === hamlet.code)).toBeUndefined();
  });
});
