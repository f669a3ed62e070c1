/**
 * Embedding in the super-app: who may frame which answers, and a session cookie that survives a cross-site frame.
 * The PWA's pages name EMBED_ALLOWED_ORIGINS as frame ancestors; API answers and files never do.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildPerson, nationalForm, testPassword } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

const superApp = 'https://superapp.angiang.example';
const localEmbedder = 'http://localhost:8080';

function webRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'hoctap-embed-web-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app shell</title>');
  writeFileSync(path.join(root, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'assets', 'main-abc123.js'), 'console.log(1)');
  return root;
}

const frameAncestors = (csp: unknown) => /frame-ancestors ([^;]+)/.exec(String(csp))?.[1];

describe.each(engines)('embedding on %s', (engine) => {
  let plain: TestApp;
  let embedding: TestApp;
  beforeAll(async () => {
    const WEB_ROOT = webRoot();
    plain = await buildTestApp(engine, { WEB_ROOT });
    embedding = await buildTestApp(engine, { WEB_ROOT, EMBED_ALLOWED_ORIGINS: `${superApp}, ${localEmbedder}/`, PUBLIC_URL: 'https://hoctap.angiang.example' });
  });
  afterAll(async () => {
    await plain?.close();
    await embedding?.close();
  });

  describe('without EMBED_ALLOWED_ORIGINS', () => {
    it.each(['/lessons/42?embed=1', '/index.html', '/api/health', '/icon.svg', '/assets/main-abc123.js', '/api/nothing-here'])('lets only the platform frame %s', async (url) => {
      const response = await anonymous(plain).get(url);
      expect(frameAncestors(response.headers['content-security-policy'])).toBe("'self'");
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    });
  });

  describe('with EMBED_ALLOWED_ORIGINS', () => {
    it.each(['/', '/lessons/42?embed=1', '/signin?next=%2Flessons%2F42', '/index.html', '/index.html?__WB_REVISION__=1'])(
      'lets the listed origins frame the page %s, and drops X-Frame-Options',
      async (url) => {
        const response = await anonymous(embedding).get(url);
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toContain('text/html');
        expect(frameAncestors(response.headers['content-security-policy'])).toBe(`'self' ${superApp} ${localEmbedder}`);
        expect(response.headers['x-frame-options']).toBeUndefined();
        // The rest of the policy is untouched.
        expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      },
    );

    it.each(['/api/health', '/api/courses', '/api/me', '/api/nothing-here', '/icon.svg', '/assets/main-abc123.js', '/lessons/1.pdf'])(
      'still refuses other origins a frame of %s (API answers and files)',
      async (url) => {
        const response = await anonymous(embedding).get(url);
        expect(frameAncestors(response.headers['content-security-policy'])).toBe("'self'");
        expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      },
    );
  });

  describe('the session cookie', () => {
    const cookieOf = async (t: TestApp, headers: Record<string, string> = {}) => {
      const person = await buildPerson(t.db);
      const response = await anonymous(t).post('/api/auth/login', { phone: nationalForm(person.phone), password: testPassword }, headers);
      expect(response.statusCode).toBe(200);
      return String(response.headers['set-cookie']);
    };

    it('is SameSite=Lax without embedding (Secure only over https)', async () => {
      const cookie = await cookieOf(plain);
      expect(cookie).toMatch(/; HttpOnly; SameSite=Lax$/);
      expect(cookie).not.toContain('Secure');
      expect(cookie).not.toContain('Partitioned');
    });

    it('is SameSite=None; Secure; Partitioned with embedding, which a cross-site frame needs', async () => {
      const cookie = await cookieOf(embedding, { origin: 'https://hoctap.angiang.example' });
      expect(cookie).toMatch(/; HttpOnly; SameSite=None; Secure; Partitioned$/);
    });

    it('is cleared with the same attributes at sign-out, or the browser would keep the partitioned one', async () => {
      const person = await buildPerson(embedding.db);
      const login = await anonymous(embedding).post('/api/auth/login', { phone: nationalForm(person.phone), password: testPassword }, { origin: 'https://hoctap.angiang.example' });
      const token = login.cookies.find((c) => c.name === 'hoctap_session')!.value;
      const logout = await embedding.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `hoctap_session=${token}`, origin: 'https://hoctap.angiang.example' } });
      expect(logout.statusCode).toBeLessThan(300);
      expect(String(logout.headers['set-cookie'])).toMatch(/^hoctap_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=None; Secure; Partitioned$/);
    });
  });

  describe('cross-site requests, now that the cookie goes along in every context', () => {
    it.each([
      ['the embedding super-app itself', { origin: superApp }],
      ['another site', { origin: 'https://evil.example' }],
      ['a browser saying cross-site without an Origin', { 'sec-fetch-site': 'cross-site' }],
    ])('refuses a state-changing request from %s', async (_who, headers) => {
      const person = await buildPerson(embedding.db);
      const response = await anonymous(embedding).post('/api/auth/login', { phone: nationalForm(person.phone), password: testPassword }, headers);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('cross_site_request');
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it("accepts the framed page's own requests: same-origin to the platform", async () => {
      const person = await buildPerson(embedding.db);
      const response = await anonymous(embedding).post(
        '/api/auth/login',
        { phone: nationalForm(person.phone), password: testPassword },
        { origin: 'https://hoctap.angiang.example', 'sec-fetch-site': 'same-origin' },
      );
      expect(response.statusCode).toBe(200);
    });
  });

  describe('deep links on a cold open', () => {
    it.each(['/lessons/42', '/quizzes/7?from=sms', '/certificates', '/author/courses/3', '/events/12', '/news/2026/launch', '/signin?next=%2Flessons%2F42%3Fa%3D1'])(
      'answers %s with the app shell, whatever the page',
      async (url) => {
        const response = await anonymous(plain).get(url);
        expect(response.statusCode).toBe(200);
        expect(response.body).toContain('app shell');
        expect(response.headers['cache-control']).toBe('no-cache');
      },
    );

    it.each(['/api/lessons/42', '/api', '/missing.png', '/lessons/%E0%A4%A'])('does not answer %s with the shell', async (url) => {
      const response = await anonymous(plain).get(url);
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.body).not.toContain('app shell');
    });
  });
});
