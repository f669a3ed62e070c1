/**
 * npm run screenshots: the pictures of the course "Dùng ứng dụng Học tập suốt đời"
 * (content/dung-ung-dung-hoc-tap/media/*.png), taken from this app as a new
 * learner sees it on a 360×640 phone. Run it again whenever the screens change.
 *
 * It starts the built app (npm run build first; `npm run screenshots` does) with
 * its demo data in a temporary folder, drives Debian's Chromium (CHROMIUM_PATH,
 * /usr/bin/chromium by default) through sign-up, the catalog, the lessons, a
 * practice quiz, the certificate, large text, the account page and the help
 * page, and writes each screen as a 480 px wide palette PNG of a few tens of KB.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { freePort, startServer } from '../test/server-process.js';

const root = path.resolve(import.meta.dirname, '..');
const courseDir = path.join(root, 'content', 'dung-ung-dung-hoc-tap');
const mediaDir = path.join(courseDir, 'media');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const appCourse = 'Dùng ứng dụng Học tập suốt đời';

if (!existsSync(path.join(root, 'dist', 'web', 'index.html'))) throw new Error('dist/web is missing: run npm run build first');

// The app imports this very course at start: on a first run its pictures do not exist yet, so stand-ins take their place.
const course = JSON.parse(readFileSync(path.join(courseDir, 'course.json'), 'utf8')) as { media: { name: string }[] };
for (const { name } of course.media) {
  const file = path.join(mediaDir, name);
  if (!existsSync(file)) writeFileSync(file, await sharp({ create: { width: 360, height: 640, channels: 3, background: '#eeeeee' } }).png().toBuffer());
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-screenshots-'));
const port = await freePort();
const server = await startServer({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), WEB_ROOT: path.join(root, 'dist', 'web'), DEMO: '1' });
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });

async function shoot(page: Page, name: string): Promise<void> {
  // Pictures, fonts and the caret settle first, so that a run gives the same picture.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState('networkidle');
  const png = await page.screenshot({ caret: 'hide', animations: 'disabled' });
  const file = path.join(mediaDir, name);
  await sharp(png).resize({ width: 480 }).png({ palette: true, colours: 64, compressionLevel: 9, effort: 10 }).toFile(file);
  process.stdout.write(`${path.relative(root, file)}  ${Math.round(statSync(file).size / 1024)} KB\n`);
}

try {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN', serviceWorkers: 'block' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const url = server.url;

  // Sign-up, filled in as a learner would.
  await page.goto(`${url}/signup`);
  await page.getByLabel('Số điện thoại').fill('0912 345 678');
  await page.getByLabel('Họ và tên').fill('Nguyễn Thị Mai');
  await page.getByLabel('Năm sinh').fill('1958');
  await shoot(page, 'dang-ky.png');
  await page.getByRole('combobox', { name: /Xã, phường/ }).fill('binh duc');
  await page.getByRole('option', { name: /Phường Bình Đức/ }).click();
  await page.getByLabel(/^Mật khẩu/).fill('lua-thom-mua-moi');
  await page.getByLabel(/Tôi đã đọc và đồng ý/).check();
  await page.getByRole('button', { name: 'Đăng ký' }).click();
  await page.getByRole('heading', { level: 1, name: /Xin chào/ }).waitFor();

  // The catalog, then this course.
  await page.goto(`${url}/courses`);
  await page.getByRole('link', { name: appCourse }).first().waitFor();
  await shoot(page, 'tim-khoa-hoc.png');
  await page.getByRole('link', { name: appCourse }).first().click();
  await page.getByRole('link', { name: /Bắt đầu học/ }).click();

  // Every lesson read and marked done; the first is pictured, and the course page once two are done.
  for (let lesson = 1; lesson <= 5; lesson += 1) {
    await page.getByRole('button', { name: 'Tôi đã học xong bài này' }).waitFor();
    if (lesson === 1) await shoot(page, 'bai-hoc.png');
    await page.getByRole('button', { name: 'Tôi đã học xong bài này' }).click();
    await page.getByText('Bạn đã học xong bài này.').waitFor();
    if (lesson === 2) {
      const lessonUrl = page.url();
      await page.getByRole('link', { name: 'Về khóa học' }).first().click();
      // The progress and "Học tiếp" in view, as the lesson shows them.
      await page.getByRole('link', { name: /Học tiếp/ }).first().evaluate((link) => link.scrollIntoView({ block: 'end' }));
      await shoot(page, 'khoa-hoc.png');
      await page.goto(lessonUrl);
      await page.getByText('Bạn đã học xong bài này.').waitFor();
    }
    if (lesson < 5) await page.getByRole('link', { name: /^Bài tiếp/ }).first().click();
  }

  // Large text, on the first lesson.
  await page.getByRole('link', { name: 'Về khóa học' }).first().click();
  await page.getByRole('link', { name: /Đăng ký và đăng nhập/ }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Đăng ký và đăng nhập' }).waitFor();
  await page.getByRole('button', { name: /Chữ lớn/ }).first().click();
  await shoot(page, 'chu-lon.png');
  await page.getByRole('button', { name: /Chữ lớn/ }).first().click();

  // The practice quiz's first question.
  await page.getByRole('link', { name: 'Về khóa học' }).first().click();
  await page.locator('.quiz-link', { has: page.getByRole('heading', { name: /Luyện tập: dùng ứng dụng/ }) }).getByRole('link').first().click();
  // The question with its choices in view.
  await page.getByRole('radio').first().evaluate((radio) => radio.scrollIntoView({ block: 'center' }));
  await shoot(page, 'bai-luyen-tap.png');

  // The certificate the five lessons earned, the account page with its settings, and help.
  await page.goto(`${url}/certificates`);
  await page.getByText(appCourse).first().waitFor();
  await shoot(page, 'chung-nhan.png');
  await page.goto(`${url}/profile`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  const saver = page.getByLabel('Tiết kiệm dữ liệu');
  if (await saver.count()) await saver.first().scrollIntoViewIfNeeded();
  await shoot(page, 'tai-khoan.png');
  await page.goto(`${url}/help`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await shoot(page, 'nho-ho-tro.png');
} finally {
  await browser.close();
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dataDir, { recursive: true, force: true });
}
