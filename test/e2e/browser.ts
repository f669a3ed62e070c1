/**
 * Real Chromium (the system's, never a downloaded one) against the real app
 * listening on a loopback port, serving the built PWA from dist/web.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { nationalForm, nextPhone } from '../factories.js';
import { afterAll, beforeAll } from 'vitest';
import { MediaStore } from '../../src/server/media/media-store.js';
import { publishShippedCourses } from '../../src/server/packages/shipped-courses.js';
import { unitIdOf } from '../factories.js';
import { freePort } from '../server-process.js';
import { buildTestApp, type TestApp } from '../test-app.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const webRoot = path.join(import.meta.dirname, '..', '..', 'dist', 'web');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: install Debian's chromium (see .ci/run) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: chromiumPath,
    // The machine has no outside network: Chromium's own background traffic only produces errors.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A phone-sized browser tab: 360×640, Vietnamese, service worker off unless a test turns it on. */
export async function phoneContext(browser: Browser, options: { serviceWorkers?: 'allow' | 'block' } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN', serviceWorkers: options.serviceWorkers ?? 'block', deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  // A step that cannot happen should fail the test with its own message, well before the test's timeout.
  context.setDefaultTimeout(8_000);
  return context;
}

export async function startWebApp(options: { withShippedCourses?: boolean; env?: Record<string, string> } = {}): Promise<{ t: TestApp; url: string }> {
  if (!existsSync(path.join(webRoot, 'index.html'))) throw new Error('dist/web is missing: npm test builds it first (npm run build)');
  // Links in certificates are built on the configured address, so the app is told the port it will listen on.
  const port = await freePort();
  const t = await buildTestApp('sqlite', { WEB_ROOT: webRoot, HOST: '127.0.0.1', PORT: String(port), ...options.env });
  if (options.withShippedCourses) {
    await publishShippedCourses({ db: t.db, store: new MediaStore(t.config.dataDir), config: t.config }, { unitId: await unitIdOf(t.db, '91'), authorId: null }, t.clock.now());
  }
  const url = await t.app.listen({ host: '127.0.0.1', port });
  return { t, url };
}

/** One app and one Chromium for a describe block, closed after it. */
export function useWebApp(options: { withShippedCourses?: boolean } = {}): { readonly t: TestApp; readonly url: string; readonly browser: Browser } {
  const state = {} as { t: TestApp; url: string; browser: Browser };
  beforeAll(async () => {
    Object.assign(state, await startWebApp(options));
    // The browser's clock is real; keep the server's near it so that progress times are not "in the future".
    state.t.clock.current = Date.now();
    state.browser = await launchChromium();
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.t?.close();
  });
  return state;
}

/** Signs a new person up through the form, living in Phường Bình Đức, and waits for the welcome. */
export async function signUpOnPhone(page: Page, url: string, fullName: string, birthYear = '1959'): Promise<void> {
  await page.goto(`${url}/signup`);
  await page.getByLabel('Số điện thoại').fill(nationalForm(nextPhone()));
  await page.getByLabel('Họ và tên').fill(fullName);
  await page.getByLabel('Năm sinh').fill(birthYear);
  await page.getByRole('combobox', { name: /Xã, phường/ }).fill('binh duc');
  await page.getByRole('option', { name: /Phường Bình Đức/ }).click();
  await page.getByLabel(/^Mật khẩu/).fill('lua-thom-mua-moi');
  await page.getByLabel(/Tôi đã đọc và đồng ý/).check();
  await page.getByRole('button', { name: 'Đăng ký' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Xin chào, ${fullName}!`);
}

/** Signs in an existing person through the form and waits for the welcome. */
export async function signInOnPhone(page: Page, url: string, phone: string, password: string): Promise<void> {
  await page.goto(`${url}/signin`);
  await page.getByLabel('Số điện thoại').fill(phone);
  await page.getByLabel(/^Mật khẩu/).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Xin chào/);
}
