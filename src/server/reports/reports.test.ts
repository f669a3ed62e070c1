import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { dayOf } from '../../shared/days.js';
import { claimJob } from '../jobs/jobs.queries.js';
import { enqueueDueReports, type ReportRenderer, runDueReports, weekdayOf } from './reports.service.js';
import { dashboardWorkbook } from '../dashboards/dashboards.service.js';

describe.each(engines)('weekly reports on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  it('are made once on the chosen weekday, in the background, and listed for the unit’s managers only', async () => {
    expect(weekdayOf(dayOf(Date.UTC(2026, 10, 24, 2)))).toBe(2); // 24/11/2026 is a Tuesday in Vietnam.
    const manager = await signedInWith(t, { role: 'manager', unit: '30307', home: '30301' });
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    const learner = await signedInWith(t, { home: '30307' });
    await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date(t.clock.now()).toISOString() });

    expect((await manager.request('PUT', '/api/units/30307/weekly-report', { weekday: 3 })).json()).toEqual({ weekday: 3 });
    expect((await manager.request('PUT', '/api/units/30292/weekly-report', { weekday: 3 })).statusCode).toBe(403);
    expect(await runDueReports(t.db, t.clock.now())).toBe(0);
    t.clock.advance(86_400_000); // Wednesday.
    // Two processes at once: one report.
    const made = await Promise.all([runDueReports(t.db, t.clock.now()), runDueReports(t.db, t.clock.now())]);
    expect(made[0]! + made[1]!).toBe(1);
    expect(await runDueReports(t.db, t.clock.now())).toBe(0);

    // A day later the first session has gone idle: the unit's manager signs in again.
    const managerToday = await signedInWith(t, { role: 'manager', unit: '30307', home: '30301' });
    const { weekday, reports } = (await managerToday.get('/api/units/30307/reports')).json();
    expect(weekday).toBe(3);
    expect(reports).toEqual([{ id: expect.any(Number), from: '2026-11-18', to: '2026-11-24', createdAt: new Date(t.clock.now()).toISOString() }]);
    const file = await managerToday.get(`/api/reports/${reports[0].id}`);
    expect(file.headers['content-disposition']).toBe('attachment; filename="bao-cao-tuan-30307-2026-11-18.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const total = (workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][]).find((r) => r[1] === 'Tổng cộng')!;
    // Members, registered, on the list not yet signed in, active, enrolled, completed, certified.
    expect(total.slice(2, 9)).toEqual([0, 1, 0, 1, 1, 1, 1]);

    const elsewhere = await signedInWith(t, { role: 'manager', unit: '30292', home: '30301' });
    expect((await elsewhere.get(`/api/reports/${reports[0].id}`)).statusCode).toBe(403);
    expect((await elsewhere.get('/api/units/30307/reports')).statusCode).toBe(403);
    const province = await signedInWith(t, { role: 'manager', unit: '91', home: '30301' });
    expect((await province.get(`/api/reports/${reports[0].id}`)).statusCode).toBe(200);
  });

  it("count as active in the last 7 days the learners whose latest activity falls in the 7 days ending with the period's last day", async () => {
    const manager = await signedInWith(t, { role: 'manager', unit: '30316', home: '30301' });
    const course = await buildCourse(t.db, { modules: [['Bài tuần']] });
    const weekday = weekdayOf(dayOf(t.clock.now()) + 1);
    expect((await manager.request('PUT', '/api/units/30316/weekly-report', { weekday })).statusCode).toBe(200);
    t.clock.advance(86_400_000);
    // The report made today covers the 7 days before: today - 7 … today - 1. One learner each: active 8 days ago
    // (before), 7 and 3 days ago (inside, the first on its first day), and two today (after).
    for (const daysAgo of [8, 7, 3, 0, 0]) {
      const learner = await signedInWith(t, { home: '30316' });
      const at = new Date(t.clock.now() - daysAgo * 86_400_000).toISOString();
      expect((await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'opened', at })).statusCode).toBe(200);
    }
    expect(await runDueReports(t.db, t.clock.now())).toBe(1);
    const reader = await signedInWith(t, { role: 'manager', unit: '30316', home: '30301' });
    const [report] = (await reader.get('/api/units/30316/reports')).json().reports;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await reader.get(`/api/reports/${report.id}`)).rawPayload as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    const header = rows.find((r) => r[1] === 'Đơn vị' && r.length > 3)!;
    const total = rows.find((r) => r[1] === 'Tổng cộng')!;
    const column = header.indexOf('Học trong 7 ngày qua');
    expect(column, JSON.stringify(header)).toBeGreaterThan(1);
    expect(total[column]).toBe(2);
    // The dashboard of today counts its own week (3 days ago and today), one of the same period the report's.
    expect((await reader.get('/api/units/30316/dashboard')).json().totals.active7d).toBe(3);
    expect((await reader.get(`/api/units/30316/dashboard?to=${report.to}`)).json().totals.active7d).toBe(2);
    // A period ending the day before yesterday: 8, 7 and 3 days ago.
    const dayBefore = new Date(Date.parse(report.to) - 86_400_000).toISOString().slice(0, 10);
    expect((await reader.get(`/api/units/30316/dashboard?to=${dayBefore}`)).json().totals.active7d).toBe(3);
  });

  it('are made on the next run when making one failed midway, and by another process when the one that claimed it died', async () => {
    const manager = await signedInWith(t, { role: 'manager', unit: '30292', home: '30301' });
    const weekday = weekdayOf(dayOf(t.clock.now()) + 1);
    expect((await manager.request('PUT', '/api/units/30292/weekly-report', { weekday })).statusCode).toBe(200);
    t.clock.advance(86_400_000);
    const listed = async () => (await (await signedInWith(t, { role: 'manager', unit: '30292', home: '30301' })).get('/api/units/30292/reports')).json().reports;

    // The renderer fails once, after the dashboard was read: the report is not lost for the week.
    let failures = 1;
    const flaky: ReportRenderer = async (view, now) => {
      if (failures-- > 0) throw new Error('renderer crashed');
      return dashboardWorkbook(view, now);
    };
    expect(await runDueReports(t.db, t.clock.now(), flaky)).toBe(0);
    expect(await listed()).toEqual([]);
    t.clock.advance(10 * 60_000);
    expect(await runDueReports(t.db, t.clock.now(), flaky)).toBe(1);
    expect(await listed()).toHaveLength(1);
    expect(await runDueReports(t.db, t.clock.now(), flaky)).toBe(0);

    // A week later a process claims the job and dies: the report waits for the lease, then another process makes it.
    t.clock.advance(7 * 86_400_000);
    await t.db.updateTable('report_schedules').set({ weekday: weekdayOf(dayOf(t.clock.now())) }).where('unit_id', '=', (await t.db.selectFrom('units').select('id').where('code', '=', '30292').executeTakeFirstOrThrow()).id).execute();
    expect(await enqueueDueReports(t.db, t.clock.now())).toBe(1);
    const job = await t.db.selectFrom('jobs').select('id').where('kind', '=', 'weekly_report').executeTakeFirstOrThrow();
    expect(await claimJob(t.db, Number(job.id), t.clock.now(), 60_000)).toBeDefined();
    expect(await runDueReports(t.db, t.clock.now())).toBe(0);
    t.clock.advance(60_001);
    expect(await runDueReports(t.db, t.clock.now())).toBe(1);
    expect(await listed()).toHaveLength(2);
  });
});
