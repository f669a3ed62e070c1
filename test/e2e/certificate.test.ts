import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { contentDir } from '../../src/server/packages/shipped-courses.js';
import type { QuestionDocument } from '../../src/server/quizzes/quizzes.schema.js';
import { phoneContext, signUpOnPhone, useWebApp } from './browser.js';

const bank = new Map(
  (JSON.parse(readFileSync(path.join(contentDir, 'ky-nang-so-co-ban', 'questions.json'), 'utf8')).questions as QuestionDocument[]).map((q) => [q.prompt.normalize('NFC'), q]),
);

/** Answers the question on screen the way a learner who knows the course would. */
async function answerRight(page: Page, q: QuestionDocument) {
  switch (q.type) {
    case 'single':
      return page.getByRole('radio', { name: q.options[q.answer], exact: true }).check();
    case 'multiple':
      for (const i of q.answer) await page.getByRole('checkbox', { name: q.options[i], exact: true }).check();
      return;
    case 'true_false':
      return page.getByRole('radio', { name: q.answer ? 'Đúng' : 'Sai', exact: true }).check();
    case 'ordering':
      // Move each step up to its place, top to bottom.
      for (const [target, item] of q.items.entries()) {
        const texts = await page.locator('.ordering__text').allTextContents();
        for (let at = texts.indexOf(item); at > target; at--) await page.getByRole('button', { name: `Đưa «${item}» lên` }).click();
      }
      return;
    case 'matching':
      for (const [left, right] of q.pairs) await page.getByLabel(left, { exact: true }).selectOption({ label: right });
      return;
    case 'short_text':
      return page.getByLabel('Câu trả lời của bạn').fill(q.answers[0]!);
  }
}

/** How the review after submitting says a right answer, by its texts. */
function rightInWords(q: QuestionDocument): string {
  switch (q.type) {
    case 'single':
      return q.options[q.answer]!;
    case 'multiple':
      return q.answer.map((i) => q.options[i]).join('; ');
    case 'true_false':
      return q.answer ? 'Đúng' : 'Sai';
    case 'ordering':
      return q.items.map((item, i) => `${i + 1}. ${item}`).join(' → ');
    case 'matching':
      return q.pairs.map(([left, right]) => `${left} → ${right}`).join('; ');
    case 'short_text':
      return q.answers[0]!;
  }
}

describe('a learner earns a certificate on a phone', () => {
  const web = useWebApp({ withShippedCourses: true });
  const scratch = mkdtempSync(path.join(tmpdir(), 'hoctap-certificate-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const fullName = 'Nguyễn Thị Ánh Tuyết';

  it('passes the final quiz of the demo course, downloads the certificate, and its QR code opens a page that says it is valid', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signUpOnPhone(page, web.url, fullName, '1972');

    // The lessons themselves are the learning journey's test; here they are marked done as the PWA would.
    const course = await web.t.db.selectFrom('published_courses').select('course_id').where('title', 'like', 'Kỹ năng số cơ bản%').executeTakeFirstOrThrow();
    const lessons = await web.t.db.selectFrom('published_lessons').select('lesson_id').where('course_id', '=', course.course_id).orderBy('sequence').execute();
    for (const { lesson_id } of lessons) {
      const status = await page.evaluate(
        async (body) => (await fetch('/api/progress', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
        { eventId: randomUUID(), lessonId: lesson_id, type: 'completed', at: new Date().toISOString() },
      );
      expect(status).toBe(200);
    }

    await page.goto(`${web.url}/courses/${course.course_id}`);
    await expect.poll(() => page.getByText('Để hoàn thành khóa học và nhận chứng nhận').isVisible()).toBe(true);
    const finalQuiz = page.locator('.quiz-link', { has: page.getByRole('heading', { name: 'Bài kiểm tra cuối khóa' }) });
    await finalQuiz.getByRole('link', { name: 'Làm bài' }).click();
    await expect.poll(() => page.getByText(/^Câu 1\/10$/).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    for (let number = 1; number <= 10; number++) {
      await expect.poll(() => page.getByText(`Câu ${number}/10`, { exact: true }).first().isVisible()).toBe(true);
      const prompt = (await page.locator('.quiz-question__prompt').textContent())!.normalize('NFC');
      const question = bank.get(prompt);
      expect(question, prompt).toBeDefined();
      await answerRight(page, question!);
      await expect.poll(() => page.getByText('Đã lưu câu trả lời').isVisible()).toBe(true);
      if (number === 5) {
        // A reload mid-way resumes the same attempt with the answers given so far.
        await page.reload();
        await expect.poll(() => page.getByText('Đã trả lời 5/10 câu').isVisible()).toBe(true);
        await page.getByRole('button', { name: 'Câu 5/10' }).click();
      }
      await page.getByRole('button', { name: number === 10 ? 'Nộp bài' : 'Câu sau →' }).click();
    }
    await expect.poll(() => page.getByText('Chúc mừng, bạn đã đạt!').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Bạn đúng 10/10 câu (100%)').isVisible()).toBe(true);
    // The review says each answer in words: the attempt's ids lead back to the texts.
    const reviewed = await page.locator('.review__item').evaluateAll((items) => items.map((item) => [...item.querySelectorAll('p')].map((p) => p.textContent ?? '')));
    expect(reviewed).toHaveLength(10);
    for (const [prompt, given] of reviewed) {
      const question = bank.get(prompt!.normalize('NFC'))!;
      const words = (text: string) => (question.type === 'multiple' ? text.split('; ').sort().join('; ') : text).normalize('NFC').toLocaleLowerCase('vi');
      expect(words(given!.replace(/^✓ Câu trả lời của bạn: «(.*)» — đúng$/s, '$1'))).toBe(words(rightInWords(question)));
    }

    await page.getByRole('link', { name: 'Xem chứng nhận' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Chứng nhận của tôi' }).isVisible()).toBe(true);
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Tải bản PDF' }).click();
    const download = await downloading;
    const pdf = path.join(scratch, 'chung-nhan.pdf');
    await download.saveAs(pdf);
    expect(download.suggestedFilename()).toMatch(/^chung-nhan-HT-[0-9A-Z-]+\.pdf$/);

    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain(fullName);
    expect(text).toContain('Kỹ năng số cơ bản');

    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', pdf, path.join(scratch, 'page')]);
    const { data, info } = await sharp(path.join(scratch, 'page.png')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const qr = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height);
    expect(qr?.data).toMatch(new RegExp(`^${web.url}/verify/HT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}#[A-Za-z0-9_-]{12}$`));

    const stranger = await phoneContext(web.browser);
    const verifier = await stranger.newPage();
    await verifier.goto(qr!.data);
    await expect.poll(() => verifier.getByRole('heading', { name: 'Chứng nhận hợp lệ' }).isVisible()).toBe(true);
    await expect.poll(() => verifier.getByText(fullName, { exact: true }).isVisible()).toBe(true);
    await expect.poll(() => verifier.getByText('Mã QR do nền tảng cấp cho đúng chứng nhận này và chưa bị sửa.').isVisible()).toBe(true);
    // One changed character in the QR data is caught.
    const tampered = qr!.data.replace(/#(.)/, (_, c: string) => `#${c === 'A' ? 'B' : 'A'}`);
    await verifier.goto('about:blank');
    await verifier.goto(tampered);
    await expect.poll(() => verifier.getByRole('heading', { level: 1 }).textContent()).toMatch(/không khớp chữ ký số/);
    await stranger.close();
    await context.close();
  });
});
