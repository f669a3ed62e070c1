import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Each page's words with their boxes, as `pdftotext -bbox` measures them (points, y growing downwards). */
function wordsOf(pdf: Buffer): Word[][] {
  const dir = mkdtempSync(path.join(tmpdir(), 'figures-pdf-'));
  try {
    writeFileSync(path.join(dir, 'f.pdf'), pdf);
    const html = execFileSync('pdftotext', ['-bbox', path.join(dir, 'f.pdf'), '-'], { encoding: 'utf8' });
    return html
      .split('<page')
      .slice(1)
      .map((page) =>
        [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
          text: m[5]!.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"'),
          xMin: Number(m[1]),
          yMin: Number(m[2]),
          xMax: Number(m[3]),
          yMax: Number(m[4]),
        })),
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The lines of text of a page, top to bottom: words whose boxes share most of their height. A table row is one or
 * more such lines; what must never happen is two lines whose boxes overlap, which is what text drawn over other
 * text looks like.
 */
function linesOf(words: Word[]): Word[][] {
  const lines: Word[][] = [];
  for (const word of [...words].sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin)) {
    const line = lines.find((l) => Math.abs(l[0]!.yMin - word.yMin) < 1 && Math.abs(l[0]!.yMax - word.yMax) < 1);
    if (line) line.push(word);
    else lines.push([word]);
  }
  return lines;
}

const overlap = (a: Word, b: Word) => Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin) > 0.5 && Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin) > 0.5;

/** Pairs of words of different lines whose boxes overlap: none on a page laid out right. */
function overlaps(page: Word[]): string[] {
  const found: string[] = [];
  const lines = linesOf(page);
  lines.forEach((line, i) => {
    for (const other of lines.slice(i + 1)) {
      for (const a of line) for (const b of other) if (overlap(a, b)) found.push(`"${a.text}" × "${b.text}"`);
    }
  });
  return found;
}

