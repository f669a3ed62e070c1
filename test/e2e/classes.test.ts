import { describe, expect, it } from 'vitest';
import { signedInWith } from '../actors.js';
import { buildCourse, buildPerson, nationalForm, testPassword, unitIdOf } from '../factories.js';
import { phoneContext, signInOnPhone, useWebApp } from './browser.js';

describe('a helper running a class on a phone', () => {
  const web = useWebApp();

  it('schedules a class, takes attendance by typing a phone number, and closes it to credit the lessons', async () => {
    const { t } = web;
    const course = await buildCourse(t.db, { title: 'Kỹ năng số cơ bản', modules: [['Làm quen với điện thoại', 'Cài ứng dụng an toàn']] });
    const helper = await signedInWith(t, { role: 'helper', unit: '30307', fullName: 'Trần Văn Hùng' });
    const team = await t.db
      .insertInto('helper_teams')
      .values({ unit_id: await unitIdOf(t.db, '30307'), name: 'Tổ Đông Thịnh', leader_user_id: helper.userId, created_by: helper.userId!, created_at: t.clock.now(), retired_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('helper_team_members').values({ team_id: team.id, user_id: helper.userId!, added_by: helper.userId!, added_at: t.clock.now() }).execute();
    const attendee = await buildPerson(t.db, { fullName: 'Nguyễn Văn Ba' });

    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, nationalForm(helper.phone!), testPassword);
    await page.goto(`${web.url}/helper/classes`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Buổi học trực tiếp');
    await page.getByRole('button', { name: 'Lên lịch buổi học' }).click();
    await page.getByLabel(/Địa điểm/).fill('Nhà văn hóa khóm Đông Thịnh');
    // Today, in a few minutes (the test clock), Vietnam time.
    const start = new Date(t.clock.now() + 7 * 3_600_000 + 5 * 60_000).toISOString();
    await page.getByLabel('Ngày').fill(start.slice(0, 10));
    await page.getByLabel('Giờ bắt đầu').fill(start.slice(11, 16));
    await page.getByLabel('Khóa học').selectOption(String(course.id));
    await page.getByLabel('Làm quen với điện thoại').check();
    await page.getByLabel('Cài ứng dụng an toàn').check();
    await page.getByRole('button', { name: 'Lên lịch', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kỹ năng số cơ bản');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.getByLabel('Hoặc nhập số điện thoại hay mã trên thẻ').fill(nationalForm(attendee.phone));
    await page.getByRole('button', { name: 'Gửi' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Đã điểm danh Nguyễn Văn Ba.');
    await expect.poll(() => page.locator('.attendee-list').textContent()).toContain('Nguyễn Văn Ba');

    t.clock.advance(30 * 60_000);
    await page.reload();
    await page.getByRole('button', { name: 'Kết thúc và ghi nhận tiến độ' }).click();
    await expect.poll(() => page.locator('.attendee-list').textContent()).toContain('Đã ghi nhận');
    const marks = await t.db.selectFrom('lesson_progress').select('source').where('user_id', '=', attendee.id).execute();
    expect(marks.map((m) => m.source)).toEqual(['class', 'class']);
    await context.close();
  });
});
