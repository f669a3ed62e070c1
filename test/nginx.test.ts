/**
 * Issue 17: the shipped nginx configuration (deploy/nginx/hoctap.conf) in front of two real `hoctap serve`
 * processes on one PostgreSQL database, as a province would run it: HTTPS with HTTP/2, compression and
 * caching as the app means them, the client's real address and a request id carried through, ranges of
 * media, body limits, the big screen's events unbuffered, and one process stopping without anyone noticing.
 * Debian's nginx must be installed (.ci/run installs it): without it this test fails, it is never skipped.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScreenToken } from '../src/server/launch/launch.service.js';
import { createTestDatabase, engines } from './databases.js';
import { buildEvent } from './event-factories.js';
import { buildPerson, nationalForm, nextPhone, testPassword } from './factories.js';
import { renderNginxConfig } from './nginx-config.js';
import { freePort, type ServerProcess, startServer } from './server-process.js';

const nginxBinary = ['/usr/sbin/nginx', ...(process.env.PATH ?? '').split(':').map((dir) => path.join(dir, 'nginx'))].find((file) => existsSync(file));

interface Answer {
  status: number;
  headers: http2.IncomingHttpHeaders;
  body: Buffer;
}

/** HTTP/2 over TLS to nginx, from a chosen loopback address (127.0.0.2, 127.0.0.3… stand for different phones). */
function connect(origin: string, ca: string, localAddress = '127.0.0.1'): Promise<http2.ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(origin, { ca, localAddress, ALPNProtocols: ['h2'] } as http2.SecureClientSessionOptions);
    session.once('connect', () => resolve(session));
    session.once('error', reject);
  });
}

function request(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body?: Buffer | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'GET', ...headers }, { endStream: body === undefined });
    const chunks: Buffer[] = [];
    let answerHeaders: http2.IncomingHttpHeaders = {};
    stream.on('response', (h) => (answerHeaders = h));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve({ status: Number(answerHeaders[':status']), headers: answerHeaders, body: Buffer.concat(chunks) }));
    stream.on('error', reject);
    if (body !== undefined) stream.end(body);
  });
}

const json = (answer: Answer) => JSON.parse(answer.body.toString('utf8')) as { error?: { code: string } };

