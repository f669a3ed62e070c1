/** `hoctap audit verify` and `hoctap audit archive` as an operator runs them: real processes, real files. */
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { recordAudit } from '../src/server/audit/audit.service.js';
import { createTestDatabase, engines } from './databases.js';
import { runCli } from './server-process.js';

const run = runCli;

const yearMs = 365 * 86_400_000;

describe.each(engines)('hoctap audit on %s', (engine) => {
  it('verifies the chain, archives entries older than 12 months (refusing younger ones), verifies again, and names a tampered entry', async () => {
    const { handle, env } = await createTestDatabase(engine);
    const now = Date.now();
    for (const action of ['old.a', 'old.b']) await recordAudit(handle.db, { at: now - 2 * yearMs, actorUserId: null, action });
    for (const action of ['new.a', 'new.b', 'new.c']) await recordAudit(handle.db, { at: now, actorUserId: null, action });

    const verified = await run(['audit', 'verify'], env);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/Chuỗi nhật ký nguyên vẹn: 5 mục, 0 lần lưu trữ trước đó\. Mã băm của mục mới nhất: [0-9a-f]{64}/);

    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'audit-cli-')), 'nhat-ky.jsonl.gz');
    const tooRecent = await run(['audit', 'archive', '--before', new Date(now).toISOString().slice(0, 10), '--out', out], env);
    expect(tooRecent.code).toBe(1);
    expect(tooRecent.stderr).toContain('nhật ký phải giữ ít nhất 12 tháng');
    expect(existsSync(out)).toBe(false);
    const missing = await run(['audit', 'archive', '--out', out], env);
    expect(missing.code).toBe(2);

    const before = new Date(now - yearMs - 30 * 86_400_000).toISOString().slice(0, 10);
    const archived = await run(['audit', 'archive', '--before', before, '--out', out], env);
    expect(archived.stderr).toBe('');
    expect(archived.code).toBe(0);
    expect(archived.stdout).toContain(`Đã lưu trữ 2 mục`);
    expect(existsSync(out)).toBe(true);
    const after = await run(['audit', 'verify'], env);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('3 mục, 1 lần lưu trữ trước đó');

    // Edited behind the platform's back (the guard dropped first, as only the database owner could).
    const target = await handle.db.selectFrom('audit_log').select('id').where('action', '=', 'new.b').executeTakeFirstOrThrow();
    if (engine === 'postgres') await sql`alter table audit_log disable trigger audit_log_append_only`.execute(handle.db);
    else await sql`drop trigger audit_log_append_only`.execute(handle.db);
    await sql`update audit_log set details = '{"hidden":true}' where id = ${target.id}`.execute(handle.db);
    await handle.close();
    const tampered = await run(['audit', 'verify'], env);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain(`mục #${target.id} (`);
    expect(tampered.stderr).toContain('new.b) đã bị sửa sau khi ghi');
  }, 180_000);
});
