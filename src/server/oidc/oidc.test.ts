import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInWith, signIn } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildPerson, nationalForm, nextPhone, testPassword, unitIdOf } from '../../../test/factories.js';
import { CookieJar, otherKey, providerEnv, resignJwt, startTestProvider, type TestProvider, throughProvider } from '../../../test/oidc-provider.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { hashSecret, type OidcFetch } from './oidc.service.js';

const appOrigin = 'http://127.0.0.1:3000';

/** One person's browser: the platform's cookies and the provider's. */
class Browser {
  readonly cookies = new Map<string, string>();
  readonly jar = new CookieJar();
  constructor(private readonly t: TestApp) {}

  private header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
  private take(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies) {
      if (c.value === '' || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }
  async get(url: string) {
    return this.take(await this.t.app.inject({ method: 'GET', url, headers: { cookie: this.header() } }));
  }
  async post(url: string, body: unknown = {}) {
    return this.take(await this.t.app.inject({ method: 'POST', url, payload: body as object, headers: { cookie: this.header() } }));
  }
  /** Presses the provider's button; answers the provider's address the platform redirects to. */
  async start(query = 'provider=smartangiang&next=/lessons/42'): Promise<string> {
    const response = await this.get(`/api/auth/oidc/start?${query}`);
    expect(response.statusCode, response.body).toBe(302);
    return String(response.headers.location);
  }
  /** Comes back to the platform at the address the provider sent the browser to. */
  async arrive(callbackAddress: string) {
    const url = new URL(callbackAddress);
    expect(url.origin).toBe(appOrigin);
    return this.get(`${url.pathname}${url.search}`);
  }
  async signInAt(login: string, query?: string) {
    return this.arrive(await throughProvider(await this.start(query), this.jar, login));
  }
}

function location(response: LightMyRequestResponse): URL {
  expect(response.statusCode, response.body).toBe(302);
  return new URL(String(response.headers.location), appOrigin);
}

function refusedWith(response: LightMyRequestResponse, code: string): void {
  const to = location(response);
  expect(to.pathname).toBe('/signin');
  expect(to.searchParams.get('oidcError')).toBe(code);
  expect(response.cookies.find((c) => c.name === 'hoctap_session' && c.value !== '')).toBeUndefined();
}

describe.each(engines)('signing in with an OpenID provider on %s', (engine) => {
  let provider: TestProvider;
  let t: TestApp;
  /** Set by a test to alter what the provider's token endpoint answers (the process edge). */
  let tamperIdToken: ((idToken: string) => string) | null = null;
  const lanPhone = nextPhone();
  const hungPhone = nextPhone();
  const newPhone = nextPhone();
  const adminPhone = nextPhone();

  const edge: OidcFetch = async (url, options) => {
    const response = await fetch(url, options as RequestInit);
    if (!tamperIdToken || !url.endsWith('/token')) return response;
    const body = (await response.json()) as { id_token: string };
    return new Response(JSON.stringify({ ...body, id_token: tamperIdToken(body.id_token) }), { status: response.status, headers: { 'content-type': 'application/json' } });
  };

  beforeAll(async () => {
    provider = await startTestProvider({
      people: [
        { sub: 'lan', name: 'Nguyễn Thị Lan', phone: lanPhone, phoneVerified: true },
        { sub: 'hung', name: 'Trần Văn Hùng', phone: hungPhone, phoneVerified: false },
        { sub: 'moi', name: 'Lê Văn Mới', phone: newPhone, phoneVerified: true },
        { sub: 'nam', name: 'Đặng Hoàng Nam', phone: adminPhone, phoneVerified: true },
      ],
      redirectUris: [`${appOrigin}/api/auth/oidc/callback`],
      postLogoutRedirectUris: [`${appOrigin}/`],
      idTokenTtlSeconds: 60,
    });
    t = await buildTestApp(engine, providerEnv(provider), { oidcFetch: edge });
    // ID token times are judged by the app's clock: keep it at the real time the provider uses.
    t.clock.current = Date.now();
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  async function auditActions(userId: number): Promise<string[]> {
    const rows = await t.db.selectFrom('audit_log').select('action').where('subject_user_id', '=', userId as never).orderBy('id').execute();
    return rows.map((r) => r.action);
  }

  it('lists the providers for the sign-in page: name and start address only', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/providers' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([{ id: 'smartangiang', name: 'SmartAnGiang', startUrl: '/api/auth/oidc/start?provider=smartangiang' }]);
  });

  it('sends the browser to the provider with PKCE, state and nonce, and remembers the sign-in in the database', async () => {
    const browser = new Browser(t);
    const to = new URL(await browser.start());
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get('client_id')).toBe(provider.clientId);
    expect(to.searchParams.get('redirect_uri')).toBe(`${appOrigin}/api/auth/oidc/callback`);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(to.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(to.searchParams.get('scope')).toBe('openid profile phone');
    expect(to.searchParams.has('prompt')).toBe(false);
    expect(browser.cookies.has('hoctap_oidc_browser')).toBe(true);
    // Neither the state nor the verifier leaves the server in the clear.
    const row = await t.db.selectFrom('oidc_logins').selectAll().where('state_hash', '=', hashSecret(to.searchParams.get('state')!)).executeTakeFirstOrThrow();
    expect(row.state_hash).not.toBe(to.searchParams.get('state'));
    expect(row.return_path).toBe('/lessons/42');
    expect(row.expires_at - row.created_at).toBe(10 * 60_000);
  });

  it('keeps only a same-origin return path', async () => {
    const browser = new Browser(t);
    for (const next of ['https://evil.example/x', '//evil.example', '/\\evil.example', '/lessons/42?tab=1#x']) {
      const state = new URL(await browser.start(`provider=smartangiang&next=${encodeURIComponent(next)}`)).searchParams.get('state')!;
      const row = await t.db.selectFrom('oidc_logins').select('return_path').where('state_hash', '=', hashSecret(state)).executeTakeFirstOrThrow();
      expect(row.return_path, next).toBe(next.startsWith('/lessons') ? next : '/');
    }
  });

  it('a new person gets no account until they complete commune, birth year and their own consent; then signs in by subject', async () => {
    // A webhook on the province for new learners (its host is not allowed here, so nothing leaves; the delivery is recorded).
    await t.db
      .insertInto('webhook_endpoints')
      .values({ url: 'https://hooks.smartangiang.vn/hoctap', events: JSON.stringify(['learner.registered']), unit_id: await unitIdOf(t.db, '91'), secret: 'whsec_dGVzdA', description: '', disabled_at: null, created_by: null, created_at: t.clock.now() })
      .execute();
    const browser = new Browser(t);
    const arrived = await browser.signInAt('moi');
    const to = location(arrived);
    expect(`${to.pathname}${to.search}`).toBe('/signin/complete?next=%2Flessons%2F42');
    expect(browser.cookies.has('hoctap_session')).toBe(false);
    // Learning routes refuse: there is no session yet.
    expect((await browser.get('/api/me')).statusCode).toBe(401);
    expect((await browser.get('/api/me/learning')).statusCode).toBe(401);
    expect(await t.db.selectFrom('users').select('id').where('phone', '=', newPhone).executeTakeFirst()).toBeUndefined();

    const pending = await browser.get('/api/auth/oidc/pending');
    expect(pending.statusCode).toBe(200);
    expect(pending.json()).toEqual({ provider: { id: 'smartangiang', name: 'SmartAnGiang' }, fullName: 'Lê Văn Mới', phoneVerified: true, returnPath: '/lessons/42' });

    const withoutConsent = await browser.post('/api/auth/oidc/complete', { fullName: 'Lê Văn Mới', birthYear: 1975, unitCode: '30307' });
    expect(withoutConsent.statusCode).toBe(400);
    expect(withoutConsent.json().error.code).toBe('consent_required');
    const stringConsent = await browser.post('/api/auth/oidc/complete', { fullName: 'Lê Văn Mới', birthYear: 1975, unitCode: '30307', consent: 'true' });
    expect(stringConsent.json().error.code).toBe('consent_required');
    const badUnit = await browser.post('/api/auth/oidc/complete', { fullName: 'Lê Văn Mới', birthYear: 1800, unitCode: '91', consent: true });
    expect(badUnit.statusCode).toBe(400);
    expect(Object.keys(badUnit.json().error.fields)).toEqual(['birthYear', 'unitCode']);

    const done = await browser.post('/api/auth/oidc/complete', { fullName: 'Lê Văn Mới', birthYear: 1975, unitCode: '30307', consent: true });
    expect(done.statusCode, done.body).toBe(201);
    const me = done.json();
    expect(me).toMatchObject({ phone: newPhone, fullName: 'Lê Văn Mới', birthYear: 1975, unit: { code: '30307' } });
    expect(browser.cookies.has('hoctap_session')).toBe(true);
    expect(browser.cookies.has('hoctap_oidc_pending')).toBe(false);
    expect((await browser.get('/api/me/learning')).statusCode).toBe(200);
    const consent = await t.db.selectFrom('consents').select(['channel', 'purpose']).where('user_id', '=', me.id).execute();
    expect(consent).toEqual([{ channel: 'self_oidc', purpose: 'account' }]);
    expect(await auditActions(me.id)).toEqual(['account.register']);
    // The province's systems hear of the new learner as of any other: the webhook registered below gets the event.
    await t.jobsIdle();
    await expect.poll(async () => (await t.db.selectFrom('webhook_deliveries').select('event_type').where('user_id', '=', me.id).execute()).map((d) => d.event_type)).toEqual(['learner.registered']);
    // Completing twice does nothing more.
    expect((await browser.post('/api/auth/oidc/complete', { fullName: 'Lê Văn Mới', birthYear: 1975, unitCode: '30307', consent: true })).statusCode).toBe(404);

    // Next time, on another device (the provider still knows the person): the subject alone signs in.
    const other = new Browser(t);
    const again = await other.signInAt('moi', 'provider=smartangiang&next=/courses/7');
    expect(location(again).pathname).toBe('/courses/7');
    expect((await other.get('/api/me')).json().id).toBe(me.id);
    expect(await auditActions(me.id)).toEqual(['account.register', 'oidc.sign_in']);
  });

  it('links a first sign-in to the existing account whose phone the provider verified; the second sign-in goes by subject', async () => {
    const lan = await buildPerson(t.db, { phone: lanPhone, fullName: 'Nguyễn Thị Lan' });
    const browser = new Browser(t);
    const arrived = await browser.signInAt('lan');
    expect(location(arrived).pathname).toBe('/lessons/42');
    expect((await browser.get('/api/me')).json().id).toBe(lan.id);
    const link = await t.db.selectFrom('oidc_identities').select(['subject', 'linked_by']).where('user_id', '=', lan.id).execute();
    expect(link).toEqual([{ subject: 'lan', linked_by: 'verified_phone' }]);

    const later = new Browser(t);
    expect(location(await later.signInAt('lan')).pathname).toBe('/lessons/42');
    expect((await later.get('/api/me')).json().id).toBe(lan.id);
    expect(await auditActions(lan.id)).toEqual(['oidc.link', 'oidc.sign_in']);
    // The password keeps working beside the provider.
    expect((await signIn(t, lan.phone)).userId).toBe(lan.id);
  });

  it('never links on an unverified phone: the person must prove the account with its password', async () => {
    const hung = await buildPerson(t.db, { phone: hungPhone, fullName: 'Trần Văn Hùng' });
    const browser = new Browser(t);
    const arrived = await browser.signInAt('hung');
    expect(location(arrived).pathname).toBe('/signin/complete');
    expect(browser.cookies.has('hoctap_session')).toBe(false);
    expect(await t.db.selectFrom('oidc_identities').select('id').where('user_id', '=', hung.id).execute()).toEqual([]);
    expect((await browser.get('/api/auth/oidc/pending')).json().phoneVerified).toBe(false);
    // No account is made with a number the provider did not vouch for.
    const complete = await browser.post('/api/auth/oidc/complete', { fullName: 'Trần Văn Hùng', birthYear: 1970, unitCode: '30307', consent: true });
    expect(complete.statusCode).toBe(409);
    expect(complete.json().error).toEqual({ code: 'oidc_phone_not_verified', message: 'SmartAnGiang chưa xác nhận số điện thoại của bạn. Hãy đăng nhập bằng số điện thoại và mật khẩu một lần để liên kết tài khoản.' });

    const wrong = await browser.post('/api/auth/oidc/link', { phone: nationalForm(hung.phone), password: 'khong-dung-mat-khau' });
    expect(wrong.statusCode).toBe(401);
    expect(await t.db.selectFrom('oidc_identities').select('id').where('user_id', '=', hung.id).execute()).toEqual([]);
    const linked = await browser.post('/api/auth/oidc/link', { phone: nationalForm(hung.phone), password: testPassword });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().id).toBe(hung.id);
    expect(await t.db.selectFrom('oidc_identities').select(['subject', 'linked_by']).where('user_id', '=', hung.id).execute()).toEqual([{ subject: 'hung', linked_by: 'password' }]);
    expect(await auditActions(hung.id)).toContain('oidc.link');
  });

  it('refuses a callback with a wrong state, and one from another browser', async () => {
    const browser = new Browser(t);
    const address = new URL(await throughProvider(await browser.start(), browser.jar, 'khach1'));
    const forged = new URL(address);
    forged.searchParams.set('state', 'not-the-state-we-sent-0123456789');
    refusedWith(await browser.arrive(forged.href), 'oidc_sign_in_expired');
    // The real state, brought to the platform by a browser that did not start the sign-in (login CSRF).
    const attacker = new Browser(t);
    refusedWith(await attacker.arrive(address.href), 'oidc_sign_in_failed');
  });

  it('uses a state once: a replayed callback and a replayed code are refused', async () => {
    const browser = new Browser(t);
    const address = await throughProvider(await browser.start(), browser.jar, 'khach2');
    const first = await browser.arrive(address);
    expect(location(first).pathname).toBe('/signin/complete');
    refusedWith(await browser.arrive(address), 'oidc_sign_in_expired');

    // The used code with a fresh, valid state: refused at the provider (a code is exchanged once, and it is bound to the first sign-in's PKCE verifier).
    const fresh = new URL(await throughProvider(await browser.start(), browser.jar, 'khach2'));
    const replayed = new URL(fresh);
    replayed.searchParams.set('code', new URL(address).searchParams.get('code')!);
    refusedWith(await browser.arrive(replayed.href), 'oidc_sign_in_failed');
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const browser = new Browser(t);
    const authorization = new URL(await browser.start());
    authorization.searchParams.set('nonce', 'a-nonce-the-platform-never-made-0123');
    refusedWith(await browser.arrive(await throughProvider(authorization.href, browser.jar, 'khach3')), 'oidc_sign_in_failed');
  });

  it('refuses an expired ID token, and a sign-in left unfinished for more than 10 minutes', async () => {
    const browser = new Browser(t);
    const address = await throughProvider(await browser.start(), browser.jar, 'khach4');
    // The provider issues ID tokens for 60 s; 5 minutes later the state is still good, the token is not.
    t.clock.advance(5 * 60_000);
    try {
      refusedWith(await browser.arrive(address), 'oidc_sign_in_failed');
    } finally {
      t.clock.current = Date.now();
    }
    const late = await throughProvider(await browser.start(), browser.jar, 'khach4');
    t.clock.advance(11 * 60_000);
    try {
      refusedWith(await browser.arrive(late), 'oidc_sign_in_expired');
    } finally {
      t.clock.current = Date.now();
    }
  });

  it('refuses an ID token signed with a key the provider never published, or made for another audience', async () => {
    const browser = new Browser(t);
    tamperIdToken = (jwt) => resignJwt(jwt, otherKey(), provider.keyId, () => {});
    try {
      refusedWith(await browser.signInAt('lan'), 'oidc_sign_in_failed');
      // Properly signed by the provider, but for another client.
      tamperIdToken = (jwt) => resignJwt(jwt, provider.signingKey, provider.keyId, (claims) => { claims.aud = 'another-client'; });
      refusedWith(await browser.signInAt('lan'), 'oidc_sign_in_failed');
      // The control: the same re-signing with nothing changed is accepted, so the refusals above are about key and audience.
      tamperIdToken = (jwt) => resignJwt(jwt, provider.signingKey, provider.keyId, () => {});
      expect(location(await browser.signInAt('lan')).pathname).toBe('/lessons/42');
    } finally {
      tamperIdToken = null;
    }
  });

  it('prompt=none without a session at the provider returns to the sign-in page without an error; with one, signs in silently', async () => {
    const browser = new Browser(t);
    const address = await throughProvider(await browser.start('provider=smartangiang&next=/lessons/42&prompt=none'), browser.jar);
    expect(new URL(address).searchParams.get('error')).toBe('login_required');
    const back = location(await browser.arrive(address));
    expect(`${back.pathname}${back.search}`).toBe('/signin?next=%2Flessons%2F42');

    await browser.signInAt('lan');
    const device = new Browser(t);
    // Same provider session (the super-app's), a new platform browser: nothing to type.
    for (const cookie of browser.jar.header().split('; ')) device.jar.take(new Response(null, { headers: { 'set-cookie': cookie } }));
    const silent = await device.arrive(await throughProvider(await device.start('provider=smartangiang&next=/lessons/42&prompt=none'), device.jar));
    expect(location(silent).pathname).toBe('/lessons/42');
    expect((await device.get('/api/me')).statusCode).toBe(200);
  });

  it('signs out of the platform and offers the provider’s logout; a password session gets none', async () => {
    const browser = new Browser(t);
    await browser.signInAt('lan');
    const out = await browser.post('/api/auth/oidc/logout');
    expect(out.statusCode).toBe(200);
    const end = new URL(out.json().endSessionUrl);
    expect(`${end.origin}${end.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${appOrigin}/`);
    expect(end.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect((await browser.get('/api/me')).statusCode).toBe(401);
    // The provider accepts it: its logout confirmation page, not an error.
    const page = await fetch(end, { headers: { cookie: browser.jar.header() } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('logoutForm');

    const person = await signedInWith(t);
    const passwordOut = await t.app.inject({ method: 'POST', url: '/api/auth/oidc/logout', headers: { cookie: person.cookie! } });
    expect(passwordOut.json()).toEqual({ endSessionUrl: null });
    expect((await person.get('/api/me')).statusCode).toBe(401);
  });

  it('shows admins the configuration without the secret, and runs a test sign-in that touches no account', async () => {
    const admin = await signedInWith(t, { role: 'admin', unit: '91' });
    const learner = await signedInWith(t);
    expect((await learner.get('/api/admin/identity/providers')).statusCode).toBe(403);
    expect((await learner.get('/api/admin/identity/test?provider=smartangiang')).statusCode).toBe(403);
    const list = await admin.get('/api/admin/identity/providers');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      {
        id: 'smartangiang',
        name: 'SmartAnGiang',
        issuer: provider.issuer,
        clientId: provider.clientId,
        scopes: ['openid', 'profile', 'phone'],
        redirectUri: `${appOrigin}/api/auth/oidc/callback`,
        discovery: { status: 'ok', message: null },
      },
    ]);
    expect(list.body).not.toContain(provider.clientSecret);

    const usersBefore = await t.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const start = await t.app.inject({ method: 'GET', url: '/api/admin/identity/test?provider=smartangiang', headers: { cookie: admin.cookie! } });
    expect(start.statusCode).toBe(302);
    const binding = start.cookies.find((c) => c.name === 'hoctap_oidc_browser')!;
    const jar = new CookieJar();
    const address = new URL(await throughProvider(String(start.headers.location), jar, 'nam'));
    const back = await t.app.inject({ method: 'GET', url: `${address.pathname}${address.search}`, headers: { cookie: `${admin.cookie}; hoctap_oidc_browser=${binding.value}` } });
    const to = location(back);
    expect(to.pathname).toBe('/admin/identity');
    const testId = to.searchParams.get('test')!;
    // Not signed in as the provider's person: the admin's own session is untouched.
    expect(back.cookies.find((c) => c.name === 'hoctap_session')).toBeUndefined();
    expect((await admin.get('/api/me')).json().id).toBe(admin.userId);

    const result = await admin.get(`/api/admin/identity/test-result?id=${encodeURIComponent(testId)}`);
    expect(result.statusCode, result.body).toBe(200);
    expect(result.json()).toMatchObject({
      provider: { id: 'smartangiang', name: 'SmartAnGiang' },
      idToken: { iss: provider.issuer, sub: 'nam', aud: provider.clientId },
      userInfo: { sub: 'nam', name: 'Đặng Hoàng Nam', phone_number: adminPhone, phone_number_verified: true },
    });
    const otherAdmin = await signedInWith(t, { role: 'admin', unit: '91' });
    expect((await otherAdmin.get(`/api/admin/identity/test-result?id=${encodeURIComponent(testId)}`)).statusCode).toBe(404);
    const usersAfter = await t.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    // Only the other admin made for the check above.
    expect(Number(usersAfter.n)).toBe(Number(usersBefore.n) + 1);
    expect(await t.db.selectFrom('oidc_identities').select('id').where('subject', '=', 'nam').execute()).toEqual([]);
    expect(await t.db.selectFrom('oidc_pending').select('subject').where('subject', '=', 'nam').execute()).toEqual([]);
  });
});

describe.each(engines)('a provider that is down, on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    // A port nothing listens on: discovery fails at once.
    const closed = await startTestProvider({ people: [], redirectUris: [`${appOrigin}/api/auth/oidc/callback`], postLogoutRedirectUris: [] });
    await closed.close();
    t = await buildTestApp(engine, providerEnv(closed));
  });
  afterAll(() => t?.close());

  it('does not stop the platform: the button says so clearly and password sign-in keeps working', async () => {
    const providers = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/providers' });
    expect(providers.json()).toHaveLength(1);
    const start = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start?provider=smartangiang&next=/lessons/42' });
    const to = location(start);
    expect(to.pathname).toBe('/signin');
    expect(Object.fromEntries(to.searchParams)).toEqual({ next: '/lessons/42', oidcError: 'oidc_provider_unavailable', provider: 'smartangiang' });
    const person = await buildPerson(t.db, {});
    expect((await signIn(t, person.phone as PhoneNumber)).userId).toBe(person.id);

    const admin = await signedInWith(t, { role: 'admin', unit: '91' });
    const list = (await admin.get('/api/admin/identity/providers')).json();
    expect(list[0].discovery.status).toBe('failed');
    expect(list[0].discovery.message).toMatch(/fetch failed|ECONNREFUSED|connect/i);
    // An unknown provider goes back to the sign-in page too.
    const unknown = location(await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start?provider=vneid' }));
    expect(unknown.searchParams.get('oidcError')).toBe('oidc_provider_unknown');
  });
});
