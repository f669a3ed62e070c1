/**
 * The public verify page a certificate's QR opens, in a phone browser: the right outcome for a good short
 * link, an altered one, another certificate's tag, a link printed before (long), a revoked certificate,
 * and a code typed by hand. An altered QR is never shown as valid.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signedInWith } from '../actors.js';
import { buildCourse } from '../factories.js';
import { phoneContext, useWebApp } from './browser.js';

describe('the verify page', () => {
  const web = useWebApp();

  async function certificateOf(who: Actor): Promise<{ code: string; verifyUrl: string }> {
    const course = await buildCourse(web.t.db, { modules: [['Bài duy nhất']] });
    web.t.clock.advance(1000);
    const at = new Date(web.t.clock.now()).toISOString();
    expect((await who.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at })).statusCode).toBe(200);
    return (await who.get('/api/me/certificates')).json().certificates[0];
  }

  let mine: { code: string; verifyUrl: string };
  let theirs: { code: string; verifyUrl: string };
  let page: Page;
  const heading = () => page.getByRole('heading', { level: 1 }).textContent();
  const open = async (link: string) => {
    await page.goto('about:blank');
    await page.goto(link);
    await expect.poll(heading).not.toBeNull();
  };
  const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
  const parts = () => mine.verifyUrl.split('#') as [string, string];

  beforeAll(async () => {
    mine = await certificateOf(await signedInWith(web.t, { fullName: 'Lâm Thị Kiểm Tra' }));
    theirs = await certificateOf(await signedInWith(web.t, { fullName: 'Người Khác' }));
    page = await (await phoneContext(web.browser)).newPage();
  });

  it('says valid for the QR link as printed, and never for an altered tag or another certificate’s tag', async () => {
    const [base, tag] = parts();
    await open(mine.verifyUrl);
    await expect.poll(heading).toBe('Chứng nhận hợp lệ');
    await expect.poll(() => page.getByText('Lâm Thị Kiểm Tra', { exact: true }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Mã QR do nền tảng cấp cho đúng chứng nhận này và chưa bị sửa.').isVisible()).toBe(true);
    for (const altered of [`${base}#${flip(tag, 0)}`, `${base}#${flip(tag, tag.length - 1)}`, `${base}#${theirs.verifyUrl.split('#')[1]}`]) {
      await open(altered);
      await expect.poll(heading, { message: altered }).toMatch(/không khớp chữ ký số/);
      expect(await page.getByText('Lâm Thị Kiểm Tra', { exact: true }).count()).toBe(0);
    }
  });

  it('still checks a link printed before the short ones, and says what a code typed by hand was checked against', async () => {
    const [base] = parts();
    const row = await web.t.db.selectFrom('certificates').select(['payload', 'signature']).where('code', '=', mine.code).executeTakeFirstOrThrow();
    await open(`${base}#${row.payload}.${row.signature}`);
    await expect.poll(heading).toBe('Chứng nhận hợp lệ');
    await expect.poll(() => page.getByText('Chữ ký số trong mã QR khớp với khóa công khai của nền tảng.').isVisible()).toBe(true);
    await open(`${base}#${flip(row.payload, 3)}.${row.signature}`);
    await expect.poll(heading).toMatch(/không khớp chữ ký số/);
    await open(base);
    await expect.poll(heading).toBe('Chứng nhận hợp lệ');
    await expect.poll(() => page.getByText('Kết quả theo sổ chứng nhận của nền tảng.', { exact: false }).isVisible()).toBe(true);
  });

  it('says revoked, with date and reason, once an admin revokes it; an altered tag still reads altered', async () => {
    const [base, tag] = parts();
    const admin = await signedInWith(web.t, { role: 'admin', unit: '91' });
    expect((await admin.post(`/api/certificates/${mine.code}/revoke`, { reason: 'Cấp nhầm người' })).statusCode).toBe(200);
    await open(mine.verifyUrl);
    await expect.poll(heading).toMatch(/^Chứng nhận đã bị thu hồi ngày .*Lý do: Cấp nhầm người$/);
    await open(`${base}#${flip(tag, 4)}`);
    await expect.poll(heading).toMatch(/không khớp chữ ký số/);
  });
});
