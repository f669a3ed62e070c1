/**
 * A dashboard as the files officials pass around: an Excel workbook (title,
 * unit, period, when it was made, Vietnamese headers, numbers as numbers, the
 * header row frozen) and a PDF of the same tables. Text that a spreadsheet
 * would run as a formula (= + - @, tab) is neutralised.
 */
import ExcelJS from 'exceljs';
import { translate, type MessageKey } from '../../shared/i18n/translate.js';
import { formatDate, formatDateTime, formatNumber } from '../../shared/i18n/format.js';
import { vietnamTimeZone } from '../../shared/days.js';
import type { DashboardView as View } from './dashboards.schema.js';
import { precomposed, vietnamesePdf } from '../pdf.js';
import { type Figure, isSuppressed, suppressionMarker } from '../../shared/small-groups.js';

const figureKeys = ['members', 'registered', 'listed', 'active7d', 'enrolled', 'completed', 'certified'] as const;
const label = (key: MessageKey) => translate('vi', key);

type UnitFigures = View['totals'];
/** Registered, active and completed, each as self-served then assisted: the columns after the figures. */
const splitKeys = ['registered', 'active7d', 'completed'] as const;
const splitHeader = () => splitKeys.flatMap((k) => [label(`dashboard.${k}Self`), label(`dashboard.${k}Assisted`)]);
const splitValues = (f: UnitFigures) => splitKeys.flatMap((k) => [f[`${k}Self`], f[`${k}Assisted`]]);
const teamKeys = ['registered', 'active7d', 'completed'] as const;

/** A cell that starts like a formula is kept as text, prefixed so that no spreadsheet evaluates it. */
function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Suppressed cells ("< 5", "x") are text in the sheet: aligned with the numbers. */
function alignSuppressed(sheet: ExcelJS.Worksheet): void {
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      if (typeof cell.value === 'string' && isSuppressed(cell.value)) cell.alignment = { horizontal: 'right' };
    }),
  );
}

/** What "< 5" and "x" mean, when the view has any. */
function suppressionNote(view: View): string | null {
  const below = suppressionMarker([view.totals, view.children, view.groups, view.teams, view.series]);
  return below ? translate('vi', 'dashboard.suppressedNote', { below }) : null;
}

const madeAt = (now: number) => formatDateTime('vi', now, vietnamTimeZone);
const period = (view: View) => `${formatDate('vi', view.period.from)} – ${formatDate('vi', view.period.to)}`;

