/**
 * Offline that survives a cold start, in real Chromium with the built service worker: the app opens without a
 * network as the last person signed in, lessons finished offline go out by themselves when the network returns,
 * and a shared phone never sends one person's progress under another's account.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { UserId } from '../../src/shared/ids.js';
import { sessionRecheckMs } from '../../src/server/http/sessions.js';
import { buildPerson, nationalForm, testPassword } from '../factories.js';
import { phoneContext, signInOnPhone, signUpOnPhone, useWebApp } from './browser.js';

describe('offline on a 360×640 phone', () => {
  const web = useWebApp({ withShippedCourses: true });
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
  const signUpPassword = 'lua-thom-mua-moi';

  const person = (fullName: string) => web.t.db.selectFrom('users').select(['id', 'phone']).where('full_name', '=', fullName).executeTakeFirstOrThrow();
  const completedBy = async (userId: UserId) =>
    (await web.t.db.selectFrom('lesson_progress').select('lesson_id').where('user_id', '=', userId).where('completed_at', 'is not', null).execute()).length;
  const waitingOnPhone = (page: Page, userId: UserId) =>
    page.evaluate((id) => (JSON.parse(localStorage.getItem(`hoctap.outbox.${id}`) ?? '[]') as unknown[]).length, userId);

  const openFirstLesson = async (page: Page) => {
    await page.goto(`${web.url}/courses?q=tri%20tue%20nhan%20tao`);
    await page.getByRole('link', { name: 'Trí tuệ nhân tạo cho mọi người' }).click();
    await page.getByRole('link', { name: 'Bắt đầu học' }).click();
    await expect.poll(() => page.getByText('Bài 1/7').isVisible()).toBe(true);
  };
  const nextTitle = async (page: Page) => (await page.getByRole('link', { name: /^Bài tiếp:/ }).textContent())!.replace('Bài tiếp: ', '');

  it('opens offline after the page was closed, finishes a lesson, and sends it when the network returns without any input', { timeout: 120_000 }, async () => {
    const context = await phoneContext(web.browser, { serviceWorkers: 'allow' });
    let page = await context.newPage();
    await signUpOnPhone(page, web.url, 'Néang Sa Rết');
    // The service worker registers after the first load and serves the pages loaded after it is ready.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await openFirstLesson(page);
    await page.getByRole('button', { name: 'Tôi đã học xong bài này' }).click();
    await expect.poll(() => page.getByText('Bạn đã học xong bài này.').isVisible()).toBe(true);
    const second = await nextTitle(page);
    await page.getByRole('link', { name: /^Bài tiếp:/ }).click();
    await expect.poll(() => heading(page)).toBe(second);
    const third = await nextTitle(page);
    await page.getByRole('link', { name: 'Về khóa học' }).click();
    await expect.poll(() => page.getByText(/^Đã học xong 1\/\d+ bài/).isVisible()).toBe(true);
    await page.goto(web.url);
    await expect.poll(() => page.getByRole('link', { name: `Học tiếp: ${second}` }).isVisible()).toBe(true);
    const me = (await person('Néang Sa Rết')).id;
    expect(await completedBy(me)).toBe(1);

    // No network, and the app closed: a new page opens as this person, from what the phone kept.
    await context.setOffline(true);
    await page.close();
    page = await context.newPage();
    await page.goto(web.url);
    await expect.poll(() => heading(page)).toBe('Xin chào, Néang Sa Rết!');
    await expect.poll(() => page.getByText('Chưa kết nối được máy chủ: bạn đang xem những gì đã lưu trên máy này.', { exact: false }).isVisible()).toBe(true);
    await page.getByRole('link', { name: `Học tiếp: ${second}` }).click();
    await expect.poll(() => heading(page)).toBe(second);
    await page.getByRole('button', { name: 'Tôi đã học xong bài này' }).click();
    await expect.poll(() => page.getByText('Đã lưu trên máy. Tiến độ sẽ được gửi khi có mạng.').isVisible()).toBe(true);

    // The course page and home show the cached answers with the lesson just finished, not older.
    await page.getByRole('link', { name: 'Về khóa học' }).click();
    await expect.poll(() => page.getByText(/^Đã học xong 2\/\d+ bài/).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: `Học tiếp: ${third}` }).isVisible()).toBe(true);
    await page.goto(web.url);
    await expect.poll(() => page.getByRole('link', { name: `Học tiếp: ${third}` }).isVisible()).toBe(true);
    expect(await completedBy(me)).toBe(1);

    // The network returns; nobody touches the phone.
    await context.setOffline(false);
    await expect.poll(() => completedBy(me), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => waitingOnPhone(page, me)).toBe(0);
    await expect.poll(() => page.getByText('Chưa kết nối được máy chủ', { exact: false }).count(), { timeout: 20_000 }).toBe(0);
    await context.close();
  });

  it('keeps progress the server refused with a 401 for its owner: never sent under the next person, sent at the owner’s next sign-in', { timeout: 120_000 }, async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signUpOnPhone(page, web.url, 'Trần Thị Mười');
    const owner = await person('Trần Thị Mười');
    const other = await buildPerson(web.t.db, { fullName: 'Lâm Văn Hai' });
    await openFirstLesson(page);
    // Opening the lesson sends an "opened" event; it must have arrived before the session ends, or its 401 signs the phone out before the tap.
    await expect.poll(() => web.t.db.selectFrom('lesson_progress').select('lesson_id').where('user_id', '=', owner.id).execute().then((rows) => rows.length)).toBe(1);
    await page.waitForLoadState('networkidle');

    // The session ends on the server (signed out elsewhere) while the lesson is open.
    await web.t.db.deleteFrom('sessions').where('user_id', '=', owner.id).execute();
    web.t.clock.current += sessionRecheckMs;
    await page.getByRole('button', { name: 'Tôi đã học xong bài này' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng nhập');
    expect(await waitingOnPhone(page, owner.id)).toBe(1);

    // Someone else signs in on the same phone: the owner's event stays where it is, unsent and uncounted.
    await signInOnPhone(page, web.url, nationalForm(other.phone), testPassword);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await completedBy(other.id)).toBe(0);
    expect(await completedBy(owner.id)).toBe(0);
    expect(await waitingOnPhone(page, owner.id)).toBe(1);
    expect(await page.getByText(/đang chờ gửi/).count()).toBe(0);

    await page.goto(`${web.url}/profile`);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await signInOnPhone(page, web.url, nationalForm(owner.phone), signUpPassword);
    await expect.poll(() => completedBy(owner.id), { timeout: 10_000 }).toBe(1);
    expect(await waitingOnPhone(page, owner.id)).toBe(0);
    expect(await completedBy(other.id)).toBe(0);
    await context.close();
  });

  it('says so when sending has failed for over two minutes on a connection that reaches nothing, and stops saying it once sent', { timeout: 120_000 }, async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await page.clock.install();
    await signUpOnPhone(page, web.url, 'Đoàn Văn Bảy');
    const me = (await person('Đoàn Văn Bảy')).id;
    await openFirstLesson(page);

    // A Wi-Fi without internet: the phone believes it is online, nothing reaches the server.
    await context.route('**/api/progress', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Tôi đã học xong bài này' }).click();
    await expect.poll(() => page.getByText('Đã lưu trên máy. Tiến độ sẽ được gửi khi có mạng.').isVisible()).toBe(true);
    const failing = page.getByText('Chưa gửi được tiến độ lên máy chủ.', { exact: false });
    await page.clock.fastForward('01:00');
    expect(await failing.count()).toBe(0);
    await page.clock.fastForward('01:30');
    await expect.poll(() => failing.isVisible()).toBe(true);

    await context.unroute('**/api/progress');
    await page.clock.fastForward('00:15');
    await expect.poll(() => completedBy(me)).toBe(1);
    await expect.poll(() => failing.count()).toBe(0);
    await context.close();
  });
});
