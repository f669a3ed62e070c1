/** Khmer on a 360×640 phone: the interface, its font, labels that fit, and lessons with a Khmer version. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { km } from '../../src/shared/i18n/km.js';
import { signedInWith } from '../actors.js';
import { nationalForm, testPassword } from '../factories.js';
import { phoneContext, signInOnPhone, signUpOnPhone, useWebApp } from './browser.js';

const khmerScript = /[\u1780-\u17ff]/;

/**
 * Buttons, button-like links and chips whose text is cut, or that stick out of a 360 px screen (except in a row
 * meant to scroll sideways, as the catalog's topic chips).
 */
const overflowing = (page: Page) =>
  page.evaluate(() => {
    const inSideScroller = (el: HTMLElement) => {
      for (let up = el.parentElement; up; up = up.parentElement) if (/auto|scroll/.test(getComputedStyle(up).overflowX)) return true;
      return false;
    };
    // The text's own box against the element's: scrollWidth does not see text running out of a button.
    const textBox = (el: HTMLElement) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return range.getBoundingClientRect();
    };
    return [...document.querySelectorAll<HTMLElement>('button, a, .chip, .button, select, label')]
      // Not what a closed "Thêm" menu hides, nor a breadcrumb shortened on purpose ("…", the heading says it whole).
      .filter((el) => el.offsetParent !== null && getComputedStyle(el).display !== 'inline' && !el.closest('details:not([open]) > :not(summary)'))
      .filter((el) => getComputedStyle(el).textOverflow !== 'ellipsis')
      .filter((el) => {
        const box = el.getBoundingClientRect();
        const text = textBox(el);
        const textOut = text.width > 0 && (text.right > box.right + 1 || text.left < box.left - 1);
        return textOut || el.scrollWidth > el.clientWidth + 1 || (box.right > window.innerWidth + 1 && !inSideScroller(el));
      })
      .map((el) => `${el.tagName} "${el.textContent?.trim()}" ${Math.round(textBox(el).width)}/${Math.round(el.getBoundingClientRect().width)}`);
  });

/** Share of the visible letters that are Khmer. */
const khmerShare = (page: Page) =>
  page.evaluate(() => {
    const letters = document.body.innerText.replace(/[^\p{L}]/gu, '');
    return letters.replace(/[^\u1780-\u17ff]/g, '').length / letters.length;
  });

const khmerFontLoaded = (page: Page) =>
  page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].some((face) => face.family.replace(/"/g, '') === 'Noto Sans Khmer' && face.status === 'loaded') && document.fonts.check('16px "Noto Sans Khmer"', 'ខ្មែរ');
  });

