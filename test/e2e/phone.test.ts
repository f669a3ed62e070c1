/**
 * The first-time elderly learner's phone (issue 15): 360×640, slow 3G (400 ms, 400 kbit/s), normal and large text.
 * What must be on the first screen is measured against the viewport, not assumed.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { phoneContext, signUpOnPhone, useWebApp } from './browser.js';

const screen = { width: 360, height: 640 };
/** Slow 3G on a busy two-core machine: each awaited step gets longer than the suite's default. */
const slow = { timeout: 25_000 };

/** Every visible control a finger hits, smaller than 44×44 px; links inside running text are exempt (WCAG 2.5.8). */
const smallTargets = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('a[href], button, select, summary, input:not([type=hidden]), textarea, [role=button], [tabindex]:not([tabindex="-1"])')]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        // checkVisibility: also what a closed "Thêm" menu holds, which still has boxes.
        if (box.width === 0 || box.height === 0 || !el.checkVisibility({ visibilityProperty: true })) return false;
        if (el.closest('.visually-hidden, .skip-link')) return false;
        // A checkbox or radio is hit through its label, which is the target.
        if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') && el.labels?.[0]) {
          const label = el.closest('label, .checkbox, .choice') ?? el.labels[0];
          const around = label.getBoundingClientRect();
          return around.height < 43.5;
        }
        const inline = el.tagName === 'A' && [...(el.parentElement?.childNodes ?? [])].some((n) => n !== el && n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
        return !inline && (box.width < 43.5 || box.height < 43.5);
      })
      .map((el) => `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(el.getBoundingClientRect().width)}×${Math.round(el.getBoundingClientRect().height)}`),
  );

/** The element's first line is on the first screen (without scrolling). */
async function onFirstScreen(locator: Locator, whole = true): Promise<boolean> {
  const box = await locator.first().boundingBox();
  if (!box) return false;
  return box.y >= 0 && (whole ? box.y + box.height <= screen.height : box.y + 24 <= screen.height);
}

const chromeHeight = (page: Page) => page.evaluate(() => document.querySelector('.main-nav')!.getBoundingClientRect().bottom);

