import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword, seedDemo } from '../../src/server/bootstrap/demo.seed.js';
import { MediaStore } from '../../src/server/media/media-store.js';
import { phoneContext, signInOnPhone, useWebApp } from './browser.js';

async function fitsTheScreen(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

describe('an invitation on a phone', () => {
  const web = useWebApp();
  let secret = '';
  let code = '';
  let eventId = 0;

  it('the demo learner opens the link of her invitation, signed out, and accepts', async () => {
    await seedDemo({ db: web.t.db, store: new MediaStore(web.t.config.mediaDir), config: web.t.config }, web.t.clock.now());
    const invitation = await web.t.db
      .selectFrom('event_invitations as i')
      .innerJoin('users as p', 'p.id', 'i.user_id')
      .select(['i.secret', 'i.code', 'i.event_id'])
      .where('p.phone', '=', demoAccounts[0]!.phone)
      .executeTakeFirstOrThrow();
    ({ secret, code } = invitation);
    eventId = invitation.event_id;

    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await page.goto(`${web.url}/invite#${secret}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Giấy mời');
    await expect.poll(() => page.getByText('Kính gửi N*** Thị Lan,').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('07:30 19/05/2025 · Hội trường UBND tỉnh').isVisible()).toBe(true);
    const accept = page.getByRole('button', { name: 'Tôi sẽ tham dự' });
    // The answer is on the first screen, and large enough for a thumb.
    const box = (await accept.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(640);
    expect(box.height).toBeGreaterThanOrEqual(44);
    await fitsTheScreen(page);
    await accept.click();
    await expect.poll(() => page.getByText('Đã xác nhận tham dự').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Tôi sẽ tham dự' }).count()).toBe(0);
    const stored = await web.t.db.selectFrom('event_invitations').select('rsvp').where('secret', '=', secret).executeTakeFirstOrThrow();
    expect(stored.rsvp).toBe('accepted');

    // A link with a wrong secret says so (a fresh load: only the fragment differs).
    await page.goto('about:blank');
    await page.goto(`${web.url}/invite#${'B'.repeat(32)}`);
    await expect.poll(() => page.getByText('Không tìm thấy giấy mời này', { exact: false }).isVisible()).toBe(true);
    await context.close();
  });

  it('signed in, she finds it under "Giấy mời của tôi" with her door code and a QR that holds the link', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, '0900 000 001', demoPassword);
    await page.goto(`${web.url}/invitations`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Giấy mời của tôi');
    await expect.poll(() => page.getByText(code).isVisible()).toBe(true);
    const qr = page.getByRole('img', { name: 'Mã QR vào cửa của bạn' });
    await expect.poll(() => qr.isVisible()).toBe(true);
    const { data, info } = await sharp(await qr.screenshot()).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data).toBe(`${web.url}/invite#${secret}`);
    await fitsTheScreen(page);
    await context.close();
  });

  it('the organiser sees the quota grid fill', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, '0900 000 006', demoPassword);
    await page.goto(`${web.url}/organise/events/${eventId}/invitations`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đại biểu và giấy mời');
    await expect.poll(() => page.getByRole('cell', { name: '1/20 (xác nhận 1)' }).isVisible()).toBe(true);
    await context.close();
  });
});