describe('Khmer on a 360×640 phone', () => {
  const web = useWebApp({ withShippedCourses: true });
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  it('switches the interface to Khmer, with its font, and no label overflows on home, catalog, course and lesson', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    const fontRequests: string[] = [];
    page.on('request', (request) => /NotoSansKhmer/.test(request.url()) && fontRequests.push(request.url()));
    await signUpOnPhone(page, web.url, 'Néang Sóc Khơ');
    // Vietnamese pages never fetch the Khmer font.
    expect(fontRequests).toEqual([]);
    expect(await khmerFontLoaded(page)).toBe(false);

    // What the header's language switch does: the choice on the account (it follows the person) and on the phone.
    const saved = await page.evaluate(async () => {
      const response = await fetch('/api/me', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ language: 'km' }) });
      localStorage.setItem('hoctap.language', 'km');
      return { status: response.status, language: (await response.json()).language };
    });
    expect(saved).toEqual({ status: 200, language: 'km' });
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('km');
    await expect.poll(() => heading(page)).toBe('សួស្តី Néang Sóc Khơ!');
    expect(await khmerShare(page)).toBeGreaterThan(0.6);
    expect(await khmerFontLoaded(page)).toBe(true);
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize))).toBeGreaterThanOrEqual(1.7);
    expect(await overflowing(page)).toEqual([]);
    // The check sees a label that does not fit.
    await page.evaluate(() => {
      // Styled through the CSSOM: the app's content security policy refuses style attributes.
      const button = Object.assign(document.createElement('button'), { id: 'too-long', textContent: 'ខ្ញុំបានរៀនមេរៀននេះចប់ហើយ' });
      Object.assign(button.style, { whiteSpace: 'nowrap', width: '120px' });
      document.body.append(button);
    });
    expect(await overflowing(page)).toEqual([expect.stringMatching(/^BUTTON "ខ្ញុំបានរៀន/)]);
    await page.evaluate(() => document.getElementById('too-long')!.remove());

    await page.getByRole('link', { name: km['nav.courses'], exact: true }).first().click();
    await expect.poll(() => page.getByLabel(km['catalog.searchLabel']).isVisible()).toBe(true);
    expect(await overflowing(page)).toEqual([]);
    await page.getByLabel(km['catalog.searchLabel']).fill('ky nang');
    await page.getByRole('button', { name: km['catalog.search'], exact: true }).click();
    await page.getByRole('link', { name: /^Kỹ năng số cơ bản/ }).click();
    await expect.poll(() => heading(page)).toMatch(/^Kỹ năng số cơ bản/);
    expect(await overflowing(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The first lesson has a Khmer version: a Khmer reader gets it first, and may switch to Vietnamese.
    await page.getByRole('link', { name: km['course.start'], exact: true }).click();
    await expect.poll(() => heading(page)).toBe('អេក្រង់ ប៊ូតុង និងការប្រើប្រាស់ដំបូង');
    expect(await page.locator('article.lesson').getAttribute('lang')).toBe('km');
    expect(await page.locator('.lesson__body h2').first().textContent()).toMatch(khmerScript);
    expect(await overflowing(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByRole('button', { name: 'អានជាភាសាវៀតណាម' }).click();
    await expect.poll(() => heading(page)).toBe('Màn hình, nút bấm và những thao tác đầu tiên');
    expect(await page.locator('article.lesson').getAttribute('lang')).toBe('vi');
    await page.getByRole('button', { name: km['lesson.readInKhmer'] }).click();
    await expect.poll(() => heading(page)).toBe('អេក្រង់ ប៊ូតុង និងការប្រើប្រាស់ដំបូង');

    // Read aloud in Khmer needs a Khmer voice, which this Chromium (like most phones) lacks: it says so.
    expect(await page.evaluate(() => speechSynthesis.getVoices().some((v) => v.lang.toLowerCase().startsWith('km')))).toBe(false);
    await page.getByRole('button', { name: km['lesson.readAloud'] }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: km['lesson.noKhmerVoice'] }).isVisible()).toBe(true);

    // The longest button label, "I have finished this lesson", fits; the course's third lesson has no Khmer version.
    await page.getByRole('button', { name: km['lesson.markDone'] }).click();
    await page.getByRole('link', { name: /^មេរៀនបន្ទាប់៖/ }).click();
    await expect.poll(() => heading(page)).toBe('ដំឡើងកម្មវិធីដោយសុវត្ថិភាព និងចាក់សោអេក្រង់');
    await page.getByRole('button', { name: km['lesson.markDone'] }).click();
    await page.getByRole('link', { name: /^មេរៀនបន្ទាប់៖/ }).click();
    await expect.poll(() => page.getByText('មេរៀន 3/10').isVisible()).toBe(true);
    expect(await page.locator('article.lesson').getAttribute('lang')).toBe('vi');
    expect(await page.getByRole('button', { name: /អានជាភាសា/ }).count()).toBe(0);
    expect(await overflowing(page)).toEqual([]);
    await context.close();
  });

  it('offers a Vietnamese reader the Khmer version of a lesson, named in Khmer', async () => {
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signUpOnPhone(page, web.url, 'Thạch Thị Sa Rênh');
    await page.goto(`${web.url}/courses?q=ky%20nang`);
    await page.getByRole('link', { name: /^Kỹ năng số cơ bản/ }).click();
    await page.getByRole('link', { name: 'Bắt đầu học' }).click();
    await expect.poll(() => heading(page)).toBe('Màn hình, nút bấm và những thao tác đầu tiên');
    await page.getByRole('button', { name: 'អានជាភាសាខ្មែរ · Đọc bằng tiếng Khmer' }).click();
    await expect.poll(() => heading(page)).toBe('អេក្រង់ ប៊ូតុង និងការប្រើប្រាស់ដំបូង');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(await page.locator('article.lesson').getAttribute('lang')).toBe('km');
    expect(await khmerFontLoaded(page)).toBe(true);
    expect(await overflowing(page)).toEqual([]);
    await context.close();
  });

  it('lets an author add, save and remove the Khmer version in the lesson editor', async () => {
    const author = await signedInWith(web.t, { role: 'author', unit: '91', fullName: 'Danh Thị Soạn' });
    const { id: courseId } = (await author.post('/api/units/91/courses', { title: 'Điện thoại cho người mới' })).json();
    const moduleId = (await author.get(`/api/authoring/courses/${courseId}`)).json().modules[0].id;
    const { id: lessonId } = (await author.post(`/api/authoring/modules/${moduleId}/lessons`, { title: 'Nút nguồn' })).json();
    const khmerOf = async () => (await author.get(`/api/authoring/lessons/${lessonId}`)).json().lesson.translations;

    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signInOnPhone(page, web.url, nationalForm(author.phone!), testPassword);
    await page.goto(`${web.url}/author/lessons/${lessonId}`);
    await page.getByRole('button', { name: 'Thêm bản tiếng Khmer' }).click();
    await page.getByLabel('Nội dung bằng tiếng Khmer (Markdown)').fill('## ប៊ូតុងថាមពល\n\nចុចឲ្យជាប់ ដើម្បីបើកទូរស័ព្ទ។');
    // Without a title nothing is sent (the server would refuse it); with one, it saves by itself.
    expect(await page.getByText('Bản tiếng Khmer được lưu khi đã có tên bài.').isVisible()).toBe(true);
    await page.getByLabel('Tên bài (tiếng Khmer)').fill('ប៊ូតុងថាមពល');
    await expect.poll(async () => (await khmerOf()).km?.title, { timeout: 10_000 }).toBe('ប៊ូតុងថាមពល');
    expect((await khmerOf()).km.body).toBe('## ប៊ូតុងថាមពល\n\nចុចឲ្យជាប់ ដើម្បីបើកទូរស័ព្ទ។');
    expect(await page.getByLabel('Tên bài (tiếng Khmer)').getAttribute('lang')).toBe('km');

    await page.getByRole('button', { name: 'Xóa bản tiếng Khmer' }).click();
    await expect.poll(async () => khmerOf(), { timeout: 10_000 }).toEqual({});
    await context.close();
  });
});
