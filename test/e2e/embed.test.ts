/**
 * Inside the super-app: the PWA in an iframe of a page from another origin (localhost against the app's
 * 127.0.0.1 is another site too), as the super-app's web host shows it; and deep links that survive sign-in.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonId } from '../../src/shared/ids.js';
import { buildCourse, buildPerson, nationalForm, nextPhone, testPassword } from '../factories.js';
import type { TestApp } from '../test-app.js';
import { launchChromium, phoneContext, startWebApp } from './browser.js';

/** A page on another origin that frames the app, as the super-app's web host does. */
async function embeddingSite(frameUrl: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').searchParams.get('path') ?? '/?embed=1';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><html><head><meta name="viewport" content="width=device-width"><title>SmartAnGiang</title>` +
        `<style>body{margin:0}iframe{border:0;width:100vw;height:100vh;display:block}</style></head>` +
        `<body><iframe title="Học tập suốt đời" src="${frameUrl()}${path}"></iframe></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://localhost:${(server.address() as AddressInfo).port}` };
}

const appFrame = async (page: Page): Promise<Frame> => {
  await expect.poll(() => page.frames().length).toBe(2);
  return page.frames()[1]!;
};
const heading = (frame: Frame) => frame.getByRole('heading', { level: 1 }).textContent();

