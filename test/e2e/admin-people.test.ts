/**
 * A real deployment's first day (DEMO=0, no demo data): the first admin, made by the service `hoctap admin create`
 * calls, publishes a shipped course, creates the Department of Education with a school under it, finds a person by
 * name without diacritics, grants them manager of the school, and that manager then sees the school's (empty)
 * dashboard. At 1280×800, the admin's desk.
 */
import { describe, expect, it } from 'vitest';
import { createProvinceAdmin } from '../../src/server/people/first-admin.service.js';
import { buildPerson, nationalForm, testPassword } from '../factories.js';
import { menuLink, phoneContext, signInOnPhone, useWebApp } from './browser.js';
import { grant } from '../factories.js';

describe('the first admin of a DEMO=0 deployment at a desk', () => {
  const web = useWebApp();

  it('publishes a shipped course, creates the Department of Education and a school, grants a manager there, and the manager sees the school’s empty dashboard', async () => {
    expect(await web.t.db.selectFrom('role_grants').select('id').execute()).toEqual([]);
    const password = 'dong lua chin vang mua nuoc noi';
    await createProvinceAdmin(web.t.db, { phone: '0912 300 400', password, fullName: 'Phạm Minh Quản', birthYear: 1984 }, web.t.clock.now());
    const person = await buildPerson(web.t.db, { unitCode: '30292', fullName: 'Trần Thị Quỳnh Hoa' });

    const desk = { viewport: { width: 1280, height: 800 }, locale: 'vi-VN', serviceWorkers: 'block' as const };
    const context = await web.browser.newContext(desk);
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, '0912 300 400', password);

    await (await menuLink(page, 'Kết nối hệ thống')).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Khóa học có sẵn' }).isVisible()).toBe(true);
    const firstPublish = page.getByRole('button', { name: /^Xuất bản: / }).first();
    const title = (await firstPublish.getAttribute('aria-label'))!.replace(/^Xuất bản: /, '');
    await firstPublish.click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(`Đã xuất bản «${title}».`);
    await expect.poll(() => page.locator('li.card', { hasText: title }).textContent()).toContain('Đã xuất bản, phiên bản');
    const published = await fetch(`${web.url}/api/courses`).then((r) => r.json());
    expect(published.courses.map((c: { title: string }) => c.title)).toContain(title);

    await (await menuLink(page, 'Đơn vị')).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Thêm đơn vị trực thuộc An Giang' }).isVisible()).toBe(true);
    await page.getByLabel('Tên đơn vị').fill('Sở Giáo dục và Đào tạo');
    await page.getByLabel('Loại đơn vị').selectOption('department');
    await page.getByLabel('Mã (không bắt buộc)').fill('ORG.SGDDT');
    await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Đã thêm Sở Giáo dục và Đào tạo (ORG.SGDDT).');
    await expect.poll(() => page.getByRole('heading', { name: 'Thêm đơn vị trực thuộc Sở Giáo dục và Đào tạo' }).isVisible()).toBe(true);
    await page.getByLabel('Tên đơn vị').fill('Trường THCS Bình Đức');
    await page.getByLabel('Loại đơn vị').selectOption('school');
    await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Đã thêm Trường THCS Bình Đức (ORG.SGDDT.1).');

    await (await menuLink(page, 'Người dùng')).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Người dùng');
    await page.getByLabel('Số điện thoại hoặc họ tên').fill('tran thi quynh hoa');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('link', { name: 'Trần Thị Quỳnh Hoa' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Trần Thị Quỳnh Hoa');
    await expect.poll(() => page.getByText('Chưa giữ vai trò nào.').isVisible()).toBe(true);

    await page.getByLabel('Vai trò', { exact: true }).selectOption('manager');
    await page.getByLabel('Tìm đơn vị trong phạm vi của bạn').fill('truong thcs binh duc');
    await expect.poll(() => page.getByLabel('Đơn vị', { exact: true }).inputValue()).toBe('ORG.SGDDT.1');
    await page.getByRole('button', { name: 'Cấp vai trò' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Đã cấp vai trò «Quản lý đơn vị» trên Trường THCS Bình Đức.');
    await expect.poll(() => page.locator('.person-grants').textContent()).toContain('Quản lý đơn vị · Trường THCS Bình Đức (ORG.SGDDT.1)');
    await context.close();

    const managerContext = await web.browser.newContext(desk);
    managerContext.setDefaultTimeout(10_000);
    const managerPage = await managerContext.newPage();
    await signInOnPhone(managerPage, web.url, nationalForm(person.phone), testPassword);
    await (await menuLink(managerPage, 'Số liệu')).click();
    await expect.poll(() => managerPage.getByRole('heading', { level: 1 }).textContent()).toBe('Số liệu: Trường THCS Bình Đức');
    // A new school: nobody has signed up or learnt there yet, and the page says so with zeros, not an error.
    const dashboard = await managerPage.evaluate(() => fetch('/api/units/ORG.SGDDT.1/dashboard').then((r) => r.json()));
    expect(dashboard.totals).toMatchObject({ members: 0, registered: 0, active7d: 0, completed: 0, certified: 0 });
    await managerContext.close();
  }, 90_000);

  it('lets a manager on a phone (360×640) look at their unit’s people, read-only', async () => {
    const manager = await buildPerson(web.t.db, { unitCode: '30307', fullName: 'Lê Văn Quản Lý' });
    await grant(web.t.db, manager.id, 'manager', '30307');
    await buildPerson(web.t.db, { unitCode: '30307', fullName: 'Nguyễn Thị Người Dân' });
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, nationalForm(manager.phone), testPassword);
    await (await menuLink(page, 'Người dùng')).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Người dùng');
    await page.getByLabel('Số điện thoại hoặc họ tên').fill('nguyen thi nguoi dan');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('link', { name: 'Nguyễn Thị Người Dân' }).click();
    await expect.poll(() => page.getByText('Bạn chỉ được xem thông tin người này.').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Khóa tài khoản' }).count()).toBe(0);
    expect(await page.getByText(/\*\*\*/).count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await context.close();
  });
});
