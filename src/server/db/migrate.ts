import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Migrator } from 'kysely';
import type { DatabaseHandle } from './connect.js';
import { migrations } from './migrations.js';

export interface MigrationOutcome {
  applied: string[];
  backupPath: string | null;
}

/**
 * Applies pending migrations in one transaction. On SQLite a copy of a non-empty
 * database is taken first, so a migration that goes wrong in a way no transaction
 * can undo still leaves yesterday's data on disk.
 */
export async function migrateToLatest(handle: DatabaseHandle, backupDir: string | null): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
  });
  const pending = (await migrator.getMigrations()).filter((m) => m.executedAt === undefined);
  if (pending.length === 0) return { applied: [], backupPath: null };

  const backupPath = backupDir && handle.sqlite && pending.length < (await migrator.getMigrations()).length
    ? await backupSqlite(handle, backupDir)
    : null;

  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).map((r) => r.migrationName), backupPath };
}

async function backupSqlite(handle: DatabaseHandle, backupDir: string): Promise<string> {
  await fs.mkdir(backupDir, { recursive: true });
  const file = path.join(backupDir, `before-migration-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`);
  await handle.sqlite!.backup(file);
  return file;
}
