/**
 * Issue 16: a citizen on a 360×640 phone over slow 3G downloads their data and deletes their account from the
 * profile page, then can no longer sign in.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { anonymous } from '../actors.js';
import { buildPerson, grant, nationalForm, nextPhone, testPassword } from '../factories.js';
import { phoneContext, signInOnPhone, useWebApp } from './browser.js';

const slow = { timeout: 90_000 };

describe('my data on a 360×640 phone over slow 3G', () => {
  const web = useWebApp();

  async function slowPhone(): Promise<Page> {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 });
    page.setDefaultTimeout(20_000);
    return page;
  }

  it('downloads the data, then deletes the account from the profile page, and can no longer sign in', slow, async () => {
    const phone = nextPhone();
    const password = 'hoa-sen-no-ro';
    const registered = await anonymous(web.t).post('/api/auth/register', { phone: nationalForm(phone), password, fullName: 'Trần Thị Dữ Liệu', birthYear: 1958, unitCode: '30307', consent: true });
    expect(registered.statusCode).toBe(201);

    const page = await slowPhone();
    await signInOnPhone(page, web.url, nationalForm(phone), password);
    await page.goto(`${web.url}/profile`);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Dữ liệu cá nhân của tôi' }).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The consent given at sign-up, in the history.
    await expect.poll(() => page.getByText(/Đồng ý — Tạo và dùng tài khoản học tập/).isVisible(), { timeout: 20_000 }).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải dữ liệu của tôi' }).click()]);
    expect(download.suggestedFilename()).toBe('du-lieu-ca-nhan.json');
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data.tables.users[0]).toMatchObject({ phone, full_name: 'Trần Thị Dữ Liệu', birth_year: 1958 });
    expect(data.tables.consents[0]).toMatchObject({ purpose: 'account', channel: 'self_web', withdrawn_at: null });
    expect(JSON.stringify(data)).not.toMatch(/password_hash|argon2/);

    // The readable copy opens in a new tab, in Vietnamese.
    const [readable] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: /Xem bản dễ đọc/ }).click()]);
    await readable.waitForLoadState();
    expect(await readable.getByRole('heading', { level: 1 }).textContent()).toBe('Dữ liệu cá nhân của tôi');
    expect(await readable.getByText('Trần Thị Dữ Liệu').first().isVisible()).toBe(true);
    await readable.close();

    // Deleting: the warning first, then the password, then the red button.
    await page.getByRole('button', { name: 'Xoá tài khoản' }).click();
    await expect.poll(() => page.getByText(/Tài khoản sẽ bị xoá vĩnh viễn/).isVisible()).toBe(true);
    await page.getByLabel(/^Mật khẩu/).last().fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Xoá vĩnh viễn tài khoản' }).click();
    await expect.poll(() => page.getByText('Mật khẩu hiện tại không đúng.').first().isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByLabel(/^Mật khẩu/).last().fill(password);
    await page.getByRole('button', { name: 'Xoá vĩnh viễn tài khoản' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toBe('Tài khoản của bạn đã được xoá.');
    await page.getByRole('button', { name: 'Trang chủ' }).click();

    // Signing in again fails: the account is gone.
    await page.goto(`${web.url}/signin`);
    await page.getByLabel('Số điện thoại').fill(nationalForm(phone));
    await page.getByLabel(/^Mật khẩu/).fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 20_000 }).toBe('Số điện thoại hoặc mật khẩu không đúng.');
    expect((await anonymous(web.t).post('/api/auth/login', { phone: nationalForm(phone), password })).statusCode).toBe(401);
    await page.context().close();
  });

  it('lets a helper ask for a resident’s data, carried out only with the code the resident reads back', slow, async () => {
    const helper = await buildPerson(web.t.db, { fullName: 'Trần Văn Hỗ Trợ' });
    await grant(web.t.db, helper.id, 'helper', '30307');
    const resident = await buildPerson(web.t.db, { fullName: 'Nguyễn Thị Mai', unitCode: '30307' });

    const page = await slowPhone();
    await signInOnPhone(page, web.url, nationalForm(helper.phone), testPassword);
    await page.goto(`${web.url}/helper/privacy`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toBe('Yêu cầu về dữ liệu thay người dân');
    await page.getByLabel('Số điện thoại của người dân').fill(nationalForm(resident.phone));
    await page.getByLabel('Yêu cầu', { exact: true }).selectOption('export');
    await page.getByRole('button', { name: 'Gửi mã cho người dân' }).click();
    await expect.poll(() => page.getByText(/Đã gửi mã đến điện thoại của Nguyễn Thị Mai/).isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => web.t.outbox.filter((m) => m.to === resident.phone).length).toBe(1);
    const code = /(\d{6})/.exec(web.t.outbox.find((m) => m.to === resident.phone)!.text)![1]!;

    await page.getByLabel('Mã xác nhận (6 chữ số)').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Xác nhận và thực hiện' }).click();
    await expect.poll(() => page.getByText('Mã xác nhận không đúng. Hãy đọc lại mã trong tin nhắn mới nhất.').first().isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByLabel('Mã xác nhận (6 chữ số)').fill(code);
    await page.getByRole('button', { name: 'Xác nhận và thực hiện' }).click();
    await expect.poll(() => page.getByText('Đã xong. Tải tệp dữ liệu và trao cho người dân.').isVisible(), { timeout: 20_000 }).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải tệp dữ liệu' }).click()]);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data.tables.users[0]).toMatchObject({ phone: resident.phone, full_name: 'Nguyễn Thị Mai' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.context().close();
  });
});
