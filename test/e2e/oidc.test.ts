import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonId } from '../../src/shared/ids.js';
import { MediaStore } from '../../src/server/media/media-store.js';
import { publishShippedCourses } from '../../src/server/packages/shipped-courses.js';
import { nextPhone, unitIdOf } from '../factories.js';
import { providerEnv, startTestProvider, type TestProvider } from '../oidc-provider.js';
import { freePort } from '../server-process.js';
import { buildTestApp, type TestApp } from '../test-app.js';
import { launchChromium, phoneContext } from './browser.js';

describe('signing in with SmartAnGiang on a 360×640 phone', () => {
  let provider: TestProvider;
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let lessonId: LessonId;

  beforeAll(async () => {
    const port = await freePort();
    provider = await startTestProvider({
      people: [{ sub: 'moi-e2e', name: 'Lê Thị Mới', phone: nextPhone(), phoneVerified: true }],
      redirectUris: [`http://127.0.0.1:${port}/api/auth/oidc/callback`],
      postLogoutRedirectUris: [`http://127.0.0.1:${port}/`],
    });
    const webRoot = path.join(import.meta.dirname, '..', '..', 'dist', 'web');
    t = await buildTestApp('sqlite', { WEB_ROOT: webRoot, HOST: '127.0.0.1', PORT: String(port), ...providerEnv(provider) });
    t.clock.current = Date.now();
    await publishShippedCourses({ db: t.db, store: new MediaStore(t.config.mediaDir), config: t.config }, { unitId: await unitIdOf(t.db, '91'), authorId: null }, t.clock.now());
    lessonId = (await t.db.selectFrom('published_lessons').select('lesson_id').orderBy('lesson_id').executeTakeFirstOrThrow()).lesson_id;
    url = await t.app.listen({ host: '127.0.0.1', port });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await provider?.close();
  });

  it('goes through the provider’s real login page, completes the profile with own consent, and lands on the lesson it was sent to', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${url}/signin?next=/lessons/${lessonId}`);
    const button = page.getByRole('button', { name: 'Đăng nhập bằng SmartAnGiang' });
    await button.waitFor();
    // Above the password form, and a comfortable tap target.
    const box = (await button.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.y).toBeLessThan((await page.getByLabel('Số điện thoại').boundingBox())!.y);
    await button.click();

    // The provider's own pages (oidc-provider's login and consent forms).
    await page.waitForURL(`${provider.issuer}/**`);
    await page.locator('input[name="login"]').fill('moi-e2e');
    await page.locator('input[name="password"]').fill('mat-khau-o-nha-cung-cap');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL(`${url}/signin/complete**`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Hoàn tất đăng ký');
    expect(await page.getByLabel('Họ và tên').inputValue()).toBe('Lê Thị Mới');
    // Consent is never pre-ticked.
    expect(await page.getByLabel(/Tôi đã đọc và đồng ý/).isChecked()).toBe(false);
    await page.getByLabel('Năm sinh').fill('1972');
    await page.getByRole('combobox', { name: /Xã, phường/ }).fill('long xuyen');
    await page.getByRole('option', { name: /Phường Long Xuyên/ }).click();
    await page.getByRole('button', { name: 'Bắt đầu học' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('Bạn cần đồng ý với Thông báo xử lý dữ liệu cá nhân để đăng ký.');
    await page.getByLabel(/Tôi đã đọc và đồng ý/).check();
    await page.getByRole('button', { name: 'Bắt đầu học' }).click();

    await page.waitForURL(`${url}/lessons/${lessonId}`);
    const title = (await t.db.selectFrom('published_lessons').select('title').where('lesson_id', '=', lessonId).executeTakeFirstOrThrow()).title;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await context.close();
  });
});
