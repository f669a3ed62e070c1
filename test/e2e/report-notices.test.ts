import { describe, expect, it } from 'vitest';
import { signedInWith } from '../actors.js';
import { nationalForm, testPassword } from '../factories.js';
import { dayOf } from '../../src/shared/days.js';
import { enqueueDueReports, weekdayOf } from '../../src/server/reports/reports.service.js';
import { phoneContext, signInOnPhone, useWebApp } from './browser.js';

describe('a campaign lead on a phone', () => {
  const web = useWebApp();

  it('finds the weekly report they scheduled on the home page, downloads it and marks it read', async () => {
    const lead = await signedInWith(web.t, { role: 'campaign_lead', unit: '30307', home: '30292' });
    expect((await lead.request('PUT', '/api/units/30307/weekly-report', { weekday: weekdayOf(dayOf(web.t.clock.now()) + 1) })).statusCode).toBe(200);
    web.t.clock.advance(86_400_000);
    await enqueueDueReports(web.t.db, web.t.clock.now());
    await web.t.app.jobs.runDue();

    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, nationalForm(lead.phone!), testPassword);
    await expect.poll(() => page.getByRole('heading', { name: 'Báo cáo mới' }).count()).toBe(1);
    await expect.poll(() => page.getByText('Báo cáo tuần của Phường Long Xuyên').count()).toBe(1);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Tải báo cáo (Excel)' }).click();
    expect((await download).suggestedFilename()).toMatch(/^bao-cao-tuan-30307-.*\.xlsx$/);
    await page.getByRole('button', { name: 'Đã xem' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Báo cáo mới' }).count()).toBe(0);
    await context.close();
  });
});
