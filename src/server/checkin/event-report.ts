/**
 * The attendance of an event as officials file it: an Excel workbook (one row per venue and group, then the scans that
 * were not counted) and the event report PDF (A4; per venue and group, invited and checked in against the quota, with
 * totals). Names are text everywhere; spreadsheet cells that would start a formula are neutralised.
 */
import ExcelJS from 'exceljs';
import { vietnamTimeZone } from '../../shared/days.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import { type MessageKey, translate } from '../../shared/i18n/translate.js';
import type { Attendance } from './checkin.schema.js';
import { precomposed, vietnamesePdf } from '../pdf.js';

const label = (key: MessageKey, params?: Record<string, string | number>) => translate('vi', key, params);
const safeText = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
const when = (iso: string) => formatDateTime('vi', iso, vietnamTimeZone);

const columns = () => [label('checkin.venue'), label('checkin.group'), label('checkin.quota'), label('checkin.invited'), label('checkin.accepted'), label('checkin.checkedIn'), label('checkin.atDoor')];

type Figures = Attendance['totals'];
const numbers = (f: Figures) => [f.quota, f.invited, f.accepted, f.checkedIn, f.atDoor];

/** Each venue's groups, then the venue's own line, then the grand total. */
function tableRows(a: Attendance): { cells: (string | number | null)[]; bold: boolean }[] {
  const rows: { cells: (string | number | null)[]; bold: boolean }[] = [];
  for (const v of a.venues) {
    for (const g of v.groups) rows.push({ cells: [v.name, g.name ?? label('checkin.noGroup'), ...numbers(g)], bold: false });
    rows.push({ cells: [v.name, label('checkin.total'), ...numbers(v)], bold: true });
  }
  rows.push({ cells: [label('checkin.total'), '', ...numbers(a.totals)], bold: true });
  return rows;
}

export async function attendanceWorkbook(a: Attendance): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = label('app.name');
  const sheet = workbook.addWorksheet(label('checkin.report.sheetName'));
  sheet.addRow([label('checkin.report.title')]).font = { bold: true, size: 14 };
  sheet.addRow([label('checkin.report.event'), safeText(a.title)]);
  sheet.addRow([label('checkin.report.time'), when(a.startsAt)]);
  sheet.addRow([label('checkin.report.generatedAt'), when(a.asOf)]);
  sheet.addRow([]);
  const header = sheet.addRow(columns());
  header.font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: header.number }];
  for (const r of tableRows(a)) {
    const row = sheet.addRow(r.cells.map((c) => (typeof c === 'string' ? safeText(c) : c)));
    if (r.bold) row.font = { bold: true };
  }
  [34, 34, 10, 10, 12, 14, 16].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  const conflicts = workbook.addWorksheet(label('checkin.report.conflictsSheet'));
  conflicts.addRow([label('checkin.fullName'), label('checkin.venue'), label('checkin.scannedAt'), label('checkin.belongsAt'), '']).font = { bold: true };
  for (const c of a.conflicts) {
    conflicts.addRow([safeText(c.fullName), safeText(c.venue.name), when(c.scannedAt), safeText(c.belongsAt?.name ?? ''), label(`checkin.result.${c.result}`)]);
  }
  [30, 30, 20, 30, 30].forEach((width, i) => (conflicts.getColumn(i + 1).width = width));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}


export function eventReportPdf(a: Attendance): Promise<Buffer> {
  const { doc, done } = vietnamesePdf({ size: 'A4', margin: 36, info: { Title: label('checkin.report.title'), Author: label('app.name') } });
  const left = doc.page.margins.left;
  doc.font('bold').fontSize(14).text(label('checkin.report.title'), { ...precomposed, align: 'center' });
  doc.moveDown(0.5);
  for (const [name, value] of [
    [label('checkin.report.event'), a.title],
    [label('checkin.report.time'), when(a.startsAt)],
  ] as const) {
    doc.font('bold').fontSize(10).text(`${name}: `, { ...precomposed, continued: true });
    doc.font('regular').text(value, precomposed);
  }
  doc.font('regular').fontSize(8).fillColor('#555555').text(`${label('checkin.report.generatedAt')}: ${when(a.asOf)}`, precomposed);
  doc.moveDown();
  const widths = [140, 130, 45, 45, 50, 55, 58];
  const row = (cells: (string | number | null)[], bold: boolean) => {
    const height = 24;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = left;
    doc.font(bold ? 'bold' : 'regular').fontSize(9).fillColor('#111111');
    cells.forEach((cell, i) => {
      doc.rect(x, y, widths[i]!, height).strokeColor('#999999').stroke();
      doc.text(cell === null ? '–' : String(cell), x + 3, y + 6, { ...precomposed, width: widths[i]! - 6, height: height - 6, ellipsis: true });
      x += widths[i]!;
    });
    doc.x = left;
    doc.y = y + height;
  };
  row(columns(), true);
  for (const r of tableRows(a)) row(r.cells, r.bold);
  if (a.conflicts.length > 0) {
    doc.moveDown();
    doc.font('bold').fontSize(11).text(`${label('checkin.conflicts')}: ${a.conflicts.length}`, left, doc.y, precomposed);
  }
  doc.end();
  return done;
}
