import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { nationalForm, nextPhone } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { ApiTokenScope } from '../../shared/limits.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(engines)('API tokens on %s', (engine) => {
  let t: TestApp;
  let admin: Actor;
  beforeAll(async () => {
    t = await buildTestApp(engine, { API_TOKEN_REQUESTS_PER_MINUTE: '20', API_TOKEN_FAILURES_PER_IP_PER_MINUTE: '4' });
    admin = await signedInWith(t, { role: 'admin', unit: '30307' });
  });
  afterAll(() => t.close());

  const make = async (scopes: ApiTokenScope[], unit = '30307', expiresInDays = 30) => {
    const response = await admin.post(`/api/units/${unit}/tokens`, { name: `Hệ thống ${scopes.join(' ')}`, scopes, expiresInDays });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { token: { id: number; hint: string; status: string }; secret: string };
  };
  /** Each caller comes from its own address, so that the per-address failure limit of one test does not touch the next. */
  let addresses = 0;
  const caller = (secret: string) => {
    const ip = `198.51.100.${++addresses}`;
    return (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method, url, payload: body as string, remoteAddress: ip, headers: { authorization: `Bearer ${secret}`, ...headers } });
  };
  const audit = (action: string) => t.db.selectFrom('audit_log').select(['action', 'details', 'unit_id', 'actor_user_id']).where('action', '=', action).orderBy('id').execute();

  it('shows the secret once, keeps only its SHA-256, lists and revokes without ever showing it again', async () => {
    const { token, secret } = await make(['dashboards:read', 'reports:read']);
    expect(secret).toMatch(/^hts_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ status: 'active', hint: `hts_…${secret.slice(-4)}` });

    const row = await t.db.selectFrom('api_tokens').selectAll().where('id', '=', token.id as never).executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(sha256(secret));
    expect(Object.values(row).map(String)).not.toContain(secret);
    expect(row.scopes).toBe('dashboards:read,reports:read');

    const list = await admin.get('/api/tokens');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain(row.secret_hash);
    expect(list.json().tokens.map((x: { id: number }) => x.id)).toContain(token.id);

    const use = caller(secret);
    expect((await use('GET', '/api/units/30307/dashboard')).statusCode).toBe(200);
    expect((await admin.delete(`/api/tokens/${token.id}`)).statusCode).toBe(204);
    expect((await admin.delete(`/api/tokens/${token.id}`)).statusCode).toBe(204);
    const revoked = await use('GET', '/api/units/30307/dashboard');
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('api_token_invalid');
    expect(revoked.headers['www-authenticate']).toContain('invalid_token');
    expect((await admin.get('/api/tokens')).json().tokens.find((x: { id: number }) => x.id === token.id).status).toBe('revoked');
    expect((await audit('api_token.created')).length).toBeGreaterThan(0);
    expect((await audit('api_token.revoked')).map((a) => JSON.parse(a.details).tokenId)).toEqual([token.id]);
  });

  it('is made only on units within the admin’s reach, with a known scope and an expiry of at most a year', async () => {
    const body = { name: 'Ngoài tầm', scopes: ['dashboards:read'], expiresInDays: 30 };
    expect((await admin.post('/api/units/30292/tokens', body)).statusCode).toBe(403);
    expect((await admin.post('/api/units/91/tokens', body)).statusCode).toBe(403);
    const manager = await signedInWith(t, { role: 'manager', unit: '30307' });
    expect((await manager.post('/api/units/30307/tokens', body)).statusCode).toBe(403);
    expect((await manager.get('/api/tokens')).statusCode).toBe(403);
    for (const bad of [{ ...body, expiresInDays: 367 }, { name: 'x', scopes: ['dashboards:read'] }, { ...body, scopes: ['admin:all'] }, { ...body, scopes: [] }, { ...body, name: '' }]) {
      const response = await admin.post('/api/units/30307/tokens', bad);
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
      expect(response.json().error.message).toBeTruthy();
    }
    // An admin of another ward neither sees nor revokes this ward's tokens.
    const { token } = await make(['dashboards:read']);
    const otherAdmin = await signedInWith(t, { role: 'admin', unit: '30292' });
    expect((await otherAdmin.get('/api/tokens')).json().tokens.map((x: { id: number }) => x.id)).not.toContain(token.id);
    expect((await otherAdmin.delete(`/api/tokens/${token.id}`)).statusCode).toBe(403);
    expect((await admin.delete('/api/tokens/999999')).statusCode).toBe(404);
  });

  it('reaches its unit’s subtree with its scopes only: 403 elsewhere, through lists and exports too', async () => {
    const { secret } = await make(['dashboards:read', 'members:read']);
    const use = caller(secret);
    expect((await use('GET', '/api/units/30307/dashboard')).statusCode).toBe(200);
    const workbook = await use('GET', '/api/units/30307/dashboard.xlsx');
    expect(workbook.statusCode).toBe(200);
    expect(workbook.headers['cache-control']).toBe('no-store');
    expect((await use('GET', '/api/units/30307/members')).statusCode).toBe(200);
    for (const url of ['/api/units/30292/dashboard', '/api/units/30292/dashboard.xlsx', '/api/units/91/dashboard', '/api/units/30292/members']) {
      const response = await use('GET', url);
      expect(response.statusCode, url).toBe(403);
    }
    const noScope = await use('GET', '/api/units/30307/reports');
    expect(noScope.statusCode).toBe(403);
    expect(noScope.json().error).toMatchObject({ code: 'api_token_scope_missing' });
    expect(noScope.json().error.message).toContain('reports:read');
    expect((await use('POST', '/api/units/30307/members', { fullName: 'Nguyễn Văn Ba', phone: nationalForm(nextPhone()), birthYear: '1990', unitCode: '30307', group: 'citizen' })).statusCode).toBe(403);
    const refusals = (await audit('api_token.refused')).map((a) => JSON.parse(a.details));
    expect(refusals).toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'api_token_scope_missing', route: '/api/units/:code/reports' }), expect.objectContaining({ reason: 'forbidden' })]));
  });

  it('is refused on routes that take no token, and a session cookie is never a token', async () => {
    const { secret } = await make(['dashboards:read']);
    const use = caller(secret);
    const me = await use('GET', '/api/me');
    expect(me.statusCode).toBe(403);
    expect(me.json().error.code).toBe('api_token_not_accepted');
    // A cookie beside the token changes nothing: the token is the only credential read.
    expect((await use('GET', '/api/me', undefined, { cookie: admin.cookie! })).statusCode).toBe(403);
    expect((await use('GET', '/api/token')).json()).toEqual({ name: 'Hệ thống dashboards:read', unit: { code: '30307', fullName: expect.any(String) }, scopes: ['dashboards:read'], expiresAt: expect.any(String) });
    const cookie = await admin.get('/api/token');
    expect(cookie.statusCode).toBe(401);
    expect(cookie.json().error.code).toBe('api_token_required');
    expect((await anonymous(t).get('/api/token')).statusCode).toBe(401);
  });

  it('answers 401 alike to garbled, forged and expired tokens', async () => {
    const { secret } = await make(['dashboards:read'], '30307', 1);
    const forged = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of ['', 'hts_', 'garbled', `${secret} extra`, forged, secret.toUpperCase()]) {
      const response = await caller(bad)('GET', '/api/units/30307/dashboard');
      expect(response.statusCode, bad).toBe(401);
      expect(response.json().error.code).toBe('api_token_invalid');
    }
    const use = caller(secret);
    expect((await use('GET', '/api/units/30307/dashboard')).statusCode).toBe(200);
    t.clock.advance(24 * 60 * 60 * 1000);
    expect((await use('GET', '/api/units/30307/dashboard')).statusCode).toBe(401);
    // A day on, the admin's staff session has ended too.
    admin = await signedInWith(t, { role: 'admin', unit: '30307' });
    const reasons = (await audit('api_token.refused')).map((a) => JSON.parse(a.details).reason);
    expect(reasons).toContain('api_token_expired');
    expect(reasons).toContain('api_token_unknown');
    // Public routes ignore the header.
    expect((await caller('garbled')('GET', '/api/health')).statusCode).toBe(200);
  });

  it('limits unknown secrets per address and uses per token, with Retry-After', async () => {
    const guess = caller('hts_' + 'A'.repeat(43));
    for (let i = 0; i < 4; i += 1) expect((await guess('GET', '/api/units/30307/dashboard')).statusCode).toBe(401);
    const limited = await guess('GET', '/api/units/30307/dashboard');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const { token, secret } = await make(['dashboards:read']);
    // Two callers of one token share its count, as two app processes do through the database.
    const [a, b] = [caller(secret), caller(secret)];
    for (let i = 0; i < 20; i += 1) expect((await (i % 2 ? a : b)('GET', '/api/units/30307/dashboard')).statusCode).toBe(200);
    const over = await a('GET', '/api/units/30307/dashboard');
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((await b('GET', '/api/units/30307/dashboard')).statusCode).toBe(429);
    const tooMany = (await audit('api_token.refused')).map((x) => JSON.parse(x.details)).filter((d) => d.tokenId === token.id && d.reason === 'too_many_requests');
    expect(tooMany).toHaveLength(1);
    t.clock.advance(61_000);
    expect((await a('GET', '/api/units/30307/dashboard')).statusCode).toBe(200);
  });

  it('audits every write, sums reads into one row a minute, and writes last use at most once a minute', async () => {
    const { token, secret } = await make(['members:read', 'members:write']);
    const use = caller(secret);
    const lastUse = () => t.db.selectFrom('api_tokens').select(['last_used_at', 'use_count']).where('id', '=', token.id as never).executeTakeFirstOrThrow();
    const first = t.clock.now();
    expect((await use('GET', '/api/units/30307/members')).statusCode).toBe(200);
    expect(await lastUse()).toEqual({ last_used_at: first, use_count: 1 });
    t.clock.advance(10_000);
    expect((await use('GET', '/api/units/30307/members')).statusCode).toBe(200);
    expect((await use('GET', '/api/units/30307/members')).statusCode).toBe(200);
    expect(await lastUse()).toEqual({ last_used_at: first, use_count: 1 });

    // A state-changing call: no cookie, so the cross-site check does not apply, even with a foreign Origin.
    const added = await use('POST', '/api/units/30307/members', { fullName: 'Trần Thị Bốn', phone: nationalForm(nextPhone()), birthYear: '1985', unitCode: '30307', group: 'citizen' }, { origin: 'https://elsewhere.example' });
    expect(added.statusCode, added.body).toBe(201);
    const used = (await audit('api_token.used')).map((a) => ({ ...JSON.parse(a.details), actor: a.actor_user_id }));
    expect(used).toEqual([{ tokenId: token.id, method: 'POST', route: '/api/units/:code/members', actor: admin.userId }]);
    // With a cookie beside it, the browser check applies again.
    const withCookie = await use('POST', '/api/units/30307/members', {}, { origin: 'https://elsewhere.example', cookie: admin.cookie! });
    expect(withCookie.json().error.code).toBe('cross_site_request');

    t.clock.advance(60_000);
    expect((await use('GET', '/api/units/30307/members')).statusCode).toBe(200);
    expect(await lastUse()).toEqual({ last_used_at: t.clock.now(), use_count: 5 });
    const reads = (await audit('api_token.reads')).map((a) => JSON.parse(a.details)).filter((d) => d.tokenId === token.id);
    expect(reads).toEqual([
      { tokenId: token.id, count: 1, routes: 'GET /api/units/:code/members' },
      { tokenId: token.id, count: 4, routes: 'GET /api/units/:code/members' },
    ]);
  });

  it('is described in the API reference: the bearer scheme, its scopes, and the scope of each route that takes one', async () => {
    const spec = (await anonymous(t).get('/api/openapi.json')).json();
    const scheme = spec.components.securitySchemes.apiToken;
    expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const scope of ['dashboards:read', 'learners:read', 'members:read', 'members:write', 'reports:read', 'events:read']) expect(scheme.description).toContain(`\`${scope}\``);
    const dashboard = spec.paths['/api/units/{code}/dashboard'].get;
    expect(dashboard.security).toEqual([{ session: [] }, { apiToken: ['dashboards:read'] }]);
    expect(dashboard.description).toContain('dashboards:read');
    expect(spec.paths['/api/units/{code}/members/import'].post.security).toEqual([{ session: [] }, { apiToken: ['members:write'] }]);
    expect(spec.paths['/api/me'].get.security).toBeUndefined();
  });
});
