import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signedInWith, signIn } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse, buildPerson, nationalForm } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { isNarrowUnit } from '../../shared/small-groups.js';
import { ConfigError, loadConfig } from '../config.js';
import { insertChildUnits } from '../units/units.reference.js';

const pdfText = (payload: Buffer): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'small-groups-pdf-'));
  try {
    writeFileSync(path.join(dir, 'f.pdf'), payload);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'f.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const sheetRows = async (payload: Buffer) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  return workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
};

describe('which units are narrower than a commune', () => {
  it('hamlets and organisational units below the province’s own; never communes, the province or historical units', () => {
    expect(isNarrowUnit({ kind: 'hamlet', path: '/1/57/900/' })).toBe(true);
    expect(isNarrowUnit({ kind: 'school', path: '/1/70/71/' })).toBe(true);
    expect(isNarrowUnit({ kind: 'union', path: '/1/80/81/' })).toBe(true);
    expect(isNarrowUnit({ kind: 'department', path: '/1/70/' })).toBe(false);
    expect(isNarrowUnit({ kind: 'enterprise', path: '/1/90/' })).toBe(false);
    expect(isNarrowUnit({ kind: 'ward', path: '/1/57/' })).toBe(false);
    expect(isNarrowUnit({ kind: 'old_commune', path: '/1/5/6/' })).toBe(false);
    expect(isNarrowUnit({ kind: 'province', path: '/1/' })).toBe(false);
  });

  it('reads SMALL_GROUP_MIN (default 5)', () => {
    expect(loadConfig({}).smallGroupMin).toBe(5);
    expect(loadConfig({ SMALL_GROUP_MIN: '10' }).smallGroupMin).toBe(10);
    expect(() => loadConfig({ SMALL_GROUP_MIN: '0' })).toThrow(ConfigError);
  });
});

