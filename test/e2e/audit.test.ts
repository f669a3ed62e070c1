import { describe, expect, it } from 'vitest';
import { signedInWith } from '../actors.js';
import { nationalForm, testPassword } from '../factories.js';
import { menuLink, phoneContext, signInOnPhone, useWebApp } from './browser.js';

describe('an auditor reading the audit log', () => {
  const web = useWebApp();

  it('at 1280×800: finds a manager’s look at the people list by filtering, and downloads it as Excel', async () => {
    const auditor = await signedInWith(web.t, { role: 'auditor', unit: '30307', fullName: 'Đặng Thị Kiểm' });
    const manager = await signedInWith(web.t, { role: 'manager', unit: '30307', fullName: 'Phan Văn Quản' });
    expect((await manager.get('/api/units/30307/people')).statusCode).toBe(200);
    expect((await manager.get('/api/units/30307/members')).statusCode).toBe(200);

    const context = await web.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', serviceWorkers: 'block', acceptDownloads: true });
    context.setDefaultTimeout(8_000);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, nationalForm(auditor.phone!), testPassword);
    await (await menuLink(page, 'Nhật ký kiểm toán')).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Nhật ký kiểm toán');

    await page.getByLabel('Người thực hiện (SĐT hoặc mã số)').fill(nationalForm(manager.phone!));
    await page.getByLabel(/^Hành động/).fill('personal_data');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    const table = page.getByRole('region', { name: 'Nhật ký kiểm toán' });
    // The unfiltered page shows personal_data.read too: wait until the filtered answer has replaced it.
    const filtered = async () => {
      const text = (await table.textContent()) ?? '';
      return text.includes('personal_data.read') && !text.includes('people.list');
    };
    await expect.poll(filtered).toBe(true);
    expect(await table.textContent()).toContain('Phan Văn Quản');
    expect(await table.textContent()).toContain('list: members');
    expect(await table.textContent()).not.toContain('people.list');
    expect(await page.getByRole('heading', { name: '1 mục' }).isVisible()).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải về Excel' }).click()]);
    expect(download.suggestedFilename()).toBe('nhat-ky-kiem-toan.xlsx');
    await context.close();
  });

  it('at 360×640: the page fits the phone, and a manager has no such menu entry', async () => {
    const auditor = await signedInWith(web.t, { role: 'auditor', unit: '91' });
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, nationalForm(auditor.phone!), testPassword);
    await page.goto(`${web.url}/audit`);
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toMatch(/mục$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const filter = await page.getByRole('button', { name: 'Lọc', exact: true }).boundingBox();
    expect(filter!.height).toBeGreaterThanOrEqual(44);

    const manager = await signedInWith(web.t, { role: 'manager', unit: '30307' });
    const other = await context.browser()!.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN', serviceWorkers: 'block' });
    const managerPage = await other.newPage();
    await signInOnPhone(managerPage, web.url, nationalForm(manager.phone!), testPassword);
    await managerPage.getByRole('navigation', { name: 'Trình đơn chính' }).getByText('Thêm', { exact: true }).click();
    expect(await managerPage.getByRole('link', { name: 'Nhật ký kiểm toán' }).count()).toBe(0);
    await other.close();
    await context.close();
  });
});
