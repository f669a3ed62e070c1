/** The audit log as an Excel sheet: one entry a row, newest first, as the filter chose them. */
import ExcelJS from 'exceljs';
import { vietnamTimeZone } from '../../shared/days.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import { type MessageKey, translate } from '../../shared/i18n/translate.js';
import type { Language } from '../../shared/limits.js';
import type { AuditLogEntry } from './audit.schema.js';

/** A cell that starts like a formula is kept as text, prefixed so that no spreadsheet evaluates it. */
const safeText = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const columns: { key: MessageKey; width: number }[] = [
  { key: 'audit.column.id', width: 10 },
  { key: 'audit.column.at', width: 20 },
  { key: 'audit.column.action', width: 28 },
  { key: 'audit.column.actor', width: 28 },
  { key: 'audit.column.subject', width: 28 },
  { key: 'audit.column.unit', width: 28 },
  { key: 'audit.column.details', width: 48 },
  { key: 'audit.column.ip', width: 16 },
];

const who = (p: AuditLogEntry['actor']) => (p ? `${p.fullName} · ${p.phone} (#${p.id})` : '');

export async function auditWorkbook(view: { entries: AuditLogEntry[]; total: number }, language: Language): Promise<Buffer> {
  const label = (key: MessageKey, params?: Record<string, string | number>) => translate(language, key, params);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = label('app.name');
  const sheet = workbook.addWorksheet(label('audit.title'), { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = columns.map((c) => ({ header: label(c.key), width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const e of view.entries) {
    const details = Object.entries(e.details)
      .map(([k, v]) => `${k}: ${v === null ? '—' : String(v)}`)
      .join('; ');
    sheet.addRow([e.id, formatDateTime(language, e.at, vietnamTimeZone), safeText(e.action), safeText(who(e.actor)), safeText(who(e.subject)), e.unit ? safeText(`${e.unit.fullName} (${e.unit.code})`) : '', safeText(details), e.ip ?? '']).alignment = { vertical: 'top', wrapText: true };
  }
  if (view.total > view.entries.length) sheet.addRow([label('audit.export.truncated', { shown: view.entries.length, total: view.total })]).font = { italic: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
