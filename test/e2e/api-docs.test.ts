/** The API reference renders in a real browser from this origin alone, with no Content-Security-Policy violation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildTestApp, type TestApp } from '../test-app.js';
import { launchChromium } from './browser.js';

describe('the API reference in a browser', () => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists the operations and loads nothing from elsewhere', { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    // Swagger UI is a 1.5 MB script: on a busy two-core machine its first parse takes a while.
    await page.goto(`${url}/api/docs`, { timeout: 30_000 });
    await expect.poll(() => page.getByRole('heading', { name: /Học tập suốt đời API/ }).count()).toBe(1);
    // Tags start folded (a phone renders a hundred operations slowly): open one, then one of its operations.
    await page.locator('.opblock-tag', { hasText: /^health/ }).click();
    const health = page.locator('.opblock-summary-path', { hasText: /^\/api\/health$/ });
    await health.click();
    // The operation shows its description and the example answer given in its schema.
    await expect.poll(() => page.locator('.opblock-body').first().textContent()).toContain('Retry-After');
    await expect.poll(() => page.locator('.opblock-body').first().textContent()).toContain('"postgres"');
    expect(requests.filter((address) => !address.startsWith(`${url}/`) && !address.startsWith('data:'))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
