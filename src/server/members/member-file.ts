/**
 * Reading a members file: Excel (.xlsx) or CSV, from the template
 * (members.template.ts). Only the cells are read; every problem is reported
 * with its row and column, in Vietnamese, before anything is written.
 */
import ExcelJS from 'exceljs';
import { type MessageKey, type MessageParams, translate } from '../../shared/i18n/translate.js';
import { foldForSearch } from '../../shared/text.js';
import { parseCsv } from '../csv.js';

const maxMemberRows = 50_000;

/** The template's columns, in order; headers are matched without diacritics or case. */
const columnKeys = ['fullName', 'phone', 'birthYear', 'unitCode', 'group', 'homeCode'] as const;
export type MemberColumn = (typeof columnKeys)[number];
export const memberColumns = columnKeys.map((key) => ({ key, header: translate('vi', `members.column.${key}`) }));

export type RawMemberRow = { row: number } & Record<MemberColumn, string>;

export interface FileProblem {
  /** 1-based, as a spreadsheet shows it; 0 for the file as a whole. */
  row: number;
  column: string | null;
  key: MessageKey;
  params?: MessageParams;
}

const text = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('result' in value) return text(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return '';
  }
  return String(value);
};

function columnsFrom(header: string[], problems: FileProblem[]): Map<MemberColumn, number> | undefined {
  const folded = header.map((h) => foldForSearch(h));
  const positions = new Map<MemberColumn, number>();
  for (const column of memberColumns) {
    const at = folded.indexOf(foldForSearch(column.header));
    if (at >= 0) positions.set(column.key, at);
    else if (column.key !== 'homeCode') problems.push({ row: 1, column: column.header, key: 'members.problem.missing_column', params: { column: column.header } });
  }
  return problems.length > 0 ? undefined : positions;
}

function toRows(table: string[][], problems: FileProblem[]): RawMemberRow[] {
  const positions = columnsFrom(table[0] ?? [], problems);
  if (!positions) return [];
  const rows: RawMemberRow[] = [];
  table.slice(1).forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const row = { row: i + 2 } as RawMemberRow;
    for (const column of memberColumns) row[column.key] = (cells[positions.get(column.key) ?? -1] ?? '').trim();
    rows.push(row);
  });
  return rows;
}


/** The rows of an uploaded file, or the problems that stop it from being read at all. */
export async function readMemberFile(bytes: Buffer): Promise<{ rows: RawMemberRow[]; problems: FileProblem[] }> {
  const { table, problems } = await readTableFile(bytes, memberColumns.length);
  if (!table) return { rows: [], problems };
  const rows = toRows(table, problems);
  return { rows, problems };
}

/**
 * The cells of an uploaded Excel (.xlsx) or CSV file as text, row by row (at least `columns` cells each), or the
 * problems that stop it from being read; merged cells are reported by where they are. Other imports read their
 * files with it too (through members.service).
 */
export async function readTableFile(bytes: Buffer, columns: number): Promise<{ table?: string[][]; problems: FileProblem[] }> {
  const problems: FileProblem[] = [];
  const isZip = bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const isOldExcel = bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
  if (isOldExcel) return { problems: [{ row: 0, column: null, key: 'members.problem.old_excel' }] };
  let table: string[][];
  if (isZip) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      return { problems: [{ row: 0, column: null, key: 'members.problem.not_a_table' }] };
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) return { problems: [{ row: 0, column: null, key: 'members.problem.empty' }] };
    if (sheet.rowCount > maxMemberRows + 1) return { problems: [{ row: 0, column: null, key: 'members.problem.too_many_rows', params: { max: maxMemberRows } }] };
    // A merged cell hides which row a value belongs to: say where, rather than guess.
    for (const range of (sheet.model as { merges?: string[] }).merges ?? []) {
      const [first] = range.split(':');
      const match = /^([A-Z]+)(\d+)$/.exec(first ?? '');
      problems.push({ row: Number(match?.[2] ?? 0), column: match?.[1] ?? null, key: 'members.problem.merged_cells', params: { range } });
    }
    table = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(sheet.columnCount, columns); c++) cells.push(text(row.getCell(c).value));
      table[rowNumber - 1] = cells;
    });
    table = Array.from(table, (cells) => cells ?? []);
  } else {
    const content = bytes.toString('utf8').replace(/^\uFEFF/, '');
    if (content.includes('\uFFFD') || content.includes('\u0000')) return { problems: [{ row: 0, column: null, key: 'members.problem.not_a_table' }] };
    table = parseCsv(content);
    if (table.length > maxMemberRows + 1) return { problems: [{ row: 0, column: null, key: 'members.problem.too_many_rows', params: { max: maxMemberRows } }] };
  }
  if (table.length === 0) return { problems: [{ row: 0, column: null, key: 'members.problem.empty' }] };
  return { table, problems };
}
