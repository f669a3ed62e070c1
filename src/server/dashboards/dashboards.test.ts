import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

describe.each(engines)('unit dashboards on %s', (engine) => {
  let t: TestApp;
  let manager: Actor;
  let lead: Actor;
  let course: { id: number; lessonIds: number[] };
  let other: { id: number; lessonIds: number[] };
  beforeAll(async () => {
    t = await buildTestApp(engine);
    // The watchers live elsewhere, so that the figures below are only the learners'.
    manager = await signedInWith(t, { role: 'manager', unit: '30307', home: '30316' });
    lead = await signedInWith(t, { role: 'campaign_lead', unit: '91', home: '30316' });
    course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    other = await buildCourse(t.db, { modules: [['Bài khác']] });
    const act = async (home: string, lessonId: number, type: 'opened' | 'completed', daysAgo = 0) => {
      const learner = await signedInWith(t, { home });
      const at = new Date(t.clock.now() - daysAgo * 86_400_000).toISOString();
      expect((await learner.post('/api/progress', { eventId: randomUUID(), lessonId, type, at })).statusCode).toBe(200);
    };
    await act('30307', course.lessonIds[0]!, 'completed');
    await act('30307', course.lessonIds[0]!, 'opened', 2);
    await act('30307', other.lessonIds[0]!, 'opened', 10);
    await act('30292', course.lessonIds[0]!, 'completed', 1);
    await signedInWith(t, { home: '30292' });
  });
  afterAll(() => t.close());

  const dashboard = (who: Actor, code: string, query = '') => who.get(`/api/units/${code}/dashboard${query}`);

  it('gives a commune manager the figures of the commune, from the rollups', async () => {
    const response = await dashboard(manager, '30307');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.unit).toMatchObject({ code: '30307', fullName: 'Phường Long Xuyên' });
    // Three learners live there; the one active ten days ago is not "active in the last 7 days".
    expect(body.totals).toEqual({ members: 0, registered: 3, listed: 0, active7d: 2, enrolled: 3, completed: 1, certified: 1, registeredAssisted: 0, active7dAssisted: 0, completedAssisted: 0, registeredSelf: 3, active7dSelf: 2, completedSelf: 1 });
    expect(body.teams).toEqual([]);
    expect(body.period).toEqual({ from: '2026-10-26', to: '2026-11-24' });
    expect(body.series).toHaveLength(30);
    expect(body.series.at(-1)).toEqual({ day: '2026-11-24', registered: 3, enrolled: 1, completed: 1, certified: 1 });
    expect(body.series.find((d: { day: string }) => d.day === '2026-11-22')).toMatchObject({ enrolled: 1 });
    expect((await dashboard(manager, '30307', `?course=${course.id}`)).json().totals).toMatchObject({ members: 0, registered: 3, active7d: 2, enrolled: 2, completed: 1, certified: 1 });
  });

  it('lets the steering committee drill down from the province to each commune', async () => {
    const body = (await dashboard(lead, '91')).json();
    expect(body.totals).toMatchObject({ registered: 7, enrolled: 4, completed: 2, certified: 2 });
    const byCode = Object.fromEntries(body.children.map((c: { unit: { code: string } }) => [c.unit.code, c]));
    expect(byCode['30307']).toMatchObject({ registered: 3, enrolled: 3, completed: 1 });
    expect(byCode['30292']).toMatchObject({ registered: 2, enrolled: 1, completed: 1, certified: 1 });
    expect(byCode['30316']).toMatchObject({ registered: 2, enrolled: 0 });
    expect(body.children).toHaveLength(102);
    const commune = (await dashboard(lead, '30292')).json();
    expect(commune.totals).toMatchObject({ registered: 2, enrolled: 1, completed: 1, active7d: 1 });
  });

  it('keeps a manager inside the unit: another commune, the province, or no role at all is refused', async () => {
    expect((await dashboard(manager, '30292')).statusCode).toBe(403);
    expect((await dashboard(manager, '91')).statusCode).toBe(403);
    expect((await dashboard(await signedInWith(t), '30307')).statusCode).toBe(403);
    expect((await dashboard(anonymous(t), '30307')).statusCode).toBe(401);
    expect((await dashboard(lead, 'KHONG-CO')).statusCode).toBe(404);
  });

  it('exports the view to Excel that LibreOffice opens with the same figures, numbers as numbers, formulas neutralised', async () => {
    // A name that a spreadsheet would run as a formula.
    await t.db.updateTable('units').set({ full_name: '=HYPERLINK("http://x","bấm")' }).where('code', '=', '30301').execute();
    const file = await lead.get('/api/units/91/dashboard.xlsx');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toBe('attachment; filename="so-lieu-91-2026-11-24.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('Báo cáo Bình dân học vụ số');
    expect(sheet.getCell('B2').value).toBe('Tỉnh An Giang');
    expect(sheet.getCell('A4').value).toBe('Lập lúc');
    // Dates as Vietnamese readers write them, the time in Vietnam (the test clock is 02:00 UTC).
    expect(sheet.getCell('B4').value).toBe('09:00 24/11/2026');
    expect(sheet.getCell('B3').value).toMatch(/^\d{2}\/\d{2}\/2026 – 24\/11\/2026$/);
    expect(sheet.getRow(6).values).toEqual([
      undefined,
      'Đơn vị',
      'Thành viên',
      'Đã đăng ký',
      'Có trong danh sách, chưa đăng nhập',
      'Học trong 7 ngày qua',
      'Đang học (lượt)',
      'Hoàn thành',
      'Được cấp chứng nhận',
      'Đăng ký (tự)',
      'Đăng ký (hỗ trợ)',
      'Học 7 ngày (tự)',
      'Học 7 ngày (hỗ trợ)',
      'Hoàn thành (tự)',
      'Hoàn thành (hỗ trợ)',
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const longXuyen = rows.find((r) => r[1] === 'Phường Long Xuyên')!;
    // Four live there by now: the learner with no role made in the scoping test is one of them.
    expect(longXuyen.slice(2)).toEqual([0, 4, 0, 2, 3, 1, 1, 4, 0, 2, 0, 1, 0]);
    expect(rows.some((r) => r[1] === '\'=HYPERLINK("http://x","bấm")')).toBe(true);

    const dir = mkdtempSync(path.join(tmpdir(), 'dashboard-'));
    writeFileSync(path.join(dir, 'so-lieu.xlsx'), file.rawPayload);
    execFileSync('libreoffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, path.join(dir, 'so-lieu.xlsx')], { stdio: 'ignore', timeout: 120_000 });
    const csvLines = readFileSync(path.join(dir, 'so-lieu.csv'), 'utf8').split('\n');
    expect(csvLines).toContain('Phường Long Xuyên,0,4,0,2,3,1,1,4,0,2,0,1,0');
    expect(csvLines.find((l) => l.startsWith('Tổng cộng'))).toBe('Tổng cộng,0,8,0,3,4,2,2,8,0,3,0,2,0');
    rmSync(dir, { recursive: true, force: true });

    const pdf = await lead.get('/api/units/30307/dashboard.pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pdfDir = mkdtempSync(path.join(tmpdir(), 'dashboard-pdf-'));
    writeFileSync(path.join(pdfDir, 'r.pdf'), pdf.rawPayload);
    expect(execFileSync('pdftotext', ['-layout', path.join(pdfDir, 'r.pdf'), '-'], { encoding: 'utf8' })).toContain('Báo cáo Bình dân học vụ số: Phường Long Xuyên');
    rmSync(pdfDir, { recursive: true, force: true });

    // Outside the grant, the files are refused like the page.
    expect((await manager.get('/api/units/91/dashboard.xlsx')).statusCode).toBe(403);
    expect((await manager.get('/api/units/30292/dashboard.pdf')).statusCode).toBe(403);
  });

  it('says clearly what is wrong with a period', async () => {
    const backwards = await dashboard(manager, '30307', '?from=2026-11-20&to=2026-11-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toBe('Khoảng thời gian không hợp lệ: ngày bắt đầu phải trước ngày kết thúc, và dài nhất một năm.');
    expect((await dashboard(manager, '30307', '?from=20-11-2026')).statusCode).toBe(400);
    const custom = (await dashboard(manager, '30307', '?from=2026-11-20&to=2026-11-23')).json();
    expect(custom.series.map((d: { day: string }) => d.day)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
    // Up to the 23rd: the completion of the 24th is not counted yet.
    expect(custom.totals).toMatchObject({ enrolled: 2, completed: 0 });
  });
});
