import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { noPassword } from '../../src/server/auth/passwords.js';
import { insertUser } from '../../src/server/users/users.queries.js';
import { searchableName } from '../../src/server/users/users.service.js';
import { nationalForm, nextPhone } from '../factories.js';
import { menuLink, phoneContext, useWebApp } from './browser.js';

describe('a citizen on a 360×640 phone', () => {
  const web = useWebApp();

  async function fitsTheScreen(page: Page) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }

  it('signs up, sees a Vietnamese error for a malformed phone first, signs out and signs in again', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    const phone = nextPhone();
    await page.goto(web.url);
    await page.getByRole('link', { name: 'Đăng ký miễn phí' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng ký tài khoản');
    await fitsTheScreen(page);

    await page.getByLabel('Số điện thoại').fill('0912 34');
    await page.getByLabel('Họ và tên').fill('Nguyễn Thị Hồng Nhung');
    await page.getByLabel('Năm sinh').fill('1968');
    await page.getByRole('combobox', { name: /Xã, phường nơi sinh sống/ }).fill('long xuyen');
    await page.getByRole('option', { name: /Phường Long Xuyên/ }).click();
    await page.getByLabel(/^Mật khẩu/).fill('hoa-sen-no-ro');
    await page.getByLabel(/Tôi đã đọc và đồng ý/).check();
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('Số điện thoại di động Việt Nam không hợp lệ. Ví dụ đúng: 0912 345 678.');
    expect(await page.getByLabel('Số điện thoại').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Số điện thoại').fill(nationalForm(phone));
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Xin chào, Nguyễn Thị Hồng Nhung!');

    await (await menuLink(page, 'Tài khoản')).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tài khoản của tôi');
    expect(await page.getByLabel('Họ và tên').inputValue()).toBe('Nguyễn Thị Hồng Nhung');
    await fitsTheScreen(page);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Đăng nhập' }).isVisible()).toBe(true);

    await page.getByRole('link', { name: 'Đăng nhập' }).click();
    await page.getByLabel('Số điện thoại').fill(`+84 ${phone.slice(3)}`);
    await page.getByLabel(/^Mật khẩu/).fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('Số điện thoại hoặc mật khẩu không đúng.');
    await page.getByLabel(/^Mật khẩu/).fill('hoa-sen-no-ro');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Xin chào, Nguyễn Thị Hồng Nhung!');
    await context.close();
  });

  it('claims an account the commune made from its members list, giving consent of their own', async () => {
    const phone = nextPhone();
    await insertUser(web.t.db, {
      phone,
      passwordHash: noPassword,
      ...searchableName('Chau Sóc Kha'),
      birthYear: 1961,
      homeUnitId: (await web.t.db.selectFrom('units').select('id').where('code', '=', '30307').executeTakeFirstOrThrow()).id,
      language: 'vi',
      now: Date.now(),
    });
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await page.goto(`${web.url}/signin`);
    await page.getByRole('link', { name: 'Quên mật khẩu?' }).click();
    // The sign-in form has a phone field too: wait until the reset page has replaced it.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Lấy lại mật khẩu');
    await page.getByLabel('Số điện thoại').fill(nationalForm(phone));
    await page.getByRole('button', { name: 'Gửi mã xác nhận' }).click();
    await expect.poll(() => web.t.outbox.filter((m) => m.to === phone).length).toBe(1);
    const code = /(\d{6})/.exec(web.t.outbox.find((m) => m.to === phone)!.text)![1]!;
    await page.getByLabel('Mã xác nhận (6 chữ số)').fill(code);
    await page.getByLabel(/^Mật khẩu mới/).fill('lua-chin-vang');
    await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
    await expect.poll(() => page.getByText('Tài khoản này do đơn vị của bạn tạo từ danh sách thành viên.', { exact: false }).first().isVisible()).toBe(true);
    const consent = page.getByLabel(/Tôi đã đọc và đồng ý/);
    expect(await consent.isChecked()).toBe(false);
    await consent.check();
    await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Xin chào, Chau Sóc Kha!');
    await fitsTheScreen(page);
    await context.close();
  });

  it('keeps large text after a reload and switches to English', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await page.goto(web.url);
    const bodySize = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    expect(await bodySize()).toBe('18px');
    await page.getByRole('button', { name: 'Chữ lớn' }).click();
    expect(await bodySize()).toBe('22px');
    await page.reload();
    await expect.poll(bodySize).toBe('22px');
    expect(await page.getByRole('button', { name: 'Chữ lớn' }).getAttribute('aria-pressed')).toBe('true');
    await fitsTheScreen(page);

    await page.getByRole('combobox', { name: 'Ngôn ngữ' }).selectOption('English');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to Lifelong Learning');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to Lifelong Learning');
    // A page loaded on its own follows a switch by itself, without a reload.
    await page.getByRole('link', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('Tiếng Việt');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng nhập');
    expect(await page.getByRole('link', { name: 'Khóa học' }).isVisible()).toBe(true);
    await context.close();
  });

  it('shows a visible focus ring and lets the keyboard reach the sign-up form', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await page.goto(`${web.url}/signin`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bỏ qua, đến nội dung chính');
    await page.getByLabel('Số điện thoại').focus();
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).boxShadow);
    expect(ring).not.toBe('none');
    await context.close();
  });
});

describe('the installable PWA', () => {
  const web = useWebApp();

  it('has a manifest with the icons an installable app needs', async () => {
    const manifest = await (await fetch(`${web.url}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ name: 'Học tập suốt đời', lang: 'vi', display: 'standalone', start_url: '/' });
    const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) expect((await fetch(`${web.url}${icon.src}`)).status).toBe(200);
  });

  it('opens again without a network once the service worker has cached the shell', async () => {
    const context = await phoneContext(web.browser, { serviceWorkers: 'allow' });
    const page = await context.newPage();
    await page.goto(web.url);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await context.setOffline(true);
    await page.goto(`${web.url}/signup`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng ký tài khoản');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('ngoại tuyến');
    await context.close();
  });
});
