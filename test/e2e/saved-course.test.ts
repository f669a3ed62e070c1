import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { publishCourse } from '../../src/server/authoring/authoring.service.js';
import { phoneContext, signUpOnPhone, useWebApp } from './browser.js';

const savedCache = 'hoctap-saved-v1';

describe('a course saved on a 360×640 phone to learn without a network', () => {
  const web = useWebApp({ withShippedCourses: true });

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
  const cachedUrls = (page: Page) => page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname), savedCache);

  it('shows the size, downloads with progress, reads a lesson never opened and takes a practice quiz offline, sends the attempt later, and removes the copy', async () => {
    const title = 'Trí tuệ nhân tạo cho mọi người';
    const course = await web.t.db.selectFrom('published_courses').select('course_id').where('title', '=', title).executeTakeFirstOrThrow();
    const lessons = await web.t.db.selectFrom('published_lessons').select(['lesson_id', 'title']).where('course_id', '=', course.course_id).orderBy('sequence').execute();
    const quizzes = await web.t.db.selectFrom('published_quizzes').select(['quiz_id', 'kind']).where('course_id', '=', course.course_id).execute();
    const practice = quizzes.find((q) => q.kind === 'practice')!.quiz_id;
    const final = quizzes.find((q) => q.kind === 'final')!.quiz_id;

    const context = await phoneContext(web.browser, { serviceWorkers: 'allow' });
    const page = await context.newPage();
    await signUpOnPhone(page, web.url, 'Néang Sô Phia');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.goto(`${web.url}/courses/${course.course_id}`);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await expect.poll(() => heading(page)).toBe(title);

    // The size comes first, before anything is downloaded.
    await page.getByRole('button', { name: 'Lưu để học không cần mạng' }).click();
    await expect.poll(() => page.getByText(/^Cần tải [\d,]+ KB cho 7 bài học/).isVisible()).toBe(true);
    expect(await cachedUrls(page)).toEqual([]);
    // Storage full: a clear message, and nothing saved.
    await page.evaluate(() => {
      const real = navigator.storage.estimate.bind(navigator.storage);
      (window as unknown as { realEstimate: typeof real }).realEstimate = real;
      navigator.storage.estimate = async () => ({ quota: 2_000_000, usage: 1_990_000 });
    });
    await page.getByRole('button', { name: /^Tải về \([\d,]+ KB\)$/ }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^Điện thoại không đủ chỗ trống: cần [\d,]+ KB, chỉ còn 10 KB\. Chưa lưu gì\./);
    expect(await cachedUrls(page)).toEqual([]);
    await page.evaluate(() => {
      navigator.storage.estimate = (window as unknown as { realEstimate: typeof navigator.storage.estimate }).realEstimate;
    });
    await page.getByRole('button', { name: 'Lưu để học không cần mạng' }).click();
    // Every state the block goes through, to see the progress that passes too quickly to poll for.
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
      new MutationObserver(() => seen.push(document.querySelector('.saved-course')?.textContent ?? '')).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole('button', { name: /^Tải về \([\d,]+ KB\)$/ }).click();
    await expect.poll(() => page.getByText(/^Đã lưu · [\d,]+ KB · 7 bài$/).isVisible()).toBe(true);
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    // Counted file by file (lessons, their pictures, the practice quiz) up to the whole.
    const counts = seen.map((text) => /Đang tải (\d+)\/(\d+) · [\d,]+ KB/.exec(text)).filter((m) => m !== null);
    expect(counts.length).toBeGreaterThan(1);
    expect(counts.some((m) => m[1] === m[2])).toBe(true);
    expect(Number(counts[0]![2])).toBeGreaterThan(8);
    const saved = await cachedUrls(page);
    expect(saved).toEqual(expect.arrayContaining([`/api/courses/${course.course_id}`, ...lessons.map((l) => `/api/lessons/${l.lesson_id}`), `/api/quizzes/${practice}/practice-paper`]));
    expect(saved).not.toContain(`/api/quizzes/${final}/practice-paper`);
    // One copy on the phone: the download went past the cache of pages opened.
    const opened = await page.evaluate(async () => (await (await caches.open('hoctap-api-v1')).keys()).map((r) => new URL(r.url).pathname));
    expect(opened.filter((url) => url.startsWith('/api/lessons/'))).toEqual([]);

    // "My learning" lists it with the bytes of each lesson.
    await page.goto(`${web.url}/learning`);
    await page.getByRole('heading', { name: 'Khóa học đã lưu trên điện thoại' }).waitFor();
    await page.getByText(/^Đã lưu · [\d,]+ KB · 7 bài$/).click();
    for (const lesson of lessons) await expect.poll(() => page.getByText(new RegExp(`^${lesson.title} — [\\d,]+ KB$`)).isVisible()).toBe(true);
    await page.getByRole('link', { name: title }).click();
    await expect.poll(() => heading(page)).toBe(title);

    // A new version published: the next visit online brings the saved copy up to date.
    const never = lessons[4]!;
    const versionSaved = () => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}'), `hoctap.saved.${savedCache}`);
    const before = (await versionSaved())[course.course_id].version as string;
    await web.t.db.updateTable('lessons').set({ body: 'Bản mới của bài: hỏi AI xong, luôn kiểm tra lại với người có chuyên môn.' }).where('id', '=', never.lesson_id).execute();
    await web.t.db.transaction().execute((trx) => publishCourse(trx, course.course_id, null, web.t.clock.now()));
    web.t.clock.advance(10_000);
    await page.goto(`${web.url}/courses/${course.course_id}`);
    await expect.poll(async () => (await versionSaved())[course.course_id].version).not.toBe(before);

    await context.setOffline(true);
    await page.getByRole('link', { name: never.title }).click();
    await expect.poll(() => heading(page)).toBe(never.title);
    await expect.poll(() => page.getByText('Bài 5/7').isVisible()).toBe(true);
    await expect.poll(() => page.getByText(/^Bản mới của bài/).isVisible()).toBe(true);
    await page.goBack();
    await expect.poll(() => heading(page)).toBe(title);

    // A practice quiz, graded on the phone.
    await page.locator(`a[href="/quizzes/${practice}"]`).click();
    await expect.poll(() => page.getByText('Đang luyện tập không có mạng').isVisible()).toBe(true);
    for (const card of await page.locator('.quiz-question').all()) await card.locator('input').first().check();
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await expect.poll(() => page.getByText(/^Bạn đúng \d\/3 câu/).isVisible()).toBe(true);
    const phoneScore = Number((await page.getByText(/^Bạn đúng \d\/3 câu/).textContent())!.match(/đúng (\d)/)![1]);
    await expect.poll(() => page.getByText('Kết quả đang chờ gửi lên máy chủ.').isVisible()).toBe(true);
    const me = (await web.t.db.selectFrom('users').select('id').where('full_name', '=', 'Néang Sô Phia').executeTakeFirstOrThrow()).id;
    const attempts = () => web.t.db.selectFrom('quiz_attempts').select(['status', 'score', 'client_id']).where('user_id', '=', me).where('quiz_id', '=', practice).execute();
    expect(await attempts()).toEqual([]);

    // The network back: the attempt goes by itself, and the server's grade is the phone's.
    await context.setOffline(false);
    await expect.poll(async () => (await attempts()).length, { timeout: 10_000 }).toBe(1);
    expect((await attempts())[0]).toMatchObject({ status: 'submitted', score: phoneScore, client_id: expect.any(String) });
    await expect.poll(() => page.getByText(`Đã gửi. Máy chủ chấm: ${phoneScore}/3.`).isVisible()).toBe(true);

    // A final quiz offline says plainly that it needs the network.
    await context.setOffline(true);
    await page.locator(`main a[href="/courses/${course.course_id}"]`).first().click();
    await expect.poll(() => heading(page)).toBe(title);
    await page.locator(`a[href="/quizzes/${final}"]`).click();
    await expect.poll(() => page.getByText('Bài kiểm tra cuối khóa cần có mạng. Hãy làm bài khi điện thoại có mạng.').isVisible()).toBe(true);
    await context.setOffline(false);

    await page.goto(`${web.url}/courses/${course.course_id}`);
    await page.getByRole('button', { name: 'Xoá bản đã lưu' }).click();
    await page.getByRole('button', { name: 'Lưu để học không cần mạng' }).waitFor();
    expect(await cachedUrls(page)).toEqual([]);
    await context.close();
  });
});
