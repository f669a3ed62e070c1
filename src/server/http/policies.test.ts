import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signedInWith, signIn } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildPerson, grant, nationalForm } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { requirePolicies } from './policies.js';

// Routes anyone may call without signing in; every other route must refuse anonymous callers.
const publicRoutes = new Set([
  'GET /api/health',
  'GET /api/health/live',
  'GET /api/health/ready',
  'GET /api/units',
  'GET /api/units/{code}',
  'GET /api/units/{code}/children',
  'GET /api/competences',
  'GET /api/courses',
  'GET /api/courses/{id}',
  'GET /api/courses/{id}/quizzes',
  // What saving a course for offline use downloads: the same published content the course page shows anyone.
  'GET /api/courses/{id}/offline-manifest',
  'GET /api/verify/{code}',
  'GET /api/certificate-status/{list}',
  'GET /.well-known/hoctap-certificate-keys.json',
  'GET /.well-known/assetlinks.json',
  'GET /.well-known/apple-app-site-association',
  'POST /api/auth/register',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/password-reset',
  'POST /api/auth/password-reset/confirm',
  // OpenID Connect sign-in: every step before an account exists is public; each checks its own browser binding or pending cookie.
  'GET /api/auth/oidc/providers',
  'GET /api/auth/oidc/start',
  'GET /api/auth/oidc/callback',
  'GET /api/auth/oidc/pending',
  'POST /api/auth/oidc/complete',
  'POST /api/auth/oidc/link',
  'POST /api/auth/oidc/logout',
  // A commune's hamlets, for the sign-up form's place picker (public facts, like the unit tree).
  'GET /api/units/{code}/hamlets',
  // Sign-in cards: the card itself is the credential (throttled and audited).
  'POST /api/cards/sign-in',
  'POST /api/cards/sign-in-code',
  'POST /api/cards/peek',
  // Events (issue 14): the public event page and the news are for everyone; the invitation link and the big screen
  // carry their own credential (the invitation secret, the screen token), throttled and audited.
  'GET /api/public/events/{slug}',
  'GET /api/news',
  'GET /api/news/{slug}',
  'POST /api/invitations/lookup',
  'POST /api/invitations/rsvp',
  'GET /api/screen',
  'GET /api/screen/stream',
]);

describe('the policy guard', () => {
  it('refuses to register a route that does not say who may call it', async () => {
    const app = Fastify();
    requirePolicies(app);
    expect(() => app.get('/api/unguarded', async () => 'open')).toThrow(/declares no access policy/);
    await app.close();
  });
});

