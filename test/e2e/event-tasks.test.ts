import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoPassword, seedDemo } from '../../src/server/bootstrap/demo.seed.js';
import { MediaStore } from '../../src/server/media/media-store.js';
import { phoneContext, signInOnPhone, useWebApp } from './browser.js';

async function fitsTheScreen(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

describe('event tasks and budget on a phone', () => {
  const web = useWebApp();

  it('the organiser sees the overdue task first and the budget totals; the ward manager reports on the ward’s task', async () => {
    await seedDemo({ db: web.t.db, store: new MediaStore(web.t.config.mediaDir), config: web.t.config }, web.t.clock.now());
    const event = await web.t.db.selectFrom('events').select('id').where('slug', '=', 'le-phat-dong-binh-dan-hoc-vu-so').executeTakeFirstOrThrow();
    const organiser = await (await phoneContext(web.browser)).newPage();
    await signInOnPhone(organiser, web.url, '0900 000 006', demoPassword);
    await organiser.goto(`${web.url}/organise/events/${event.id}/tasks`);
    await expect.poll(() => organiser.getByText('1 nhiệm vụ quá hạn').isVisible()).toBe(true);
    expect(await organiser.getByRole('heading', { level: 3 }).first().textContent()).toBe('Hỗ trợ chạy quảng bá trên mạng xã hội');
    await fitsTheScreen(organiser);
    await organiser.goto(`${web.url}/organise/events/${event.id}/budget`);
    await expect.poll(() => organiser.getByRole('heading', { name: 'Tổng theo nguồn kinh phí' }).isVisible()).toBe(true);
    const total = organiser.getByRole('row', { name: /Tổng cộng/ });
    await expect.poll(() => total.textContent()).toContain('103.100.000');
    await fitsTheScreen(organiser);

    const manager = await (await phoneContext(web.browser)).newPage();
    await signInOnPhone(manager, web.url, '0900 000 004', demoPassword);
    await manager.goto(`${web.url}/units/30307/tasks`);
    await expect.poll(() => manager.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['Mời đại diện Tổ công nghệ số cộng đồng tham dự và phát biểu hưởng ứng']);
    await manager.getByLabel('Tình trạng').selectOption('blocked');
    await manager.getByLabel('Ghi chú').fill('Chờ danh sách tổ');
    await manager.getByRole('button', { name: 'Cập nhật tình trạng' }).click();
    await expect.poll(() => manager.getByText('Ghi chú: Chờ danh sách tổ').isVisible()).toBe(true);
    await fitsTheScreen(manager);
    await organiser.goto(`${web.url}/organise/events/${event.id}/tasks`);
    await expect.poll(() => organiser.getByText('Cập nhật bởi Phạm Minh Tuấn', { exact: false }).isVisible()).toBe(true);
  }, 90_000);
});
