import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signedInWith } from '../actors.js';
import { nationalForm, testPassword } from '../factories.js';
import { png } from '../media-fixtures.js';
import { menuLink, phoneContext, useWebApp } from './browser.js';

describe('an author of the Department of Education', () => {
  const web = useWebApp();

  async function signIn(page: Page, phone: string) {
    await page.goto(`${web.url}/signin`);
    await page.getByLabel('Số điện thoại').fill(phone);
    await page.getByLabel(/^Mật khẩu/).fill(testPassword);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Xin chào/);
  }

  it('creates a course with a picture lesson and publishes it; learners see it, and later drafts only once published', async () => {
    const author = await signedInWith(web.t, { role: 'author', unit: '91', fullName: 'Lê Thị Soạn' });
    const context = await web.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', serviceWorkers: 'block' });
    context.setDefaultTimeout(8_000);
    const page = await context.newPage();
    await signIn(page, nationalForm(author.phone!));

    await (await menuLink(page, 'Biên soạn')).click();
    await page.getByLabel('Tên khóa học').fill('Chụp ảnh giấy tờ bằng điện thoại');
    await page.getByLabel('Giới thiệu ngắn').fill('Chụp rõ, gửi đúng nơi, giữ an toàn.');
    await page.getByRole('button', { name: 'Tạo khóa học' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Chụp ảnh giấy tờ bằng điện thoại');

    await page.getByRole('tab', { name: 'Tệp' }).click();
    await page.getByLabel('Chọn tệp (ảnh, âm thanh, video, PDF)').setInputFiles({ name: 'giay-to.png', mimeType: 'image/png', buffer: await png(900, 600) });
    await page.getByLabel('Mô tả ảnh (văn bản thay thế)').fill('Tờ giấy đặt trên bàn, đủ ánh sáng');
    await page.getByRole('button', { name: 'Tải tệp lên' }).click();
    await expect.poll(() => page.getByText('Đã tải lên «giay-to.png».').isVisible()).toBe(true);

    await page.getByRole('tab', { name: 'Nội dung' }).click();
    page.once('dialog', (dialog) => dialog.accept('Chụp cho rõ'));
    await page.getByRole('button', { name: 'Thêm bài vào chương này' }).click();
    await page.getByRole('link', { name: 'Chụp cho rõ' }).click();
    const editor = page.getByLabel('Nội dung (Markdown)');
    await editor.fill('## Ánh sáng\n\nĐặt giấy nơi có ánh sáng tự nhiên.\n\n');
    await page.getByLabel('Chèn tệp').selectOption('giay-to.png');
    await expect.poll(() => page.locator('.lesson__body img').getAttribute('alt')).toBe('Tờ giấy đặt trên bàn, đủ ánh sáng');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Đã lưu lúc' }).count(), { timeout: 10_000 }).toBe(1);

    await page.getByRole('link', { name: 'Về khóa học' }).click();
    await page.getByRole('button', { name: 'Công bố' }).click();
    await expect.poll(() => page.getByText('Đã công bố phiên bản 1.').isVisible()).toBe(true);

    const learnerContext = await phoneContext(web.browser);
    const learnerPage = await learnerContext.newPage();
    const learner = await signedInWith(web.t, { fullName: 'Người Học' });
    await signIn(learnerPage, nationalForm(learner.phone!));
    await learnerPage.goto(`${web.url}/courses?q=chup%20anh%20giay%20to`);
    await learnerPage.getByRole('link', { name: 'Chụp ảnh giấy tờ bằng điện thoại' }).click();
    await learnerPage.getByRole('link', { name: 'Bắt đầu học' }).click();
    await expect.poll(() => learnerPage.getByRole('heading', { level: 1 }).textContent()).toBe('Chụp cho rõ');
    const picture = learnerPage.locator('.lesson__body img');
    expect(await picture.getAttribute('alt')).toBe('Tờ giấy đặt trên bàn, đủ ánh sáng');
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    // The author changes the draft; the learner keeps reading version 1 until it is published.
    await page.getByRole('link', { name: 'Chụp cho rõ' }).click();
    await page.getByLabel('Nội dung (Markdown)').fill('## Ánh sáng\n\nBản mới: dùng đèn bàn nếu trời tối.');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Đã lưu lúc' }).count(), { timeout: 10_000 }).toBe(1);
    web.t.clock.advance(10_000);
    await learnerPage.reload();
    await expect.poll(() => learnerPage.locator('.lesson__body').textContent()).toContain('Đặt giấy nơi có ánh sáng tự nhiên.');
    expect(await learnerPage.locator('.lesson__body').textContent()).not.toContain('Bản mới');

    await page.getByRole('link', { name: 'Về khóa học' }).click();
    await page.getByRole('button', { name: 'Công bố' }).click();
    await expect.poll(() => page.getByText('Đã công bố phiên bản 2.').isVisible()).toBe(true);
    await learnerPage.reload();
    await expect.poll(() => learnerPage.locator('.lesson__body').textContent()).toContain('Bản mới: dùng đèn bàn nếu trời tối.');
    await learnerContext.close();
    await context.close();
  });
});
