/**
 * Scale-out: two real `hoctap serve` processes on one PostgreSQL database, each with its own DATA_DIR, the same
 * SECRET_KEY and one shared MEDIA_DIR, behave as one platform (sessions, throttles, certificates, jobs, media);
 * a process with another secret refuses to start; keys rotate; `serve` with WORKERS=2 answers from two worker
 * processes and stops cleanly. PostgreSQL only (SQLite is one process by design: the last test shows the refusal).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.js';
import { createTestDatabase, engines } from './databases.js';
import { buildCourse, buildPerson, grant, nationalForm, testPassword } from './factories.js';
import { mp3 } from './media-fixtures.js';
import { freePort, runCli, type ServerProcess, startServer } from './server-process.js';

const run = (args: string[], env: Record<string, string>) => runCli(args, { LOG_LEVEL: 'warn', ...env });

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function signIn(url: string, phone: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, json({ phone, password: testPassword }));
  expect(response.status).toBe(200);
  return response.headers.getSetCookie()[0]!.split(';')[0]!;
}

async function until<T>(what: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(50);
  }
}

/** Completes a one-lesson course on the given server; returns the certificate as listed there. */
async function earnCertificate(url: string, db: DatabaseHandle['db']) {
  const person = await buildPerson(db);
  const course = await buildCourse(db, { modules: [['Bài duy nhất']] });
  const cookie = await signIn(url, nationalForm(person.phone));
  const progress = await fetch(`${url}/api/progress`, { ...json({ eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date().toISOString() }), headers: { 'content-type': 'application/json', cookie } });
  expect(progress.status).toBe(200);
  const listed = (await (await fetch(`${url}/api/me/certificates`, { headers: { cookie } })).json()) as { certificates: { code: string; verifyUrl: string }[] };
  const certificate = listed.certificates[0]!;
  const badge = (await (await fetch(`${url}/api/certificates/${certificate.code}/badge.json`, { headers: { cookie } })).json()) as { proof: { verificationMethod: string }[] };
  return { ...certificate, kid: badge.proof[0]!.verificationMethod.split('#')[1]!, tag: certificate.verifyUrl.split('#')[1]! };
}

