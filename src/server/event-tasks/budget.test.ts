import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildEvent } from '../../../test/event-factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { EventId, UserId } from '../../shared/ids.js';

const run = promisify(execFile);
const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));

/** LibreOffice converts the workbook as a person opening it would see it: to PDF (A4 print) and to CSV (the values). */
async function convert(xlsx: Buffer, to: 'pdf' | 'csv'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'budget-'));
  try {
    await writeFile(path.join(dir, 'du-toan.xlsx'), xlsx);
    await run(soffice!, [`-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`, '--headless', '--convert-to', to === 'csv' ? 'csv:Text - txt - csv (StarCalc):44,34,76' : 'pdf', '--outdir', dir, path.join(dir, 'du-toan.xlsx')], { timeout: 90_000 });
    if (to === 'csv') return await readFile(path.join(dir, 'du-toan.csv'), 'utf8');
    return (await run('pdftotext', ['-layout', path.join(dir, 'du-toan.pdf'), '-'])).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe.each(engines)('event budget on %s', (engine) => {
  let t: TestApp;
  let organiser: Actor;
  let otherOrganiser: Actor;
  let manager: Actor;
  let eventId: EventId;
  let otherEventId: EventId;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    organiser = await signedInWith(t, { role: 'organiser', unit: '30307' });
    otherOrganiser = await signedInWith(t, { role: 'organiser', unit: '30292', home: '30292' });
    manager = await signedInWith(t, { role: 'manager', unit: '30307' });
    eventId = await buildEvent(t.db, { unitCode: '30307', createdBy: organiser.userId as UserId, title: 'Lễ phát động “Bình dân học vụ số”', startsAt: Date.UTC(2025, 4, 19, 0, 30) });
    otherEventId = await buildEvent(t.db, { unitCode: '30292', createdBy: otherOrganiser.userId as UserId });
  });
  afterAll(() => t.close());

  const add = async (line: object, who = organiser, event = eventId) => {
    const response = await who.post(`/api/events/${event}/budget`, line);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };

  it('computes amounts, totals per funding source and the grand total', async () => {
    await add({ item: 'Thuê MC dẫn chương trình', unitOfMeasure: 'người', quantity: 1, unitCost: 3_000_000, fundingSource: 'science_and_technology_fund' });
    await add({ item: 'Maket, phông sân khấu', unitOfMeasure: 'bộ', quantity: 2, unitCost: 4_500_000, fundingSource: 'science_and_technology_fund' });
    await add({ item: 'Nước uống đại biểu', unitOfMeasure: 'chai', quantity: 150, unitCost: 8_000, fundingSource: 'sponsors', note: 'VNPT An Giang tài trợ' });
    const budget = await add({ item: '=HYPERLINK("http://x")', unitOfMeasure: 'gói', quantity: 3, unitCost: 1_250_000, fundingSource: 'other' });
    expect(budget.lines.map((l: { amount: number }) => l.amount)).toEqual([3_000_000, 9_000_000, 1_200_000, 3_750_000]);
    expect(budget.totals).toEqual([
      { fundingSource: 'science_and_technology_fund', amount: 12_000_000 },
      { fundingSource: 'sponsors', amount: 1_200_000 },
      { fundingSource: 'other', amount: 3_750_000 },
    ]);
    expect(budget.grandTotal).toBe(16_950_000);
    const line = budget.lines[1];
    const changed = (await organiser.patch(`/api/events/${eventId}/budget/${line.id}`, { quantity: 3, fundingSource: 'sponsors' })).json();
    expect(changed.totals.map((x: { amount: number }) => x.amount)).toEqual([3_000_000, 14_700_000, 3_750_000]);
    expect(changed.grandTotal).toBe(21_450_000);
    const back = (await organiser.patch(`/api/events/${eventId}/budget/${line.id}`, { quantity: 2, fundingSource: 'science_and_technology_fund' })).json();
    expect(back.grandTotal).toBe(16_950_000);
    // Bad input: clear 400s, nothing written.
    expect((await organiser.post(`/api/events/${eventId}/budget`, { item: 'X', unitOfMeasure: 'cái', quantity: -1, unitCost: 1, fundingSource: 'other' })).statusCode).toBe(400);
    expect((await organiser.post(`/api/events/${eventId}/budget`, { item: 'X', unitOfMeasure: 'cái', quantity: 1, unitCost: 1.5, fundingSource: 'other' })).statusCode).toBe(400);
    expect((await organiser.post(`/api/events/${eventId}/budget`, { item: 'X', unitOfMeasure: 'cái', quantity: 1, unitCost: 1, fundingSource: 'ngan_sach' })).statusCode).toBe(400);
    // One line as large as a line may be takes the total past 10^15 đồng: refused, and the line is not kept.
    const big = await organiser.post(`/api/events/${eventId}/budget`, { item: 'Hạng mục quá lớn', unitOfMeasure: 'gói', quantity: 100_000, unitCost: 10_000_000_000, fundingSource: 'other' });
    expect(big.json().error.code).toBe('budget_total_too_large');
    const extra = await add({ item: 'Hạng mục thừa', unitOfMeasure: 'gói', quantity: 1, unitCost: 1, fundingSource: 'other' });
    const removed = await organiser.delete(`/api/events/${eventId}/budget/${extra.lines.at(-1).id}`);
    expect(removed.statusCode).toBe(200);
    expect((await organiser.get(`/api/events/${eventId}/budget`)).json().grandTotal).toBe(16_950_000);
    const actions = (await t.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', organiser.userId as UserId).execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['event_budget.create', 'event_budget.update', 'event_budget.delete']));
  });

  it('exports the budget to Excel as officials file it', async () => {
    const file = await organiser.get(`/api/events/${eventId}/budget.xlsx`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const texts = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(texts(2)[0]).toBe('DỰ TOÁN KINH PHÍ TỔ CHỨC');
    expect(texts(3)[0]).toBe('Lễ phát động “Bình dân học vụ số”');
    expect(String(texts(4)[0])).toContain('19/05/2025');
    expect(texts(6)).toEqual(['STT', 'Nội dung', 'Đơn vị tính', 'Số lượng', 'Đơn giá (đồng)', 'Thành tiền (đồng)', 'Nguồn kinh phí', 'Ghi chú']);
    expect(texts(7).slice(0, 2)).toEqual(['I', 'Quỹ phát triển khoa học và công nghệ']);
    expect(texts(8)).toEqual([1, 'Thuê MC dẫn chương trình', 'người', 1, 3_000_000, 3_000_000, 'Quỹ phát triển khoa học và công nghệ', '']);
    expect(texts(10)[1]).toBe('Cộng: Quỹ phát triển khoa học và công nghệ');
    expect(texts(10)[5]).toBe(12_000_000);
    expect(texts(11).slice(0, 2)).toEqual(['II', 'Nhà tài trợ và nguồn xã hội hoá']);
    expect(texts(12)[7]).toBe('VNPT An Giang tài trợ');
    expect(texts(13)[5]).toBe(1_200_000);
    expect(texts(14).slice(0, 2)).toEqual(['III', 'Nguồn khác']);
    // A formula typed as an item stays text.
    expect(texts(15)[1]).toBe(`'=HYPERLINK("http://x")`);
    expect(texts(17)[1]).toBe('TỔNG CỘNG');
    expect(texts(17)[5]).toBe(16_950_000);
    expect(sheet.getCell('F8').numFmt).toBe('#,##0');
    expect(sheet.getCell('E8').numFmt).toBe('#,##0');
    expect(sheet.getCell('B8').border?.left?.style).toBe('thin');
    expect(sheet.getColumn(2).width).toBeGreaterThan(30);
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1 });
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'event_budget.export').execute();
    expect(audit.length).toBeGreaterThan(0);

    if (soffice && engine === 'sqlite') {
      const csv = await convert(file.rawPayload, 'csv');
      expect(csv).toContain('1,Thuê MC dẫn chương trình,người,1,"3,000,000","3,000,000"');
      expect(csv).toMatch(/TỔNG CỘNG,,,,"16,950,000"/);
      const pdf = await convert(file.rawPayload, 'pdf');
      expect(pdf).toContain('DỰ TOÁN KINH PHÍ TỔ CHỨC');
      expect(pdf).toContain('16,950,000');
      expect(pdf).toContain('Nhà tài trợ và nguồn xã hội hoá');
    }
  }, 120_000);

  it("keeps an organiser of another unit (and managers) out of the budget and its export", async () => {
    await add({ item: 'Âm thanh', unitOfMeasure: 'gói', quantity: 1, unitCost: 5_000_000, fundingSource: 'other' }, otherOrganiser, otherEventId);
    const theirs = (await otherOrganiser.get(`/api/events/${otherEventId}/budget`)).json().lines[0];
    expect((await organiser.get(`/api/events/${otherEventId}/budget`)).statusCode).toBe(403);
    expect((await organiser.get(`/api/events/${otherEventId}/budget.xlsx`)).statusCode).toBe(403);
    expect((await organiser.post(`/api/events/${otherEventId}/budget`, { item: 'X', unitOfMeasure: 'cái', quantity: 1, unitCost: 1, fundingSource: 'other' })).statusCode).toBe(403);
    expect((await organiser.patch(`/api/events/${otherEventId}/budget/${theirs.id}`, { quantity: 9 })).statusCode).toBe(403);
    expect((await organiser.delete(`/api/events/${otherEventId}/budget/${theirs.id}`)).statusCode).toBe(403);
    // Through one's own event, another event's line is not found.
    expect((await organiser.patch(`/api/events/${eventId}/budget/${theirs.id}`, { quantity: 9 })).json().error.code).toBe('budget_line_not_found');
    expect((await manager.get(`/api/events/${eventId}/budget`)).statusCode).toBe(403);
    expect((await manager.get(`/api/events/${eventId}/budget.xlsx`)).statusCode).toBe(403);
    expect((await otherOrganiser.get(`/api/events/${otherEventId}/budget`)).json().grandTotal).toBe(5_000_000);
  });
});
