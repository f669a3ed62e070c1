/**
 * One archive (tar.gz) that restores the whole platform: the database, the media files and DATA_DIR/keys, with a
 * manifest naming every file's size and SHA-256. Restoring checks every byte against the manifest before it
 * writes anything, and only into an empty target.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Migrator } from 'kysely';
import { create as createTar, extract as extractTar, Parser } from 'tar';
import type { ProgressBar } from '../cli-progress.js';
import { sqlitePath, type Config } from '../config.js';
import { connectDatabase } from '../db/connect.js';
import type { Engine } from '../db/database.js';
import { migrations } from '../db/migrations.js';
import { AppError } from '../errors.js';
import { platformVersion } from '../version.js';
import { dumpPostgres, loadPostgres, postgresHasTables, type TableDump } from './backup.postgres.js';

const formatVersion = 1;
const manifestName = 'manifest.json';
const sqliteEntry = 'database/hoctap.sqlite';

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: number;
  engine: Engine;
  /** The last migration applied to the database in the archive. */
  migration: string;
  createdAt: string;
  platformVersion: string;
  /** PostgreSQL only: each table's COPY file and columns. */
  tables?: TableDump[];
  files: ManifestFile[];
}

export type Stage = 'database' | 'media' | 'verify' | 'restore';
/** Draws progress for long work (the CLI's bar); tests pass nothing. */
export type Progress = (stage: Stage, total: number) => ProgressBar | null;
const noProgress: Progress = () => null;

const namePattern = /^hoctap-backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.tar\.gz$/;

/** hoctap-backup-2026-12-03T12-05-10-123Z.tar.gz: sorts by time, and marks the files retention may delete. */
export function backupFileName(at: Date): string {
  return `hoctap-backup-${at.toISOString().replace(/[:.]/g, '-')}.tar.gz`;
}

const engineOf = (config: Config): Engine => (config.databaseUrl ? 'postgres' : 'sqlite');

/** Every file under a folder, as paths relative to it with '/' ; `skip` names top-level entries to leave out. */
async function filesUnder(root: string, skip: readonly string[] = []): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((p) => !skip.includes(p.split('/')[0]!))
    .sort();
}

async function describe(root: string, relative: string): Promise<ManifestFile> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path.join(root, relative)) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { path: relative, size, sha256: hash.digest('hex') };
}

/** A hard link where the file system allows it (media can be large), a copy otherwise. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  await fs.mkdir(path.dirname(to), { recursive: true });
  try {
    await fs.link(from, to);
  } catch {
    await fs.copyFile(from, to);
  }
}

async function lastSqliteMigration(file: string): Promise<string> {
  const copy = new SqliteDatabase(file, { fileMustExist: true });
  try {
    const row = copy.prepare('select name from kysely_migration order by name desc limit 1').get() as { name: string } | undefined;
    if (!row) throw new Error('the database has no migrations applied');
    return row.name;
  } finally {
    copy.close();
  }
}

/**
 * Writes one archive into outDir and returns its path. The database copy is consistent while the server runs
 * and writes (SQLite's online backup; one PostgreSQL snapshot); the archive gets its final name only once complete.
 */