const verifyOn = async (url: string, code: string, token: string) => (await (await fetch(`${url}/api/verify/${code}?token=${encodeURIComponent(token)}`)).json()) as { status: string; signature: string };
const kidsOn = async (url: string) => ((await (await fetch(`${url}/.well-known/hoctap-certificate-keys.json`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);

/** The child processes of a process (Linux), read from /proc: what a worker count is, without asking the server. */
function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
}

/** The process among `pids` that holds the server side of the TCP connection from `clientPort` to `serverPort`. */
function holderOf(pids: readonly number[], serverPort: number, clientPort: number): number | undefined {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  const lines = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(1) : []));
  const inode = lines.map((line) => line.trim().split(/\s+/)).find((f) => f[1]?.endsWith(`:${hex(serverPort)}`) && f[2]?.endsWith(`:${hex(clientPort)}`))?.[9];
  if (!inode) return undefined;
  return pids.find((pid) => readdirSync(`/proc/${pid}/fd`).some((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`;
    } catch {
      return false;
    }
  }));
}

/** Opens a keep-alive connection and has one request answered on it; the socket stays open. */
function openConnection(port: number): Promise<{ localPort: number; close(): void }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /api/health/live HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\n\r\n'));
    const timer = setTimeout(() => reject(new Error('no answer on a new connection')), 10_000);
    socket.once('data', () => {
      clearTimeout(timer);
      resolve({ localPort: socket.localPort!, close: () => socket.destroy() });
    });
    socket.once('error', reject);
  });
}

describe.runIf(engines.includes('postgres'))('two app processes on one PostgreSQL database', () => {
  let handle: DatabaseHandle;
  let env: Record<string, string>;
  let a: ServerProcess;
  let b: ServerProcess;
  let receiver: Server;
  const texts: { to: string; text: string }[] = [];
  const secret = randomBytes(32).toString('hex');

  beforeAll(async () => {
    const database = await createTestDatabase('postgres');
    handle = database.handle;
    const smsPort = await freePort();
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (d) => (body += d));
      request.on('end', () => {
        texts.push(JSON.parse(body) as { to: string; text: string });
        response.end('{}');
      });
    }).listen(smsPort, '127.0.0.1');
    env = {
      DATABASE_URL: database.env.DATABASE_URL!,
      SECRET_KEY: secret,
      MEDIA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hoctap-shared-media-')),
      DEMO: '0',
      SMS_SENDER: 'http',
      SMS_HTTP_URL: `http://127.0.0.1:${smsPort}/sms`,
      LOGIN_MAX_ATTEMPTS_PER_PHONE: '4',
    };
    const own = async () => ({ ...env, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hoctap-node-')), PORT: String(await freePort()) });
    // Started together: they race to make the first signing key and must end with one.
    [a, b] = await Promise.all([startServer(await own()), startServer(await own())]);
  }, 120_000);

  afterAll(async () => {
    a?.child.kill('SIGTERM');
    b?.child.kill('SIGTERM');
    await Promise.all([a?.exited, b?.exited]);
    receiver?.close();
    await handle?.close();
  });

  it('made one signing key for both, stored encrypted', async () => {
    const keys = await handle.db.selectFrom('signing_keys').selectAll().execute();
    expect(keys).toHaveLength(1);
    expect(await kidsOn(a.url)).toEqual([keys[0]!.kid]);
    expect(await kidsOn(b.url)).toEqual([keys[0]!.kid]);
    expect(keys[0]!.private_key).not.toContain('PRIVATE KEY');
  });

  it('honours a session made on A on B, and refuses it on B within 2 s of signing out on A', async () => {
    const person = await buildPerson(handle.db);
    const cookie = await signIn(a.url, nationalForm(person.phone));
    expect((await fetch(`${b.url}/api/me/learning`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${a.url}/api/auth/logout`, { method: 'POST', headers: { cookie } })).status).toBe(204);
    const signedOut = Date.now();
    await until(async () => ((await fetch(`${b.url}/api/me/learning`, { headers: { cookie } })).status === 401 ? true : undefined), 4_000);
    // The promised re-check is 2 s; a little more for the round trips.
    expect(Date.now() - signedOut).toBeLessThan(2_600);
  });

  it('counts wrong passwords across both processes', async () => {
    const person = await buildPerson(handle.db);
    const wrong = { phone: nationalForm(person.phone), password: 'sai-mat-khau-123' };
    // 4 allowed, 2 on each: neither process alone has seen 4.
    for (const url of [a.url, b.url, a.url, b.url]) expect((await fetch(`${url}/api/auth/login`, json(wrong))).status).toBe(401);
    expect((await fetch(`${a.url}/api/auth/login`, json(wrong))).status).toBe(429);
    expect((await fetch(`${b.url}/api/auth/login`, json({ ...wrong, password: testPassword }))).status).toBe(429);
  });

  it('verifies on B a certificate issued on A, with the same link, and B publishes the key that signed it', async () => {
    const certificate = await earnCertificate(a.url, handle.db);
    expect(certificate.verifyUrl.startsWith(`${a.url}/verify/${certificate.code}#`)).toBe(true);
    expect(await verifyOn(b.url, certificate.code, certificate.tag)).toMatchObject({ status: 'valid', signature: 'valid' });
    expect(await kidsOn(b.url)).toContain(certificate.kid);
    // The signed payload stored with it (what older QR links carried) checks out on B too.
    const stored = await handle.db.selectFrom('certificates').select(['payload', 'signature']).where('code', '=', certificate.code).executeTakeFirstOrThrow();
    expect(await verifyOn(b.url, certificate.code, `${stored.payload}.${stored.signature}`)).toMatchObject({ status: 'valid', signature: 'valid' });
    expect(await verifyOn(b.url, certificate.code, `${certificate.tag.slice(0, -1)}${certificate.tag.endsWith('A') ? 'B' : 'A'}`)).toMatchObject({ status: 'invalid' });
  });

  it('sends each text message once although both processes run job runners', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, () => buildPerson(handle.db)));
    const before = texts.length;
    for (const [i, person] of people.entries()) {
      expect((await fetch(`${i % 2 === 0 ? a.url : b.url}/api/auth/password-reset`, json({ phone: nationalForm(person.phone) }))).status).toBe(202);
    }
    await until(async () => (texts.length - before >= people.length ? true : undefined), 20_000);
    // Both runners keep polling meanwhile; a second delivery would show up here.
    await sleep(3_000);
    const sent = texts.slice(before).map((t) => t.to).sort();
    expect(sent).toEqual(people.map((p) => p.phone).sort());
  });

  it('serves from B, whole and in ranges, a file uploaded on A', async () => {
    const author = await buildPerson(handle.db);
    await grant(handle.db, author.id, 'author', '91');
    const course = await buildCourse(handle.db, { draft: true });
    const cookie = await signIn(a.url, nationalForm(author.phone));
    const bytes = mp3(64 * 1024);
    const uploaded = await fetch(`${a.url}/api/authoring/courses/${course.id}/media?name=huong-dan.mp3`, { method: 'POST', headers: { 'content-type': 'audio/mpeg', cookie, origin: a.url }, body: new Uint8Array(bytes) });
    expect(uploaded.status).toBe(201);
    const { sha256 } = (await uploaded.json()) as { sha256: string };
    const whole = await fetch(`${b.url}/media/${sha256}/original.mp3`);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const part = await fetch(`${b.url}/media/${sha256}/original.mp3`, { headers: { range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);
  });

  it('refuses to start a process whose SECRET_KEY cannot open the keys, saying which variable to set', async () => {
    const other = await run(['serve'], { ...env, SECRET_KEY: randomBytes(32).toString('base64'), DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hoctap-node-')), PORT: String(await freePort()) });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('Không mở được khóa ký chứng nhận trong cơ sở dữ liệu');
    expect(other.stderr).toContain('SECRET_KEY');
    expect(other.stderr).not.toMatch(/\n\s+at /);
    expect(other.stdout).not.toContain('đang chạy tại');
    // And without SECRET_KEY, a fresh DATA_DIR makes its own secret: the same refusal.
    const unset = await run(['serve'], { ...env, SECRET_KEY: '', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hoctap-node-')), PORT: String(await freePort()) });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain('SECRET_KEY');
  }, 60_000);

  it('rotates keys: old certificates keep verifying, new ones carry the new key id, every process learns it', async () => {
    const before = await earnCertificate(a.url, handle.db);
    const rotated = await run(['keys', 'rotate'], { ...env, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hoctap-cli-')) });
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    const newKid = /khóa ký mới (\S+)\./.exec(rotated.stdout)?.[1];
    expect(newKid).toBeDefined();
    expect(newKid).not.toBe(before.kid);
    const listed = await run(['keys', 'list'], { ...env, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hoctap-cli-')) });
    expect(listed.stdout).toContain(`1. ${before.kid}`);
    expect(listed.stdout).toContain(`2. ${newKid} — tạo lúc`);
    expect(listed.stdout).toContain('(đang dùng để ký)');

    // A process started now (two workers) signs with the new key and verifies the old certificate.
    const workers = await startServer({ ...env, WORKERS: '2', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hoctap-node-')), PORT: String(await freePort()) });
    try {
      expect(workers.output()).toContain('Đang chạy 2 tiến trình phục vụ trên cùng một cổng.');
      expect(await kidsOn(workers.url)).toEqual([newKid, before.kid]);
      const after = await earnCertificate(workers.url, handle.db);
      expect(after.kid).toBe(newKid);
      for (const url of [workers.url, a.url, b.url]) {
        // The short tag comes from the oldest key, so links printed before the rotation read the same.
        expect(await verifyOn(url, before.code, before.tag)).toMatchObject({ status: 'valid', signature: 'valid' });
        expect(await verifyOn(url, after.code, after.tag)).toMatchObject({ status: 'valid', signature: 'valid' });
      }
      // B has not re-read the keys yet (every minute), but a payload signed with a key it does not know makes it look.
      const stored = await handle.db.selectFrom('certificates').select(['payload', 'signature']).where('code', '=', after.code).executeTakeFirstOrThrow();
      expect(await verifyOn(b.url, after.code, `${stored.payload}.${stored.signature}`)).toMatchObject({ status: 'valid', signature: 'valid' });
      expect(await kidsOn(b.url)).toEqual([newKid, before.kid]);
    } finally {
      workers.child.kill('SIGTERM');
      expect(await workers.exited).toBe(0);
    }
  }, 120_000);

  it('runs WORKERS=2 as two worker processes that both answer on one port, with their metrics added up by the primary, restarts one that dies, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const metricsPort = await freePort();
    const metricsToken = 'scrape-token-0123456789';
    const server = await startServer({ ...env, WORKERS: '2', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hoctap-node-')), PORT: String(port), METRICS_TOKEN: metricsToken, METRICS_PORT: String(metricsPort) });
    try {
      const primary = server.child.pid!;
      const workers = childrenOf(primary);
      expect(workers).toHaveLength(2);
      // The primary answers for both workers: requests served by either are counted once, together.
      for (let i = 0; i < 6; i++) expect((await fetch(`${server.url}/api/courses`, { headers: { connection: 'close' } })).status).toBe(200);
      const scrape = (authorization?: string) => fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: authorization ? { authorization } : {} });
      expect((await scrape()).status).toBe(401);
      const scraped = await scrape(`Bearer ${metricsToken}`);
      expect(scraped.status).toBe(200);
      const count = /hoctap_http_request_duration_seconds_count\{[^}]*route="\/api\/courses"[^}]*\} (\d+)/.exec(await scraped.text());
      expect(Number(count?.[1])).toBe(6);
      // Connections are handed to the workers in turn: four open connections are held by both.
      const connections = [];
      for (let i = 0; i < 4; i++) connections.push(await openConnection(port));
      const holders = new Set(connections.map((c) => holderOf(workers, port, c.localPort)));
      for (const c of connections) c.close();
      expect(holders).toEqual(new Set(workers));

      // A worker that dies is replaced; once the primary has seen it go, the other worker answers meanwhile.
      process.kill(workers[0]!, 'SIGKILL');
      await until(async () => (childrenOf(primary).includes(workers[0]!) ? undefined : true), 5_000);
      expect((await fetch(`${server.url}/api/health/live`, { signal: AbortSignal.timeout(5_000) })).status).toBe(200);
      const replaced = await until(async () => {
        const now = childrenOf(primary);
        return now.length === 2 && !now.includes(workers[0]!) ? now : undefined;
      }, 15_000);
      await until(async () => ((await fetch(`${server.url}/api/health/ready`, { signal: AbortSignal.timeout(5_000) })).status === 200 ? true : undefined), 15_000);
      expect(server.output()).toContain('Một tiến trình phục vụ đã dừng bất thường; khởi động lại sau 1 giây.');

      server.child.kill('SIGTERM');
      expect(await Promise.race([server.exited, sleep(30_000).then(() => `still running:\n${server.output()}`)])).toBe(0);
      expect(server.output()).toContain('Đã dừng.');
      for (const pid of replaced) expect(existsSync(`/proc/${pid}`)).toBe(false);
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 120_000);
});

describe('several workers on SQLite', () => {
  it('are refused with a clear message: one process owns the SQLite file', async () => {
    const refused = await run(['serve', '--workers', '2'], { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hoctap-sqlite-')), PORT: String(await freePort()) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Chỉ chạy được nhiều tiến trình (--workers hoặc WORKERS lớn hơn 1) với PostgreSQL');
    expect(refused.stdout).not.toContain('đang chạy tại');
  });
});
