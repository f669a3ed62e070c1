import { describe, expect, it } from 'vitest';
import { signedInWith } from '../actors.js';
import { nationalForm, testPassword } from '../factories.js';
import { menuLink, phoneContext, signInOnPhone, useWebApp } from './browser.js';

describe('an admin on a phone', () => {
  const web = useWebApp();

  it('makes an API token, copies its secret shown once, sees it listed and revokes it', async () => {
    const admin = await signedInWith(web.t, { role: 'admin', unit: '30307' });
    const context = await phoneContext(web.browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.url });
    const page = await context.newPage();
    await signInOnPhone(page, web.url, nationalForm(admin.phone!), testPassword);
    await (await menuLink(page, 'Kết nối hệ thống')).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kết nối hệ thống');
    await page.getByRole('link', { name: 'Mã truy cập API' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Mã truy cập API');

    await page.getByLabel('Tên gợi nhớ (dùng cho hệ thống nào)').fill('SmartAnGiang báo cáo');
    await page.getByLabel(/Xem bảng số liệu/).check();
    await page.getByLabel('Hết hạn sau').selectOption('30');
    await page.getByRole('button', { name: 'Tạo mã' }).click();
    const secretText = page.locator('.token-secret code');
    await expect.poll(() => secretText.textContent()).toMatch(/^hts_[A-Za-z0-9_-]{43}$/);
    const secret = (await secretText.textContent())!;
    await page.getByRole('button', { name: 'Sao chép' }).click();
    await expect.poll(() => page.getByText('Đã sao chép.').isVisible()).toBe(true);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const call = () => fetch(`${web.url}/api/units/30307/dashboard`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await call()).status).toBe(200);

    // Once put away, the secret is nowhere on the page any more.
    await page.getByRole('button', { name: 'Tôi đã cất giữ mã' }).click();
    const card = page.locator('section.card', { hasText: 'SmartAnGiang báo cáo' });
    await expect.poll(() => card.textContent()).toContain('Đang dùng');
    expect(await page.content()).not.toContain(secret);
    expect(await card.textContent()).toContain(`hts_…${secret.slice(-4)}`);

    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Thu hồi' }).click();
    await expect.poll(() => card.textContent()).toContain('Đã thu hồi');
    expect((await call()).status).toBe(401);
    await context.close();
  });
});