export async function createBackup(config: Config, outDir: string, now: Date, progress: Progress = noProgress): Promise<{ file: string; manifest: Manifest }> {
  await fs.mkdir(outDir, { recursive: true });
  const staging = await fs.mkdtemp(path.join(outDir, '.staging-'));
  try {
    await fs.mkdir(path.join(staging, 'database'));
    let migration: string;
    let tables: TableDump[] | undefined;
    if (config.databaseUrl) {
      ({ migration, tables } = await dumpPostgres(config.databaseUrl, path.join(staging, 'database'), 'database', (total) => progress('database', total)));
    } else {
      if (!existsSync(sqlitePath(config))) throw new AppError('backup_no_database', 400, { file: sqlitePath(config) });
      const source = new SqliteDatabase(sqlitePath(config), { fileMustExist: true });
      try {
        let bar = null as ProgressBar | null;
        await source.backup(path.join(staging, sqliteEntry), {
          progress: ({ totalPages, remainingPages }) => {
            bar ??= progress('database', totalPages);
            bar?.tick(totalPages - remainingPages);
            // Large steps: another process writing between steps makes SQLite start over.
            return 10_000;
          },
        });
        bar?.finish();
      } finally {
        source.close();
      }
      migration = await lastSqliteMigration(path.join(staging, sqliteEntry));
    }

    // Media are content-addressed and never change once written; .tmp/ holds uploads still arriving.
    const media = await filesUnder(config.mediaDir, ['.tmp']);
    const keys = await filesUnder(path.join(config.dataDir, 'keys'));
    const bar = progress('media', media.length);
    for (const [i, file] of media.entries()) {
      await linkOrCopy(path.join(config.mediaDir, file), path.join(staging, 'media', file));
      bar?.tick(i + 1);
    }
    bar?.finish();
    for (const file of keys) {
      // Copied, not linked: a key file may be rewritten in place.
      await fs.mkdir(path.dirname(path.join(staging, 'keys', file)), { recursive: true });
      await fs.copyFile(path.join(config.dataDir, 'keys', file), path.join(staging, 'keys', file));
    }
    await fs.mkdir(path.join(staging, 'media'), { recursive: true });
    await fs.mkdir(path.join(staging, 'keys'), { recursive: true });

    const files: ManifestFile[] = [];
    for (const file of await filesUnder(staging)) files.push(await describe(staging, file));
    const manifest: Manifest = {
      format: formatVersion,
      engine: engineOf(config),
      migration,
      createdAt: now.toISOString(),
      platformVersion,
      ...(tables ? { tables } : {}),
      files,
    };
    await fs.writeFile(path.join(staging, manifestName), `${JSON.stringify(manifest, null, 2)}\n`);

    const file = path.join(outDir, backupFileName(now));
    const partial = path.join(outDir, `.${backupFileName(now)}.partial`);
    // Readable by the owner only: the archive holds the keys. Created empty first so that it never exists with wider rights.
    await fs.writeFile(partial, '', { mode: 0o600 });
    // The manifest first: a restore reads it before any file it describes.
    try {
      await createTar({ gzip: true, portable: true, cwd: staging, file: partial }, [manifestName, 'database', 'media', 'keys']);
      await fs.rename(partial, file);
    } catch (error) {
      await fs.rm(partial, { force: true });
      throw error;
    }
    return { file, manifest };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/** Deletes the oldest archives in the folder beyond `keep`; only files named as backupFileName names them. */
export async function pruneBackups(outDir: string, keep: number): Promise<string[]> {
  const ours = (await fs.readdir(outDir)).filter((name) => namePattern.test(name)).sort();
  const old = ours.slice(0, Math.max(0, ours.length - keep));
  for (const name of old) await fs.rm(path.join(outDir, name));
  return old.map((name) => path.join(outDir, name));
}

const damaged = (detail: string) => new AppError('backup_damaged', 400, { detail });

function parseManifest(text: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw damaged('manifest.json');
  }
  const m = value as Partial<Manifest>;
  // Only the three folders, never a path that climbs out of them.
  const fileOk = (f: Partial<ManifestFile>) => typeof f?.path === 'string' && /^(database|media|keys)\//.test(f.path) && !f.path.split('/').includes('..') && Number.isInteger(f.size) && typeof f.sha256 === 'string' && /^[0-9a-f]{64}$/.test(f.sha256);
  if (
    m?.format !== formatVersion ||
    (m.engine !== 'sqlite' && m.engine !== 'postgres') ||
    typeof m.migration !== 'string' ||
    typeof m.createdAt !== 'string' ||
    !Array.isArray(m.files) ||
    !m.files.every(fileOk) ||
    (m.engine === 'postgres' && !Array.isArray(m.tables))
  ) {
    throw damaged('manifest.json');
  }
  return m as Manifest;
}

/**
 * Reads the whole archive without writing anything: the manifest must come first, every file in it must be
 * there with its size and SHA-256, and nothing else. A truncated or altered archive fails here.
 */
export async function verifyArchive(archive: string, progress: Progress = noProgress): Promise<Manifest> {
  let manifest: Manifest | null = null;
  const found = new Map<string, ManifestFile>();
  let bar: ProgressBar | null = null;
  await new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => reject(error instanceof AppError ? error : damaged(error instanceof Error ? error.message : String(error)));
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry) => {
        if (entry.type === 'Directory') {
          entry.resume();
          return;
        }
        if (entry.type !== 'File' && entry.type !== 'OldFile') return fail(damaged(entry.path));
        if (!manifest && entry.path !== manifestName) return fail(damaged(manifestName));
        const hash = createHash('sha256');
        const chunks: Buffer[] = [];
        let size = 0;
        entry.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          size += chunk.length;
          if (!manifest) chunks.push(chunk);
        });
        entry.on('end', () => {
          if (!manifest) {
            try {
              manifest = parseManifest(Buffer.concat(chunks).toString('utf8'));
              bar = progress('verify', manifest.files.length);
            } catch (error) {
              fail(error);
            }
            return;
          }
          found.set(entry.path, { path: entry.path, size, sha256: hash.digest('hex') });
          bar?.tick(found.size);
        });
      },
    });
    parser.on('error', fail);
    parser.on('end', () => resolve());
    createReadStream(archive).on('error', fail).pipe(parser);
  });
  if (!manifest) throw damaged(manifestName);
  const expected: Manifest = manifest;
  for (const file of expected.files) {
    const got = found.get(file.path);
    if (!got || got.size !== file.size || got.sha256 !== file.sha256) throw damaged(file.path);
    found.delete(file.path);
  }
  const extra = [...found.keys()][0];
  if (extra !== undefined) throw damaged(extra);
  (bar as ProgressBar | null)?.finish();
  return expected;
}

