import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { demoPassword, seedDemo } from '../../src/server/bootstrap/demo.seed.js';
import { MediaStore } from '../../src/server/media/media-store.js';
import { formatPhoneNational } from '../../src/shared/phone.js';
import { nationalForm, nextPhone } from '../factories.js';
import { phoneContext, signInOnPhone, useWebApp } from './browser.js';

const demoTeam = 'Tổ công nghệ số cộng đồng khóm Đông Thịnh';

/** Everything the page's origin keeps on the phone: Web Storage, Cache Storage (keys and bodies) and every IndexedDB record. */
function storedOnPhone(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) parts.push(request.url, await ((await cache.match(request))?.text() ?? ''));
    }
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of [...db.objectStoreNames]) {
        const all = await new Promise<unknown[]>((resolve) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
        });
        parts.push(JSON.stringify(all));
      }
      db.close();
    }
    return parts.join('\n');
  });
}

describe('a helper signs a citizen up on a 360×640 phone, prints their card, and the card signs them in on another phone', () => {
  const web = useWebApp();
  const scratch = mkdtempSync(path.join(tmpdir(), 'hoctap-assisted-e2e-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  beforeAll(async () => {
    const deps = { db: web.t.db, store: new MediaStore(web.t.config.mediaDir), config: web.t.config };
    await seedDemo(deps, web.t.clock.now());
    const seeded = await web.t.db.selectFrom('assisted_signups').select('channel').execute();
    expect(seeded).toEqual([{ channel: 'assisted_paper' }, { channel: 'assisted_paper' }]);
  });

  it('signs up a new citizen with a texted code in under two minutes and leaves nothing of them on the phone', async () => {
    const context = await phoneContext(web.browser, { serviceWorkers: 'allow' });
    const page = await context.newPage();
    await signInOnPhone(page, web.url, '0900000002', demoPassword);

    const citizenPhone = nextPhone();
    const citizenName = 'Chau Thị Sa Rết';
    const started = Date.now();
    await page.goto(`${web.url}/helper/signup`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng ký hộ người dân');
    await expect.poll(() => page.getByText(demoTeam).isVisible()).toBe(true);

    await page.getByLabel('Số điện thoại của người dân').fill(formatPhoneNational(citizenPhone));
    await page.getByLabel('Họ và tên').click();
    await expect.poll(() => page.getByText('Số này chưa có tài khoản: sẽ tạo tài khoản mới.').isVisible()).toBe(true);
    await page.getByLabel('Họ và tên').fill(citizenName);
    await page.getByLabel('Năm sinh').fill('1957');
    await page.getByRole('button', { name: 'Gửi mã đến điện thoại người dân' }).click();
    await expect.poll(() => page.getByText('Đã gửi mã. Nhờ người dân mở tin nhắn và đọc mã cho bạn.').isVisible()).toBe(true);
    // The citizen reads the code from their own phone: here, from the text message the platform sent.
    await expect.poll(() => web.t.outbox.filter((m) => m.to === citizenPhone).length).toBe(1);
    const code = /(\d{6})/.exec(web.t.outbox.find((m) => m.to === citizenPhone)!.text)![1]!;
    await page.getByLabel('Mã người dân đọc lại (6 chữ số)').fill(code);
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await expect.poll(() => page.getByText(`Đã đăng ký cho ${citizenName}.`).isVisible()).toBe(true);
    const elapsedMs = Date.now() - started;
    expect(elapsedMs).toBeLessThan(120_000);

    const person = await web.t.db.selectFrom('users').select(['id', 'assisted_team_id', 'password_hash']).where('phone', '=', citizenPhone).executeTakeFirstOrThrow();
    expect(person.assisted_team_id).not.toBeNull();
    expect(await page.getByRole('link', { name: 'In thẻ đăng nhập' }).getAttribute('href')).toBe(`/helper/cards?person=${person.id}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    for (const button of await page.getByRole('button').all()) {
      const box = await button.boundingBox();
      if (box) expect(box.height).toBeGreaterThanOrEqual(44);
    }

    // The next sign-up starts from an empty form.
    await page.getByRole('button', { name: 'Đăng ký người khác' }).click();
    expect(await page.getByLabel('Số điện thoại của người dân').inputValue()).toBe('');
    expect(await page.getByLabel('Họ và tên').inputValue()).toBe('');

    const stored = await storedOnPhone(page);
    // What is looked through is really there: the phone's own random id is kept in localStorage.
    expect(stored).toContain('hoctap.device');
    for (const trace of [citizenPhone, nationalForm(citizenPhone), citizenPhone.slice(3), citizenName, 'Sa Rết']) expect(stored).not.toContain(trace);

    // The card: printed from the link the sign-up offered, its QR decoded from the PDF and opened on another phone.
    await page.goto(`${web.url}/helper/cards?person=${person.id}`);
    const citizen = page.getByRole('checkbox', { name: new RegExp(citizenName) });
    await expect.poll(() => citizen.isVisible()).toBe(true);
    if (!(await citizen.isChecked())) await citizen.check();
    await page.getByRole('radio', { name: /^A6/ }).check();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'In thẻ cho 1 người' }).click();
    const pdf = path.join(scratch, 'card.pdf');
    await (await downloading).saveAs(pdf);
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain(citizenName);
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', pdf, path.join(scratch, 'card')]);
    const { data, info } = await sharp(path.join(scratch, 'card.png')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const cardUrl = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)!.data;
    expect(cardUrl).toMatch(new RegExp(`^${web.url}/the#`));
    // Printing left nothing of the citizen behind either.
    const afterPrinting = await storedOnPhone(page);
    for (const trace of [citizenPhone, nationalForm(citizenPhone), citizenName, 'Sa Rết']) expect(afterPrinting).not.toContain(trace);
    await context.close();

    const theirPhone = await phoneContext(web.browser);
    const landing = await theirPhone.newPage();
    await landing.goto(cardUrl);
    await expect.poll(() => landing.getByRole('heading', { level: 1 }).textContent()).toBe(`Xin chào, ${citizenName}!`);
    expect(await landing.evaluate(async () => (await (await fetch('/api/me')).json()).phone)).toBe(citizenPhone);
    await theirPhone.close();
  });

  it('keeps a paper sign-up made offline in the outbox, says so, sends it when the connection returns and then forgets it', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, '0900000002', demoPassword);
    await page.goto(`${web.url}/helper/signup`);
    await expect.poll(() => page.getByText(demoTeam).isVisible()).toBe(true);

    const citizenPhone = nextPhone();
    const citizenName = 'Lâm Thị Ngọc Bích';
    await page.getByLabel('Số điện thoại của người dân').fill(nationalForm(citizenPhone));
    await page.getByLabel('Họ và tên').fill(citizenName);
    await page.getByLabel('Năm sinh').fill('1949');
    await page.getByLabel('Ảnh phiếu đồng ý đã ký').check();
    const photo = await sharp({ create: { width: 800, height: 1100, channels: 3, background: '#f4f1e8' } }).jpeg().toBuffer();
    await page.getByLabel('Chụp ảnh phiếu đồng ý đã ký').setInputFiles({ name: 'phieu.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect.poll(() => page.getByText(/^Đã có ảnh phiếu/).isVisible()).toBe(true);

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await expect.poll(() => page.getByText(/^Chưa có mạng: đăng ký đang chờ gửi/).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('1 đăng ký đang chờ gửi').isVisible()).toBe(true);
    // The form is empty; the sign-up lives only in the outbox until the server has it.
    expect(await page.getByLabel('Số điện thoại của người dân').inputValue()).toBe('');
    expect(await storedOnPhone(page)).toContain(citizenName);
    expect(await web.t.db.selectFrom('users').select('id').where('phone', '=', citizenPhone).executeTakeFirst()).toBeUndefined();

    await context.setOffline(false);
    await expect.poll(async () => (await web.t.db.selectFrom('users').select('assisted_team_id').where('phone', '=', citizenPhone).executeTakeFirst())?.assisted_team_id ?? null).not.toBeNull();
    await expect.poll(() => page.getByText('1 đăng ký đang chờ gửi').isVisible()).toBe(false);
    const stored = await storedOnPhone(page);
    for (const trace of [citizenPhone, nationalForm(citizenPhone), citizenName]) expect(stored).not.toContain(trace);
    expect(await web.t.db.selectFrom('assisted_consent_photos as p').innerJoin('users as u', 'u.id', 'p.user_id').select('p.width').where('u.phone', '=', citizenPhone).execute()).toHaveLength(1);
    await context.close();
  });
});
