/**
 * Real Chromium (the system's, never a downloaded one) against the real app
 * listening on a loopback port, serving the built PWA from dist/web.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Frame, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { nationalForm, nextPhone } from '../factories.js';
import { MediaStore } from '../../src/server/media/media-store.js';
import { publishShippedCourses } from '../../src/server/packages/shipped-courses.js';
import { unitIdOf } from '../factories.js';
import { freePort } from '../server-process.js';
import { buildTestApp, type TestApp, type TestAppOptions } from '../test-app.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const webRoot = path.join(import.meta.dirname, '..', '..', 'dist', 'web');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: install Debian's chromium (see .ci/run) or set CHROMIUM_PATH`);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    // The machine has no outside network: Chromium's own background traffic only produces errors.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  // Every tab of every test is checked by axe, however the test made its context (not in scripts that take screenshots).
  if (!process.env.VITEST) return browser;
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    context.on('page', watchAccessibility);
    return context;
  };
  return browser;
}

/*
 * Accessibility in every browser test: each page of the app a test shows is checked with axe-core once it settles
 * after a navigation (a full load or a client-side route change), and once more at the end of the test in the state
 * the test left it. A serious or critical violation fails the test, naming the rule, the page and the elements.
 * Pages that are not the PWA (the API docs' Swagger UI, the test's own identity provider or super-app host) are left out.
 */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const axeFindings = new Map<string, string>();
const axeChecks = new Set<Promise<void>>();
const watchedPages = new Set<Page>();

async function checkFrame(frame: Frame): Promise<void> {
  // Only the PWA's own document (its #app root); evaluate() goes through the DevTools protocol, so the app's CSP does not block axe.
  if (!(await frame.evaluate(() => document.getElementById('app') !== null))) return;
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeSource);
  const results = await frame.evaluate(
    () => (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, { resultTypes: ['violations'], iframes: false }),
  );
  const where = new URL(frame.url()).pathname;
  for (const violation of results.violations) {
    if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
    const nodes = violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`);
    axeFindings.set(`${violation.id} ${where}`, `${violation.id} (${violation.impact}) on ${where}: ${violation.help}\n${nodes.join('\n')}`);
  }
}

/** Paths already checked after a navigation in this file: each is checked once there (the end-of-test check always runs), to spare the CPU. */
const checkedPaths = new Set<string>();

function checkPage(page: Page, onlyNew = false): Promise<void> {
  const check = (async () => {
    for (const frame of page.frames()) {
      if (onlyNew) {
        const where = frame.url();
        if (checkedPaths.has(where.split(/[?#]/)[0]!)) continue;
        checkedPaths.add(where.split(/[?#]/)[0]!);
      }
      // A page that navigates or closes while it is checked is checked again after its next load (or at the end of the test).
      await checkFrame(frame).catch(() => {});
    }
  })();
  axeChecks.add(check);
  void check.finally(() => axeChecks.delete(check));
  return check;
}

function watchAccessibility(page: Page): void {
  watchedPages.add(page);
  page.on('close', () => watchedPages.delete(page));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  const soon = () => {
    clearTimeout(timer);
    // After the route's first data has had a moment to arrive; one check at a time per page.
    timer = setTimeout(() => {
      running = running.then(() => checkPage(page, true));
    }, 300);
  };
  page.on('load', soon);
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) soon();
  });
}

if (process.env.VITEST) afterEach(async () => {
  await Promise.all([...axeChecks]);
  await Promise.all([...watchedPages].map((page) => checkPage(page)));
  const findings = [...axeFindings.values()];
  axeFindings.clear();
  expect(findings, 'axe-core: serious or critical accessibility violations').toEqual([]);
});

/** A phone-sized browser tab: 360×640, Vietnamese, service worker off unless a test turns it on. */
export async function phoneContext(browser: Browser, options: { serviceWorkers?: 'allow' | 'block' } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN', serviceWorkers: options.serviceWorkers ?? 'block', deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  // A step that cannot happen should fail the test with its own message, well before the test's timeout.
  context.setDefaultTimeout(8_000);
  return context;
}

interface WebAppOptions {
  withShippedCourses?: boolean;
  /** More settings for the app (webhooks' allow-list) and its process edges (where webhooks connect). */
  env?: Record<string, string>;
  app?: TestAppOptions;
}

export async function startWebApp(options: WebAppOptions = {}): Promise<{ t: TestApp; url: string }> {
  if (!existsSync(path.join(webRoot, 'index.html'))) throw new Error('dist/web is missing: npm test builds it first (npm run build)');
  // Links in certificates are built on the configured address, so the app is told the port it will listen on.
  const port = await freePort();
  const t = await buildTestApp('sqlite', { WEB_ROOT: webRoot, HOST: '127.0.0.1', PORT: String(port), ...options.env }, options.app);
  if (options.withShippedCourses) {
    await publishShippedCourses({ db: t.db, store: new MediaStore(t.config.mediaDir), config: t.config }, { unitId: await unitIdOf(t.db, '91'), authorId: null }, t.clock.now());
  }
  const url = await t.app.listen({ host: '127.0.0.1', port });
  return { t, url };
}

/** One app and one Chromium for a describe block, closed after it. */
export function useWebApp(options: WebAppOptions = {}): { readonly t: TestApp; readonly url: string; readonly browser: Browser } {
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

/** A main-menu entry, opening "Thêm" first when the entry lives there (everything past the learner's main places). */
export async function menuLink(page: Page, name: string): Promise<Locator> {
  const menu = page.getByRole('navigation', { name: 'Trình đơn chính' });
  const link = menu.getByRole('link', { name, exact: true });
  if (!(await link.isVisible())) await menu.getByText('Thêm', { exact: true }).click();
  return link;
}
