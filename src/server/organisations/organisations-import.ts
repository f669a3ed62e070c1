/**
 * Importing an organisation tree from an Excel or CSV file: one unit a row (code, name, kind, parent code), the
 * parent being a row above, a unit already in the tree within the admin's reach, or (left empty) the unit the
 * import is made on. Each row goes through the very checks of a single creation, in file order, in one
 * transaction: `check` rolls it back (a dry run with the full report), `all` keeps it only if no row failed,
 * `valid` keeps the rows that passed.
 */
import { translate, type MessageKey } from '../../shared/i18n/translate.js';
import type { Language } from '../../shared/limits.js';
import { foldForSearch } from '../../shared/text.js';
import { unitKinds } from '../../shared/units.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { AppError, errorBody, notFound } from '../errors.js';
import { readTableFile } from '../members/members.service.js';
import { findUnitByCode } from '../units/units.service.js';
import type { OrgImportReport } from './organisations.schema.js';
import { createUnitIn, type OrgActor } from './organisations.service.js';

const columnKeys = ['code', 'name', 'kind', 'parentCode'] as const;
type Column = (typeof columnKeys)[number];
const header = (key: Column) => translate('vi', `orgs.column.${key}`);

/** Kinds are written by their Vietnamese names (the dictionary's) or by their codes. */
const kindByText = new Map<string, string>(unitKinds.flatMap((k) => [[foldForSearch(translate('vi', `unitKind.${k}`)), k] as const, [k, k] as const]));

class DryRun extends Error {}

export async function importUnits(db: Db, scopeCode: string, bytes: Buffer, mode: 'check' | 'all' | 'valid', actor: OrgActor & { language: Language }): Promise<OrgImportReport> {
  const scope = await findUnitByCode(db, scopeCode);
  if (!scope) throw notFound('unit_not_found');
  const problems: OrgImportReport['problems'] = [];
  const fileProblem = (row: number, column: string | null, key: MessageKey, params?: Record<string, string | number>) => problems.push({ row, column, message: translate(actor.language, key, params) });
  const { table, problems: unreadable } = await readTableFile(bytes, columnKeys.length);
  for (const p of unreadable) fileProblem(p.row, p.column, p.key, p.params as Record<string, string | number>);
  const head = (table?.[0] ?? []).map((h) => foldForSearch(h));
  const at = new Map(columnKeys.map((k) => [k, head.indexOf(foldForSearch(header(k)))]));
  if (table) for (const k of columnKeys) if (k !== 'code' && at.get(k)! < 0) fileProblem(1, header(k), 'members.problem.missing_column', { column: header(k) });
  const rows = problems.length > 0 || !table ? [] : table.slice(1).map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  const cell = (cells: string[], k: Column) => (cells[at.get(k) ?? -1] ?? '').trim();
  const report: OrgImportReport = { rows: rows.length, validRows: 0, problems, written: false, created: 0 };
  if (problems.length > 0 || rows.length === 0) {
    if (mode === 'check') return report;
    throw new AppError('units_file_invalid', 400, { count: Math.max(problems.length, 1) }, {}, {}, [], { report });
  }

  const columnOfField: Record<string, Column> = { name: 'name', code: 'code', kind: 'kind', parentCode: 'parentCode' };
  try {
    await db.transaction().execute(async (trx) => {
      for (const { row, cells } of rows) {
        const parentCode = cell(cells, 'parentCode');
        const parent = parentCode ? await findUnitByCode(trx, parentCode) : scope;
        if (!parent) {
          fileProblem(row, header('parentCode'), 'orgs.problem.unknown_parent', { code: parentCode.slice(0, 40) });
          continue;
        }
        if (!parent.path.startsWith(scope.path)) {
          fileProblem(row, header('parentCode'), 'orgs.problem.outside_scope', { code: parentCode });
          continue;
        }
        const rawKind = cell(cells, 'kind');
        try {
          await createUnitIn(trx, parent, { name: cell(cells, 'name'), kind: kindByText.get(foldForSearch(rawKind)) ?? rawKind, code: cell(cells, 'code') || undefined }, actor);
          report.validRows += 1;
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const field = Object.keys(error.fields)[0];
          const column = error.code === 'forbidden' ? 'parentCode' : field ? columnOfField[field] : undefined;
          problems.push({ row, column: column ? header(column) : null, message: errorBody(actor.language, error.code, error.params).error.message });
        }
      }
      if (mode === 'check' || (mode === 'all' && problems.length > 0) || report.validRows === 0) throw new DryRun();
      await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'unit.import', unitId: scope.id, details: { rows: report.rows, created: report.validRows, skipped: report.rows - report.validRows }, ip: actor.ip });
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
    if (mode === 'check') return report;
    throw new AppError('units_file_invalid', 400, { count: problems.length }, {}, {}, [], { report });
  }
  return { ...report, written: true, created: report.validRows };
}

