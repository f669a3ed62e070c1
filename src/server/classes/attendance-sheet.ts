/**
 * A class's attendance sheet as the commune files it: a printed A4 page with a signature column, and the same
 * list as an Excel workbook. Names are text everywhere; spreadsheet cells that would start a formula are neutralised.
 */
import ExcelJS from 'exceljs';
import { vietnamTimeZone } from '../../shared/days.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import { type MessageKey, translate } from '../../shared/i18n/translate.js';
import type { ClassDetail } from './classes.schema.js';
import { precomposed, vietnamesePdf } from '../pdf.js';

const label = (key: MessageKey, params?: Record<string, string | number>) => translate('vi', key, params);

/** A cell that starts like a formula is kept as text, prefixed so that no spreadsheet evaluates it. */
const safeText = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const when = (view: ClassDetail) => `${formatDateTime('vi', view.startsAt, vietnamTimeZone)} (${label('classes.minutes', { count: view.durationMinutes })})`;

function headerLines(view: ClassDetail): [string, string][] {
  return [
    [label('classes.sheet.place'), `${view.placeName}, ${view.unit.fullName}`],
    [label('classes.sheet.time'), when(view)],
    [label('classes.sheet.course'), view.course.title],
    [label('classes.sheet.lessons'), view.lessons.map((l) => l.title).join('; ')],
    [label('classes.sheet.team'), view.team.name],
    [label('classes.sheet.helpers'), view.helpers.map((h) => h.fullName).join(', ')],
  ];
}

const columns = () => [
  label('classes.sheet.number'),
  label('classes.sheet.name'),
  label('classes.sheet.birthYear'),
  label('classes.sheet.home'),
  label('classes.sheet.phone'),
  label('classes.sheet.method'),
  label('classes.sheet.signature'),
];

const rowOf = (a: ClassDetail['attendees'][number], i: number) => [String(i + 1), a.fullName, String(a.birthYear), a.place, a.phone, label(`classes.method.${a.method}`), ''];

export async function attendanceWorkbook(view: ClassDetail, now: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = label('app.name');
  const sheet = workbook.addWorksheet(label('classes.sheet.sheetName'));
  sheet.addRow([label('classes.sheet.title')]).font = { bold: true, size: 14 };
  for (const [name, value] of headerLines(view)) sheet.addRow([name, safeText(value)]);
  sheet.addRow([label('classes.sheet.generatedAt'), formatDateTime('vi', now, vietnamTimeZone)]);
  sheet.addRow([]);
  const header = sheet.addRow(columns());
  header.font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: header.number }];
  view.attendees.forEach((a, i) => {
    const cells = rowOf(a, i);
    sheet.addRow([i + 1, safeText(a.fullName), a.birthYear, safeText(a.place), a.phone, cells[5], '']);
  });
  [6, 30, 10, 24, 16, 18, 20].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}


/** A4 portrait, fonts embedded so Vietnamese prints right; rows tall enough to sign in. */
export function attendancePdf(view: ClassDetail, now: number): Promise<Buffer> {
  const { doc, done } = vietnamesePdf({ size: 'A4', margin: 36, info: { Title: label('classes.sheet.title'), Author: label('app.name') } });
  const left = doc.page.margins.left;
  doc.font('bold').fontSize(14).text(label('classes.sheet.title'), { ...precomposed, align: 'center' });
  doc.moveDown(0.5);
  for (const [name, value] of headerLines(view)) {
    doc.font('bold').fontSize(10).text(`${name}: `, { ...precomposed, continued: true });
    doc.font('regular').text(value, precomposed);
  }
  doc.font('regular').fontSize(8).fillColor('#555555').text(`${label('classes.sheet.generatedAt')}: ${formatDateTime('vi', now, vietnamTimeZone)}`, precomposed);
  doc.moveDown();
  const widths = [26, 128, 46, 90, 78, 85, 70];
  const row = (cells: string[], bold: boolean, height: number) => {
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = left;
    doc.font(bold ? 'bold' : 'regular').fontSize(9).fillColor('#111111');
    cells.forEach((cell, i) => {
      doc.rect(x, y, widths[i]!, height).strokeColor('#999999').stroke();
      doc.text(cell, x + 3, y + 5, { ...precomposed, width: widths[i]! - 6, height: height - 6, ellipsis: true });
      x += widths[i]!;
    });
    doc.x = left;
    doc.y = y + height;
  };
  row(columns(), true, 22);
  view.attendees.forEach((a, i) => row(rowOf(a, i), false, 28));
  doc.end();
  return done;
}