/** Every visible control of the frame is at least 44 px high and wide (a check box counts with its label, which takes the tap). */
async function expectTapTargets(frame: Frame): Promise<void> {
  const small = await frame.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, input:not([type=hidden]), select, .embed-bar a')]
      .map((element) => ({ element, target: (element instanceof HTMLInputElement && ['checkbox', 'radio'].includes(element.type) && element.labels?.[0]) || element }))
      .map(({ element, target }) => ({ element, box: target.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0 && (box.height < 44 || box.width < 44))
      .map(({ element, box }) => `${element.outerHTML.slice(0, 80)} ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
  expect(small).toEqual([]);
}

describe('embedded in the super-app and deep links, at 360×640', () => {
  let t: TestApp;
  let appUrl: string;
  let allowed: { server: Server; origin: string };
  let refused: { server: Server; origin: string };
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let lessonId: LessonId;
  let lessonTitle: string;

  beforeAll(async () => {
    allowed = await embeddingSite(() => appUrl);
    refused = await embeddingSite(() => appUrl);
    ({ t, url: appUrl } = await startWebApp({ env: { EMBED_ALLOWED_ORIGINS: allowed.origin } }));
    t.clock.current = Date.now();
    const course = await buildCourse(t.db, { title: 'Dùng điện thoại an toàn', modules: [['Mật khẩu mạnh', 'Nhận biết lừa đảo']] });
    lessonId = course.lessonIds[1]!;
    lessonTitle = 'Nhận biết lừa đảo';
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    allowed?.server.close();
    refused?.server.close();
  });

  it('runs inside a frame of an allowed origin: no header or menu, a back button, sign-in and a session that stays in the frame', async () => {
    const person = await buildPerson(t.db, { fullName: 'Phan Thị Nhúng' });
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const embedder = `${allowed.origin}/?path=${encodeURIComponent(`/lessons/${lessonId}?embed=1`)}`;
    await page.goto(embedder);
    const frame = await appFrame(page);

    // A deep link to a lesson, signed out: the sign-in page, which will come back to it.
    await expect.poll(() => heading(frame)).toBe('Đăng nhập');
    expect(new URL(frame.url()).pathname).toBe('/signin');
    expect(new URL(frame.url()).searchParams.get('next')).toBe(`/lessons/${lessonId}?embed=1`);
    expect(await frame.locator('.site-header, .main-nav').count()).toBe(0);
    expect(await frame.getByRole('navigation', { name: 'Điều hướng trong ứng dụng' }).isVisible()).toBe(true);
    await expectTapTargets(frame);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // In-app navigation keeps embed mode, and the back button goes back inside the frame, never the page around it.
    await frame.getByRole('link', { name: 'Chưa có tài khoản? Đăng ký' }).click();
    await expect.poll(() => heading(frame)).toBe('Đăng ký tài khoản');
    expect(new URL(frame.url()).searchParams.get('next')).toBe(`/lessons/${lessonId}?embed=1`);
    expect(await frame.locator('.site-header, .main-nav').count()).toBe(0);
    await frame.getByRole('button', { name: 'Quay lại' }).click();
    await expect.poll(() => heading(frame)).toBe('Đăng nhập');
    expect(page.url()).toBe(embedder);

    await frame.getByLabel('Số điện thoại').fill(nationalForm(person.phone));
    await frame.getByLabel(/^Mật khẩu/).fill(testPassword);
    await frame.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => heading(frame)).toBe(lessonTitle);
    expect(new URL(frame.url()).pathname).toBe(`/lessons/${lessonId}`);
    expect(await frame.locator('.site-header, .main-nav').count()).toBe(0);

    // The cookie a cross-site frame keeps: SameSite=None, Secure, partitioned under the super-app's site.
    const cookie = (await context.cookies()).find((c) => c.name === 'hoctap_session');
    expect(cookie).toMatchObject({ sameSite: 'None', secure: true, httpOnly: true });

    // First page of the frame's history: back goes to the app's home, and the super-app's page stays where it is.
    await frame.getByRole('button', { name: 'Quay lại' }).click();
    await expect.poll(() => heading(frame)).toBe('Xin chào, Phan Thị Nhúng!');
    expect(page.url()).toBe(embedder);
    expect(await frame.getByRole('button', { name: 'Quay lại' }).count()).toBe(0);
    // A reload of the frame alone, at an address without ?embed=1, stays in embed mode (this browser refuses the
    // cross-site frame its sessionStorage: the mode lives in the history entry too).
    expect(new URL(frame.url()).search).toBe('');
    await frame.evaluate(() => location.reload());
    await expect.poll(() => heading(frame)).toBe('Xin chào, Phan Thị Nhúng!');
    expect(await frame.locator('.site-header, .main-nav').count()).toBe(0);

    // The session stays with the frame: the super-app opens the lesson again, signed in.
    await page.reload();
    const again = await appFrame(page);
    await expect.poll(() => heading(again)).toBe(lessonTitle);
    await expect.poll(() => again.getByRole('button', { name: 'Tôi đã học xong bài này' }).isVisible()).toBe(true);
    await again.getByRole('button', { name: 'Tôi đã học xong bài này' }).click();
    await expect.poll(() => again.getByText('Bạn đã học xong bài này.').isVisible()).toBe(true);
    await context.close();
    // One journey of some thirty steps: longer than a single page's test on a busy two-core machine.
  }, 90_000);

  it('still opens in the frame once the service worker runs the app at the top level', async () => {
    const context = await phoneContext(browser, { serviceWorkers: 'allow' });
    const page = await context.newPage();
    await page.goto(appUrl);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const framePolicies: string[] = [];
    page.on('response', async (response) => {
      if (response.url().startsWith(`${appUrl}/`) && response.request().resourceType() === 'document') framePolicies.push((await response.allHeaders())['content-security-policy'] ?? '');
    });
    await page.goto(`${allowed.origin}/`);
    const frame = await appFrame(page);
    await expect.poll(() => heading(frame)).toBe('Chào mừng bạn đến với Học tập suốt đời');
    expect(await frame.locator('.site-header, .main-nav').count()).toBe(0);
    // The framed page came with today's framing rule, not a copy cached before it.
    expect(framePolicies.at(-1)).toContain(`frame-ancestors 'self' ${allowed.origin}`);
    await context.close();
  });

  it('is refused by the browser in a frame of an origin that is not listed', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const served: number[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(appUrl)) served.push(response.status());
    });
    await page.goto(`${refused.origin}/`);
    // The app answered the frame's request, and the browser would not show it.
    await expect.poll(() => served).toContain(200);
    const frame = await appFrame(page);
    await expect.poll(() => frame.url()).toMatch(/^chrome-error:/);
    expect(await frame.locator('#app').count()).toBe(0);
    await context.close();
  });

  describe('a deep link opened signed out', () => {
    const signInHere = async (page: Page, phone: string) => {
      await page.getByLabel('Số điện thoại').fill(phone);
      await page.getByLabel(/^Mật khẩu/).fill(testPassword);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
    };

    it('goes through sign-in to the lesson it names', async () => {
      const person = await buildPerson(t.db);
      const context = await phoneContext(browser);
      const page = await context.newPage();
      await page.goto(`${appUrl}/lessons/${lessonId}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng nhập');
      expect(page.url()).toBe(`${appUrl}/signin?next=${encodeURIComponent(`/lessons/${lessonId}`)}`);
      // The platform's own header is there outside the super-app.
      expect(await page.locator('.site-header').count()).toBe(1);
      await signInHere(page, nationalForm(person.phone));
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(lessonTitle);
      expect(page.url()).toBe(`${appUrl}/lessons/${lessonId}`);
      await context.close();
    });

    it('keeps the return path through sign-up too', async () => {
      const context = await phoneContext(browser);
      const page = await context.newPage();
      await page.goto(`${appUrl}/learning`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng nhập');
      await page.getByRole('link', { name: 'Chưa có tài khoản? Đăng ký' }).click();
      // The sign-in page (with its own phone field) stays until the sign-up page's code has arrived.
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng ký tài khoản');
      await page.getByLabel('Số điện thoại').fill(nationalForm(nextPhone()));
      await page.getByLabel('Họ và tên').fill('Đoàn Văn Đăng');
      await page.getByLabel('Năm sinh').fill('1970');
      await page.getByRole('combobox', { name: /Xã, phường/ }).fill('binh duc');
      await page.getByRole('option', { name: /Phường Bình Đức/ }).click();
      await page.getByLabel(/^Mật khẩu/).fill('lua-thom-mua-moi');
      await page.getByLabel(/Tôi đã đọc và đồng ý/).check();
      await page.getByRole('button', { name: 'Đăng ký' }).click();
      // Sign-up hashes the password (argon2, memory-hard): slow on a busy two-core machine.
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 }).toBe('Khóa học của tôi');
      expect(new URL(page.url()).pathname).toBe('/learning');
      await context.close();
    });

    it.each(['https://evil.example/', '//evil.example', '/\\evil.example'])('lands on the home page, not on %s', async (next) => {
      const person = await buildPerson(t.db, { fullName: 'Mai Văn Cẩn' });
      const context = await phoneContext(browser);
      const page = await context.newPage();
      await page.goto(`${appUrl}/signin?next=${encodeURIComponent(next)}`);
      await signInHere(page, nationalForm(person.phone));
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Xin chào, Mai Văn Cẩn!');
      expect(page.url()).toBe(`${appUrl}/`);
      await context.close();
    });
  });
});
