/** `hoctap backup` and `hoctap restore` as an operator runs them: real processes, a real schedule, real files. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupFileName } from '../src/server/backup/backup.service.js';
import { loadConfig } from '../src/server/config.js';
import { migrations } from '../src/server/db/migrations.js';
import { connectTo, emptyTarget, expectRestoredDatabase, keepWriting, platformFiles, seedPlatform } from './backup-fixtures.js';
import { createTestDatabase, engines } from './databases.js';
import { freePort, runCli, startCli, startServer } from './server-process.js';

const start = startCli;

const run = runCli;

describe.each(engines)('hoctap backup and restore on %s', (engine) => {
  it('backs up on a schedule while the platform is written to, keeps the newest, and restores into an empty target only', async () => {
    const { handle, env } = await createTestDatabase(engine);
    const config = loadConfig(env);
    await seedPlatform(handle, config);
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-backups-'));
    const older = [1, 2, 3].map((day) => backupFileName(new Date(Date.UTC(2026, 10, day, 2))));
    for (const name of [...older, 'ghi-chu.txt']) writeFileSync(path.join(outDir, name), 'old');

    const writer = keepWriting(handle);
    while (writer.written() < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    const scheduled = start(['backup', '--out', outDir, '--every', '1d', '--keep', '2'], env);
    while (!scheduled.stdout().includes('Lần sao lưu tiếp theo')) await new Promise((resolve) => setTimeout(resolve, 50));
    const total = await writer.stop();
    scheduled.child.kill('SIGTERM');
    const finished = await scheduled.done;
    expect(finished.code).toBe(0);
    expect(finished.stdout).toMatch(new RegExp(`Đã sao lưu vào .*hoctap-backup-.*\\.tar\\.gz \\(\\d+\\.\\d MB\\): cơ sở dữ liệu (sqlite|postgres) \\(phiên bản ${Object.keys(migrations).at(-1)}\\), 3 tệp media, 2 tệp khóa\\.`));
    expect(finished.stdout).toContain(`Đã xoá bản sao lưu cũ ${path.join(outDir, older[0]!)}.`);
    const archives = readdirSync(outDir).filter((n) => n.startsWith('hoctap-backup-')).sort();
    expect(archives).toHaveLength(2);
    expect(archives[0]).toBe(older[2]);
    expect(readdirSync(outDir)).toContain('ghi-chu.txt');
    const archive = path.join(outDir, archives[1]!);

    const target = await emptyTarget(engine);
    const restored = await run(['restore', archive], target.env);
    expect(restored.stderr).not.toContain('Lỗi');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`Đã khôi phục ${archive}`);
    expect(restored.stdout).toContain('đều khớp mã băm');
    const check = connectTo(target.config);
    try {
      const { pairs } = await expectRestoredDatabase(handle, check, expect);
      expect(pairs).toBeGreaterThanOrEqual(5);
      expect(pairs).toBeLessThanOrEqual(total);
    } finally {
      await check.close();
    }
    expect(platformFiles(target.config)).toEqual(platformFiles(config));
    const verified = await run(['audit', 'verify'], target.env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Chuỗi nhật ký nguyên vẹn');

    const server = await startServer({ ...target.env, DEMO: '0', PORT: String(await freePort()) });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const again = await run(['restore', archive], target.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Nơi khôi phục chưa trống');
    expect(again.stderr).toContain('Chưa ghi gì.');

    const truncated = path.join(outDir, 'cut.tar.gz');
    writeFileSync(truncated, readFileSync(archive).subarray(0, 3000));
    const fresh = await emptyTarget(engine);
    const damaged = await run(['restore', truncated], fresh.env);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain('Tệp sao lưu bị hỏng hoặc không đầy đủ');
    expect(damaged.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(fresh.config.dataDir)).toEqual([]);

    const badKeep = await run(['backup', '--keep', '0'], env);
    expect(badKeep.code).toBe(2);
    expect(badKeep.stderr).toContain('--keep');
    const badEvery = await run(['backup', '--every', 'mai'], env);
    expect(badEvery.code).toBe(2);
    expect(badEvery.stderr).toContain('Giá trị không hợp lệ cho --every: mai');
    await handle.close();
  }, 300_000);
});
