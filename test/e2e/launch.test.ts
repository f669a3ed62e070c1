import { describe, expect, it } from 'vitest';
import type { EventId } from '../../src/shared/ids.js';
import { anonymous, signIn } from '../actors.js';
import { buildEvent } from '../event-factories.js';
import { buildPerson, grant, nationalForm, nextPhone, testPassword } from '../factories.js';
import { phoneContext, signInOnPhone, useWebApp } from './browser.js';

describe('the launch on the big screen and two leaders’ phones', () => {
  const web = useWebApp();

  it('opens the big screen with a token, two leaders press on their own phones, the screen shows the launch, and a sign-up moves the counts', async () => {
    const { t, url, browser } = web;
    const organiserPerson = await buildPerson(t.db, { fullName: 'Huỳnh Quốc Bảo' });
    await grant(t.db, organiserPerson.id, 'organiser', '91');
    const organiser = await signIn(t, organiserPerson.phone);
    const eventId: EventId = await buildEvent(t.db, { unitCode: '91', createdBy: organiserPerson.id, title: 'Lễ phát động Bình dân học vụ số', startsAt: t.clock.now() - 60_000 });
    const leaders = [await buildPerson(t.db, { fullName: 'Hồ Văn Mừng' }), await buildPerson(t.db, { fullName: 'Lê Trung Hồ' })];
    const configured = await organiser.request('PUT', `/api/events/${eventId}/launch`, {
      leaderPhones: leaders.map((l) => nationalForm(l.phone)),
      pressesNeeded: 2,
      plannedAt: new Date(t.clock.now() + 600_000).toISOString(),
      courseIds: [],
      campaignId: null,
    });
    expect(configured.statusCode, configured.body).toBe(200);
    const { token } = (await organiser.post(`/api/events/${eventId}/screen-tokens`, { name: 'Màn hình hội trường' })).json();
    await t.db.updateTable('events').set({ status: 'live' }).where('id', '=', eventId).execute();

    const screenContext = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN', serviceWorkers: 'block' });
    screenContext.setDefaultTimeout(8_000);
    const screen = await screenContext.newPage();
    await screen.goto(`${url}/screen#${token}`);
    await expect.poll(() => screen.getByRole('heading', { level: 1 }).textContent()).toBe('Lễ phát động Bình dân học vụ số');
    await expect.poll(() => screen.getByText('Đã nhấn 0/2').isVisible()).toBe(true);
    await expect.poll(() => screen.getByText('Đếm ngược đến giờ phát động').isVisible()).toBe(true);

    const phones = [];
    for (const leader of leaders) {
      const page = await (await phoneContext(browser)).newPage();
      await signInOnPhone(page, url, nationalForm(leader.phone), testPassword);
      await page.goto(`${url}/launch/${eventId}`);
      phones.push(page);
    }
    const [first, second] = phones as [(typeof phones)[number], (typeof phones)[number]];
    await first.getByRole('button', { name: 'NHẤN ĐỂ PHÁT ĐỘNG' }).click();
    await expect.poll(() => first.getByText('Đã nhấn — chờ 1 người nữa').isVisible()).toBe(true);
    expect(await first.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expect.poll(() => screen.getByText('Đã nhấn 1/2').isVisible(), { timeout: 8_000 }).toBe(true);

    const button = second.getByRole('button', { name: 'NHẤN ĐỂ PHÁT ĐỘNG' });
    const box = (await button.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    await button.click();
    await expect.poll(() => second.getByText('Đã phát động').isVisible()).toBe(true);
    await expect.poll(() => screen.getByText('CHÍNH THỨC PHÁT ĐỘNG PHONG TRÀO BÌNH DÂN HỌC VỤ SỐ').isVisible(), { timeout: 8_000 }).toBe(true);
    await expect.poll(() => first.getByText('Đã phát động').isVisible(), { timeout: 8_000 }).toBe(true);

    const signUps = screen.getByTestId('screen-signups');
    await expect.poll(() => signUps.isVisible()).toBe(true);
    const before = Number((await signUps.textContent())!.replace(/\D/g, ''));
    const registered = await anonymous(t).post('/api/auth/register', { phone: nationalForm(nextPhone()), password: 'mot-hai-ba-bon', fullName: 'Nguyễn Thị Bảy', birthYear: 1962, unitCode: '30307', consent: true });
    expect(registered.statusCode).toBe(201);
    await expect.poll(async () => Number((await signUps.textContent())!.replace(/\D/g, '')), { timeout: 8_000 }).toBe(before + 1);
    await expect.poll(() => screen.locator('.screen__ranking li').first().textContent()).toMatch(/Long Xuyên/);
    await screenContext.close();
  }, 90_000);
});
