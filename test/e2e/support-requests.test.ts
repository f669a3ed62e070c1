import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/server/bootstrap/demo.seed.js';
import { MediaStore } from '../../src/server/media/media-store.js';
import { phoneContext, signInOnPhone, useWebApp } from './browser.js';

describe('a support request on phones', () => {
  const web = useWebApp();

  it('a citizen asks for help at /help, the demo helper takes and resolves it at /helper/requests, and the citizen sees it resolved', async () => {
    const { t, url, browser } = web;
    await seedDemo({ db: t.db, store: new MediaStore(t.config.mediaDir), config: t.config }, t.clock.now());
    // The demo seed made the team of khóm Đông Thịnh and routed its three requests to it.
    expect((await t.db.selectFrom('support_requests').select('status').orderBy('id').execute()).map((r) => r.status)).toEqual(['resolved', 'assigned', 'open']);

    const citizenContext = await phoneContext(browser);
    const citizen = await citizenContext.newPage();
    await signInOnPhone(citizen, url, '0900000001', 'hoctap-demo');
    await citizen.getByRole('navigation', { name: 'Trình đơn chính' }).getByRole('link', { name: 'Nhờ hỗ trợ' }).click();
    await expect.poll(() => citizen.getByRole('heading', { level: 1 }).textContent()).toBe('Nhờ hỗ trợ');
    const topic = citizen.getByRole('button', { name: /VNeID/ });
    const box = (await topic.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.y + box.height).toBeLessThanOrEqual(640);
    await topic.click();
    await citizen.getByLabel('Bạn cần giúp gì? Kể ngắn gọn').fill('Tôi không kích hoạt được VNeID mức 2 trên điện thoại.');
    await citizen.getByRole('button', { name: 'Buổi chiều' }).click();
    await citizen.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await expect.poll(() => citizen.getByText('Đã gửi yêu cầu. Tổ hỗ trợ sẽ liên hệ với bạn.').isVisible()).toBe(true);
    const mine = citizen.locator('.request-card', { hasText: 'kích hoạt được VNeID' });
    await expect.poll(() => mine.textContent()).toContain('Đang chờ hỗ trợ');
    expect(await citizen.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const helperContext = await phoneContext(browser);
    const helperPage = await helperContext.newPage();
    await signInOnPhone(helperPage, url, '0900000002', 'hoctap-demo');
    await helperPage.goto(`${url}/helper/requests`);
    const card = helperPage.locator('.request-card', { hasText: 'kích hoạt được VNeID' });
    await expect.poll(() => card.textContent()).toContain('Nguyễn Thị Lan');
    await card.getByRole('button', { name: 'Xem và xử lý' }).click();
    await card.getByRole('button', { name: 'Tôi nhận hỗ trợ' }).click();
    await expect.poll(() => card.textContent()).toContain('Người nhận: Trần Văn Hùng');
    await card.getByLabel('Ghi chú mới').fill('Đã gọi, hẹn chiều nay ở nhà văn hóa khóm.');
    await card.getByRole('button', { name: 'Thêm ghi chú' }).click();
    await expect.poll(() => card.locator('.notes').textContent()).toContain('hẹn chiều nay');
    await card.getByLabel('Lời nhắn cho người dân khi đã xong').fill('Đã kích hoạt VNeID mức 2 cho bác.');
    await card.getByRole('button', { name: 'Đã giải quyết xong' }).click();
    await expect.poll(() => helperPage.locator('.request-card', { hasText: 'kích hoạt được VNeID' }).count()).toBe(0);
    // The team's figures: what is still waiting, and nothing overdue yet.
    const figures = helperPage.locator('.team-figures');
    await expect.poll(() => figures.textContent()).toContain('Tổ công nghệ số cộng đồng khóm Đông Thịnh');
    expect(await helperPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    if (process.env.REQ_SHOTS) await helperPage.screenshot({ path: '/tmp/req-helper.png', fullPage: true });

    await citizen.reload();
    await expect.poll(() => mine.textContent()).toContain('Đã giải quyết');
    expect(await mine.textContent()).toContain('Đã kích hoạt VNeID mức 2 cho bác.');
    expect(await mine.textContent()).not.toContain('hẹn chiều nay');
    if (process.env.REQ_SHOTS) await citizen.screenshot({ path: '/tmp/req-citizen.png', fullPage: true });
    await citizenContext.close();
    await helperContext.close();
  }, 120_000);
});
