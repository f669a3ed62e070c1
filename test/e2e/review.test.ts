import { describe, expect, it } from 'vitest';
import { signedInWith } from '../actors.js';
import { buildAssistedPerson, buildTeam, insertSignup } from '../assisted-factories.js';
import { nationalForm, testPassword } from '../factories.js';
import { phoneContext, signInOnPhone, useWebApp } from './browser.js';

describe('a commune manager reviewing assisted sign-ups on a phone', () => {
  const web = useWebApp();

  it('sees a burst from one device, flags a sign-up, draws a call-back sample and records a denial, at 360 px', async () => {
    const { t } = web;
    const manager = await signedInWith(t, { role: 'manager', unit: '30307', home: '30292' });
    const helper = await signedInWith(t, { role: 'helper', unit: '30307', home: '30292', fullName: 'Trần Văn Hùng' });
    const team = await buildTeam(t.db, { unitCode: '30307', name: 'Tổ khóm Đông Thịnh', createdBy: manager.userId!, members: [helper.userId!] });
    const base = t.clock.now() - 3_600_000;
    const names = ['Nguyễn Văn Một', 'Lê Thị Hai', 'Phạm Văn Ba', 'Võ Thị Bốn', 'Đỗ Văn Năm'];
    for (const [i, name] of names.entries()) {
      const person = await buildAssistedPerson(t.db, { teamId: team, fullName: name, birthYear: 1950 + i, phone: `+84913${String(100_000 + i * 50)}` as never, now: base });
      await insertSignup(t.db, { userId: person.id, helperId: helper.userId!, teamId: team, unitCode: '30307', deviceId: 'dev-burst', ip: `203.0.113.${i}`, at: base + i * 60_000 });
    }

    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, nationalForm(manager.phone!), testPassword);
    await page.goto(`${web.url}/review/30307`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kiểm tra đăng ký có hỗ trợ');
    await expect.poll(() => page.getByRole('heading', { name: 'Nhiều lượt đăng ký từ một máy trong vài phút: dev-burst' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Đánh dấu nghi vấn' }).first().click();
    await expect.poll(() => page.getByRole('button', { name: 'Bỏ đánh dấu' }).count()).toBe(1);

    await page.getByLabel('Số lượt cần chọn').fill('2');
    await page.getByRole('button', { name: 'Chọn ngẫu nhiên' }).click();
    await expect.poll(() => page.getByText('Đã chọn thêm 2 lượt.').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: /^Gọi \+84913/ }).count()).toBe(2);
    await page.getByLabel('Ghi chú cuộc gọi').first().fill('Không hề đăng ký');
    await page.getByRole('button', { name: 'Phủ nhận' }).first().click();
    await expect.poll(() => page.getByRole('table', { name: 'Kết quả gọi lại theo tổ' }).getByRole('row').nth(1).textContent()).toBe('Tổ khóm Đông Thịnh2001');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await context.close();
  });
});