// Left out only of a run limited to SQLite (TEST_ENGINES); a missing nginx fails it.
describe.runIf(engines.includes('postgres'))('nginx in front of two app processes on PostgreSQL', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-nginx-'));
  const servers: ServerProcess[] = [];
  let nginx: ChildProcess | undefined;
  let nginxLog = '';
  let origin = '';
  let plainOrigin = '';
  let ca = '';
  let session: http2.ClientHttp2Session;
  let screenToken = '';
  let learner: Awaited<ReturnType<typeof buildPerson>>;
  const media = { sha256: '', bytes: Buffer.alloc(0) };

  beforeAll(async () => {
    if (!nginxBinary) throw new Error('nginx is not installed (apt-get install nginx): the shipped configuration cannot be tested');
    // Workers of an nginx started by root run as nobody: they must reach the temporary folders.
    chmodSync(dir, 0o755);

    const { handle, env } = await createTestDatabase('postgres');
    if (!env.DATABASE_URL) throw new Error('no PostgreSQL database');
    const organiser = await buildPerson(handle.db);
    learner = await buildPerson(handle.db);
    const eventId = await buildEvent(handle.db, { unitCode: '30307', createdBy: organiser.id });
    screenToken = (await createScreenToken(handle.db, eventId, 'Màn hình hội trường', { userId: organiser.id, ip: '127.0.0.1', now: Date.now() })).token;
    await handle.close();

    // A media file as the store keeps it: under its SHA-256, in the folder both processes share.
    const mediaDir = path.join(dir, 'media');
    media.bytes = randomBytes(256 * 1024);
    media.sha256 = createHash('sha256').update(media.bytes).digest('hex');
    mkdirSync(path.join(mediaDir, media.sha256.slice(0, 2), media.sha256), { recursive: true });
    writeFileSync(path.join(mediaDir, media.sha256.slice(0, 2), media.sha256, 'original.mp3'), media.bytes);

    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'pipe' });
    ca = readFileSync(path.join(dir, 'cert.pem'), 'utf8');

    const [httpsPort, httpPort, app1, app2] = [await freePort(), await freePort(), await freePort(), await freePort()];
    origin = `https://127.0.0.1:${httpsPort}`;
    plainOrigin = `http://127.0.0.1:${httpPort}`;
    const appEnv = {
      DATABASE_URL: env.DATABASE_URL,
      DATA_DIR: path.join(dir, 'data'),
      MEDIA_DIR: mediaDir,
      DEMO: '0',
      HOST: '127.0.0.1',
      PUBLIC_URL: `https://localhost:${httpsPort}`,
      // Exactly nginx's address: the client's own X-Forwarded-For would not be believed from anywhere else.
      TRUST_PROXY: '127.0.0.1/32',
      LOGIN_MAX_FAILURES_PER_IP: '2',
      LOG_LEVEL: 'info',
    };
    // One after the other: the first makes the signing keys in DATA_DIR, the second reads them.
    servers.push(await startServer({ ...appEnv, PORT: String(app1) }));
    servers.push(await startServer({ ...appEnv, PORT: String(app2) }));

    writeFileSync(
      path.join(dir, 'hoctap.conf'),
      renderNginxConfig({
        HOCTAP_APP_1: `127.0.0.1:${app1}`,
        HOCTAP_APP_2: `127.0.0.1:${app2}`,
        HOCTAP_HTTP_LISTEN: `127.0.0.1:${httpPort}`,
        HOCTAP_HTTPS_LISTEN: `127.0.0.1:${httpsPort}`,
        HOCTAP_SERVER_NAME: 'localhost',
        HOCTAP_TLS_CERTIFICATE: path.join(dir, 'cert.pem'),
        HOCTAP_TLS_CERTIFICATE_KEY: path.join(dir, 'key.pem'),
      }),
    );
    // What /etc/nginx/nginx.conf gives the file on Debian, with every path of its own under the test's folder.
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      [
        'daemon off;',
        'worker_processes 1;',
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log warn;`,
        'events { worker_connections 256; }',
        'http {',
        '  include /etc/nginx/mime.types;',
        `  access_log ${dir}/access.log;`,
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${dir}/${kind}_temp;`),
        `  include ${dir}/hoctap.conf;`,
        '}',
      ].join('\n'),
    );
    nginx = spawn(nginxBinary, ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`]);
    nginx.stderr!.on('data', (d) => (nginxLog += d));
    for (let tries = 0; ; tries++) {
      try {
        session = await connect(origin, ca);
        break;
      } catch (error) {
        if (tries > 100 || nginx.exitCode !== null) throw new Error(`nginx did not start: ${nginxLog}${existsSync(`${dir}/error.log`) ? readFileSync(`${dir}/error.log`, 'utf8') : ''}`, { cause: error });
        await sleep(100);
      }
    }
  });

  afterAll(async () => {
    session?.close();
    if (nginx && nginx.exitCode === null) {
      const ended = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGTERM');
      await ended;
    }
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
  });

  it('speaks HTTP/2 over TLS, sends pages and hashed assets compressed and cached as the app says, and passes API answers uncached', async () => {
    expect(session.alpnProtocol).toBe('h2');
    const plain = await fetch(`${plainOrigin}/khoa-hoc?x=1`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe('https://127.0.0.1/khoa-hoc?x=1');

    const page = await request(session, { ':path': '/', 'accept-encoding': 'gzip' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['cache-control']).toBe('no-cache');
    // HSTS once, from the app (PUBLIC_URL is https); nginx adds no second copy.
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const html = gunzipSync(page.body).toString('utf8');
    const asset = /src="(\/assets\/index-[\w-]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();

    const script = await request(session, { ':path': asset!, 'accept-encoding': 'gzip' });
    expect(script.status).toBe(200);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers['content-encoding']).toBe('gzip');
    // Compressed once: the bytes unzip to the very file the build wrote.
    expect(gunzipSync(script.body).equals(readFileSync(path.join(import.meta.dirname, '..', 'dist', 'web', asset!.slice(1))))).toBe(true);

    const health = await request(session, { ':path': '/api/health/ready' });
    expect(health.status).toBe(200);
    expect(health.headers['cache-control']).toBe('no-store');
    const screen = await request(session, { ':path': `/api/screen?token=${screenToken}` });
    expect(screen.status).toBe(200);
    expect(screen.headers['cache-control']).toBeUndefined();
    const signIn = await request(
      session,
      { ':method': 'POST', ':path': '/api/auth/login', 'content-type': 'application/json', origin },
      JSON.stringify({ phone: nationalForm(learner.phone), password: testPassword }),
    );
    expect(signIn.status).toBe(200);
    expect(signIn.headers['cache-control']).toBe('no-store');
    const cookie = String(signIn.headers['set-cookie']);
    const me = await request(session, { ':path': '/api/me', cookie: cookie.split(';')[0]! });
    expect(me.status).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
  });

  it('shares requests between both processes, and its request id reaches the answer and the access line of the process that answered', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const answer = await request(session, { ':path': '/api/health/live', 'x-request-id': 'forged-by-the-client' });
      expect(answer.status).toBe(200);
      ids.push(String(answer.headers['x-request-id']));
    }
    // nginx's $request_id: 32 hex digits, a new one per request, whatever the client sent.
    expect(ids.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(6);
    const linesOf = (server: ServerProcess) =>
      server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { reqId?: string; msg?: string; route?: string; status?: number })
        .filter((line) => line.msg === 'request' && ids.includes(line.reqId ?? ''));
    // Each process writes its access line once the answer has gone out: wait for all six.
    await expect.poll(() => servers.flatMap(linesOf).length).toBe(6);
    const [first, second] = servers.map(linesOf);
    expect(first!.length).toBeGreaterThan(0);
    expect(second!.length).toBeGreaterThan(0);
    expect([...first!, ...second!].map((l) => l.reqId).sort()).toEqual([...ids].sort());
    expect(first![0]).toMatchObject({ route: '/api/health/live', status: 200 });
  });

  it('lets the app see each client’s own address: one address throttled after failed sign-ins, another not', async () => {
    const phone = () => nationalForm(nextPhone());
    const signIn = async (from: http2.ClientHttp2Session) =>
      request(
        from,
        // The Origin is nginx's own address (PUBLIC_URL names another): accepted only because the app is told the scheme and host the client used.
        { ':method': 'POST', ':path': '/api/auth/login', 'content-type': 'application/json', origin },
        JSON.stringify({ phone: phone(), password: 'not the password' }),
      );
    const phoneA = await connect(origin, ca, '127.0.0.2');
    const phoneB = await connect(origin, ca, '127.0.0.3');
    try {
      expect((await signIn(phoneA)).status).toBe(401);
      expect((await signIn(phoneA)).status).toBe(401);
      const throttled = await signIn(phoneA);
      expect(throttled.status).toBe(429);
      expect(json(throttled).error?.code).toBe('too_many_requests');
      // Had the app seen nginx's address for everyone, this one would be throttled too.
      const other = await signIn(phoneB);
      expect(other.status).toBe(401);
      expect(json(other).error?.code).toBe('invalid_credentials');
    } finally {
      phoneA.close();
      phoneB.close();
    }
  });

  it('passes a range of a media file through (206, the right bytes)', async () => {
    const answer = await request(session, { ':path': `/media/${media.sha256}/original.mp3`, range: 'bytes=1000-1999' });
    expect(answer.status).toBe(206);
    expect(answer.headers['content-range']).toBe(`bytes 1000-1999/${media.bytes.length}`);
    expect(answer.body.equals(media.bytes.subarray(1000, 2000))).toBe(true);
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('refuses bodies over the limits itself (413), and gives the course media upload its larger limit', async () => {
    // Sessions of their own: nginx ends the connection of a client whose body it refused.
    const upload = async (address: string, declaredBytes: number, bytes: number): Promise<{ status: number; body: string }> => {
      const own = await connect(origin, ca);
      try {
        return await new Promise((resolve, reject) => {
          const stream = own.request({ ':method': 'POST', ':path': address, 'content-type': 'application/octet-stream', 'content-length': String(declaredBytes) });
          let status = 0;
          let body = '';
          stream.on('response', (h) => (status = Number(h[':status'])));
          stream.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          stream.on('end', () => resolve({ status, body }));
          // The refusal may reset the stream once the answer is in.
          stream.on('error', (error) => (status ? resolve({ status, body }) : reject(error)));
          // In pieces, as a phone sends a file: one 20 MB write would overflow the HTTP/2 session's memory.
          const piece = Buffer.alloc(64 * 1024);
          Readable.from((function* () {
            for (let sent = 0; sent < bytes; sent += piece.length) yield piece.subarray(0, Math.min(piece.length, bytes - sent));
          })()).pipe(stream);
        });
      } finally {
        own.close();
      }
    };
    const megabytes = 1024 * 1024;
    const big = await upload('/api/auth/login', 22 * megabytes, 22 * megabytes);
    expect(big.status).toBe(413);
    expect(big.body).toContain('nginx');
    // 301 MB is refused on sight, from its Content-Length; 25 MB reaches the app, which wants a signed-in author.
    const tooBigMedia = await upload('/api/authoring/courses/1/media?name=film.mp4', 301 * megabytes, 0);
    expect(tooBigMedia.status).toBe(413);
    expect(tooBigMedia.body).toContain('nginx');
    const media = await upload('/api/authoring/courses/1/media?name=film.mp4', 25 * megabytes, 25 * megabytes);
    expect(media.status).toBe(401);
    expect(json({ status: 401, headers: {}, body: Buffer.from(media.body) }).error?.code).toBeDefined();
  });

  it('delivers the big screen’s first server-sent event at once, unbuffered', async () => {
    const started = Date.now();
    const first = await new Promise<{ headers: http2.IncomingHttpHeaders; text: string }>((resolve, reject) => {
      const stream = session.request({ ':path': `/api/screen/stream?token=${screenToken}`, 'accept-encoding': 'gzip' });
      let headers: http2.IncomingHttpHeaders = {};
      let text = '';
      stream.on('response', (h) => (headers = h));
      stream.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (/event: state\ndata: .*\n\n/.test(text)) {
          resolve({ headers, text });
          stream.close();
        }
      });
      stream.on('error', reject);
    });
    // Buffered, it would wait for more bytes: the next heartbeat comes after 15 s.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(first.headers[':status']).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.text).toMatch(/^retry: \d+\n\nevent: state\ndata: \{/);
  });

  it('keeps answering through the other process when one stops', async () => {
    const stopped = servers[0]!;
    stopped.child.kill('SIGTERM');
    await stopped.exited;
    for (let i = 0; i < 6; i++) {
      const answer = await request(session, { ':path': '/api/health/ready' });
      expect(answer.status).toBe(200);
    }
    const page = await request(session, { ':path': '/' });
    expect(page.status).toBe(200);
  });
});
