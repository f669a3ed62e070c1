import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoPassword, seedDemo } from '../../src/server/bootstrap/demo.seed.js';
import { MediaStore } from '../../src/server/media/media-store.js';
import { phoneContext, signInOnPhone, useWebApp } from './browser.js';

async function fitsTheScreen(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

describe('news on a phone', () => {
  const web = useWebApp();

  it('shows the latest posts under the home page, the news list and a post, without signing in', async () => {
    await seedDemo({ db: web.t.db, store: new MediaStore(web.t.config.mediaDir), config: web.t.config }, web.t.clock.now());
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await page.goto(`${web.url}/`);
    // The home page's own first screen comes first; the news follows below it.
    await expect.poll(() => page.getByRole('heading', { name: 'Tin mới' }).isVisible()).toBe(true);
    const firstButton = await page.getByRole('link', { name: /bắt đầu|đăng ký/i }).first().boundingBox();
    const newsHeading = await page.getByRole('heading', { name: 'Tin mới' }).boundingBox();
    expect(newsHeading!.y).toBeGreaterThan(firstButton!.y);
    await page.getByRole('link', { name: 'Xem tất cả tin' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tin tức');
    const links = page.getByRole('heading', { level: 3 }).getByRole('link');
    await expect.poll(() => links.allTextContents()).toEqual(['Cách tham gia học trên ứng dụng “Học tập suốt đời”', 'An Giang phát động phong trào “Bình dân học vụ số”']);
    await fitsTheScreen(page);
    await links.first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Cách tham gia học trên ứng dụng “Học tập suốt đời”');
    await expect.poll(() => page.getByText('Tổ công nghệ số cộng đồng', { exact: false }).first().isVisible()).toBe(true);
    expect(await page.locator('.lesson__body strong').first().textContent()).toBe('Học tập suốt đời');
    const back = await page.getByRole('link', { name: /Tin tức/ }).boundingBox();
    expect(back!.height).toBeGreaterThanOrEqual(44);
    await fitsTheScreen(page);
    await context.close();
  }, 60_000);

  it('lets the organiser write a post that appears on the public page once published', async () => {
    // The organiser's phone runs two minutes ahead of the server: "publish now" must still mean now.
    web.t.clock.current = Date.now() - 120_000;
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, '0900 000 006', demoPassword);
    await page.goto(`${web.url}/organise/news`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Viết tin tuyên truyền');
    await page.getByLabel('Tiêu đề').fill('Tuần lễ học tập suốt đời');
    await page.getByLabel('Nội dung').fill('Mời bà con cùng **học kỹ năng số**.');
    await page.getByLabel(/Đăng tin/).check();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Tuần lễ học tập suốt đời' }).isVisible()).toBe(true);
    // Its own card says it is public (the demo's posts say so too).
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Tuần lễ học tập suốt đời' }) });
    await expect.poll(() => card.getByText('Đang hiển thị').isVisible()).toBe(true);
    const save = await page.getByRole('button', { name: 'Lưu' }).boundingBox();
    expect(save!.height).toBeGreaterThanOrEqual(44);
    await fitsTheScreen(page);
    await page.goto(`${web.url}/news`);
    await expect.poll(() => page.getByRole('link', { name: 'Tuần lễ học tập suốt đời' }).isVisible()).toBe(true);
    await context.close();
  }, 60_000);
});