describe.each(engines)('small groups on the dashboards on %s', (engine) => {
  let t: TestApp;
  let manager: Actor;
  let lead: Actor;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    // Watchers live in another ward, so that the figures below are only the learners'.
    manager = await signedInWith(t, { role: 'manager', unit: '30307', home: '30316' });
    lead = await signedInWith(t, { role: 'campaign_lead', unit: '91', home: '30316' });
    const ward = await t.db.selectFrom('units').select(['id', 'path', 'depth']).where('code', '=', '30307').executeTakeFirstOrThrow();
    await insertChildUnits(t.db, ward, [
      { code: '30307.A', kind: 'hamlet', name: 'Khóm A', fullName: 'Khóm A, Phường Long Xuyên', sortOrder: 1 },
      { code: '30307.B', kind: 'hamlet', name: 'Khóm B', fullName: 'Khóm B, Phường Long Xuyên', sortOrder: 2 },
    ], t.clock.now());
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    const now = t.clock.now();
    // Khóm A: three people, one of whom completed the course; khóm B: six people, none active.
    const learner = await signIn(t, (await buildPerson(t.db, { unitCode: '30307.A', now })).phone);
    expect((await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date(now).toISOString() })).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) await buildPerson(t.db, { unitCode: '30307.A', now });
    for (let i = 0; i < 6; i++) await buildPerson(t.db, { unitCode: '30307.B', now });
  });
  afterAll(() => t.close());

  it('shows a hamlet’s 1 to 4 people as "< 5", hides a second hamlet so that the ward’s total gives nothing away, and keeps the ward’s figures exact', async () => {
    const ward = (await manager.get('/api/units/30307/dashboard')).json();
    expect(ward.totals).toMatchObject({ registered: 9, registeredSelf: 9, registeredAssisted: 0, completed: 1, active7d: 1 });
    const [a, b] = ward.children;
    expect(a).toMatchObject({ unit: { code: '30307.A' }, registered: '< 5', registeredSelf: '< 5', registeredAssisted: 0, active7d: '< 5', completed: '< 5', certified: '< 5', enrolled: '< 5', members: 0 });
    // 9 − 6 would tell khóm A's 3: khóm B's 6 is hidden too.
    expect(b).toMatchObject({ unit: { code: '30307.B' }, registered: 'x', registeredSelf: 'x', registeredAssisted: 0, completed: 0 });

    // The hamlet's own dashboard: its totals and its days.
    const hamlet = (await manager.get('/api/units/30307.A/dashboard')).json();
    expect(hamlet.totals).toMatchObject({ registered: '< 5', completed: '< 5', members: 0 });
    expect(hamlet.series.at(-1)).toMatchObject({ registered: '< 5', completed: '< 5' });
    expect(JSON.stringify(hamlet)).not.toMatch(/"(registered|completed|enrolled|certified|active7d)(Self|Assisted)?":[1-4][,}]/);

    // A commune-level unit on the province's dashboard: exact.
    const province = (await lead.get('/api/units/91/dashboard')).json();
    expect(province.children.find((c: { unit: { code: string } }) => c.unit.code === '30307')).toMatchObject({ registered: 9, completed: 1, active7d: 1 });
  });

  it('shows the same in the Excel workbook and the PDF', async () => {
    const rows = await sheetRows((await manager.get('/api/units/30307/dashboard.xlsx')).rawPayload);
    const a = rows.find((r) => r[1] === 'Khóm A, Phường Long Xuyên')!;
    const b = rows.find((r) => r[1] === 'Khóm B, Phường Long Xuyên')!;
    // Members, registered, active, enrolled, completed, certified; then registered, active and completed as self | assisted.
    expect(a.slice(2)).toEqual([0, '< 5', 0, '< 5', '< 5', '< 5', '< 5', '< 5', 0, '< 5', 0, '< 5', 0]);
    expect(b.slice(2)).toEqual([0, 'x', 0, 0, 0, 0, 0, 'x', 0, 0, 0, 0, 0]);
    expect(rows.find((r) => r[1] === 'Tổng cộng')!.slice(2, 9)).toEqual([0, 9, 0, 1, 1, 1, 1]);
    expect(rows.some((r) => String(r[1]).startsWith('< 5: quá ít người'))).toBe(true);

    const text = pdfText((await manager.get('/api/units/30307/dashboard.pdf')).rawPayload);
    // pdftotext closes up the narrow space of "< 5".
    expect(text).toMatch(/Khóm A, Phường Long Xuyên\s+0\s+< ?5\s+0\s+< ?5\s+< ?5\s+< ?5\s+< ?5/);
    expect(text).toMatch(/Khóm B, Phường Long Xuyên\s+0\s+x\s+0\s+0\s+0\s+0/);
    expect(text).toMatch(/Tổng cộng\s+0\s+9\s+0\s+1\s+1\s+1\s+1/);
    expect(text).toMatch(/< ?5: quá ít người/);

    const province = pdfText((await lead.get('/api/units/91/dashboard.pdf')).rawPayload);
    expect(province).toMatch(/Phường Long Xuyên\s+0\s+9\s+0\s+1\s+1\s+1\s+1/);
    expect(province).not.toMatch(/< ?5/);
    const provinceRows = await sheetRows((await lead.get('/api/units/91/dashboard.xlsx')).rawPayload);
    expect(provinceRows.find((r) => r[1] === 'Phường Long Xuyên')!.slice(2, 9)).toEqual([0, 9, 0, 1, 1, 1, 1]);
  });
});

