/**
 * Issue 17: an overloaded server, on a 360×640 phone over slow 3G. The app (a real server, in this process) is
 * made genuinely overloaded: its event loop is kept three-quarters busy, past OVERLOAD_MAX_EVENT_LOOP_UTILIZATION_PERCENT,
 * so its API answers 503 with Retry-After. The PWA says so, keeps trying by itself, and shows the page once the
 * load is gone, with the message gone too. Nothing is intercepted.
 */
import { describe, expect, it } from 'vitest';
import { phoneContext, useWebApp } from './browser.js';

describe('overload on a 360×640 phone over slow 3G', () => {
  const web = useWebApp({ withShippedCourses: true, env: { OVERLOAD_MAX_EVENT_LOOP_UTILIZATION_PERCENT: '50' } });

  it('shows that the server is overloaded, retries by itself and shows the page when the load has passed', { timeout: 90_000 }, async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 });
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 503 && response.headers()['retry-after']) refused.push(new URL(response.url()).pathname);
    });

    // Work on the server's event loop 300 ms out of every 400, until the phone has seen the message.
    const busy = setInterval(() => {
      const until = Date.now() + 300;
      while (Date.now() < until);
    }, 400);
    try {
      await expect.poll(() => web.t.app.isUnderPressure(), { timeout: 10_000 }).toBe(true);
      await page.goto(`${web.url}/courses?q=tri%20tue%20nhan%20tao`);
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Đang quá tải, thử lại sau ít phút. Ứng dụng sẽ tự thử lại.' }).isVisible(), { timeout: 30_000 }).toBe(true);
    } finally {
      clearInterval(busy);
    }
    expect(refused.some((where) => where.startsWith('/api/'))).toBe(true);

    // Retry-After is 10 s, then a growing pause with jitter: the page comes by itself, and the message goes.
    await expect.poll(() => page.getByRole('link', { name: 'Trí tuệ nhân tạo cho mọi người' }).isVisible(), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => page.getByText('Đang quá tải, thử lại sau ít phút.').count(), { timeout: 60_000 }).toBe(0);
    await context.close();
  });
});
