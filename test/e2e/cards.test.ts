import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCard } from '../../src/server/bootstrap/demo-cards.seed.js';
import { demoPassword, seedDemo } from '../../src/server/bootstrap/demo.seed.js';
import { MediaStore } from '../../src/server/media/media-store.js';
import { menuLink, phoneContext, signInOnPhone, signUpOnPhone, useWebApp } from './browser.js';

async function fitsTheScreen(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

describe('sign-in cards on a phone', () => {
  const web = useWebApp();
  const scratch = mkdtempSync(path.join(tmpdir(), 'hoctap-cards-e2e-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  beforeAll(async () => {
    await seedDemo({ db: web.t.db, store: new MediaStore(web.t.config.mediaDir), config: web.t.config }, web.t.clock.now());
  });

  it('the demo learner holds the published demo card', async () => {
    for (const body of [{ secret: demoCard.secret }, { phone: '0900000001', code: demoCard.shortCode }]) {
      const response = await web.t.app.inject({ method: 'POST', url: 'secret' in body ? '/api/cards/sign-in' : '/api/cards/sign-in-code', payload: { ...body, deviceId: 'kiem-thu-demo' } });
      expect(response.json().fullName).toBe('Nguyễn Thị Lan');
    }
  });

  let cardUrl = '';
  let shortCode = '';

  it('the demo helper finds the demo learner, prints her card, and the QR decoded from the PDF holds the card URL', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, '0900 000 002', demoPassword);
    await page.goto(`${web.url}/helper/cards`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('In thẻ đăng nhập');
    await page.getByLabel('Số điện thoại hoặc họ tên').fill('0900 000 001');
    await page.getByRole('button', { name: 'Tìm' }).click();
    const lan = page.getByRole('checkbox', { name: /Nguyễn Thị Lan/ });
    await expect.poll(() => lan.isVisible()).toBe(true);
    await lan.check();
    await page.getByRole('radio', { name: /^A6/ }).check();
    await fitsTheScreen(page);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'In thẻ cho 1 người' }).click();
    const download = await downloading;
    const pdf = path.join(scratch, 'the.pdf');
    await download.saveAs(pdf);
    await expect.poll(() => page.getByText('Đã tạo thẻ và tải tệp PDF xuống.', { exact: false }).isVisible()).toBe(true);

    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Nguyễn Thị Lan');
    expect(text).toContain('Phường Long Xuyên');
    shortCode = /\b[A-Z2-9]{4}-[A-Z2-9]{4}\b/.exec(text)![0];
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', pdf, path.join(scratch, 'page')]);
    const { data, info } = await sharp(path.join(scratch, 'page.png')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    cardUrl = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)!.data;
    expect(cardUrl).toMatch(new RegExp(`^${web.url}/the#[A-Za-z0-9_-]{32}$`));
    await context.close();
  });

  it('opening the card URL in a fresh browser lands signed in as her, with the secret gone from the address', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await page.goto(cardUrl);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Xin chào, Nguyễn Thị Lan!');
    expect(page.url()).toBe(`${web.url}/`);
    await page.goBack().catch(() => null);
    expect(page.url()).not.toContain('#');
    await context.close();
  });

  it('typing the phone and the short code signs in too', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await page.goto(`${web.url}/signin`);
    await page.getByRole('link', { name: /Đăng nhập bằng thẻ/ }).click();
    // The sign-in page has a phone field too: wait for the card page before typing, or a slow phone types into the old one.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng nhập bằng thẻ');
    await page.getByLabel('Số điện thoại').fill('+84 900 000 001');
    await page.getByLabel('Mã thẻ').fill(shortCode.toLowerCase());
    await page.getByRole('button', { name: 'Đăng nhập bằng thẻ' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Xin chào, Nguyễn Thị Lan!');
    await fitsTheScreen(page);
    await context.close();
  });

  it('on a phone where someone else is signed in, asks before switching, and afterwards nothing of the previous person is on the page', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signUpOnPhone(page, web.url, 'Lê Văn Bảy');
    await page.goto(cardUrl);
    await expect.poll(() => page.getByText('Bạn đang đăng nhập là Lê Văn Bảy. Chuyển sang Nguyễn Thị Lan?').isVisible()).toBe(true);
    await fitsTheScreen(page);
    // Nothing happens without the tap: Bảy is still the one signed in.
    expect(await page.evaluate(async () => (await (await fetch('/api/me')).json()).fullName)).toBe('Lê Văn Bảy');
    await page.getByRole('button', { name: 'Chuyển sang Nguyễn Thị Lan' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Xin chào, Nguyễn Thị Lan!');
    expect(await page.locator('body').textContent()).not.toContain('Bảy');
    await (await menuLink(page, 'Tài khoản')).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tài khoản của tôi');
    expect(await page.getByLabel('Họ và tên').inputValue()).toBe('Nguyễn Thị Lan');
    expect(await page.locator('body').textContent()).not.toContain('Bảy');
    // The same card scanned again by the one already signed in just goes home.
    await page.goto(cardUrl);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Xin chào, Nguyễn Thị Lan!');
    await context.close();
  });
});
