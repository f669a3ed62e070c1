import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { phoneContext, signUpOnPhone, useWebApp } from './browser.js';

describe('a citizen learning on a 360×640 phone', () => {
  const web = useWebApp({ withShippedCourses: true });

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  const signUp = (page: Page, fullName: string) => signUpOnPhone(page, web.url, fullName);

  it('finds the demo course by "ky nang", completes two lessons, and after a reload continues with the third', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signUp(page, 'Chau Sóc Kha');

    await page.getByRole('navigation', { name: 'Trình đơn chính' }).getByRole('link', { name: 'Khóa học', exact: true }).click();
    await page.getByLabel('Tìm khóa học').fill('ky nang');
    await page.getByRole('button', { name: 'Tìm' }).click();
    await page.getByRole('link', { name: /^Kỹ năng số cơ bản/ }).click();
    await expect.poll(() => heading(page)).toMatch(/^Kỹ năng số cơ bản/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.getByRole('link', { name: 'Bắt đầu học' }).click();
    await expect.poll(() => page.getByText('Bài 1/10').isVisible()).toBe(true);
    const first = await heading(page);
    await page.getByRole('button', { name: 'Tôi đã học xong bài này' }).click();
    await expect.poll(() => page.getByText('Bạn đã học xong bài này.').isVisible()).toBe(true);
    await page.getByRole('link', { name: /^Bài tiếp:/ }).click();
    await expect.poll(() => page.getByText('Bài 2/10').isVisible()).toBe(true);
    const second = await heading(page);
    expect(second).not.toBe(first);
    await page.getByRole('button', { name: 'Tôi đã học xong bài này' }).click();
    await expect.poll(() => page.getByText('Bạn đã học xong bài này.').isVisible()).toBe(true);
    const third = (await page.getByRole('link', { name: /^Bài tiếp:/ }).textContent())!.replace('Bài tiếp: ', '');

    await page.goto(web.url);
    await page.reload();
    await expect.poll(() => page.getByText('20% hoàn thành').first().isVisible()).toBe(true);
    await page.getByRole('link', { name: `Học tiếp: ${third}` }).click();
    await expect.poll(() => heading(page)).toBe(third);
    await expect.poll(() => page.getByText('Bài 3/10').isVisible()).toBe(true);

    await page.goto(`${web.url}/courses`);
    await page.getByRole('link', { name: /^Kỹ năng số cơ bản/ }).click();
    await expect.poll(() => page.getByText('Đã học xong 2/10 bài (20%)').isVisible()).toBe(true);
    await context.close();
  });

  it('keeps a lesson finished without a network on the phone, and sends it when the network is back', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signUp(page, 'Lê Văn Tư');
    await page.goto(`${web.url}/courses?q=tri%20tue%20nhan%20tao`);
    await page.getByRole('link', { name: 'Trí tuệ nhân tạo cho mọi người' }).click();
    await page.getByRole('link', { name: 'Bắt đầu học' }).click();
    await expect.poll(() => page.getByText('Bài 1/7').isVisible()).toBe(true);

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Tôi đã học xong bài này' }).click();
    await expect.poll(() => page.getByText('Đã lưu trên máy. Tiến độ sẽ được gửi khi có mạng.').isVisible()).toBe(true);
    await expect.poll(() => page.getByText(/ghi nhận tiến độ đang chờ gửi/).isVisible()).toBe(true);
    const me = (await web.t.db.selectFrom('users').select('id').where('full_name', '=', 'Lê Văn Tư').executeTakeFirstOrThrow()).id;
    const completed = () => web.t.db.selectFrom('lesson_progress').select('lesson_id').where('user_id', '=', me).where('completed_at', 'is not', null).execute();
    expect(await completed()).toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(async () => (await completed()).length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.getByText(/ghi nhận tiến độ đang chờ gửi/).count()).toBe(0);
    await context.close();
  });
});
