import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

describe.each(engines)('campaigns and the emulation ranking on %s', (engine) => {
  let t: TestApp;
  let lead: Actor;
  let manager: Actor;
  let course: { id: number; lessonIds: number[] };
  let campaignId: number;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    lead = await signedInWith(t, { role: 'campaign_lead', unit: '91', home: '30301' });
    manager = await signedInWith(t, { role: 'manager', unit: '30307', home: '30301' });
    course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    // Long Xuyên: 2 of 4 residents done; Bình Đức: 1 of 2, done 10 days ago; Châu Đốc: 1 of 4.
    const residents = async (home: string, count: number, done: number, daysAgo = 0) => {
      for (let i = 0; i < count; i++) {
        const learner = await signedInWith(t, { home });
        if (i < done) {
          const at = new Date(t.clock.now() - daysAgo * 86_400_000).toISOString();
          await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at });
        }
      }
    };
    await residents('30307', 4, 2);
    await residents('30292', 2, 1, 10);
    await residents('30316', 4, 1);
  });
  afterAll(() => t.close());

  const ranking = async (who: Actor = lead) => (await who.get(`/api/campaigns/${campaignId}/ranking`)).json();
  const byCode = (units: { unit: { code: string }; trend: unknown }[]) => Object.fromEntries(units.map((u) => [u.unit.code, u]));

  it('lets the steering committee start a campaign, and only move it forward', async () => {
    const unknownCourse = await lead.post('/api/units/91/campaigns', { title: 'Tuần lễ học tập suốt đời', startsOn: '2026-11-20', endsOn: '2026-12-31', courseIds: [999_999], targetPercent: 50 });
    expect(unknownCourse.statusCode).toBe(400);
    const backwards = await lead.post('/api/units/91/campaigns', { title: '100 ngày', startsOn: '2026-12-31', endsOn: '2026-11-20', courseIds: [course.id], targetPercent: 50 });
    expect(backwards.json().error.fields.endsOn).toContain('Khoảng thời gian không hợp lệ');
    const created = await lead.post('/api/units/91/campaigns', { title: 'Tuần lễ học tập suốt đời', description: 'Mỗi người dân một kỹ năng số.', startsOn: '2026-11-20', endsOn: '2026-12-31', courseIds: [course.id], targetPercent: 50 });
    expect(created.statusCode).toBe(201);
    campaignId = created.json().id;
    // A draft is the committee's own: to anyone else it does not exist.
    expect((await manager.get(`/api/campaigns/${campaignId}/ranking`)).statusCode).toBe(404);
    expect((await manager.post(`/api/units/30307/campaigns`, { title: 'Của phường', startsOn: '2026-11-20', endsOn: '2026-12-31', courseIds: [course.id], targetPercent: 50 })).statusCode).toBe(403);
    expect((await lead.post(`/api/campaigns/${campaignId}/status`, { status: 'ended' })).statusCode).toBe(409);
    expect((await lead.post(`/api/campaigns/${campaignId}/status`, { status: 'live' })).json().status).toBe('live');
    expect((await manager.get('/api/campaigns')).json().campaigns.map((c: { id: number }) => c.id)).toContain(campaignId);
  });

  it('ranks communes and wards by the share of their target, per resident, with ties sharing a rank', async () => {
    const { units, asOf, comparedWith } = await ranking();
    expect([asOf, comparedWith]).toEqual(['2026-11-24', '2026-11-17']);
    expect(units).toHaveLength(102);
    const units_ = byCode(units);
    expect(units_['30307']).toMatchObject({ rank: 1, people: 4, completed: 2, achievedPercent: 50, targetPercent: 50, ofTarget: 100 });
    expect(units_['30292']).toMatchObject({ rank: 1, people: 2, completed: 1, ofTarget: 100 });
    expect(units_['30316']).toMatchObject({ rank: 3, people: 4, completed: 1, achievedPercent: 25, ofTarget: 50 });
    // Everyone else shares the next rank.
    expect(units_['30301']).toMatchObject({ rank: 4, ofTarget: 0 });
    // The ward's own dashboard shows where it stands.
    expect((await manager.get('/api/units/30307/dashboard')).json().campaigns).toEqual([
      { id: campaignId, title: 'Tuần lễ học tập suốt đời', targetPercent: 50, achievedPercent: 50, ofTarget: 100, rank: 1 },
    ]);
    // A week ago nobody here had registered yet (in this test's clock), so every unit shared rank 1 at 0 %.
    expect(units_['30292']!.trend).toEqual({ ofTarget: 100, rank: 0 });
    expect(units_['30316']!.trend).toEqual({ ofTarget: 50, rank: -2 });
  });

  it('lets a manager set their own unit’s target, and only theirs', async () => {
    expect((await manager.request('PUT', `/api/campaigns/${campaignId}/targets/30307`, { percent: 80 })).statusCode).toBe(204);
    expect((await manager.request('PUT', `/api/campaigns/${campaignId}/targets/30292`, { percent: 10 })).statusCode).toBe(403);
    const units_ = byCode((await ranking(manager)).units);
    expect(units_['30307']).toMatchObject({ targetPercent: 80, ofTarget: 62.5, rank: 2 });
    expect(units_['30292']).toMatchObject({ rank: 1 });
  });

  it('prints the ranking and keeps it from people without a role', async () => {
    const pdf = await lead.get(`/api/campaigns/${campaignId}/ranking.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(path.join(tmpdir(), 'ranking-'));
    writeFileSync(path.join(dir, 'r.pdf'), pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(text).toContain('Bảng xếp hạng thi đua: Tuần lễ học tập suốt đời');
    expect(text).toMatch(/1\s+Phường Bình Đức/);
    // Percentages with the Vietnamese decimal comma: Long Xuyên reached 62.5 % of its own target.
    expect(text).toContain('62,5%');
    expect((await (await signedInWith(t)).get(`/api/campaigns/${campaignId}/ranking`)).statusCode).toBe(403);
    expect((await anonymous(t).get(`/api/campaigns/${campaignId}/ranking`)).statusCode).toBe(401);
  });

  it('lets a manager only raise the target inherited from above, leads set any, and the ranking says whose target each is', async () => {
    const put = (who: Actor, code: string, percent: number) => who.request('PUT', `/api/campaigns/${campaignId}/targets/${code}`, { percent });
    let units_ = byCode((await ranking()).units);
    expect(units_['30307']).toMatchObject({ targetPercent: 80, targetSetBy: { code: '30307', name: 'Long Xuyên' } });
    expect(units_['30301']).toMatchObject({ targetPercent: 50, targetSetBy: null });
    // 1 % would put the ward at the top: below the campaign's 50 % is refused, naming the minimum.
    const lowered = await put(manager, '30307', 1);
    expect(lowered.statusCode).toBe(400);
    expect(lowered.json().error).toMatchObject({ code: 'target_below_inherited', message: 'Chỉ tiêu của đơn vị chỉ được nâng lên: không thấp hơn 50%.' });
    expect((await manager.request('PUT', `/api/campaigns/${campaignId}/targets/30307`, { percent: 49 }, { 'accept-language': 'en' })).json().error.message).toBe(
      "A unit's target may only be raised: not below 50%.",
    );
    expect((await put(manager, '30307', 50)).statusCode).toBe(204);
    // A province manager (not a campaign lead) raises the province's own target: every unit without its own inherits it.
    const provinceManager = await signedInWith(t, { role: 'manager', unit: '91', home: '30301' });
    expect((await put(provinceManager, '91', 40)).statusCode).toBe(400);
    expect((await put(provinceManager, '91', 60)).statusCode).toBe(204);
    const wardManager = await signedInWith(t, { role: 'manager', unit: '30292', home: '30292' });
    expect((await put(wardManager, '30292', 55)).json().error.message).toBe('Chỉ tiêu của đơn vị chỉ được nâng lên: không thấp hơn 60%.');
    // The campaign's lead may set any target.
    expect((await put(lead, '30316', 10)).statusCode).toBe(204);
    units_ = byCode((await ranking(manager)).units);
    expect(units_['30301']).toMatchObject({ targetPercent: 60, targetSetBy: { code: '91', name: 'An Giang' } });
    expect(units_['30307']).toMatchObject({ targetPercent: 50, targetSetBy: { code: '30307' } });
    expect(units_['30316']).toMatchObject({ targetPercent: 10, targetSetBy: { code: '30316' } });
    const pdf = await lead.get(`/api/campaigns/${campaignId}/ranking.pdf`);
    const dir = mkdtempSync(path.join(tmpdir(), 'ranking-'));
    writeFileSync(path.join(dir, 'r.pdf'), pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(text).toContain('Chỉ tiêu do');
    expect(text).toMatch(/Phường Bình Đức.*60%\s+An Giang/);
    expect(text).toMatch(/Phường Long Xuyên.*50%\s+Long Xuyên/);
  });

  it('keeps drafts unseen and unchanged by all but the campaign’s leads, exactly as an unknown id, and ended campaigns read-only', async () => {
    const draft = (await lead.post('/api/units/91/campaigns', { title: 'Bản nháp', startsOn: '2026-11-20', endsOn: '2026-12-31', courseIds: [course.id], targetPercent: 50 })).json().id;
    const communeLead = await signedInWith(t, { role: 'campaign_lead', unit: '30307', home: '30307' });
    const provinceManager = await signedInWith(t, { role: 'manager', unit: '91', home: '30301' });
    const calls: [string, (who: Actor, id: number) => Promise<{ statusCode: number; body: string }>][] = [
      ['get', (who, id) => who.get(`/api/campaigns/${id}`)],
      ['ranking', (who, id) => who.get(`/api/campaigns/${id}/ranking`)],
      ['ranking.pdf', (who, id) => who.get(`/api/campaigns/${id}/ranking.pdf`)],
      ['targets', (who, id) => who.request('PUT', `/api/campaigns/${id}/targets/30307`, { percent: 90 })],
      ['status', (who, id) => who.post(`/api/campaigns/${id}/status`, { status: 'live' })],
    ];
    for (const who of [manager, communeLead, provinceManager]) {
      for (const [name, call] of calls) {
        const unknown = await call(who, 999_999);
        const hidden = await call(who, draft);
        expect([hidden.statusCode, hidden.body], name).toEqual([unknown.statusCode, unknown.body]);
      }
    }
    expect((await manager.get(`/api/campaigns/${draft}`)).json().error.code).toBe('campaign_not_found');
    expect((await communeLead.post(`/api/campaigns/${draft}/status`, { status: 'live' })).json().error.code).toBe('campaign_not_found');
    expect(await t.db.selectFrom('campaign_targets').select('percent').where('campaign_id', '=', draft).execute()).toEqual([]);
    expect((await lead.get(`/api/campaigns/${draft}/ranking`)).statusCode).toBe(200);
    expect((await lead.request('PUT', `/api/campaigns/${draft}/targets/30307`, { percent: 70 })).statusCode).toBe(204);
    expect((await lead.post(`/api/campaigns/${draft}/status`, { status: 'live' })).statusCode).toBe(200);
    expect((await manager.get(`/api/campaigns/${draft}`)).statusCode).toBe(200);
    expect((await lead.post(`/api/campaigns/${draft}/status`, { status: 'ended' })).statusCode).toBe(200);
    for (const who of [manager, lead]) {
      const late = await who.request('PUT', `/api/campaigns/${draft}/targets/30307`, { percent: 90 });
      expect(late.statusCode).toBe(409);
      expect(late.json().error).toMatchObject({ code: 'campaign_ended', message: 'Phong trào đã kết thúc: không thể thay đổi chỉ tiêu.' });
    }
  });
});

describe.each(engines)('a campaign about members of some groups on %s', (engine) => {
  let t: TestApp;
  afterAll(() => t.close());

  it('counts only those members, where they are members, and ranks departments with departments', async () => {
    t = await buildTestApp(engine);
    const { insertChildUnits } = await import('../units/units.reference.js');
    const province = await t.db.selectFrom('units').select(['id', 'path']).where('code', '=', '91').executeTakeFirstOrThrow();
    await insertChildUnits(t.db, { id: province.id, path: province.path, depth: 0 }, [
      { code: 'ORG.A', kind: 'department', name: 'Sở A', fullName: 'Sở A', sortOrder: 30_001 },
      { code: 'ORG.B', kind: 'department', name: 'Sở B', fullName: 'Sở B', sortOrder: 30_002 },
      { code: 'ORG.U', kind: 'union', name: 'Hội U', fullName: 'Hội U', sortOrder: 30_003 },
    ], t.clock.now());
    const lead = await signedInWith(t, { role: 'campaign_lead', unit: '91', home: '30301' });
    const manager = await signedInWith(t, { role: 'manager', unit: '91', home: '30301' });
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    const member = async (unitCode: string, group: string, completes: boolean) => {
      const person = await signedInWith(t, { home: '30307' });
      const { nationalForm } = await import('../../../test/factories.js');
      expect((await manager.post('/api/units/91/members', { fullName: 'Cán Bộ', phone: nationalForm(person.phone!), birthYear: '1980', unitCode, group, homeCode: '30307' })).statusCode).toBe(201);
      if (completes) await person.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date(t.clock.now()).toISOString() });
    };
    await member('ORG.A', 'official', true);
    await member('ORG.A', 'official', false);
    await member('ORG.A', 'youth_union', false); // not an official: not counted
    await member('ORG.B', 'official', true);
    await member('ORG.U', 'official', true);
    const { id } = (await lead.post('/api/units/91/campaigns', { title: '80% cán bộ', startsOn: '2026-11-01', endsOn: '2026-12-31', courseIds: [course.id], targetPercent: 80, groups: ['official'] })).json();
    await lead.post(`/api/campaigns/${id}/status`, { status: 'live' });
    const { units, campaign } = (await lead.get(`/api/campaigns/${id}/ranking`)).json();
    expect(campaign.groups).toEqual(['official']);
    const byCode = Object.fromEntries(units.map((u: { unit: { code: string } }) => [u.unit.code, u]));
    expect(byCode['ORG.A']).toMatchObject({ people: 2, completed: 1, achievedPercent: 50, ofTarget: 62.5, rank: 2, comparableGroup: 'department' });
    expect(byCode['ORG.B']).toMatchObject({ people: 1, completed: 1, ofTarget: 125, rank: 1, comparableGroup: 'department' });
    // The union competes with unions only.
    expect(byCode['ORG.U']).toMatchObject({ rank: 1, comparableGroup: 'union' });
    // Members live in Long Xuyên, but the campaign is about them as officials: the ward is not ranked here.
    expect(byCode['30307']).toBeUndefined();
  });
});
