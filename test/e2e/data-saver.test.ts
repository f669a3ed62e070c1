import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { phoneContext, signUpOnPhone, useWebApp } from './browser.js';

describe('"Tiết kiệm dữ liệu" on a 360×640 phone', () => {
  const web = useWebApp({ withShippedCourses: true });

  const firstLesson = async () => {
    const lesson = await web.t.db.selectFrom('published_lessons').select('lesson_id').where('title', '=', 'Màn hình, nút bấm và những thao tác đầu tiên').executeTakeFirst();
    return lesson ? `${web.url}/lessons/${lesson.lesson_id}` : '';
  };
  const setDataSaver = async (page: Page, on: boolean) => {
    await page.goto(`${web.url}/profile`);
    await page.getByLabel('Tiết kiệm dữ liệu').setChecked(on);
  };

  it('loads no lesson picture until it is tapped, then only its phone size; with the setting off the picture has its srcset', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    const pictures: string[] = [];
    page.on('request', (request: Request) => {
      if (new URL(request.url()).pathname.startsWith('/media/')) pictures.push(request.url());
    });
    await signUpOnPhone(page, web.url, 'Thạch Thị Sa Vy');
    const lesson = await firstLesson();
    expect(lesson).not.toBe('');

    await setDataSaver(page, true);
    await page.goto(lesson);
    const placeholder = page.getByRole('button', { name: /^Chạm để xem hình \(\d+ KB\): Hình vẽ điện thoại/ });
    await placeholder.scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 4000);
    await page.waitForLoadState('networkidle');
    expect(pictures).toEqual([]);
    expect(await page.locator('.lesson__body img').count()).toBe(0);
    const box = (await placeholder.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.x + box.width).toBeLessThanOrEqual(360);

    await placeholder.click();
    const picture = page.getByRole('img', { name: /^Hình vẽ điện thoại/ });
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(pictures).toHaveLength(1);
    expect(pictures[0]).toMatch(/\/w480\.webp$/);

    await setDataSaver(page, false);
    pictures.length = 0;
    await page.goto(lesson);
    const full = page.getByRole('img', { name: /^Hình vẽ điện thoại/ });
    expect(await full.getAttribute('srcset')).toMatch(/w480\.webp 480w, .*w960\.webp 960w/);
    expect(Number(await full.getAttribute('width'))).toBeGreaterThan(0);
    expect(Number(await full.getAttribute('height'))).toBeGreaterThan(0);
    await full.scrollIntoViewIfNeeded();
    await expect.poll(() => pictures.length).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: /^Chạm để xem hình/ }).count()).toBe(0);
    await context.close();
  });
});
