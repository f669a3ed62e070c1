import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signedInWith } from '../../test/actors.js';
import { engines } from '../../test/databases.js';
import { buildTestApp, type TestApp } from '../../test/test-app.js';
import { buildApp } from './app.js';
import { openSigner } from './certificates/signing-keys.js';
import { loadConfig } from './config.js';
import { TestClock } from '../../test/test-app.js';
import { createTestDatabase } from '../../test/databases.js';
import { connectDatabase } from './db/connect.js';

describe.each(engines)('API conventions on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine, { ALLOWED_ORIGINS: 'https://superapp.angiang.gov.vn' });
  });
  afterAll(() => t.close());

  it('reports the engine and a database round trip at /api/health', async () => {
    const response = await anonymous(t).get('/api/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', engine, database: 'ok' });
  });

  it('sends security headers with a Content-Security-Policy that allows no inline script', async () => {
    const response = await anonymous(t).get('/api/health');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses state-changing requests from other sites, and accepts its own and allowed origins', async () => {
    const body = { phone: '0912000000', password: 'whatever-123' };
    const foreign = await anonymous(t).post('/api/auth/login', body, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('cross_site_request');
    const fetchMetadata = await anonymous(t).post('/api/auth/login', body, { 'sec-fetch-site': 'cross-site' });
    expect(fetchMetadata.statusCode).toBe(403);
    const own = await anonymous(t).post('/api/auth/login', body, { origin: 'http://localhost:80', host: 'localhost:80' });
    expect(own.statusCode).toBe(401);
    const superApp = await anonymous(t).post('/api/auth/login', body, { origin: 'https://superapp.angiang.gov.vn' });
    expect(superApp.statusCode).toBe(401);
    expect((await anonymous(t).get('/api/units?q=an', { origin: 'https://evil.example' })).statusCode).toBe(200);
    expect((await anonymous(t).get('/api/units?q=a%00b')).statusCode).toBe(400);
  });

  it('answers malformed bodies with 4xx in the request language, never 500', async () => {
    const malformed = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"phone": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toEqual({ code: 'invalid_json', message: 'Dữ liệu gửi lên không đúng định dạng JSON.' });
    const tooLarge = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ phone: 'x'.repeat(200_000) }) });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('body_too_large');
    const wrongType = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'phone=1' });
    expect(wrongType.statusCode).toBe(415);
    const notAnObject = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, payload: '[1,2]' });
    expect(notAnObject.statusCode).toBe(400);
    expect(notAnObject.json().error.message).toMatch(/not valid/);
  });

  it('refuses prototype-poisoning bodies (__proto__, constructor.prototype) with 400, as Fastify\'s own parser would', async () => {
    const bodies = [
      '{"phone":"0912000000","password":"whatever-123","__proto__":{"isAdmin":true}}',
      '{"phone":"0912000000","password":"whatever-123","nested":{"__proto__":{"polluted":1}}}',
      '{"phone":"0912000000","password":"whatever-123","constructor":{"prototype":{"polluted":1}}}',
    ];
    for (const payload of bodies) {
      const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload });
      expect(response.statusCode, payload).toBe(400);
      expect(response.json().error.code).toBe('invalid_input');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // An ordinary "constructor" text value is data, not an attack.
    const plain = await anonymous(t).post('/api/auth/login', { phone: '0912000000', password: 'constructor' });
    expect(plain.statusCode).toBe(401);
  });

  it('answers addresses the router cannot read in the usual error shape and language, without echoing them', async () => {
    for (const [method, url] of [['GET', '/api/courses/%E0%A4%A'], ['GET', '/api/units/%/children'], ['POST', '/api/attempts/a%ED%A0%80b/submit'], ['PUT', `/api/units/${'x'.repeat(300)}/weekly-report`]] as const) {
      const response = await anonymous(t).request(method, url, {}, { 'accept-language': 'en' });
      expect.soft(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect.soft(response.statusCode, url).toBeLessThan(500);
      expect.soft(response.json(), url).toEqual({ error: { code: 'invalid_input', message: 'Some of the information sent is not valid.' } });
    }
  });

  it('answers unknown API addresses with a JSON 404', async () => {
    for (const [method, url] of [['GET', '/api/nothing-here'], ['DELETE', '/api/units'], ['GET', '/api']] as const) {
      const response = await anonymous(t).request(method, url);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('route_not_found');
    }
  });

  it('survives junk in every field of every public form without a 500', async () => {
    const junk = ['', ' ', '\u0000', 'a\u0000b', "'; select pg_sleep(1); --", '<img src=x onerror=alert(1)>', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'ស្រីមុំ', '9'.repeat(19), null, 12, true, [], {}];
    const forms = {
      '/api/auth/register': { phone: '0912345678', password: 'mot-hai-ba-bon', fullName: 'Tên Hợp Lệ', birthYear: 1980, unitCode: '30307', consent: true },
      '/api/auth/login': { phone: '0912345678', password: 'mot-hai-ba-bon' },
      '/api/auth/password-reset': { phone: '0912345678' },
      '/api/auth/password-reset/confirm': { phone: '0912345678', code: '123456', newPassword: 'mot-hai-ba-bon' },
    };
    for (const [url, valid] of Object.entries(forms)) {
      for (const field of Object.keys(valid)) {
        for (const value of junk) {
          const response = await anonymous(t).post(url, { ...valid, [field]: value });
          expect.soft(response.statusCode, `${url} ${field}=${JSON.stringify(value)}`).toBeLessThan(500);
          expect.soft(response.body).not.toMatch(/\bat .*\.ts:\d+/);
        }
      }
    }
  });

  it('describes every route in OpenAPI 3 with its request schema', async () => {
    const spec = (await anonymous(t).get('/api/openapi.json')).json();
    expect(spec.openapi).toMatch(/^3\./);
    const register = spec.paths['/api/auth/register'].post;
    expect(Object.keys(register.requestBody.content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['phone', 'password', 'fullName', 'birthYear', 'unitCode']));
    expect(register.responses['201']).toBeDefined();
  });

  it('declares every success answer of every route: its content type and schema, and no JSON left open', async () => {
    type Response = { content?: Record<string, { schema?: Record<string, unknown> }> };
    const spec = (await anonymous(t).get('/api/openapi.json')).json();
    // A schema that says nothing of the answer: {} (Type.Unknown) or one with only words in it.
    const open = (schema: Record<string, unknown> | undefined) => !schema || Object.keys(schema).every((k) => ['description', 'title', 'examples'].includes(k));
    const problems: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, { responses?: Record<string, Response> }>>(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        // @fastify/swagger invents "200: Default Response" (no content) for a route that declares none: that counts as none.
        const success = Object.entries(operation.responses ?? {}).filter(([code]) => /^[23]/.test(code));
        if (success.length === 0) problems.push(`${route}: no success response`);
        for (const [code, response] of success) {
          // No body: declaring the status is the whole schema.
          if (code === '204' || code.startsWith('3')) continue;
          const content = Object.entries(response.content ?? {});
          if (content.length === 0) problems.push(`${route} ${code}: no content declared`);
          for (const [type, { schema }] of content) {
            if (open(schema)) problems.push(`${route} ${code} ${type}: empty schema`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps role data out of reach of a signed-in learner', async () => {
    const learner = await signedInWith(t);
    expect((await learner.get('/api/units/91/grants')).statusCode).toBe(403);
  });
});

describe.each(engines)('failure on %s', (engine) => {
  it('hides internal errors behind a localized 500, answers 503 with Retry-After for an unreachable PostgreSQL, and reports it at /api/health', async () => {
    const { handle, env } = await createTestDatabase(engine);
    // Down for real: a PostgreSQL nobody listens for, a SQLite file whose handle is gone.
    const down = engine === 'postgres' ? connectDatabase({ databaseUrl: 'postgres://nobody:x@127.0.0.1:1/none', sqlitePath: '', poolSize: 1 }) : handle;
    const config = loadConfig({ ...env, DEMO: '0' });
    // The keys are read while the database still answers; the app is then built on the one that is down.
    const signer = await openSigner(handle.db, config, Date.now());
    const app = await buildApp({ config, database: down, clock: new TestClock(), logger: false, signer });
    await app.ready();
    if (engine === 'sqlite') handle.sqlite!.close();
    else await handle.close();
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });
    expect(health.headers['retry-after']).toBe('5');
    const broken = await app.inject({ method: 'GET', url: '/api/units?q=an' });
    if (engine === 'sqlite') {
      // A closed handle is a fault of ours, not a database to wait for.
      expect(broken.statusCode).toBe(500);
      expect(broken.json()).toEqual({ error: { code: 'internal', message: 'Hệ thống đang gặp sự cố. Vui lòng thử lại sau ít phút.' } });
    } else {
      expect(broken.statusCode).toBe(503);
      expect(broken.headers['retry-after']).toBe('5');
      expect(broken.json()).toEqual({ error: { code: 'database_unavailable', message: 'Không kết nối được cơ sở dữ liệu.' } });
      const english = await app.inject({ method: 'GET', url: '/api/units?q=an', headers: { 'accept-language': 'en' } });
      expect(english.json().error.message).toBe('The database cannot be reached.');
    }
    await app.close();
  });

  it('answers 503 with Retry-After once shutdown has begun', async () => {
    const { handle, env } = await createTestDatabase(engine);
    const draining = { active: false };
    const app = await buildApp({ config: loadConfig({ ...env, DEMO: '0' }), database: handle, clock: new TestClock(), logger: false, draining });
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    draining.active = true;
    const late = await app.inject({ method: 'GET', url: '/api/health' });
    expect(late.statusCode).toBe(503);
    expect(late.headers['retry-after']).toBe('5');
    expect(late.json().error.code).toBe('service_unavailable');
    await app.close();
    await handle.close();
  });
});
