import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signedInWith, signIn } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { dayOf } from '../../shared/days.js';
import { enqueueDueReports, weekdayOf } from './reports.service.js';

/** The server's own scheduler tick: queue what is due, then the app's job runner makes the reports and sends the texts. */
async function runScheduler(t: TestApp): Promise<void> {
  await enqueueDueReports(t.db, t.clock.now());
  await t.app.jobs.runDue();
  await t.jobsIdle();
}

describe.each(engines)('weekly reports delivered on %s', (engine) => {
  let t: TestApp;
  let lead: Actor;
  let manager: Actor;
  beforeAll(async () => {
    t = await buildTestApp(engine, { REPORT_SMS: '1', PUBLIC_URL: 'https://hoctap.example.vn' });
    lead = await signedInWith(t, { role: 'campaign_lead', unit: '30307', home: '30316' });
    manager = await signedInWith(t, { role: 'manager', unit: '91', home: '30316' });
  });
  afterAll(() => t.close());

  it('are scheduled by a campaign lead within reach (403 beyond it), and reach everyone who scheduled them: a notice on the home page, then read; a text with the link', async () => {
    const weekday = weekdayOf(dayOf(t.clock.now()) + 1);
    expect((await lead.request('PUT', '/api/units/30307/weekly-report', { weekday })).json()).toEqual({ weekday });
    expect((await manager.request('PUT', '/api/units/30307/weekly-report', { weekday })).statusCode).toBe(200);
    const leadElsewhere = await signedInWith(t, { role: 'campaign_lead', unit: '30292', home: '30316' });
    expect((await leadElsewhere.request('PUT', '/api/units/30307/weekly-report', { weekday })).statusCode).toBe(403);
    expect((await leadElsewhere.get('/api/units/30307/reports')).statusCode).toBe(403);
    expect((await lead.get('/api/reports/notices')).json()).toEqual({ notices: [] });
    // A manager who scheduled it too, and has since lost the grant: nothing reaches them.
    const former = await signedInWith(t, { role: 'manager', unit: '30307', home: '30316' });
    expect((await former.request('PUT', '/api/units/30307/weekly-report', { weekday })).statusCode).toBe(200);
    await t.db.deleteFrom('role_grants').where('user_id', '=', former.userId!).execute();

    t.clock.advance(86_400_000);
    await runScheduler(t);
    // A day later the staff sessions have gone idle: both sign in again.
    const leadToday = await signIn(t, lead.phone!);
    const managerToday = await signIn(t, manager.phone!);
    const { reports } = (await leadToday.get('/api/units/30307/reports')).json();
    expect(reports).toHaveLength(1);
    const reportId = reports[0].id;

    const { notices } = (await leadToday.get('/api/reports/notices')).json();
    expect(notices).toEqual([{ id: expect.any(Number), reportId, unit: { code: '30307', fullName: 'Phường Long Xuyên' }, from: reports[0].from, to: reports[0].to, createdAt: new Date(t.clock.now()).toISOString() }]);
    expect((await leadToday.get(`/api/reports/${reportId}`)).statusCode).toBe(200);
    const managerNotices = (await managerToday.get('/api/reports/notices')).json().notices;
    expect(managerNotices.map((n: { reportId: number }) => n.reportId)).toEqual([reportId]);
    // Nobody else hears of it.
    expect((await (await signIn(t, former.phone!)).get('/api/reports/notices')).json()).toEqual({ notices: [] });
    expect((await (await signIn(t, leadElsewhere.phone!)).get('/api/reports/notices')).json()).toEqual({ notices: [] });

    const texts = t.outbox.filter((m) => m.text.includes('bao cao tuan'));
    expect(texts.map((m) => m.to).sort()).toEqual([lead.phone, manager.phone].sort());
    expect(texts[0]!.text).toContain(`https://hoctap.example.vn/api/reports/${reportId}`);
    expect(texts[0]!.text).toContain('Long Xuyên');

    // Marked read: gone from the home page; someone else's notice cannot be touched.
    const readAsOutsider = await (await signIn(t, leadElsewhere.phone!)).post(`/api/reports/${reportId}/read`);
    expect(readAsOutsider.statusCode).toBe(404);
    expect(readAsOutsider.json().error.code).toBe('notice_not_found');
    expect((await leadToday.post(`/api/reports/${reportId}/read`)).statusCode).toBe(204);
    expect((await leadToday.post(`/api/reports/${reportId}/read`)).statusCode).toBe(204);
    expect((await leadToday.get('/api/reports/notices')).json()).toEqual({ notices: [] });
    expect((await managerToday.get('/api/reports/notices')).json().notices).toHaveLength(1);
  });
});

describe.each(engines)('weekly reports without REPORT_SMS on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  it('are announced on the home page only: no text message', async () => {
    const manager = await signedInWith(t, { role: 'manager', unit: '30307', home: '30316' });
    expect((await manager.request('PUT', '/api/units/30307/weekly-report', { weekday: weekdayOf(dayOf(t.clock.now()) + 1) })).statusCode).toBe(200);
    t.clock.advance(86_400_000);
    await runScheduler(t);
    const today = await signIn(t, manager.phone!);
    expect((await today.get('/api/reports/notices')).json().notices).toHaveLength(1);
    expect(t.outbox).toEqual([]);
  });
});
