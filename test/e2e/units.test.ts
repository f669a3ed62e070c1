import { describe, expect, it } from 'vitest';
import { signedInWith } from '../actors.js';
import { nationalForm } from '../factories.js';
import { menuLink, phoneContext, signInOnPhone, useWebApp } from './browser.js';
import { testPassword } from '../factories.js';

describe('the provincial admin on the "Đơn vị" screen', () => {
  const web = useWebApp();

  it('creates the Department of Education with a school under it, renames and moves units, retires one and reads its history (1280×800)', async () => {
    const admin = await signedInWith(web.t, { role: 'admin', unit: '91', fullName: 'Phạm Quản Trị' });
    const context = await web.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', serviceWorkers: 'block' });
    context.setDefaultTimeout(8_000);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, nationalForm(admin.phone!), testPassword);
    await (await menuLink(page, 'Đơn vị')).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đơn vị');

    // The province is selected first: add the department under it.
    await expect.poll(() => page.getByRole('heading', { name: 'Thêm đơn vị trực thuộc An Giang' }).isVisible()).toBe(true);
    await page.getByLabel('Tên đơn vị').fill('Sở Giáo dục và Đào tạo');
    await page.getByLabel('Loại đơn vị').selectOption('department');
    await page.getByLabel('Mã (không bắt buộc)').fill('ORG.SGDDT');
    await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Đã thêm Sở Giáo dục và Đào tạo (ORG.SGDDT).');

    // The new department is selected: a school goes under it, with a code the platform makes.
    await expect.poll(() => page.getByRole('heading', { name: 'Thêm đơn vị trực thuộc Sở Giáo dục và Đào tạo' }).isVisible()).toBe(true);
    await page.getByLabel('Tên đơn vị').fill('Trường THPT Long Xuyên');
    await page.getByLabel('Loại đơn vị').selectOption('school');
    await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Đã thêm Trường THPT Long Xuyên (ORG.SGDDT.1).');
    const tree = page.locator('.unit-tree');
    await expect.poll(() => tree.first().textContent()).toContain('Trường THPT Long Xuyên');

    const school = await web.t.db.selectFrom('units as s').innerJoin('units as d', 'd.id', 's.parent_id').select(['s.kind', 's.path', 'd.code as parent']).where('s.code', '=', 'ORG.SGDDT.1').executeTakeFirstOrThrow();
    expect(school).toMatchObject({ kind: 'school', parent: 'ORG.SGDDT' });

    // Desktop: the tree and the unit's panel side by side, nothing wider than the window.
    const [treeBox, panelBox] = await Promise.all([page.locator('.units-layout > section').boundingBox(), page.locator('.unit-panel').boundingBox()]);
    expect(panelBox!.x).toBeGreaterThan(treeBox!.x + treeBox!.width - 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

    // Rename the school, move it under the province, then retire it after confirming; its history tells all three.
    await page.getByRole('button', { name: /^Trường THPT Long Xuyên/ }).click();
    await page.getByRole('button', { name: 'Đổi tên' }).click();
    await page.getByLabel('Tên đơn vị').fill('Trường THPT Long Xuyên A');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Đã đổi tên thành Trường THPT Long Xuyên A.');
    await page.getByRole('button', { name: 'Chuyển', exact: true }).click();
    await page.getByLabel('Chuyển về đơn vị').selectOption('91');
    await page.locator('.unit-form').getByRole('button', { name: 'Chuyển' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Đã chuyển Trường THPT Long Xuyên A về An Giang.');
    await page.getByRole('button', { name: 'Giải thể', exact: true }).click();
    await expect.poll(() => page.getByRole('alertdialog').textContent()).toContain('Giải thể Trường THPT Long Xuyên A và mọi đơn vị trực thuộc từ hôm nay?');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Giải thể' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Đã giải thể Trường THPT Long Xuyên A.');
    await page.getByRole('button', { name: 'Lịch sử' }).click();
    const history = page.locator('.unit-panel table');
    await expect.poll(() => history.textContent()).toContain('Giải thể · Phạm Quản Trị');
    expect(await history.textContent()).toContain('ORG.SGDDT → 91');
    expect(await history.textContent()).toContain('Trường THPT Long Xuyên → Trường THPT Long Xuyên A');
    await context.close();
  });

  it('imports an organisation tree from a file, checked first, and stays usable on a phone (360×640)', async () => {
    const admin = await signedInWith(web.t, { role: 'admin', unit: '91' });
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, nationalForm(admin.phone!), testPassword);
    await page.goto(`${web.url}/admin/units`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đơn vị');
    const csv = ['Mã,Tên đơn vị,Loại,Mã đơn vị cấp trên', 'ORG.VNPT,VNPT An Giang,Doanh nghiệp,', ',Trung tâm Kinh doanh,Đơn vị khác,ORG.VNPT', 'ORG.X,Đơn vị Lạ,hành tinh,'].join('\n');
    await page.getByLabel('Tệp danh sách đơn vị').setInputFiles({ name: 'don-vi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    await expect.poll(() => page.getByText('2/3 dòng hợp lệ.').isVisible()).toBe(true);
    expect(await page.locator('table').last().textContent()).toContain('Loại đơn vị «hành tinh» không có trong danh sách');
    await page.getByRole('button', { name: 'Tạo các đơn vị hợp lệ' }).click();
    await expect.poll(() => page.getByText('Đã tạo 2 đơn vị.').isVisible()).toBe(true);
    await expect.poll(() => page.locator('.unit-tree').first().textContent()).toContain('Trung tâm Kinh doanh');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await context.close();
  });
});
