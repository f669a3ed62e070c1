import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signedInWith, signIn } from '../../../test/actors.js';
import { buildAssistedPerson, buildTeam } from '../../../test/assisted-factories.js';
import { engines } from '../../../test/databases.js';
import { buildCourse, buildPerson } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { dayOf } from '../../shared/days.js';
import type { TeamId } from '../../shared/ids.js';
import { insertChildUnits } from '../units/units.reference.js';
import { teamFigures } from './dashboards.service.js';

describe.each(engines)('assisted figures on the dashboards on %s', (engine) => {
  let t: TestApp;
  let manager: Actor;
  let otherManager: Actor;
  let lead: Actor;
  let teamA: TeamId;
  let teamB: TeamId;
  beforeAll(async () => {
    // The split down to single people: small groups shown as they are (small-groups.test.ts tests their suppression).
    t = await buildTestApp(engine, { SMALL_GROUP_MIN: '1' });
    // Watchers live in a third ward, so that the figures below are only the learners'.
    manager = await signedInWith(t, { role: 'manager', unit: '30307', home: '30316' });
    otherManager = await signedInWith(t, { role: 'manager', unit: '30292', home: '30316' });
    lead = await signedInWith(t, { role: 'campaign_lead', unit: '91', home: '30316' });
    const ward = await t.db.selectFrom('units').select(['id', 'path', 'depth']).where('code', '=', '30307').executeTakeFirstOrThrow();
    await insertChildUnits(t.db, ward, [{ code: '30307.DT', kind: 'hamlet', name: 'Đông Thịnh', fullName: 'Khóm Đông Thịnh', sortOrder: 1 }], t.clock.now());
    const founder = manager.userId!;
    teamA = await buildTeam(t.db, { unitCode: '30307', name: 'Tổ khóm Đông Thịnh', createdBy: founder });
    teamB = await buildTeam(t.db, { unitCode: '30292', name: 'Tổ phường Bình Đức', createdBy: founder });
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    const complete = async (phone: Parameters<typeof signIn>[1]) => {
      const learner = await signIn(t, phone);
      const at = new Date(t.clock.now()).toISOString();
      expect((await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at })).statusCode).toBe(200);
    };
    const now = t.clock.now();
    // Team A signed up three people of the ward (two in the hamlet), team B one of its own ward.
    await complete((await buildAssistedPerson(t.db, { teamId: teamA, unitCode: '30307.DT', now })).phone);
    await buildAssistedPerson(t.db, { teamId: teamA, unitCode: '30307.DT', now });
    await buildAssistedPerson(t.db, { teamId: teamA, unitCode: '30307', now });
    await complete((await buildAssistedPerson(t.db, { teamId: teamB, unitCode: '30292', now })).phone);
    // Two people of the ward signed up themselves; one completed.
    await buildPerson(t.db, { unitCode: '30307.DT', now });
    await complete((await buildPerson(t.db, { unitCode: '30307', now })).phone);
  });
  afterAll(() => t.close());

  it('splits registered, active and completed into self-served and assisted, per unit down to the hamlet', async () => {
    const response = await manager.get('/api/units/30307/dashboard');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.totals).toMatchObject({ registered: 5, registeredAssisted: 3, active7d: 2, active7dAssisted: 1, completed: 2, completedAssisted: 1 });
    const hamlet = body.children.find((c: { unit: { code: string } }) => c.unit.code === '30307.DT');
    expect(hamlet).toMatchObject({ registered: 3, registeredAssisted: 2, active7d: 1, active7dAssisted: 1, completed: 1, completedAssisted: 1 });

    const province = (await lead.get('/api/units/91/dashboard')).json();
    const byCode = Object.fromEntries(province.children.map((c: { unit: { code: string } }) => [c.unit.code, c]));
    expect(byCode['30307']).toMatchObject({ registered: 5, registeredAssisted: 3, completedAssisted: 1 });
    expect(byCode['30292']).toMatchObject({ registered: 1, registeredAssisted: 1, completed: 1, completedAssisted: 1 });
    expect(byCode['30316']).toMatchObject({ registeredAssisted: 0 });
  });

  it("lists the commune's teams with their learners' figures, and only the teams in the manager's reach", async () => {
    const ward = (await manager.get('/api/units/30307/dashboard')).json();
    expect(ward.teams).toEqual([{ id: teamA, name: 'Tổ khóm Đông Thịnh', unitCode: '30307', registered: 3, active7d: 1, completed: 1 }]);
    const other = (await otherManager.get('/api/units/30292/dashboard')).json();
    expect(other.teams).toEqual([{ id: teamB, name: 'Tổ phường Bình Đức', unitCode: '30292', registered: 1, active7d: 1, completed: 1 }]);
    const province = (await lead.get('/api/units/91/dashboard')).json();
    expect(province.teams.map((team: { name: string }) => team.name)).toEqual(['Tổ khóm Đông Thịnh', 'Tổ phường Bình Đức']);
    // A hamlet's dashboard has no team of its own.
    expect((await manager.get('/api/units/30307.DT/dashboard')).json().teams).toEqual([]);

    // Another commune's manager sees none of it: the page, the Excel file and the PDF.
    for (const url of ['/api/units/30307/dashboard', '/api/units/30307/dashboard.xlsx', '/api/units/30307/dashboard.pdf', '/api/units/91/dashboard.xlsx']) {
      expect((await otherManager.get(url)).statusCode, url).toBe(403);
    }
  });

  it('puts the split and the teams into the Excel and PDF files', async () => {
    const file = await manager.get('/api/units/30307/dashboard.xlsx');
    expect(file.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    const hamlet = rows.find((r) => r[1] === 'Khóm Đông Thịnh')!;
    // Members, registered, on the list not yet signed in, active, enrolled, completed, certified; then registered, active and completed as self | assisted.
    expect(hamlet.slice(2)).toEqual([0, 3, 0, 1, 1, 1, 1, 1, 2, 0, 1, 0, 1]);
    const teams = workbook.getWorksheet('Theo tổ')!;
    expect(teams.getRow(1).values).toEqual([undefined, 'Tổ', 'Đơn vị', 'Người được tổ đăng ký', 'Học trong 7 ngày qua', 'Lượt hoàn thành']);
    expect(teams.getRow(2).values).toEqual([undefined, 'Tổ khóm Đông Thịnh', '30307', 3, 1, 1]);
    expect(teams.rowCount).toBe(2);

    const pdf = await manager.get('/api/units/30307/dashboard.pdf');
    expect(pdf.statusCode).toBe(200);
    const dir = mkdtempSync(path.join(tmpdir(), 'assisted-pdf-'));
    try {
      writeFileSync(path.join(dir, 'r.pdf'), pdf.rawPayload);
      const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('Người tự đăng ký và người được tổ công nghệ số hỗ trợ đăng ký');
      expect(text).toMatch(/Khóm Đông Thịnh\s+1\s+2\s+0\s+1\s+0\s+1/);
      expect(text).toMatch(/Tổ khóm Đông Thịnh\s+3\s+1\s+1/);
      expect(text).not.toContain('Tổ phường Bình Đức');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives team figures over a period for the credit page', async () => {
    const today = dayOf(t.clock.now());
    const figures = await teamFigures(t.db, [teamA, teamB], today, today);
    expect(figures.get(teamA)).toEqual({ registered: 3, active7d: 1, completed: 1 });
    expect(figures.get(teamB)).toEqual({ registered: 1, active7d: 1, completed: 1 });
    // A period before the sign-ups counts nothing; a team without learners is there with zeros.
    expect((await teamFigures(t.db, [teamA], today - 30, today - 1)).get(teamA)).toEqual({ registered: 0, active7d: 0, completed: 0 });
    expect(await teamFigures(t.db, [], undefined, today)).toEqual(new Map());
  });
});