export async function dashboardWorkbook(view: View, now: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = label('app.name');
  const sheet = workbook.addWorksheet(label('export.sheet.units'), { views: [{ state: 'frozen', ySplit: 6 }] });
  sheet.addRow([safeText(label('export.title'))]).font = { bold: true, size: 14 };
  sheet.addRow([label('export.unit'), safeText(view.unit.fullName)]);
  sheet.addRow([label('export.period'), period(view)]);
  sheet.addRow([label('export.generatedAt'), madeAt(now)]);
  sheet.addRow([]);
  const header = sheet.addRow([label('dashboard.unit'), ...figureKeys.map((k) => label(`dashboard.${k}`)), ...splitHeader()]);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE7F0' } };
    cell.alignment = { wrapText: true, vertical: 'middle' };
  });
  const rows = view.children.length > 0 ? view.children : [];
  for (const child of rows) sheet.addRow([safeText(child.unit.fullName), ...figureKeys.map((k) => child[k]), ...splitValues(child)]);
  const total = sheet.addRow([label('export.total'), ...figureKeys.map((k) => view.totals[k]), ...splitValues(view.totals)]);
  total.font = { bold: true };
  alignSuppressed(sheet);
  const note = suppressionNote(view);
  if (note) sheet.addRow([note]).font = { italic: true };
  sheet.getColumn(1).width = 36;
  for (let c = 2; c <= figureKeys.length + splitKeys.length * 2 + 1; c++) {
    sheet.getColumn(c).width = 16;
    sheet.getColumn(c).numFmt = '#,##0';
  }

  const daily = workbook.addWorksheet(label('export.sheet.daily'), { views: [{ state: 'frozen', ySplit: 1 }] });
  daily.addRow([label('dashboard.day'), ...(['registered', 'enrolled', 'completed', 'certified'] as const).map((k) => label(`dashboard.${k}`))]).font = { bold: true };
  for (const d of view.series) daily.addRow([formatDate('vi', d.day), d.registered, d.enrolled, d.completed, d.certified]);
  alignSuppressed(daily);
  daily.columns.forEach((column, i) => {
    column.width = i === 0 ? 14 : 16;
  });

  if (view.teams.length > 0) {
    const teams = workbook.addWorksheet(label('export.sheet.teams'), { views: [{ state: 'frozen', ySplit: 1 }] });
    teams.addRow([label('dashboard.team'), label('dashboard.unit'), ...teamKeys.map((k) => label(`dashboard.team.${k}`))]).font = { bold: true };
    for (const team of view.teams) teams.addRow([safeText(team.name), team.unitCode, ...teamKeys.map((k) => team[k])]);
    alignSuppressed(teams);
    teams.columns.forEach((column, i) => {
      column.width = i === 0 ? 40 : 16;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}


interface PdfTable {
  header: string[];
  rows: string[][];
  boldLast?: boolean;
  widths: number[];
  /** How many leading columns hold text (aligned left); the rest are figures, aligned right. Default 1. */
  textColumns?: number;
}

/** Space around a cell's text, and the type size of the tables. */
const cellPadding = 3;
const tableFontSize = 9;

/**
 * Tables on A4 landscape pages, with embedded fonts so that Vietnamese prints right everywhere; `more` follow the
 * first, each under its heading. Every cell wraps within its column (headers of two or three lines, long unit names)
 * and a row is as tall as its tallest cell, so nothing is drawn over anything else; a table that runs onto a new page
 * repeats its header there.
 */
export function tablePdf(options: { title: string; subtitle: string; more?: (PdfTable & { heading: string })[] } & PdfTable): Promise<Buffer> {
  const { doc, done } = vietnamesePdf({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: options.title, Author: label('app.name') } });
  doc.font('bold').fontSize(16).text(options.title, precomposed);
  doc.font('regular').fontSize(10).fillColor('#444444').text(options.subtitle, precomposed);
  doc.moveDown();
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  let textColumns = 1;
  const cellOptions = (i: number, width: number) => ({ ...precomposed, width: width - 2 * cellPadding, align: i < textColumns ? ('left' as const) : ('right' as const) });
  /** The height of a row: its tallest cell, wrapped in its column, and the padding above and below. */
  const heightOf = (cells: string[], bold: boolean, widths: number[]) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(tableFontSize);
    return Math.max(...cells.map((cell, i) => doc.heightOfString(cell, cellOptions(i, widths[i]!)))) + 2 * cellPadding;
  };
  const row = (cells: string[], bold: boolean, widths: number[], height: number, shaded: boolean) => {
    const y = doc.y;
    const left = doc.page.margins.left;
    const right = left + widths.reduce((sum, w) => sum + w, 0);
    if (shaded) doc.rect(left, y, right - left, height).fill('#dde7f0');
    doc.font(bold ? 'bold' : 'regular').fontSize(tableFontSize).fillColor('#111111');
    let x = left;
    cells.forEach((cell, i) => {
      doc.text(cell, x + cellPadding, y + cellPadding, cellOptions(i, widths[i]!));
      x += widths[i]!;
    });
    doc.moveTo(left, y + height).lineTo(right, y + height).lineWidth(0.5).strokeColor('#bbbbbb').stroke();
    doc.x = left;
    doc.y = y + height;
  };
  const table = (t: PdfTable) => {
    textColumns = t.textColumns ?? 1;
    const headerHeight = heightOf(t.header, true, t.widths);
    const header = () => row(t.header, true, t.widths, headerHeight, true);
    // The header never stands alone at the foot of a page.
    const first = t.rows[0] ? heightOf(t.rows[0], t.boldLast === true && t.rows.length === 1, t.widths) : 0;
    if (doc.y + headerHeight + first > bottom()) doc.addPage();
    header();
    t.rows.forEach((cells, i) => {
      const bold = t.boldLast === true && i === t.rows.length - 1;
      const height = heightOf(cells, bold, t.widths);
      if (doc.y + height > bottom()) {
        doc.addPage();
        header();
      }
      row(cells, bold, t.widths, height, false);
    });
  };
  table(options);
  for (const more of options.more ?? []) {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.moveDown();
    doc.font('bold').fontSize(12).fillColor('#111111').text(more.heading, doc.page.margins.left, doc.y, precomposed);
    doc.moveDown(0.5);
    table(more);
  }
  doc.end();
  return done;
}

/** A figure as printed: the number, or its "< 5" / "x" as it is. */
const number = (n: Figure) => (typeof n === 'number' ? formatNumber('vi', n) : n);

export function dashboardPdf(view: View, now: number): Promise<Buffer> {
  const note = suppressionNote(view);
  return tablePdf({
    title: `${label('export.title')}: ${view.unit.fullName}`,
    subtitle: `${label('export.period')}: ${period(view)}    ${label('export.generatedAt')}: ${madeAt(now)}${note ? `\n${note}` : ''}`,
    header: [label('dashboard.unit'), ...figureKeys.map((k) => label(`dashboard.${k}`))],
    rows: [...view.children.map((c) => [c.unit.fullName, ...figureKeys.map((k) => number(c[k]))]), [label('export.total'), ...figureKeys.map((k) => number(view.totals[k]))]],
    boldLast: true,
    widths: [210, ...figureKeys.map(() => 80)],
    more: [
      {
        heading: label('dashboard.split'),
        header: [label('dashboard.unit'), ...splitHeader()],
        rows: [...view.children.map((c) => [c.unit.fullName, ...splitValues(c).map(number)]), [label('export.total'), ...splitValues(view.totals).map(number)]],
        boldLast: true,
        widths: [220, ...splitKeys.flatMap(() => [90, 90])],
      },
      ...(view.teams.length > 0
        ? [
            {
              heading: label('dashboard.teams'),
              header: [label('dashboard.team'), ...teamKeys.map((k) => label(`dashboard.team.${k}`))],
              rows: view.teams.map((team) => [team.name, ...teamKeys.map((k) => number(team[k]))]),
              widths: [330, ...teamKeys.map(() => 130)],
            },
          ]
        : []),
    ],
  });
}

export { madeAt };