describe.each(engines)('figures officials can sign on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  const totals = async (code: string, query = '') => (await (await signedInWith(t, { role: 'manager', unit: code, home: '30316' })).get(`/api/units/${code}/dashboard${query}`)).json().totals;
  const isoDay = (daysAgo: number) => new Date(t.clock.now() + 7 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);

  it('stops counting a revoked certificate as certified from the day it was revoked, and keeps it in periods before', async () => {
    const course = await buildCourse(t.db, { modules: [['Bài có chứng nhận']] });
    const learner = await signedInWith(t, { home: '30301' });
    expect((await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date(t.clock.now()).toISOString() })).statusCode).toBe(200);
    const [certificate] = (await learner.get('/api/me/certificates')).json().certificates;
    expect(await totals('30301')).toMatchObject({ completed: 1, certified: 1 });

    t.clock.advance(3 * 86_400_000);
    const admin = await signedInWith(t, { role: 'admin', unit: '91', home: '30316' });
    expect((await admin.post(`/api/certificates/${certificate.code}/revoke`, { reason: 'Cấp nhầm người' })).statusCode).toBe(200);
    // Revoking again changes nothing.
    expect((await admin.post(`/api/certificates/${certificate.code}/revoke`, { reason: 'Lần nữa' })).statusCode).toBe(200);
    // Completed it still is; certified no longer, from today on.
    expect(await totals('30301')).toMatchObject({ completed: 1, certified: 0 });
    expect(await totals('30301', `?to=${isoDay(0)}`)).toMatchObject({ certified: 0 });
    // A period that ended the day before still shows it.
    expect(await totals('30301', `?from=${isoDay(5)}&to=${isoDay(1)}`)).toMatchObject({ completed: 1, certified: 1 });
    // The province counts the same.
    expect((await (await signedInWith(t, { role: 'campaign_lead', unit: '91', home: '30316' })).get('/api/units/91/dashboard')).json().children.find((c: { unit: { code: string } }) => c.unit.code === '30301')).toMatchObject({ certified: 0 });
  });

  it('shows people put on a members list apart, "on the list, not yet signed in", and counts them as registered from their first sign-in', async () => {
    const manager = await signedInWith(t, { role: 'manager', unit: '30292', home: '30316' });
    const before = await totals('30292');
    const added = await manager.post('/api/units/30292/members', { fullName: 'Lê Văn Danh Sách', phone: '0913555001', birthYear: '1970', unitCode: '30292', group: 'citizen', homeCode: '30292' });
    expect(added.statusCode).toBe(201);
    expect(await totals('30292')).toMatchObject({ registered: before.registered, listed: before.listed + 1 });

    // In the files too, under its own heading.
    const file = await manager.get('/api/units/30292/dashboard.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    const header = rows.find((r) => r[1] === 'Đơn vị' && r.length > 3)!;
    const total = rows.find((r) => r[1] === 'Tổng cộng')!;
    expect(total[header.indexOf('Có trong danh sách, chưa đăng nhập')]).toBe(before.listed + 1);
    expect(total[header.indexOf('Đã đăng ký')]).toBe(before.registered);
    const pdfText = wordsOf((await manager.get('/api/units/30292/dashboard.pdf')).rawPayload)
      .flat()
      .map((w) => w.text)
      .join(' ');
    expect(pdfText).toContain('Có trong danh sách, chưa đăng nhập');

    // A day later the person claims the account by phone and signs in: registered from that day, no longer listed.
    t.clock.advance(86_400_000);
    expect((await anonymous(t).post('/api/auth/password-reset', { phone: '0913555001' })).statusCode).toBe(202);
    await t.jobsIdle();
    const code = /(\d{6})/.exec(t.outbox.at(-1)!.text)![1]!;
    expect((await anonymous(t).post('/api/auth/password-reset/confirm', { phone: '0913555001', code, newPassword: 'mat-khau-cua-toi', consent: true })).statusCode).toBe(200);
    expect((await anonymous(t).post('/api/auth/login', { phone: '0913555001', password: 'mat-khau-cua-toi' })).statusCode).toBe(200);
    const after = await totals('30292');
    expect(after).toMatchObject({ registered: before.registered + 1, listed: before.listed });
    const dashboard = (await (await signedInWith(t, { role: 'manager', unit: '30292', home: '30316' })).get('/api/units/30292/dashboard')).json();
    expect(dashboard.series.at(-1)).toMatchObject({ day: isoDay(0), registered: 1 });
    // Up to yesterday, still on the list and not registered.
    expect(await totals('30292', `?to=${isoDay(1)}`)).toMatchObject({ registered: before.registered, listed: before.listed + 1 });
  });

  it('lays out dashboard.pdf and ranking.pdf so that no text is drawn over other text, headers above the first row and on every page', async () => {
    // Long names that wrap, in the first rows and further down.
    const lead = await signedInWith(t, { role: 'campaign_lead', unit: '91', home: '30316' });
    const long = 'Phường Long Xuyên thuộc tỉnh An Giang (trước sắp xếp: thành phố Long Xuyên, tỉnh An Giang cũ) – tên dài để thử xuống dòng';
    await t.db.updateTable('units').set({ full_name: long }).where('code', 'in', ['30280', '30307', '30316']).execute();
    const campaign = (await lead.post('/api/units/91/campaigns', { title: 'Tháng chuyển đổi số', startsOn: '2026-11-20', endsOn: '2026-12-31', courseIds: [(await buildCourse(t.db, { modules: [['Một']] })).id], targetPercent: 60 })).json();
    expect((await lead.post(`/api/campaigns/${campaign.id}/status`, { status: 'live' })).statusCode).toBe(200);

    const files = {
      'dashboard.pdf': { pdf: (await lead.get('/api/units/91/dashboard.pdf')).rawPayload, first: 'Đơn', firstRow: (w: Word[]) => w.find((x) => x.text === 'Phường' || x.text === 'Xã')! },
      'ranking.pdf': { pdf: (await lead.get(`/api/campaigns/${campaign.id}/ranking.pdf`)).rawPayload, first: 'Hạng', firstRow: (w: Word[]) => w.find((x) => x.text === '1')! },
    };
    for (const [name, { pdf, first, firstRow }] of Object.entries(files)) {
      const pages = wordsOf(pdf);
      // More than a page of units: the header is printed again on every page.
      expect(pages.length, name).toBeGreaterThan(1);
      for (const [i, page] of pages.entries()) {
        expect(overlaps(page), `${name}, page ${i + 1}`).toEqual([]);
        expect(page.some((w) => w.text === first), `${name}: header on page ${i + 1}`).toBe(true);
      }
      // On the first page, every word of the header ends above the first row's words begin.
      const page = pages[0]!;
      const headerTop = page.find((w) => w.text === first)!.yMin;
      const rowTop = firstRow(page.filter((w) => w.yMin > headerTop + 1)).yMin;
      const header = page.filter((w) => w.yMin >= headerTop - 1 && w.yMin < rowTop - 1);
      expect(header.length, name).toBeGreaterThan(5);
      for (const word of header) expect(word.yMax, `${name}: "${word.text}"`).toBeLessThanOrEqual(rowTop);
    }
    // The long name is printed whole, over several lines, not cut off.
    const dashboardText = pagesText(files['dashboard.pdf'].pdf);
    expect(dashboardText).toContain('tên dài để thử xuống dòng');
  });
});

const pagesText = (pdf: Buffer) =>
  wordsOf(pdf)
    .flat()
    .map((w) => w.text)
    .join(' ');
