import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../../test/databases.js';
import { connectTo, emptyTarget, expectRestoredDatabase, keepWriting, platformFiles, seedPlatform } from '../../../test/backup-fixtures.js';
import { verifyAuditChain } from '../audit/audit.service.js';
import { loadConfig } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { migrations } from '../db/migrations.js';

const latestMigration = Object.keys(migrations).at(-1)!;
import { AppError } from '../errors.js';
import { backupFileName, createBackup, pruneBackups, restoreBackup, verifyArchive } from './backup.service.js';
import { postgresHasTables } from './backup.postgres.js';

const codeOf = (error: unknown) => (error instanceof AppError ? { code: error.code, params: error.params } : error);

describe.each(engines)('backups on %s', (engine) => {
  it('archive the database while it is being written, with media and keys, and restore all of it into an empty target', async () => {
    const { handle, env } = await createTestDatabase(engine);
    const config = loadConfig(env);
    await seedPlatform(handle, config);
    const writer = keepWriting(handle);
    while (writer.written() < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-backups-'));
    const { file, manifest } = await createBackup(config, outDir, new Date());
    const total = await writer.stop();

    expect(path.basename(file)).toMatch(/^hoctap-backup-.*Z\.tar\.gz$/);
    expect(readdirSync(outDir)).toEqual([path.basename(file)]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(manifest).toMatchObject({ format: 1, engine, migration: latestMigration, platformVersion: '0.1.0' });
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['media/ab/ab12cd.png', 'media/ff/ffee00.mp4', 'media/readme.pdf', 'keys/secret', 'keys/certificate-signing.json']));
    expect(paths.some((p) => p.includes('.tmp'))).toBe(false);
    expect(paths.some((p) => p.startsWith('database/'))).toBe(true);

    const target = await emptyTarget(engine);
    const restoredManifest = await restoreBackup(target.config, file);
    expect(restoredManifest).toEqual(manifest);
    const restored = connectTo(target.config);
    try {
      const { pairs, tables } = await expectRestoredDatabase(handle, restored, expect);
      expect(tables).toBeGreaterThan(80);
      // Written before the backup started; more went on after it.
      expect(pairs).toBeGreaterThanOrEqual(5);
      expect(pairs).toBeLessThan(total);
      expect(platformFiles(target.config)).toEqual(platformFiles(config));
      expect(existsSync(path.join(target.config.mediaDir, '.tmp', 'upload-in-progress'))).toBe(false);
      expect((await verifyAuditChain(restored.db)).broken).toBeNull();
      expect((await migrateToLatest(restored, null)).applied).toEqual([]);
      // New rows get new ids after the restored ones (PostgreSQL's sequences were set past them).
      const person = await restored.db.insertInto('audit_log').values({ at: 1, actor_user_id: null, action: 'x', subject_user_id: null, unit_id: null, details: '{}', ip: null, prev_hash: 'a', hash: 'b' }).returning('id').executeTakeFirstOrThrow();
      expect(person.id).toBeGreaterThan(Math.max(...(await restored.db.selectFrom('audit_log').select('id').where('action', '!=', 'x').execute()).map((r) => r.id)));
    } finally {
      await restored.close();
    }

    // The original is not empty: refused, nothing changed.
    await expect(restoreBackup(config, file).catch(codeOf)).resolves.toMatchObject({ code: 'backup_target_not_empty' });
    await handle.close();
  }, 120_000);

  it('refuses a truncated archive and one with a flipped byte in a media file before writing anything', async () => {
    const { handle, env } = await createTestDatabase(engine);
    const config = loadConfig(env);
    await seedPlatform(handle, config);
    await handle.close();
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-backups-'));
    const { file } = await createBackup(config, outDir, new Date());
    await expect(verifyArchive(file)).resolves.toMatchObject({ engine });

    const bytes = readFileSync(file);
    const truncated = path.join(outDir, 'truncated.tar.gz');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));

    const tarBytes = gunzipSync(bytes);
    const media = readFileSync(path.join(config.mediaDir, 'ff', 'ffee00.mp4'));
    const at = tarBytes.indexOf(media.subarray(0, 64));
    expect(at).toBeGreaterThan(0);
    tarBytes[at + 1000] = tarBytes[at + 1000]! ^ 0x01;
    const flipped = path.join(outDir, 'flipped.tar.gz');
    writeFileSync(flipped, gzipSync(tarBytes));

    for (const [archive, detail] of [[truncated, expect.any(String)], [flipped, 'media/ff/ffee00.mp4']] as const) {
      const target = await emptyTarget(engine);
      await expect(restoreBackup(target.config, archive).catch(codeOf)).resolves.toEqual({ code: 'backup_damaged', params: { detail } });
      expect(readdirSync(target.config.dataDir)).toEqual([]);
      if (target.config.databaseUrl) expect(await postgresHasTables(target.config.databaseUrl)).toBe(false);
    }

    // An archive of the other engine is refused too.
    const other = await emptyTarget(engine === 'sqlite' ? 'postgres' : 'sqlite').catch(() => null);
    if (other) {
      await expect(restoreBackup(other.config, file).catch(codeOf)).resolves.toMatchObject({ code: 'backup_wrong_engine' });
      expect(readdirSync(other.config.dataDir)).toEqual([]);
    }
  }, 120_000);
});

describe('retention', () => {
  it('deletes only the oldest archives beyond --keep, and only files named as backups', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-keep-'));
    const names = [1, 2, 3, 4].map((day) => backupFileName(new Date(Date.UTC(2026, 11, day, 2))));
    for (const name of [...names, 'notes.txt', 'hoctap-backup-manual.tar.gz', 'before-migration-2026-01-01.sqlite']) writeFileSync(path.join(dir, name), 'x');
    const deleted = await pruneBackups(dir, 2);
    expect(deleted).toEqual(names.slice(0, 2).map((n) => path.join(dir, n)));
    expect(readdirSync(dir).sort()).toEqual(['before-migration-2026-01-01.sqlite', 'hoctap-backup-manual.tar.gz', names[2], names[3], 'notes.txt'].sort());
  });
});