/** What stands in the way of a restore: the first thing already there, or null when the target is empty. */
async function occupied(config: Config): Promise<string | null> {
  if (config.databaseUrl) {
    if (await postgresHasTables(config.databaseUrl)) return new URL(config.databaseUrl).pathname.slice(1);
  } else if (existsSync(sqlitePath(config))) {
    return sqlitePath(config);
  }
  if ((await filesUnder(config.mediaDir, ['.tmp'])).length > 0) return config.mediaDir;
  const keys = path.join(config.dataDir, 'keys');
  if ((await filesUnder(keys)).length > 0) return keys;
  return null;
}

/** Restores an archive into an empty target, after verifying all of it; returns its manifest. */
export async function restoreBackup(config: Config, archive: string, progress: Progress = noProgress): Promise<Manifest> {
  const manifest = await verifyArchive(archive, progress);
  const target = engineOf(config);
  if (manifest.engine !== target) throw new AppError('backup_wrong_engine', 400, { archive: manifest.engine, target });
  if (!(manifest.migration in migrations)) throw new AppError('backup_newer', 400, { migration: manifest.migration });
  const taken = await occupied(config);
  if (taken) throw new AppError('backup_target_not_empty', 400, { place: taken });

  await fs.mkdir(config.dataDir, { recursive: true });
  const staging = await fs.mkdtemp(path.join(config.dataDir, '.restoring-'));
  try {
    await extractTar({ file: archive, cwd: staging, strict: true });
    // Read once more from disk: what is restored is what was verified.
    for (const file of manifest.files) {
      const got = await describe(staging, file.path);
      if (got.size !== file.size || got.sha256 !== file.sha256) throw damaged(file.path);
    }
    if (manifest.engine === 'postgres') {
      const handle = connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: '', poolSize: 1 });
      try {
        const { error } = await new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } }).migrateTo(manifest.migration);
        if (error) throw error instanceof Error ? error : new Error(String(error));
      } finally {
        await handle.close();
      }
      await loadPostgres(config.databaseUrl!, staging, manifest.tables!, (total) => progress('restore', total));
    } else {
      const partial = `${sqlitePath(config)}.restoring`;
      await fs.copyFile(path.join(staging, sqliteEntry), partial);
      await fs.rename(partial, sqlitePath(config));
    }
    const bar = progress('media', manifest.files.length);
    for (const [i, file] of manifest.files.entries()) {
      const [top, ...rest] = file.path.split('/');
      if (top === 'media') await moveFile(path.join(staging, file.path), path.join(config.mediaDir, ...rest));
      else if (top === 'keys') await moveFile(path.join(staging, file.path), path.join(config.dataDir, 'keys', ...rest));
      bar?.tick(i + 1);
    }
    bar?.finish();
    return manifest;
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

async function moveFile(from: string, to: string): Promise<void> {
  await fs.mkdir(path.dirname(to), { recursive: true });
  try {
    await fs.rename(from, to);
  } catch {
    // Another file system (MEDIA_DIR on a shared mount).
    await fs.copyFile(from, to);
  }
}