describe.each(engines)('small groups in a campaign ranking on %s', (engine) => {
  let t: TestApp;
  afterAll(() => t.close());

  it('leaves schools of fewer than 5 unranked with "< 5" and no rates, in the page and the PDF; the department stays exact', async () => {
    t = await buildTestApp(engine);
    const province = await t.db.selectFrom('units').select(['id', 'path']).where('code', '=', '91').executeTakeFirstOrThrow();
    const ids = await insertChildUnits(t.db, { id: province.id, path: province.path, depth: 0 }, [{ code: 'ORG.GD', kind: 'department', name: 'Sở GD', fullName: 'Sở Giáo dục', sortOrder: 30_001 }], t.clock.now());
    await insertChildUnits(t.db, { id: ids.get('ORG.GD')!, path: `${province.path}${ids.get('ORG.GD')}/`, depth: 1 }, [
      { code: 'ORG.GD.1', kind: 'school', name: 'Trường Một', fullName: 'Trường Một', sortOrder: 1 },
      { code: 'ORG.GD.2', kind: 'school', name: 'Trường Hai', fullName: 'Trường Hai', sortOrder: 2 },
      { code: 'ORG.GD.3', kind: 'school', name: 'Trường Ba', fullName: 'Trường Ba', sortOrder: 3 },
    ], t.clock.now());
    const lead = await signedInWith(t, { role: 'campaign_lead', unit: '91', home: '30301' });
    const manager = await signedInWith(t, { role: 'manager', unit: '91', home: '30301' });
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    const member = async (unitCode: string, completes: boolean) => {
      const person = await signedInWith(t, { home: '30307' });
      expect((await manager.post('/api/units/91/members', { fullName: 'Giáo Viên', phone: nationalForm(person.phone!), birthYear: '1985', unitCode, group: 'official', homeCode: '30307' })).statusCode).toBe(201);
      if (completes) await person.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date(t.clock.now()).toISOString() });
    };
    // School 1: two officials, one completed. School 2: five, all completed. School 3: six, five completed.
    for (const completes of [true, false]) await member('ORG.GD.1', completes);
    for (let i = 0; i < 5; i++) await member('ORG.GD.2', true);
    for (let i = 0; i < 6; i++) await member('ORG.GD.3', i < 5);
    const { id } = (await lead.post('/api/units/91/campaigns', { title: 'Giáo viên dùng AI', startsOn: '2026-11-01', endsOn: '2026-12-31', courseIds: [course.id], targetPercent: 80, groups: ['official'] })).json();
    await lead.post(`/api/campaigns/${id}/status`, { status: 'live' });

    const { units } = (await lead.get(`/api/campaigns/${id}/ranking`)).json();
    const byCode = Object.fromEntries(units.map((u: { unit: { code: string } }) => [u.unit.code, u]));
    expect(byCode['ORG.GD']).toMatchObject({ people: 13, completed: 11, rank: 1, comparableGroup: 'department' });
    expect(byCode['ORG.GD.3']).toMatchObject({ people: 6, completed: 5, rank: 1, comparableGroup: 'school' });
    expect(byCode['ORG.GD.1']).toMatchObject({ people: '< 5', completed: '< 5', rank: null, achievedPercent: 'x', ofTarget: 'x', trend: { ofTarget: 'x', rank: null } });
    // 13 − 6 − "< 5" would tell school 2's people (and 11 − 5 its completions): hidden as well.
    expect(byCode['ORG.GD.2']).toMatchObject({ people: 'x', completed: 'x', rank: null, achievedPercent: 'x' });
    // Unranked units come last.
    expect(units.slice(-2).map((u: { unit: { code: string } }) => u.unit.code).sort()).toEqual(['ORG.GD.1', 'ORG.GD.2']);

    const text = pdfText((await lead.get(`/api/campaigns/${id}/ranking.pdf`)).rawPayload);
    expect(text).toMatch(/–\s+Trường Một\s+.*< ?5\s+< ?5\s+x/);
    expect(text).toMatch(/–\s+Trường Hai\s+.*x\s+x\s+x/);
    expect(text).toMatch(/1\s+Trường Ba\s+.*6\s+5\s+83,3/);
    expect(text).toMatch(/1\s+Sở Giáo dục\s+.*13\s+11/);
  });
});
