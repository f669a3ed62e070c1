/**
 * The service worker's life on a phone: a new version waits until the person taps "update" (then older versioned
 * caches go), and the operator's kill switch removes the worker and its caches at the next visit. Runs on a copy of
 * the built app whose sw.js the test replaces, as a new deployment would.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { selfRemovingServiceWorker } from '../../src/server/pwa/pwa.service.js';
import { phoneContext, useWebApp } from './browser.js';

const webRoot = mkdtempSync(path.join(tmpdir(), 'hoctap-sw-web-'));
cpSync(path.join(import.meta.dirname, '..', '..', 'dist', 'web'), webRoot, { recursive: true });
const builtWorker = readFileSync(path.join(webRoot, 'sw.js'), 'utf8');
/** What the server sends as /sw.js from now on (its compressed copies would win, so they go). */
const deployWorker = (source: string) => {
  for (const copy of ['sw.js.br', 'sw.js.gz']) rmSync(path.join(webRoot, copy), { force: true });
  writeFileSync(path.join(webRoot, 'sw.js'), source);
};

describe('the service worker on a 360×640 phone', () => {
  const web = useWebApp({ env: { WEB_ROOT: webRoot } });
  afterAll(() => rmSync(webRoot, { recursive: true, force: true }));
  const controlled = (page: Page) => page.evaluate(() => navigator.serviceWorker.controller !== null);
  const cacheNames = (page: Page) => page.evaluate(() => caches.keys());

  const openWithWorker = async (page: Page) => {
    await page.goto(web.url);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await expect.poll(() => controlled(page)).toBe(true);
  };

  it('offers a new version, switches when asked, and drops the older versioned caches', { timeout: 60_000 }, async () => {
    deployWorker(builtWorker);
    const context = await phoneContext(web.browser, { serviceWorkers: 'allow' });
    const page = await context.newPage();
    await openWithWorker(page);
    await page.evaluate(() => caches.open('hoctap-api-older').then((cache) => cache.put('/api/courses/1', new Response('{}'))));
    expect(await page.getByText('Đã có phiên bản mới của ứng dụng.').count()).toBe(0);

    deployWorker(`${builtWorker}\n// next deployment\n`);
    // Opening the app again is when the browser looks for a new worker.
    await page.reload();
    await expect.poll(() => page.getByText('Đã có phiên bản mới của ứng dụng.').isVisible()).toBe(true);
    expect(await cacheNames(page)).toContain('hoctap-api-older');

    await page.getByRole('button', { name: 'Cập nhật ngay' }).click();
    // The page reloads under the new worker, which has nothing waiting behind it and no older cache.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting === null && r.active !== null))).toBe(true);
    await expect.poll(() => page.getByText('Đã có phiên bản mới của ứng dụng.').count()).toBe(0);
    await expect.poll(() => cacheNames(page)).not.toContain('hoctap-api-older');
    await context.close();
  });

  it('is removed from the phone with its caches by the kill switch, and the app still opens from the server', { timeout: 60_000 }, async () => {
    deployWorker(builtWorker);
    const context = await phoneContext(web.browser, { serviceWorkers: 'allow' });
    const page = await context.newPage();
    await openWithWorker(page);
    expect((await cacheNames(page)).length).toBeGreaterThan(0);

    deployWorker(selfRemovingServiceWorker);
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.getRegistrations().then((all) => all.length))).toBe(0);
    await expect.poll(() => cacheNames(page)).toEqual([]);
    await page.reload();
    expect(await controlled(page)).toBe(false);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Chào mừng bạn đến với Học tập suốt đời');
    await context.close();
  });
});
