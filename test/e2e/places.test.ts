import { describe, expect, it } from 'vitest';
import { nationalForm, nextPhone } from '../factories.js';
import { phoneContext, signUpOnPhone, useWebApp } from './browser.js';

describe('finding one’s commune by the name one knows, on a 360×640 phone', () => {
  const web = useWebApp();

  it('offers the communes of the former Tri Tôn district for "tri ton", highlights none before the person moves, and stores the current commune', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    const phone = nextPhone();
    await page.goto(`${web.url}/signup`);
    await page.getByLabel('Số điện thoại').fill(nationalForm(phone));
    await page.getByLabel('Họ và tên').fill('Néang Sóc Pha');
    await page.getByLabel('Năm sinh').fill('1958');
    const picker = page.getByRole('combobox', { name: /Xã, phường/ });
    await picker.fill('tri ton');

    const options = page.getByRole('option');
    await expect.poll(() => options.allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Xã Tri Tôn/),
        expect.stringMatching(/^Huyện Tri Tôn \(cũ\) → Xã Ba Chúc/),
        expect.stringMatching(/^Huyện Tri Tôn \(cũ\) → Xã Cô Tô/),
        expect.stringMatching(/^Huyện Tri Tôn \(cũ\) → Xã Ô Lâm/),
        expect.stringMatching(/^Huyện Tri Tôn \(cũ\) → Xã Vĩnh Gia/),
      ]),
    );
    // Nothing looks chosen until tapped or arrowed to.
    expect(await page.locator('[role=option][aria-selected=true]').count()).toBe(0);
    expect(await picker.getAttribute('aria-activedescendant')).toBeNull();

    // Leaving the picker with only text typed is an error on the field, not a silent guess.
    await page.getByLabel(/^Mật khẩu/).fill('lua-thom-mua-moi');
    await page.getByLabel(/Tôi đã đọc và đồng ý/).check();
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await expect.poll(() => page.getByText('Vui lòng chọn xã, phường từ danh sách.').first().isVisible()).toBe(true);

    await picker.fill('chau lang');
    await page.getByRole('option', { name: /Xã Châu Lăng \(cũ\) → Xã Tri Tôn/ }).waitFor();
    await picker.press('ArrowDown');
    await expect.poll(() => page.locator('[role=option][aria-selected=true]').textContent()).toMatch(/^Xã Châu Lăng \(cũ\) → Xã Tri Tôn/);
    expect(await picker.getAttribute('aria-activedescendant')).toBeTruthy();

    await picker.fill('tri ton');
    await page.getByRole('option', { name: /Huyện Tri Tôn \(cũ\) → Xã Ba Chúc/ }).click();
    await expect.poll(() => picker.inputValue()).toBe('Xã Ba Chúc');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Xin chào, Néang Sóc Pha!');

    const home = await web.t.db
      .selectFrom('users')
      .innerJoin('units', 'units.id', 'users.home_unit_id')
      .select(['units.code', 'units.valid_until'])
      .where('users.phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(home).toEqual({ code: '30547', valid_until: null });
    await context.close();
  }, 90_000);

  it('moves a person’s home on the profile only to a commune chosen from the list, found by its former name', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signUpOnPhone(page, web.url, 'Chau Văn Sơn');
    await page.goto(`${web.url}/profile`);
    const picker = page.getByRole('combobox', { name: /Xã, phường/ });
    await expect.poll(() => picker.inputValue()).toBe('Phường Bình Đức');
    await picker.fill('chau lang');
    await page.getByRole('option', { name: /Xã Châu Lăng \(cũ\) → Xã Tri Tôn/ }).waitFor();
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect.poll(() => page.getByText('Vui lòng chọn xã, phường từ danh sách.').first().isVisible()).toBe(true);
    const homeCode = () =>
      web.t.db
        .selectFrom('users')
        .innerJoin('units', 'units.id', 'users.home_unit_id')
        .select('units.code')
        .where('users.full_name', '=', 'Chau Văn Sơn')
        .executeTakeFirstOrThrow()
        .then((r) => r.code);
    expect(await homeCode()).toBe('30292');

    await page.getByRole('option', { name: /Xã Châu Lăng \(cũ\) → Xã Tri Tôn/ }).click();
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect.poll(() => page.getByText('Đã lưu.').isVisible()).toBe(true);
    expect(await homeCode()).toBe('30544');
    await context.close();
  }, 90_000);
});
