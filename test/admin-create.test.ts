/** A real deployment's first start (DEMO=0): the server says how to create the first admin, and `hoctap admin create` does. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectDatabase } from '../src/server/db/connect.js';
import { createTestDatabase, engines } from './databases.js';
import { freePort, runCli, startServer } from './server-process.js';

const run = runCli;

const hint = 'npx hoctap admin create --phone';

describe.each(engines)('the first admin of a real deployment on %s', (engine) => {
  it('is announced at first start, created from the terminal with a password read from standard input, and audited', async () => {
    const { handle, env } = await createTestDatabase(engine);
    await handle.close();
    const serverEnv = { ...env, DEMO: '0', PORT: String(await freePort()), DATA_DIR: env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'hoctap-admin-')) };
    const first = await startServer(serverEnv);
    // Once it answers, its SIGTERM handler is in place.
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Chưa có quản trị viên nào');
    expect(first.output()).toContain(hint);

    const args = ['admin', 'create', '--phone', '0912 000 111', '--name', 'Phạm Minh Quản', '--birth-year', '1984'];
    const weak = await run(args, env, '12345678\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('Mật khẩu');
    expect(weak.stderr).not.toMatch(/\n\s+at /);

    const created = await run(args, env, 'song nuoc mien tay mua nuoc noi\n');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Đã tạo tài khoản quản trị 0912 000 111 (Phạm Minh Quản) với quyền quản trị trên Tỉnh An Giang');
    expect(created.stdout).not.toContain('song nuoc');

    const again = await run(args, env, 'song nuoc mien tay mua nuoc noi\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('đã được đăng ký');

    const check = connectDatabase({ databaseUrl: env.DATABASE_URL ?? null, sqlitePath: path.join(env.DATA_DIR ?? '', 'hoctap.sqlite'), poolSize: 1 });
    try {
      const user = await check.db.selectFrom('users').select(['id', 'full_name']).where('phone', '=', '+84912000111' as never).executeTakeFirstOrThrow();
      const grants = await check.db.selectFrom('role_grants').innerJoin('units', 'units.id', 'role_grants.unit_id').select(['role', 'units.code']).where('user_id', '=', user.id).execute();
      expect(grants).toEqual([{ role: 'admin', code: '91' }]);
      const audit = await check.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('subject_user_id', '=', user.id).execute();
      expect(audit).toEqual([{ action: 'account.create_admin', actor_user_id: null }]);
    } finally {
      await check.close();
    }

    const second = await startServer(serverEnv);
    try {
      const login = await fetch(`${second.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '+84 912 000 111', password: 'song nuoc mien tay mua nuoc noi' }) });
      expect(login.status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(await second.exited).toBe(0);
    expect(second.output()).not.toContain(hint);
  }, 240_000);
});
