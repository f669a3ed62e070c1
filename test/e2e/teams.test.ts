import { describe, expect, it } from 'vitest';
import { buildPerson, grant, nationalForm, testPassword } from '../factories.js';
import type { PhoneNumber } from '../../src/shared/phone.js';
import { menuLink, phoneContext, signInOnPhone, useWebApp } from './browser.js';

describe('a commune manager and a helper on phones', () => {
  const web = useWebApp();

  it('the manager makes a team with a hamlet and adds the helper, who then sees it under "my team"', async () => {
    const manager = await buildPerson(web.t.db, { fullName: 'Phạm Minh Tuấn', phone: '+84900000004' as PhoneNumber });
    await grant(web.t.db, manager.id, 'manager', '30307');
    // Not a helper yet: joining the team makes them one.
    const helper = await buildPerson(web.t.db, { fullName: 'Trần Văn Hùng', phone: '+84900000002' as PhoneNumber });

    const managerPhone = await (await phoneContext(web.browser)).newPage();
    await signInOnPhone(managerPhone, web.url, nationalForm(manager.phone), testPassword);
    await (await menuLink(managerPhone, 'Số liệu')).click();
    await managerPhone.getByRole('link', { name: 'Tổ công nghệ số cộng đồng' }).click();
    await expect.poll(() => managerPhone.getByRole('heading', { level: 1 }).textContent()).toBe('Tổ công nghệ số cộng đồng — Phường Long Xuyên');
    await expect.poll(() => managerPhone.getByText('Chưa có tổ nào.').isVisible()).toBe(true);

    await managerPhone.getByLabel(/^Tên ấp, khóm/).fill('Khóm Đông Thịnh');
    await managerPhone.getByRole('button', { name: 'Thêm ấp, khóm' }).click();
    await expect.poll(() => managerPhone.getByText('(30307.H1)').isVisible()).toBe(true);

    await managerPhone.getByLabel(/^Tên tổ/).fill('Tổ công nghệ số cộng đồng khóm Đông Thịnh');
    await managerPhone.getByRole('button', { name: 'Lập tổ' }).click();
    await expect.poll(() => managerPhone.getByRole('heading', { level: 1 }).textContent()).toBe('Tổ công nghệ số cộng đồng khóm Đông Thịnh');
    await managerPhone.getByLabel(/^Số điện thoại/).fill('0900 000 002');
    await managerPhone.getByRole('button', { name: 'Thêm thành viên' }).click();
    await expect.poll(() => managerPhone.getByRole('heading', { name: 'Thành viên (1)' }).isVisible()).toBe(true);
    await expect.poll(() => managerPhone.getByText('0900 *** 002').isVisible()).toBe(true);
    await managerPhone.getByLabel('Tổ trưởng').selectOption({ label: 'Trần Văn Hùng' });
    await expect.poll(() => managerPhone.locator('.badge', { hasText: 'Tổ trưởng' }).count()).toBe(1);
    await managerPhone.getByLabel('Khóm Đông Thịnh').check();
    await managerPhone.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => managerPhone.getByText('Đã lưu.').isVisible()).toBe(true);
    expect(await managerPhone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const grants = await web.t.db.selectFrom('role_grants').select('role').where('user_id', '=', helper.id).execute();
    expect(grants.map((g) => g.role)).toEqual(['helper']);

    // The helper, on their own phone: the menu now offers the helper's corner.
    const helperPhone = await (await phoneContext(web.browser)).newPage();
    await signInOnPhone(helperPhone, web.url, '0900000002', testPassword);
    await (await menuLink(helperPhone, 'Hỗ trợ cộng đồng')).click();
    await helperPhone.getByRole('link', { name: 'Tổ của tôi' }).click();
    await expect.poll(() => helperPhone.getByRole('heading', { level: 2 }).first().textContent()).toBe('Tổ công nghệ số cộng đồng khóm Đông Thịnh');
    const card = helperPhone.locator('.card').first();
    await expect.poll(() => card.textContent()).toContain('Phụ trách: Khóm Đông Thịnh');
    await expect.poll(() => card.textContent()).toContain('Trần Văn HùngTổ trưởng');
    // Names only: no phone numbers on the helper's page.
    expect(await card.textContent()).not.toMatch(/0900/);
    expect(await helperPhone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
