/**
 * The budget (dự toán kinh phí) as an Excel sheet laid out as a provincial office files it: title rows, one section
 * per funding source with its own total, the grand total, numbers kept as numbers in #,##0, printable A4 landscape.
 */
import ExcelJS from 'exceljs';
import { vietnamTimeZone } from '../../shared/days.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import { type MessageKey, translate } from '../../shared/i18n/translate.js';
import type { Budget } from './event-tasks.schema.js';

const label = (key: MessageKey, params?: Record<string, string | number>) => translate('vi', key, params);

/** A cell that starts like a formula is kept as text, prefixed so that no spreadsheet evaluates it. */
const safeText = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const roman = ['I', 'II', 'III', 'IV'];
const money = '#,##0';
const thin = { style: 'thin' } as const;
const border = { top: thin, left: thin, bottom: thin, right: thin };

export async function budgetWorkbook(view: { budget: Budget; startsAt: number; unitName: string }, now: number): Promise<Buffer> {
  const { budget } = view;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = label('app.name');
  const sheet = workbook.addWorksheet(label('budget.sheet.sheetName'), {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: `&C${label('budget.sheet.page')} &P / &N` },
  });
  const columns = 8;
  const title = (text: string, size: number, bold = true) => {
    const row = sheet.addRow([text]);
    sheet.mergeCells(row.number, 1, row.number, columns);
    row.font = { bold, size };
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    return row;
  };
  title(safeText(view.unitName), 11, false);
  title(label('budget.sheet.title'), 14);
  title(safeText(budget.eventTitle), 12).height = 32;
  title(label('budget.sheet.when', { date: formatDateTime('vi', view.startsAt, vietnamTimeZone) }), 11, false);
  sheet.addRow([]);

  const header = sheet.addRow(['STT', 'Nội dung', 'Đơn vị tính', 'Số lượng', 'Đơn giá (đồng)', 'Thành tiền (đồng)', 'Nguồn kinh phí', 'Ghi chú'].map((_, i) => label(`budget.sheet.column${i + 1}` as MessageKey)));
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.height = 30;
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
  });
  const styled: ExcelJS.Row[] = [header];

  let section = 0;
  for (const total of budget.totals) {
    const lines = budget.lines.filter((l) => l.fundingSource === total.fundingSource);
    if (lines.length === 0) continue;
    const sourceName = label(`budget.source.${total.fundingSource}`);
    const heading = sheet.addRow([roman[section], sourceName]);
    heading.font = { bold: true };
    styled.push(heading);
    section += 1;
    lines.forEach((line, i) => {
      const row = sheet.addRow([i + 1, safeText(line.item), safeText(line.unitOfMeasure), line.quantity, line.unitCost, line.amount, sourceName, safeText(line.note)]);
      row.alignment = { vertical: 'top', wrapText: true };
      styled.push(row);
    });
    const sum = sheet.addRow(['', label('budget.sheet.sourceTotal', { source: sourceName }), '', '', '', total.amount, '', '']);
    sum.font = { bold: true, italic: true };
    styled.push(sum);
  }
  const grand = sheet.addRow(['', label('budget.sheet.grandTotal'), '', '', '', budget.grandTotal, '', '']);
  grand.font = { bold: true };
  styled.push(grand);

  for (const row of styled) {
    for (let c = 1; c <= columns; c += 1) row.getCell(c).border = border;
    for (const c of [4, 5, 6]) row.getCell(c).numFmt = money;
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'top' };
  }
  sheet.addRow([]);
  const made = sheet.addRow([label('budget.sheet.generatedAt', { time: formatDateTime('vi', now, vietnamTimeZone) })]);
  made.font = { italic: true, size: 9 };

  [6, 44, 12, 10, 16, 18, 26, 24].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  sheet.pageSetup.printTitlesRow = `${header.number}:${header.number}`;
  sheet.views = [{ state: 'frozen', ySplit: header.number }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
