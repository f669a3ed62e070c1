/** An admin on a phone registers a webhook, copies the secret shown once, and reads the delivery log. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInWith } from '../actors.js';
import { buildCourse, buildPerson, grant, nationalForm, testPassword } from '../factories.js';
import { startWebhookReceiver, type WebhookReceiver } from '../webhook-receiver.js';
import { menuLink, phoneContext, signInOnPhone, useWebApp } from './browser.js';

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

describe('webhooks admin screen', () => {
  const web = useWebApp({
    env: { WEBHOOK_ALLOWED_HOSTS: 'receiver.test', WEBHOOK_ALLOW_HTTP: '1' },
    app: {
      outboundNetwork: {
        resolve: async (host) => (host === 'receiver.test' ? ['127.0.0.1'] : []),
        permit: (host, address, port) => host === 'receiver.test' && address === '127.0.0.1' && port === receiver.port,
      },
    },
  });

  it('registers, shows the secret once, lists deliveries with their response codes', async () => {
    const { t, url, browser } = web;
    const admin = await buildPerson(t.db, { unitCode: '30307', fullName: 'Quản Trị Viên' });
    await grant(t.db, admin.id, 'admin', '30307');
    const page = await (await phoneContext(browser)).newPage();
    await signInOnPhone(page, url, nationalForm(admin.phone), testPassword);
    await (await menuLink(page, 'Kết nối hệ thống')).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kết nối hệ thống');
    await page.getByRole('link', { name: 'Webhook' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Webhook');

    await page.getByLabel(/Địa chỉ nhận/).fill('http://10.0.0.5/hook');
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/danh sách được phép|nội bộ/);

    await page.getByLabel(/Địa chỉ nhận/).fill(`http://receiver.test:${receiver.port}/hoctap`);
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    const secret = page.locator('code.secret');
    await expect.poll(() => secret.textContent()).toMatch(/^whsec_/);
    receiver.secret = (await secret.textContent())!;

    const learner = await signedInWith(t);
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    expect((await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date(t.clock.now()).toISOString() })).statusCode).toBe(200);
    await t.app.jobs.runDue();
    expect(receiver.accepted().map((b) => b.type).sort()).toEqual(['certificate.issued', 'course.completed']);

    // A fresh visit: the secret is not shown again.
    await page.reload();
    await expect.poll(() => page.getByText(/Đã gửi 2/).count()).toBe(1);
    expect(await page.locator('code.secret').count()).toBe(0);
    await page.getByRole('button', { name: 'Nhật ký gửi' }).click();
    await expect.poll(() => page.getByText(/mã phản hồi 204/).count()).toBe(2);
    await page.getByRole('button', { name: 'Gửi lại' }).first().click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/hàng đợi gửi lại/);

    // Usable on a 360 px phone: nothing wider than the screen, buttons big enough to tap.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    for (const box of await page.locator('.card button').evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().height))) expect(box).toBeGreaterThanOrEqual(44);
  });
});
