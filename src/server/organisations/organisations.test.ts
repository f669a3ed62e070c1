import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse, nationalForm } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { recomputeRollups, storedRollups, sumRollup } from '../rollups/rollups.service.js';

describe.each(engines)('organisations and the unit tree on %s', (engine) => {
  let t: TestApp;
  let admin: Actor;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    admin = await signedInWith(t, { role: 'admin', unit: '91' });
  });
  afterAll(() => t.close());

  const create = (who: Actor, parent: string, body: object) => who.post(`/api/organisations/${parent}/units`, body);
  const tree = async (who: Actor, root: string, historical = false) => (await who.get(`/api/organisations/${root}/tree${historical ? '?historical=true' : ''}`)).json();

  it('lets the provincial admin create, rename and list a department with a school, keeping the history', async () => {
    const dept = await create(admin, '91', { name: '  Sở Giáo dục   và Đào tạo ', kind: 'department', code: 'ORG.T.SGD' });
    expect(dept.statusCode).toBe(201);
    expect(dept.json()).toEqual({ code: 'ORG.T.SGD', name: 'Sở Giáo dục và Đào tạo', kind: 'department', parentCode: '91', retiredOn: null, depth: 1 });
    const school = await create(admin, 'ORG.T.SGD', { name: 'Trường THPT Thử', kind: 'school' });
    expect(school.statusCode).toBe(201);
    expect(school.json()).toMatchObject({ code: 'ORG.T.SGD.1', parentCode: 'ORG.T.SGD', depth: 2 });
    expect((await admin.patch('/api/organisations/ORG.T.SGD.1', { name: 'Trường THPT Thử Nghiệm' })).json().name).toBe('Trường THPT Thử Nghiệm');
    const listed = await tree(admin, '91');
    expect(listed.units.filter((u: { code: string }) => u.code.startsWith('ORG.T.SGD')).map((u: { code: string; parentCode: string }) => [u.code, u.parentCode])).toEqual([
      ['ORG.T.SGD', '91'],
      ['ORG.T.SGD.1', 'ORG.T.SGD'],
    ]);
    const history = (await admin.get('/api/organisations/ORG.T.SGD.1/history')).json().changes;
    expect(history.map((c: { action: string }) => c.action)).toEqual(['rename', 'create']);
    expect(history[0]).toMatchObject({ actor: { id: admin.userId }, before: { name: 'Trường THPT Thử' }, after: { name: 'Trường THPT Thử Nghiệm' } });
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', 'like', 'unit.%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['unit.create', 'unit.create', 'unit.rename']);
    expect((await admin.get('/api/organisations')).json().roots.map((r: { code: string }) => r.code)).toEqual(['91']);
  });

  it('refuses bad input: unknown kind, taken code, taken name, a hamlet outside a commune, an administrative unit', async () => {
    const unknownKind = await create(admin, '91', { name: 'Đơn vị lạ', kind: 'planet' });
    expect(unknownKind.statusCode).toBe(400);
    const taken = await create(admin, '91', { name: 'Sở Khác', kind: 'department', code: 'ORG.T.SGD' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'unit_code_taken', message: 'Mã ORG.T.SGD đã có đơn vị khác dùng.' });
    expect((await create(admin, '91', { name: 'sở giáo dục và đào tạo', kind: 'department' })).json().error.code).toBe('unit_name_taken');
    expect((await create(admin, 'ORG.T.SGD', { name: 'Ấp Lạ', kind: 'hamlet' })).json().error.code).toBe('hamlet_parent_not_commune');
    expect((await create(admin, '91', { name: 'Đơn vị', kind: 'other', code: 'a b/c' })).json().error.code).toBe('invalid_unit_code');
    const ward = await admin.patch('/api/organisations/30307', { name: 'Phường Mới' });
    expect(ward.statusCode).toBe(400);
    expect(ward.json().error.code).toBe('unit_not_organisational');
    // A hamlet under a ward, through the same route.
    expect((await create(admin, '30307', { name: 'Khóm Tổ Chức', kind: 'hamlet' })).json()).toMatchObject({ code: '30307.H1', kind: 'hamlet', parentCode: '30307' });
    // In the province's tree the ward comes along with its hamlet, so that the tree holds together.
    const { units } = await tree(admin, '91');
    expect(units.filter((u: { code: string }) => u.code.startsWith('30307')).map((u: { code: string; kind: string; parentCode: string }) => [u.code, u.kind, u.parentCode])).toEqual([
      ['30307', 'ward', '91'],
      ['30307.H1', 'hamlet', '30307'],
    ]);
  });

  it("keeps an organisation's admin inside its subtree (403), and refuses a move under the unit's own descendant", async () => {
    await create(admin, '91', { name: 'Tỉnh Đoàn Thử', kind: 'union', code: 'ORG.T.TD' });
    await create(admin, 'ORG.T.TD', { name: 'Chi đoàn Thử', kind: 'union_branch', code: 'ORG.T.TD.CD' });
    const orgAdmin = await signedInWith(t, { role: 'admin', unit: 'ORG.T.TD' });
    expect((await create(orgAdmin, 'ORG.T.TD', { name: 'Chi đoàn Hai', kind: 'union_branch' })).statusCode).toBe(201);
    expect((await create(orgAdmin, 'ORG.T.SGD', { name: 'Trường Lạ', kind: 'school' })).statusCode).toBe(403);
    expect((await orgAdmin.patch('/api/organisations/ORG.T.SGD.1', { name: 'Tên Lạ' })).statusCode).toBe(403);
    expect((await orgAdmin.post('/api/organisations/ORG.T.SGD/retire')).statusCode).toBe(403);
    expect((await orgAdmin.get('/api/organisations/ORG.T.SGD/history')).statusCode).toBe(403);
    // Moving its own unit out of its reach, under another organisation: 403 too.
    expect((await orgAdmin.post('/api/organisations/ORG.T.TD.CD/move', { parentCode: 'ORG.T.SGD' })).statusCode).toBe(403);
    expect((await orgAdmin.get('/api/organisations')).json().roots.map((r: { code: string }) => r.code)).toEqual(['ORG.T.TD']);
    const loop = await admin.post('/api/organisations/ORG.T.TD/move', { parentCode: 'ORG.T.TD.CD' });
    expect(loop.statusCode).toBe(400);
    expect(loop.json().error).toEqual({ code: 'unit_move_into_own_subtree', message: 'Không thể chuyển Tỉnh Đoàn Thử vào bên dưới chính nó: Chi đoàn Thử là đơn vị trực thuộc của nó.', fields: { parentCode: expect.any(String) } });
    const english = await admin.request('POST', '/api/organisations/ORG.T.TD/move', { parentCode: 'ORG.T.TD' }, { 'accept-language': 'en' });
    expect(english.json().error.message).toBe('Tỉnh Đoàn Thử cannot be moved under itself: it holds Tỉnh Đoàn Thử.');
  });

  it('moves a unit with activity: every subtree sum equals a recomputation from the raw rows', async () => {
    await create(admin, '91', { name: 'Sở Nội vụ Thử', kind: 'department', code: 'ORG.T.SNV' });
    await create(admin, 'ORG.T.SNV', { name: 'Phòng Công chức', kind: 'other', code: 'ORG.T.SNV.P' });
    await create(admin, 'ORG.T.SNV.P', { name: 'Tổ Một', kind: 'other', code: 'ORG.T.SNV.P.1' });
    const manager = await signedInWith(t, { role: 'manager', unit: '91' });
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    for (const [unit, done] of [['ORG.T.SNV.P', true], ['ORG.T.SNV.P.1', true], ['ORG.T.SNV.P.1', false], ['ORG.T.SNV', true]] as const) {
      const learner = await signedInWith(t, { home: '30292' });
      const added = await manager.post(`/api/units/${unit}/members`, { fullName: 'Người Thử', phone: nationalForm(learner.phone!), birthYear: '1990', unitCode: unit, group: 'official', homeCode: '30292' });
      expect(added.statusCode).toBe(201);
      if (done) await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date(t.clock.now()).toISOString() });
    }
    const members = async (code: string) => {
      const unit = await t.db.selectFrom('units').select('path').where('code', '=', code).executeTakeFirstOrThrow();
      return (await sumRollup(t.db, 'member_daily', { subtree: unit.path, by: 'group' })).reduce((n, r) => n + r.members, 0);
    };
    expect([await members('ORG.T.SNV'), await members('ORG.T.SGD')]).toEqual([4, 0]);

    const moved = await admin.post('/api/organisations/ORG.T.SNV.P/move', { parentCode: 'ORG.T.SGD' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ code: 'ORG.T.SNV.P', parentCode: 'ORG.T.SGD', depth: 2 });
    expect((await t.db.selectFrom('units').select('depth').where('code', '=', 'ORG.T.SNV.P.1').executeTakeFirstOrThrow()).depth).toBe(3);
    expect([await members('ORG.T.SNV'), await members('ORG.T.SGD'), await members('91')]).toEqual([1, 3, 4]);

    // The stored rows equal the recomputation, and so does every subtree's sum, for every table and every unit.
    const recomputed = await recomputeRollups(t.db);
    expect(await storedRollups(t.db)).toEqual(recomputed);
    const units = await t.db.selectFrom('units').select(['id', 'code', 'path']).where((eb) => eb.or([eb('code', 'like', 'ORG.T.%'), eb('code', 'in', ['91', '30292'])])).execute();
    const pathOf = new Map(units.map((u) => [Number(u.id), u.path]));
    const allPaths = new Map((await t.db.selectFrom('units').select(['id', 'path']).execute()).map((u) => [Number(u.id), u.path]));
    for (const unit of units) {
      const inside = (r: { unit_id: number }) => allPaths.get(Number(r.unit_id))!.startsWith(unit.path);
      const sum = <R extends { unit_id: number }>(rows: R[], column: keyof R) => rows.filter(inside).reduce((n, r) => n + Number(r[column]), 0);
      const total = async (table: 'unit_daily' | 'unit_course_daily' | 'member_daily' | 'member_course_daily', column: string) =>
        (await sumRollup(t.db, table, { subtree: unit.path, by: 'day' })).reduce((n, r) => n + Number((r as Record<string, number>)[column]), 0);
      expect([await total('unit_daily', 'registered'), await total('unit_daily', 'last_active')], unit.code).toEqual([sum(recomputed.unitDaily, 'registered'), sum(recomputed.unitDaily, 'last_active')]);
      expect([await total('unit_course_daily', 'enrolled'), await total('unit_course_daily', 'completed')], unit.code).toEqual([sum(recomputed.unitCourseDaily, 'enrolled'), sum(recomputed.unitCourseDaily, 'completed')]);
      expect([await total('member_daily', 'members'), await total('member_course_daily', 'completed')], unit.code).toEqual([sum(recomputed.memberDaily, 'members'), sum(recomputed.memberCourseDaily, 'completed')]);
    }
    expect(pathOf.size).toBeGreaterThan(4);
    expect((await admin.get('/api/organisations/ORG.T.SNV.P/history')).json().changes[0]).toMatchObject({ action: 'move', before: { parentCode: 'ORG.T.SNV' }, after: { parentCode: 'ORG.T.SGD' } });
  });

  it('refuses to retire a unit with a live campaign, naming it; once ended, retires the subtree and keeps its figures', async () => {
    const lead = await signedInWith(t, { role: 'campaign_lead', unit: 'ORG.T.SGD' });
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    const campaign = (await lead.post('/api/units/ORG.T.SNV.P/campaigns', { title: 'Công chức học số', startsOn: '2026-11-20', endsOn: '2026-12-31', courseIds: [course.id], targetPercent: 50 })).json();
    await lead.post(`/api/campaigns/${campaign.id}/status`, { status: 'live' });
    const refused = await admin.post('/api/organisations/ORG.T.SGD/retire');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'unit_has_live_campaigns', campaigns: [{ id: campaign.id, title: 'Công chức học số', unitCode: 'ORG.T.SNV.P' }] });
    expect(refused.json().error.message).toContain('«Công chức học số»');
    await lead.post(`/api/campaigns/${campaign.id}/status`, { status: 'ended' });

    const figures = async () => {
      const unit = await t.db.selectFrom('units').select('path').where('code', '=', '91').executeTakeFirstOrThrow();
      return (await sumRollup(t.db, 'member_daily', { subtree: unit.path, by: 'group' })).reduce((n, r) => n + r.members, 0);
    };
    const before = await figures();
    const retired = await admin.post('/api/organisations/ORG.T.SGD/retire');
    expect(retired.statusCode).toBe(200);
    expect(retired.json().retiredOn).toBe('2026-11-24');
    expect((await t.db.selectFrom('units').select('valid_until').where('code', '=', 'ORG.T.SNV.P.1').executeTakeFirstOrThrow()).valid_until).toBe('2026-11-24');
    expect(await figures()).toBe(before);
    expect((await tree(admin, '91')).units.map((u: { code: string }) => u.code)).not.toContain('ORG.T.SGD');
    expect((await tree(admin, '91', true)).units.find((u: { code: string }) => u.code === 'ORG.T.SGD')).toMatchObject({ retiredOn: '2026-11-24' });
    expect((await admin.patch('/api/organisations/ORG.T.SGD', { name: 'Sở Mới' })).json().error.code).toBe('unit_retired');
    // Historical, like the pre-reform districts: found with historical=true only.
    expect((await admin.get(`/api/units?q=${encodeURIComponent('Sở Giáo dục và Đào tạo')}`)).json().units.map((u: { code: string }) => u.code)).not.toContain('ORG.T.SGD');
    expect((await admin.get(`/api/units?q=${encodeURIComponent('Sở Giáo dục và Đào tạo')}&historical=true`)).json().units[0]).toMatchObject({ code: 'ORG.T.SGD', validUntil: '2026-11-24' });
  });

  it('imports an organisation tree from a file: a dry run first, then the valid rows, with a row-by-row report', async () => {
    const csv = ['Mã,Tên đơn vị,Loại,Mã đơn vị cấp trên', 'ORG.T.VNPT,VNPT Thử,Doanh nghiệp,', ',Trung tâm Kinh doanh,other,ORG.T.VNPT', 'ORG.T.X,Đơn vị Lạ,hành tinh,', 'ORG.T.Y,Chi nhánh,enterprise,ORG.KHONG'].join('\n');
    const upload = (mode: string) => admin.upload(`/api/organisations/91/import?mode=${mode}`, Buffer.from(csv), 'text/csv');
    const checked = await upload('check');
    expect(checked.statusCode).toBe(200);
    expect(checked.json()).toMatchObject({ rows: 4, validRows: 2, written: false, created: 0 });
    expect(checked.json().problems).toEqual([
      { row: 4, column: 'Loại', message: expect.stringContaining('«hành tinh»') },
      { row: 5, column: 'Mã đơn vị cấp trên', message: expect.stringContaining('ORG.KHONG') },
    ]);
    expect(await t.db.selectFrom('units').select('id').where('code', '=', 'ORG.T.VNPT').executeTakeFirst()).toBeUndefined();
    expect((await upload('all')).json().error.code).toBe('units_file_invalid');
    const written = await upload('valid');
    expect(written.json()).toMatchObject({ rows: 4, validRows: 2, written: true, created: 2 });
    expect((await tree(admin, 'ORG.T.VNPT')).units).toEqual([{ code: 'ORG.T.VNPT.1', name: 'Trung tâm Kinh doanh', kind: 'other', parentCode: 'ORG.T.VNPT', retiredOn: null, depth: 2 }]);
  });
});