describe.each(engines)('who may see what, on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  it('lets a manager of one ward see its people, and answers 403 for another ward', async () => {
    const manager = await signedInWith(t, { role: 'manager', unit: '30307' });
    const neighbour = await buildPerson(t.db, { unitCode: '30292', fullName: 'Người Ở Bình Đức' });
    const own = await manager.get('/api/units/30307/people');
    expect(own.statusCode).toBe(200);
    expect(own.json().people.every((p: { unit: { code: string } }) => p.unit.code === '30307')).toBe(true);
    expect(own.json().people.some((p: { id: number }) => p.id === neighbour.id)).toBe(false);

    const other = await manager.get('/api/units/30292/people');
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toEqual({ code: 'forbidden', message: 'Bạn không có quyền xem hoặc thay đổi dữ liệu này.' });
    expect(other.body).not.toContain('Người Ở Bình Đức');
    expect((await manager.get('/api/units/91/people')).statusCode).toBe(403);
    expect((await manager.get('/api/units/00000/people')).statusCode).toBe(404);
  });

  it('lets a provincial manager reach every commune below, with masked phone numbers', async () => {
    const provincial = await signedInWith(t, { role: 'manager', unit: '91' });
    const person = await buildPerson(t.db, { unitCode: '30292', fullName: 'Trần Thị Tám' });
    const response = await provincial.get(`/api/units/30292/people?q=${encodeURIComponent('tran thi tam')}`);
    expect(response.statusCode).toBe(200);
    const found = response.json().people.find((p: { id: number }) => p.id === person.id);
    expect(found).toMatchObject({ fullName: 'Trần Thị Tám', unit: { code: '30292' } });
    expect(found.phone).toMatch(/^0\d{3} \*\*\* \d{3}$/);
    expect(response.body).not.toContain(person.phone.slice(3));
  });

  it('records who looked at a list of people', async () => {
    const manager = await signedInWith(t, { role: 'manager', unit: '30307' });
    await manager.get('/api/units/30307/people');
    const entry = await t.db.selectFrom('audit_log').selectAll().where('actor_user_id', '=', manager.userId).where('action', '=', 'people.list').executeTakeFirst();
    expect(entry).toBeDefined();
  });

  it('refuses learners, other roles on the same unit, and anonymous callers', async () => {
    const learner = await signedInWith(t);
    expect((await learner.get('/api/units/30307/people')).statusCode).toBe(403);
    const author = await signedInWith(t, { role: 'author', unit: '30307' });
    expect((await author.get('/api/units/30307/people')).statusCode).toBe(403);
    expect((await anonymous(t).get('/api/units/30307/people')).statusCode).toBe(401);
  });

  it('answers 401 to anonymous callers on every route outside the public list', async () => {
    const spec = (await anonymous(t).get('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const checked: string[] = [];
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const method of Object.keys(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        if (publicRoutes.has(route)) continue;
        const url = path.replace('{code}', '30307').replace('{id}', '1');
        const response = await anonymous(t).request(method.toUpperCase() as 'GET', url, method === 'get' ? undefined : {});
        expect.soft(response.statusCode, route).toBe(401);
        checked.push(route);
      }
    }
    expect(checked).toContain('GET /api/me');
    expect(checked).toContain('GET /api/units/{code}/people');
    expect(checked.length).toBeGreaterThan(8);
  });

  describe('role grants', () => {
    it('lets a provincial admin grant and revoke a role on a ward, with an audit trail', async () => {
      const admin = await signedInWith(t, { role: 'admin', unit: '91' });
      const person = await buildPerson(t.db, { unitCode: '30307' });
      const granted = await admin.post('/api/units/30307/grants', { phone: nationalForm(person.phone), role: 'manager' });
      expect(granted.statusCode).toBe(201);
      expect(granted.json()).toMatchObject({ role: 'manager', unit: { code: '30307' }, person: { id: person.id } });
      expect((await admin.post('/api/units/30307/grants', { phone: nationalForm(person.phone), role: 'manager' })).statusCode).toBe(409);
      const listed = (await admin.get('/api/units/30307/grants')).json().grants;
      expect(listed.some((g: { id: number }) => g.id === granted.json().id)).toBe(true);
      expect((await admin.delete(`/api/grants/${granted.json().id}`)).statusCode).toBe(204);
      expect((await admin.delete(`/api/grants/${granted.json().id}`)).statusCode).toBe(404);
      const actions = await t.db.selectFrom('audit_log').select('action').where('subject_user_id', '=', person.id).orderBy('id').execute();
      expect(actions.map((a) => a.action)).toEqual(['grant.create', 'grant.revoke']);
    });

    it('keeps a ward admin inside the ward', async () => {
      const wardAdmin = await signedInWith(t, { role: 'admin', unit: '30307' });
      const person = await buildPerson(t.db);
      expect((await wardAdmin.post('/api/units/91/grants', { phone: nationalForm(person.phone), role: 'admin' })).statusCode).toBe(403);
      expect((await wardAdmin.post('/api/units/30292/grants', { phone: nationalForm(person.phone), role: 'manager' })).statusCode).toBe(403);
      expect((await wardAdmin.get('/api/units/30292/grants')).statusCode).toBe(403);

      const provincial = await signedInWith(t, { role: 'admin', unit: '91' });
      const elsewhere = (await provincial.post('/api/units/30292/grants', { phone: nationalForm(person.phone), role: 'manager' })).json();
      expect((await wardAdmin.delete(`/api/grants/${elsewhere.id}`)).statusCode).toBe(403);
    });

    it('lets no admin lock, unlock or change the grants of someone whose grants reach wider than, or outside, their own', async () => {
      const communeAdmin = await signedInWith(t, { role: 'admin', unit: '30307' });
      // The province's admin lives in the commune; a second ward admin and a helper there too.
      const provinceAdmin = await buildPerson(t.db, { unitCode: '30307' });
      await grant(t.db, provinceAdmin.id, 'admin', '91');
      const mixed = await buildPerson(t.db, { unitCode: '30307' });
      await grant(t.db, mixed.id, 'manager', '30307');
      await grant(t.db, mixed.id, 'manager', '30292');
      const peer = await buildPerson(t.db, { unitCode: '30307' });
      await grant(t.db, peer.id, 'admin', '30307');
      for (const target of [provinceAdmin, mixed]) {
        for (const action of ['disable', 'enable']) expect((await communeAdmin.post(`/api/users/${target.id}/${action}`)).statusCode, `${action} ${target.id}`).toBe(403);
        expect((await communeAdmin.post('/api/units/30307/grants', { phone: nationalForm(target.phone), role: 'helper' })).statusCode).toBe(403);
        const [held] = await t.db.selectFrom('role_grants').innerJoin('units', 'units.id', 'role_grants.unit_id').select('role_grants.id').where('user_id', '=', target.id).where('units.code', '=', '30307').execute();
        if (held) expect((await communeAdmin.delete(`/api/grants/${held.id}`)).statusCode).toBe(403);
      }
      expect(await t.db.selectFrom('users').select('disabled_at').where('id', 'in', [provinceAdmin.id, mixed.id]).execute()).toEqual([{ disabled_at: null }, { disabled_at: null }]);
      expect(await t.db.selectFrom('role_grants').select('id').where('user_id', '=', mixed.id).execute()).toHaveLength(2);
      // A peer whose every grant lies within the admin's reach, or a plain resident, stays in reach.
      expect((await communeAdmin.post(`/api/users/${peer.id}/disable`)).statusCode).toBe(204);
      expect((await communeAdmin.post(`/api/users/${peer.id}/enable`)).statusCode).toBe(204);
      const granted = await communeAdmin.post('/api/units/30307/grants', { phone: nationalForm(peer.phone), role: 'helper' });
      expect(granted.statusCode).toBe(201);
      expect((await communeAdmin.delete(`/api/grants/${granted.json().id}`)).statusCode).toBe(204);
      // The province's admin acts on the commune's people as before.
      const province = await signIn(t, provinceAdmin.phone);
      expect((await province.post(`/api/users/${mixed.id}/disable`)).statusCode).toBe(204);
    });

    it('answers clearly for unknown people, bad phones, bad roles and non-numeric ids', async () => {
      const admin = await signedInWith(t, { role: 'admin', unit: '91' });
      expect((await admin.post('/api/units/30307/grants', { phone: '0999999999', role: 'manager' })).json().error.code).toBe('user_not_found');
      expect((await admin.post('/api/units/30307/grants', { phone: 'abc', role: 'manager' })).json().error.code).toBe('invalid_phone');
      const badRole = await admin.post('/api/units/30307/grants', { phone: '0999999999', role: 'emperor' });
      expect(badRole.statusCode).toBe(400);
      expect(badRole.json().error.fields.role).toBe('Vai trò không hợp lệ.');
      // A malformed id is refused as anywhere else, before anything is looked up.
      expect((await admin.delete('/api/grants/abc')).json().error.code).toBe('invalid_input');
      expect((await admin.delete("/api/grants/1'or'1")).statusCode).toBe(400);
      expect((await admin.delete('/api/grants/9007199254740991')).statusCode).toBe(404);
    });
  });
});
