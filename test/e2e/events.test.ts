/**
 * An organiser on a 360×640 phone creates an event, publishes it and writes its programme; anyone then opens the
 * public page and sees what is on now and what comes next.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildPerson, grant, nationalForm, testPassword } from '../factories.js';
import { menuLink, phoneContext, signInOnPhone, useWebApp } from './browser.js';

const vietnamInput = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);

async function fitsTheScreen(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

describe('events on a phone', () => {
  const web = useWebApp();

  it('an organiser creates and publishes an event with a programme, and the public page shows now and next', async () => {
    const organiser = await buildPerson(web.t.db, { fullName: 'Huỳnh Tổ Chức' });
    await grant(web.t.db, organiser.id, 'organiser', '91');
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await signInOnPhone(page, web.url, nationalForm(organiser.phone), testPassword);

    await (await menuLink(page, 'Sự kiện')).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sự kiện tôi tổ chức');
    // Minutes only: the inputs hold no seconds.
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    await page.getByLabel('Tên sự kiện').fill('Ngày hội Bình dân học vụ số');
    await page.getByLabel('Bắt đầu (giờ Việt Nam)').fill(vietnamInput(now - 10 * 60_000));
    await page.getByLabel('Kết thúc (giờ Việt Nam)').fill(vietnamInput(now + 110 * 60_000));
    await fitsTheScreen(page);
    await page.getByRole('button', { name: 'Tạo sự kiện' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Ngày hội Bình dân học vụ số');
    for (const name of ['Chương trình', 'Địa điểm và điểm cầu', 'Giấy mời và số lượng', 'Quét mã điểm danh', 'Số người có mặt', 'Nút ra mắt và màn hình lớn', 'Nhiệm vụ chuẩn bị', 'Kinh phí']) {
      const box = await page.getByRole('link', { name }).boundingBox();
      expect(box!.height, name).toBeGreaterThanOrEqual(44);
    }
    await page.getByRole('button', { name: 'Công bố sự kiện' }).click();
    await expect.poll(() => page.getByText('Đã công bố').first().isVisible()).toBe(true);
    await fitsTheScreen(page);

    await page.getByRole('link', { name: 'Chương trình' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Chương trình');
    const addItem = async (startsAt: number, minutes: string, content: string) => {
      await page.getByLabel('Bắt đầu (giờ Việt Nam)').fill(vietnamInput(startsAt));
      await page.getByLabel('Thời lượng (phút)').fill(minutes);
      await page.getByLabel('Nội dung').fill(content);
      await page.getByRole('button', { name: 'Thêm vào chương trình' }).click();
      await expect.poll(() => page.getByText(content).first().isVisible()).toBe(true);
    };
    await addItem(now - 10 * 60_000, '30', 'Đón tiếp đại biểu');
    await addItem(now + 20 * 60_000, '20', 'Văn nghệ chào mừng');
    // An item running past the end is warned, not refused.
    await addItem(now + 100 * 60_000, '30', 'Giao lưu kéo dài');
    await expect.poll(() => page.getByText('kéo dài quá giờ kết thúc sự kiện', { exact: false }).isVisible()).toBe(true);
    await fitsTheScreen(page);
    await context.close();

    const { slug } = await web.t.db.selectFrom('events').select('slug').where('title', '=', 'Ngày hội Bình dân học vụ số').executeTakeFirstOrThrow();
    expect(slug).toBe('ngay-hoi-binh-dan-hoc-vu-so');
    const visitor = await phoneContext(web.browser);
    const guest = await visitor.newPage();
    await guest.goto(`${web.url}/events/${slug}`);
    await expect.poll(() => guest.getByRole('heading', { level: 1 }).textContent()).toBe('Ngày hội Bình dân học vụ số');
    const box = guest.getByTestId('now-next');
    await expect.poll(() => box.textContent()).toContain('Đón tiếp đại biểu');
    expect(await box.textContent()).toContain('Tiếp theo:');
    expect(await box.textContent()).toContain('Văn nghệ chào mừng');
    await fitsTheScreen(guest);
    await visitor.close();
  });
});
