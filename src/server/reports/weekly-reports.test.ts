import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { dayOf } from '../../shared/days.js';
import { runDueReports, weekdayOf } from './weekly-reports.js';

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
    expect(total.slice(2)).toEqual([0, 1, 1, 1, 1, 1]);

    const elsewhere = await signedInWith(t, { role: 'manager', unit: '30292', home: '30301' });
    expect((await elsewhere.get(`/api/reports/${reports[0].id}`)).statusCode).toBe(403);
    expect((await elsewhere.get('/api/units/30307/reports')).statusCode).toBe(403);
    const province = await signedInWith(t, { role: 'manager', unit: '91', home: '30301' });
    expect((await province.get(`/api/reports/${reports[0].id}`)).statusCode).toBe(200);
  });
});
