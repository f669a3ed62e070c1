/** The `hoctap` command as an operator runs it: real processes, real ports, real files. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from './databases.js';
import { buildPerson, nationalForm } from './factories.js';
import { freePort, runCli, startServer } from './server-process.js';
import { makeZip } from './zip-fixture.js';

const run = runCli;

describe.each(engines)('hoctap grant and revoke on %s', (engine) => {
  it('grants and revokes a role by phone and unit code, and says so', async () => {
    const { handle, env } = await createTestDatabase(engine);
    const person = await buildPerson(handle.db);
    await handle.close();

    const granted = await run(['grant', '--phone', nationalForm(person.phone), '--role', 'manager', '--unit', '30307'], env);
    expect(granted.stderr).toBe('');
    expect(granted.code).toBe(0);
    expect(granted.stdout).toContain('Đã cấp quyền manager trên Phường Long Xuyên (30307)');

    const check = (await createTestDatabaseHandle(env)).db;
    const grants = await check.selectFrom('role_grants').select('role').where('user_id', '=', person.id).execute();
    expect(grants).toEqual([{ role: 'manager' }]);

    const revoked = await run(['revoke', '--phone', nationalForm(person.phone), '--role', 'manager', '--unit', '30307'], env);
    expect(revoked.code).toBe(0);
    expect(await check.selectFrom('role_grants').select('role').where('user_id', '=', person.id).execute()).toEqual([]);
    await check.destroy();

    const wrongRole = await run(['grant', '--phone', nationalForm(person.phone), '--role', 'king', '--unit', '30307'], env);
    expect(wrongRole.code).toBe(2);
    expect(wrongRole.stderr).toContain('Vai trò không hợp lệ: king');
    const unknownUnit = await run(['grant', '--phone', nationalForm(person.phone), '--role', 'manager', '--unit', '99999'], env);
    expect(unknownUnit.code).toBe(1);
    expect(unknownUnit.stderr).not.toMatch(/\n\s+at /);
  });
});

async function createTestDatabaseHandle(env: Record<string, string>) {
  const { connectDatabase } = await import('../src/server/db/connect.js');
  return connectDatabase({ databaseUrl: env.DATABASE_URL ?? null, sqlitePath: path.join(env.DATA_DIR ?? '', 'hoctap.sqlite'), poolSize: 1 });
}

describe.each(engines)('hoctap import-course and export-course on %s', (engine) => {
  it('imports a course package, publishes it, exports it, and explains a refused package', async () => {
    const { handle, env } = await createTestDatabase(engine);
    await handle.close();
    const contentFolder = path.join(import.meta.dirname, '..', 'content', 'tri-tue-nhan-tao');
    const imported = await run(['import-course', '--unit', '30307', '--publish', contentFolder], env);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/Đã nhập và công bố khóa học #(\d+) «Trí tuệ nhân tạo cho mọi người» cho Phường Long Xuyên\./);
    const id = /#(\d+)/.exec(imported.stdout)![1]!;
    const target = path.join(mkdtempSync(path.join(os.tmpdir(), 'hoctap-export-')), 'ai.zip');
    const exported = await run(['export-course', '--course', id, target], env);
    expect(exported.code).toBe(0);
    const again = await run(['import-course', '--unit', '30292', target], env);
    expect(again.stdout).toContain('(bản nháp) cho Phường Bình Đức');

    const broken = path.join(path.dirname(target), 'broken.zip');
    (await import('node:fs')).writeFileSync(broken, makeZip([{ name: '../evil', data: Buffer.from('x') }]));
    const refused = await run(['import-course', '--unit', '30307', broken], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Gói khóa học có 1 lỗi; chưa có gì được nhập.');
    expect(refused.stderr).toContain('  ../evil: Tên tệp không an toàn');
  });
});

describe('hoctap verify-certificate', () => {
  it('checks a QR link offline against the saved public keys: genuine, or not', async () => {
    const { CertificateSigner } = await import('../src/server/certificates/certificate-signing.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-verify-'));
    const signer = new CertificateSigner([generateKeyPairSync('ed25519').privateKey]);
    const { payload, signature } = signer.signClaims({ code: 'HT-7K3Q-9XW2-M4PD', name: 'Nguyễn Thị Hồng Nhung', course: 'Kỹ năng số cơ bản', date: '2026-11-24', issuer: 'Sở Giáo dục và Đào tạo tỉnh An Giang' });
    const keys = path.join(dir, 'keys.json');
    writeFileSync(keys, JSON.stringify({ keys: signer.publicKeyDocuments() }));
    const link = `https://hoctap.angiang.gov.vn/verify/HT-7K3Q-9XW2-M4PD#${payload}.${signature}`;

    const genuine = await run(['verify-certificate', '--keys', keys, link], {});
    expect(genuine.code).toBe(0);
    expect(genuine.stdout).toContain('Chứng nhận HT-7K3Q-9XW2-M4PD hợp lệ: chữ ký số đúng. Người học: Nguyễn Thị Hồng Nhung.');
    expect(genuine.stdout).toContain('Ngày cấp: 24/11/2026');

    const tampered = await run(['verify-certificate', '--keys', keys, link.replace(/#(.)/, (_, c: string) => `#${c === 'e' ? 'f' : 'e'}`)], {});
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('Chứng nhận KHÔNG hợp lệ');
    const otherCode = await run(['verify-certificate', '--keys', keys, link.replace('HT-7K3Q', 'HT-7K3R')], {});
    expect(otherCode.code).toBe(1);
  });

  it('says plainly that a short QR link (a tag only the server can check) is checked online, neither genuine nor not', async () => {
    const { CertificateSigner } = await import('../src/server/certificates/certificate-signing.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-verify-'));
    const signer = new CertificateSigner([generateKeyPairSync('ed25519').privateKey]);
    const keys = path.join(dir, 'keys.json');
    writeFileSync(keys, JSON.stringify({ keys: signer.publicKeyDocuments() }));
    const short = await run(['verify-certificate', '--keys', keys, `https://hoctap.angiang.gov.vn/verify/HT-7K3Q-9XW2-M4PD#${signer.linkTag('HT-7K3Q-9XW2-M4PD')}`], {});
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('Đường liên kết này là loại ngắn: chỉ kiểm tra được khi có mạng.');
    expect(short.stdout).not.toContain('hợp lệ');
  });
});

describe('configuration', () => {
  it('stops with one clear line per wrong variable and no stack trace', async () => {
    const result = await run(['serve'], { PORT: 'abc', DATABASE_URL: 'mysql://x', DEMO: 'maybe', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hoctap-cfg-')) });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      'Cấu hình sai: PORT="abc" — cần một số nguyên từ 1 đến 65535.',
      expect.stringMatching(/^Cấu hình sai: DATABASE_URL="mysql:\/\/x" — cần địa chỉ dạng postgres:\/\//),
      'Cấu hình sai: DEMO="maybe" — cần 0 hoặc 1.',
    ]);
  });

  it('speaks English to an operator whose LANG is English', async () => {
    const result = await run(['serve'], { PORT: '0', LANG: 'en_US.UTF-8' });
    expect(result.stderr.trim()).toBe('Bad configuration: PORT="0" — expected a whole number from 1 to 65535.');
  });
});

describe('hoctap serve', () => {
  it('starts on an empty SQLite file with demo data, serves the API and the PWA, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-serve-'));
    const server = await startServer({ DATA_DIR: dataDir, PORT: String(await freePort()) });
    try {
      expect(server.output()).toContain('CHẾ ĐỘ DEMO');
      expect(server.output()).not.toContain('PUBLIC_URL');
      expect(server.output()).toContain('Quản lý đơn vị: 0900 000 004');
      const health = await (await fetch(`${server.url}/api/health`)).json();
      expect(health).toMatchObject({ status: 'ok', engine: 'sqlite' });
      // The probes a container orchestrator uses, over real HTTP.
      expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);
      expect(await (await fetch(`${server.url}/api/health/ready`)).json()).toMatchObject({ status: 'ready' });
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '0900000004', password: 'hoctap-demo' }) });
      expect(login.status).toBe(200);
      expect((await login.json()).grants[0]).toMatchObject({ role: 'manager', unit: { code: '30307' } });

      const page = await fetch(`${server.url}/signup`, { headers: { 'accept-encoding': 'br' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app"></div>');
      const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(await (await fetch(server.url)).text())![1]!;
      const asset = await fetch(`${server.url}${script}`, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect(asset.headers.get('content-encoding')).toBe('br');
      expect((await fetch(`${server.url}/missing.png`)).status).toBe(404);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('Đã dừng.');
  });

  it.skipIf(!engines.includes('postgres'))('starts without demo data when DEMO=0, on PostgreSQL when DATABASE_URL says so', async () => {
    const { handle, env } = await createTestDatabase('postgres');
    await handle.close();
    const server = await startServer({ ...env, DEMO: '0', PORT: String(await freePort()), DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hoctap-serve-')) });
    try {
      expect(server.output()).not.toContain('CHẾ ĐỘ DEMO');
      expect(server.output()).toContain(`CẢNH BÁO: chưa đặt PUBLIC_URL, nên liên kết trong chứng nhận (mã QR, trang kiểm tra, Open Badge) sẽ dùng địa chỉ ${server.url}.`);
      expect(server.output()).toContain('Cơ sở dữ liệu: PostgreSQL');
      expect((await (await fetch(`${server.url}/api/health`)).json()).engine).toBe('postgres');
      expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);
      expect(await (await fetch(`${server.url}/api/health/ready`)).json()).toMatchObject({ status: 'ready' });
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '0900000004', password: 'hoctap-demo' }) });
      expect(login.status).toBe(401);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });
});
