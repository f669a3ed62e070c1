/**
 *   npx hoctap backup [--out FOLDER] [--keep 7]        one archive (default folder DATA_DIR/backups)
 *   npx hoctap backup --every 24h --keep 7             keeps running: one archive per interval, the 7 newest kept
 *   npx hoctap restore hoctap-backup-….tar.gz          into an empty database and DATA_DIR
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { translate } from '../../shared/i18n/translate.js';
import { complain, say, terminalLanguage } from '../cli-output.js';
import { progressBar } from '../cli-progress.js';
import { loadConfig } from '../config.js';
import { AppError } from '../errors.js';
import { createBackup, pruneBackups, restoreBackup, type Progress } from './backup.service.js';

const drawProgress: Progress = (stage, total) => progressBar(translate(terminalLanguage, `cli.backup_stage.${stage}`), total);

const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

function badOption(option: string, value: string): never {
  complain('cli.backup_bad_option', { option, value });
  process.exit(2);
}

export async function backupCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, every: { type: 'string' }, keep: { type: 'string' } } });
  const config = loadConfig(process.env);
  const outDir = path.resolve(values.out ?? path.join(config.dataDir, 'backups'));
  let every: number | null = null;
  if (values.every !== undefined) {
    const interval = /^(\d+)([mhd])$/.exec(values.every);
    if (!interval || Number(interval[1]) === 0) badOption('every', values.every);
    every = Number(interval[1]) * units[interval[2]!]!;
  }
  const keep = values.keep === undefined ? null : /^\d+$/.test(values.keep) && Number(values.keep) > 0 ? Number(values.keep) : badOption('keep', values.keep);

  const once = async () => {
    const { file, manifest } = await createBackup(config, outDir, new Date(), drawProgress);
    const count = (top: string) => manifest.files.filter((f) => f.path.startsWith(`${top}/`)).length;
    const size = (statSync(file).size / 1_000_000).toFixed(1);
    say('cli.backup_written', { file, size, engine: manifest.engine, migration: manifest.migration, media: count('media'), keys: count('keys') });
    if (keep) for (const old of await pruneBackups(outDir, keep)) say('cli.backup_pruned', { file: old });
  };
  if (!every) return once();

  // A service manager stops us with SIGTERM: finish the archive being written (or the wait), then exit.
  let stopping = false;
  let wake = () => {};
  const stop = () => {
    stopping = true;
    wake();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  while (!stopping) {
    const started = Date.now();
    try {
      await once();
    } catch (error) {
      // One failed night (a full disk, the database restarting) must not end the schedule.
      const message = error instanceof AppError ? translate(terminalLanguage, `error.${error.code}`, error.params) : error instanceof Error ? error.message : String(error);
      complain('cli.backup_failed', { message });
    }
    if (stopping) break;
    const next = started + every;
    say('cli.backup_next', { at: new Date(next).toISOString() });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, next - Date.now()));
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

export async function restoreCommand(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const archive = positionals[0];
  if (!archive) {
    say('cli.backup_usage');
    process.exit(2);
  }
  const manifest = await restoreBackup(loadConfig(process.env), path.resolve(archive), drawProgress);
  say('cli.restored', { file: path.resolve(archive), createdAt: manifest.createdAt, engine: manifest.engine, migration: manifest.migration, files: manifest.files.length });
}