/** Controls whose text overflows their box, and whether the page scrolls sideways. */
const overflowing = (page: Page) =>
  page.evaluate(() => ({
    pageWidth: document.documentElement.scrollWidth,
    clipped: [...document.querySelectorAll<HTMLElement>('.site-header *, .main-nav > *, .main-nav summary, main .button, main .chip')]
      .filter((el) => el.getBoundingClientRect().width > 0 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow === 'visible')
      .map((el) => `${el.tagName.toLowerCase()} "${el.textContent?.trim().slice(0, 30)}"`),
    outside: [...document.querySelectorAll<HTMLElement>('.site-header > *, .settings > *, .main-nav > *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .map((el) => el.tagName.toLowerCase()),
  }));

describe('the phone UI for a first-time elderly user, at 360×640 over slow 3G', () => {
  const web = useWebApp({ withShippedCourses: true });

  async function slowPhone(): Promise<Page> {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 });
    // Slow 3G makes each step slower than the usual default.
    page.setDefaultTimeout(20_000);
    // Layout shifts from the first paint on, kept for the test to read (the PerformanceObserver the issue names).
    await page.addInitScript(() => {
      const shifts: number[] = [];
      (window as unknown as { layoutShifts: number[] }).layoutShifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) shifts.push(entry.value);
      }).observe({ type: 'layout-shift', buffered: true });
    });
    return page;
  }

  const layoutShift = (page: Page) => page.evaluate(() => (window as unknown as { layoutShifts: number[] }).layoutShifts.reduce((sum, v) => sum + v, 0));
  const largeText = (page: Page) => page.getByRole('button', { name: 'Chữ lớn' });

  it('has a compact header with "Chữ lớn" in words and each language named in itself, with no overflow even with long (Khmer-length) labels', async () => {
    const page = await slowPhone();
    await page.goto(web.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).isVisible(), slow).toBe(true);
    expect(await chromeHeight(page)).toBeLessThanOrEqual(100);
    expect(await largeText(page).textContent()).toBe('Chữ lớn');
    expect(await onFirstScreen(largeText(page))).toBe(true);
    const languages = page.getByRole('combobox', { name: 'Ngôn ngữ' });
    const options = await languages.locator('option').evaluateAll((list) => list.map((o) => `${o.getAttribute('lang')}:${o.textContent}`));
    expect(options.slice(0, 2)).toEqual(['vi:Tiếng Việt', 'en:English']);
    if (options.length > 2) expect(options).toContain('km:ខ្មែរ');
    // The brand stays on one line.
    expect(await page.locator('.brand').evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(45);

    await largeText(page).click();
    expect(await chromeHeight(page)).toBeLessThanOrEqual(100);
    // Labels as long as Khmer ones wrap inside their own box: nothing leaves the 360 px screen.
    await page.evaluate(() => {
      const long = 'ទំព័រដើមសម្រាប់អ្នករៀនថ្មី';
      for (const el of document.querySelectorAll('.main-nav > a')) el.lastChild!.textContent = long;
      document.querySelector('.settings .chip')!.textContent = 'អក្សរធំសម្រាប់ភ្នែក';
      for (const el of document.querySelectorAll('main .button')) el.textContent = `${long} ${long}`;
    });
    expect(await overflowing(page)).toEqual({ pageWidth: screen.width, clipped: [], outside: [] });
    expect(await chromeHeight(page)).toBeLessThanOrEqual(140);
    await page.context().close();
  }, 120_000);

  it('puts the catalog result, the course progress with "Học tiếp" and, with large text, the lesson text on the first screen, without layout shift', async () => {
    const page = await slowPhone();
    await signUpOnPhone(page, web.url, 'Néang Sóc Pha', '1957');
    expect(await chromeHeight(page)).toBeLessThanOrEqual(100);
    await expect.poll(() => page.getByRole('navigation', { name: 'Trình đơn chính' }).getByRole('link', { name: 'Khóa học của tôi' }).isVisible(), slow).toBe(true);
    expect(await smallTargets(page)).toEqual([]);

    await page.goto(`${web.url}/courses`);
    const firstResult = page.locator('.course-list h2 a').first();
    await expect.poll(() => firstResult.isVisible(), slow).toBe(true);
    expect(await onFirstScreen(firstResult)).toBe(true);
    expect(await smallTargets(page)).toEqual([]);

    // The first lesson marked done as the PWA does (over slow 3G its own send may time out and wait in the outbox).
    const course = await web.t.db.selectFrom('published_courses').select('course_id').where('title', 'like', 'Kỹ năng số cơ bản%').executeTakeFirstOrThrow();
    const lesson = await web.t.db.selectFrom('published_lessons').select('lesson_id').where('course_id', '=', course.course_id).orderBy('sequence').executeTakeFirstOrThrow();
    const sent = await page.evaluate(
      async (body) => (await fetch('/api/progress', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
      { eventId: randomUUID(), lessonId: lesson.lesson_id, type: 'completed', at: new Date().toISOString() },
    );
    expect(sent).toBe(200);
    await page.getByRole('link', { name: /^Kỹ năng số cơ bản/ }).click();
    const progress = page.getByText(/^Đã học xong 1\/10 bài/);
    const next = page.getByRole('link', { name: /^Học tiếp: / });
    await expect.poll(() => next.isVisible(), slow).toBe(true);
    expect(await onFirstScreen(progress)).toBe(true);
    expect(await onFirstScreen(next)).toBe(true);
    expect(await smallTargets(page)).toEqual([]);
    // Each quiz link says which quiz it opens.
    const quizLinks = await page.getByRole('link', { name: /^Làm bài/ }).allTextContents();
    expect(quizLinks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(quizLinks).size).toBe(quizLinks.length);

    await largeText(page).click();
    expect(await onFirstScreen(progress)).toBe(true);
    expect(await onFirstScreen(next)).toBe(true);
    const lessonHref = (await next.getAttribute('href'))!;
    // Opened afresh: the lesson's "opened" mark waits in the outbox meanwhile, which once pushed the page down.
    await page.goto(`${web.url}${lessonHref}`);
    const firstText = page.locator('.lesson__body p').first();
    await expect.poll(() => firstText.isVisible(), slow).toBe(true);
    expect(await onFirstScreen(firstText, false)).toBe(true);
    expect(await chromeHeight(page)).toBeLessThanOrEqual(100);
    // Time for the lesson's "opened" mark to be sent (or to wait in the outbox) and for late images: shifts they cause count.
    await page.waitForTimeout(1500);
    expect(await layoutShift(page)).toBeLessThan(0.05);
    expect(await smallTargets(page)).toEqual([]);

    await page.goto(`${web.url}/learning`);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Khóa học của tôi' }).isVisible(), slow).toBe(true);
    await expect.poll(() => page.locator('.course-list').isVisible(), slow).toBe(true);
    expect(await smallTargets(page)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('says a true/false answer in quotes and the verdict in words', async () => {
    const page = await slowPhone();
    await signUpOnPhone(page, web.url, 'Trần Văn Bảy', '1950');
    const bank = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'content', 'ky-nang-so-co-ban', 'questions.json'), 'utf8')) as {
      questions: { id: string; type: string; prompt: string; answer: unknown }[];
    };
    const falseStatement = bank.questions.find((q) => q.type === 'true_false' && q.answer === false)!;
    const course = await web.t.db.selectFrom('published_courses').select('course_id').where('title', 'like', 'Kỹ năng số cơ bản%').executeTakeFirstOrThrow();
    // The practice quiz that asks the false statement, answered "Đúng" through the API as the quiz page would.
    const attemptId = await page.evaluate(
      async ({ courseId, prompt }) => {
        const { quizzes } = (await (await fetch(`/api/courses/${courseId}/quizzes`)).json()) as { quizzes: { id: number; kind: string }[] };
        for (const quiz of quizzes.filter((q) => q.kind === 'practice')) {
          const attempt = (await (await fetch(`/api/quizzes/${quiz.id}/attempts`, { method: 'POST' })).json()) as { id: number; questions: { key: string; prompt: string }[] };
          const question = attempt.questions.find((q) => q.prompt === prompt);
          if (!question) continue;
          await fetch(`/api/attempts/${attempt.id}/submit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answers: { [question.key]: true } }) });
          return attempt.id;
        }
        return null;
      },
      { courseId: course.course_id, prompt: falseStatement.prompt },
    );
    expect(attemptId).not.toBeNull();
    await page.goto(`${web.url}/attempts/${attemptId}`);
    const item = page.locator('.review__item', { hasText: falseStatement.prompt });
    await expect.poll(() => item.isVisible(), slow).toBe(true);
    expect(await item.locator('p').allTextContents()).toEqual(expect.arrayContaining(['✗ Câu trả lời của bạn: «Đúng» — chưa đúng', 'Đáp án đúng là: «Sai»']));
    await page.context().close();
  }, 120_000);

  it('scrolls to and focuses the first wrong field of the sign-up form, and disabled buttons look disabled', async () => {
    const page = await slowPhone();
    await page.goto(`${web.url}/signup`);
    await page.getByLabel('Số điện thoại').fill('0912345678');
    await page.getByLabel('Họ và tên').fill('Lâm Thị Sa');
    await page.getByLabel('Năm sinh').fill('1960');
    await page.getByLabel(/^Mật khẩu/).fill('lua-thom-mua-moi');
    await page.getByLabel(/Tôi đã đọc và đồng ý/).check();
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    // No commune chosen: the commune picker is the first wrong field.
    const commune = page.getByRole('combobox', { name: /Xã, phường/ });
    await expect.poll(() => commune.evaluate((el) => el === document.activeElement), slow).toBe(true);
    expect(await onFirstScreen(commune)).toBe(true);
    expect(await commune.getAttribute('aria-invalid')).toBe('true');

    const looks = await page.evaluate(() => {
      const make = (disabled: boolean) => {
        const button = document.createElement('button');
        button.className = 'button';
        button.textContent = 'Đăng ký';
        button.disabled = disabled;
        document.querySelector('main')!.append(button);
        const style = getComputedStyle(button);
        return { background: style.backgroundColor, color: style.color, border: style.borderStyle, cursor: style.cursor };
      };
      return { enabled: make(false), disabled: make(true) };
    });
    expect(looks.disabled.background).not.toBe(looks.enabled.background);
    expect(looks.disabled.color).not.toBe(looks.enabled.color);
    expect(looks.disabled.cursor).toBe('not-allowed');
    await page.context().close();
  }, 120_000);
});
