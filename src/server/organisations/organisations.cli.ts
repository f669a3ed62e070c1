/**
 * `hoctap unit …`: the operator's way to keep the organisation tree, on the server, acting with the whole tree in
 * reach and recorded as the operator (no account) in the unit history and the audit log.
 *   hoctap unit create --parent 91 --kind department --name "Sở Giáo dục và Đào tạo" [--code ORG.SGDDT]
 *   hoctap unit rename --code ORG.SGDDT --name "…"
 *   hoctap unit move --code ORG.THPT.LX --parent ORG.SGDDT
 *   hoctap unit retire --code ORG.THPT.LX
 *   hoctap unit list [--under 91] [--historical]
 *   hoctap unit import [--under 91] [--write|--write-valid] don-vi.xlsx      (without --write: a dry run)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { translate } from '../../shared/i18n/translate.js';
import { complain, say, terminalLanguage } from '../cli-output.js';
import { systemClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { importUnits } from './organisations-import.js';
import type { OrgImportReport } from './organisations.schema.js';
import { createUnit, moveOrgUnit, type OrgActor, orgTree, renameOrgUnit, retireOrgUnit } from './organisations.service.js';

const operator = (): OrgActor => ({ userId: null, grants: 'operator', ip: null, now: systemClock.now() });

function option(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || !value) {
    complain('cli.missing_option', { option: name });
    process.exit(2);
  }
  return value;
}

function printReport(report: OrgImportReport): void {
  for (const p of report.problems) say('cli.unit_problem', { row: p.row, column: p.column ?? '—', message: p.message });
}

export async function unitCommand(args: string[], withDatabase: (task: (db: Db) => Promise<void>) => Promise<void>): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      parent: { type: 'string' },
      kind: { type: 'string' },
      name: { type: 'string' },
      code: { type: 'string' },
      under: { type: 'string' },
      historical: { type: 'boolean' },
      write: { type: 'boolean' },
      'write-valid': { type: 'boolean' },
    },
  });
  switch (sub) {
    case 'create': {
      const input = { name: option(values, 'name'), kind: option(values, 'kind'), code: values.code };
      const parent = option(values, 'parent');
      return withDatabase(async (db) => {
        const unit = await createUnit(db, parent, input, operator());
        say('cli.unit_created', { name: unit.name, code: unit.code, parent: unit.parentCode ?? '' });
      });
    }
    case 'rename': {
      const code = option(values, 'code');
      const name = option(values, 'name');
      return withDatabase(async (db) => {
        const unit = await renameOrgUnit(db, code, { name }, operator());
        say('cli.unit_renamed', { code: unit.code, name: unit.name });
      });
    }
    case 'move': {
      const code = option(values, 'code');
      const parentCode = option(values, 'parent');
      return withDatabase(async (db) => {
        const unit = await moveOrgUnit(db, code, { parentCode }, operator());
        say('cli.unit_moved', { name: unit.name, code: unit.code, parent: unit.parentCode ?? '' });
      });
    }
    case 'retire': {
      const code = option(values, 'code');
      return withDatabase(async (db) => {
        const unit = await retireOrgUnit(db, code, operator());
        say('cli.unit_retired', { name: unit.name, code: unit.code, date: (unit.retiredOn ?? '').split('-').reverse().join('/') });
      });
    }
    case 'list':
      return withDatabase(async (db) => {
        const { root, units } = await orgTree(db, values.under ?? '91', { historical: values.historical ?? false }, operator());
        for (const u of [root, ...units]) {
          const retired = u.retiredOn ? ` — ${translate(terminalLanguage, 'orgs.retiredOn', { date: u.retiredOn.split('-').reverse().join('/') })}` : '';
          process.stdout.write(`${'  '.repeat(u.depth - root.depth)}${u.code}\t${u.name} (${translate(terminalLanguage, `unitKind.${u.kind}`)})${retired}\n`);
        }
      });
    case 'import': {
      const file = positionals[0];
      if (!file) {
        say('cli.unit_usage');
        process.exit(2);
      }
      const mode = values.write ? 'all' : values['write-valid'] ? 'valid' : 'check';
      const bytes = readFileSync(file);
      return withDatabase(async (db) => {
        try {
          const report = await importUnits(db, values.under ?? '91', bytes, mode, { ...operator(), language: terminalLanguage });
          printReport(report);
          say(report.written ? 'cli.unit_imported' : 'cli.unit_import_checked', { created: report.created, valid: report.validRows, rows: report.rows });
        } catch (error) {
          if (error instanceof AppError && error.extra.report) printReport(error.extra.report as OrgImportReport);
          throw error;
        }
      });
    }
    default:
      say('cli.unit_usage');
      process.exit(2);
  }
}
