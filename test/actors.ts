/**
 * People making requests: `const manager = await signedInWith(t, { role: 'manager', unit: '30307' })`,
 * then `manager.get('/api/...')`. Requests go through the app's real HTTP handling.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { UserId } from '../src/shared/ids.js';
import type { Role } from '../src/shared/limits.js';
import type { PhoneNumber } from '../src/shared/phone.js';
import { buildPerson, grant, nationalForm, testPassword } from './factories.js';
import type { TestApp } from './test-app.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Actor {
  userId: UserId | null;
  phone: PhoneNumber | null;
  cookie: string | null;
  request(method: Method, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** Sends raw bytes as the body, as the PWA uploads a file. */
  upload(url: string, bytes: Buffer, contentType?: string): Promise<LightMyRequestResponse>;
}

export function actor(t: TestApp, who: { userId: UserId | null; phone: PhoneNumber | null; cookie: string | null }): Actor {
  const request = (method: Method, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const options: InjectOptions = { method, url, headers: { ...(who.cookie ? { cookie: who.cookie } : {}), ...headers } };
    if (body !== undefined) options.payload = body as InjectOptions['payload'];
    return t.app.inject(options);
  };
  return {
    ...who,
    request,
    get: (url, headers) => request('GET', url, undefined, headers),
    post: (url, body, headers) => request('POST', url, body ?? {}, headers),
    patch: (url, body) => request('PATCH', url, body),
    delete: (url, body) => request('DELETE', url, body),
    upload: (url, bytes, contentType = 'application/octet-stream') =>
      t.app.inject({ method: 'POST', url, payload: bytes, headers: { 'content-type': contentType, ...(who.cookie ? { cookie: who.cookie } : {}) } }),
  };
}

export function anonymous(t: TestApp): Actor {
  return actor(t, { userId: null, phone: null, cookie: null });
}

export function sessionCookieFrom(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'hoctap_session');
  if (!cookie?.value) throw new Error(`no session cookie in ${response.statusCode} ${response.body}`);
  return `hoctap_session=${cookie.value}`;
}

export async function signIn(t: TestApp, phone: PhoneNumber, password = testPassword): Promise<Actor> {
  const response = await anonymous(t).post('/api/auth/login', { phone: nationalForm(phone), password });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return actor(t, { userId: response.json().id, phone, cookie: sessionCookieFrom(response) });
}

/** A signed-in person living in `home` (default Phường Long Xuyên), holding a role on `unit` if given. */
export async function signedInWith(t: TestApp, options: { role?: Role; unit?: string; home?: string; fullName?: string } = {}): Promise<Actor> {
  const person = await buildPerson(t.db, { unitCode: options.home ?? '30307', fullName: options.fullName });
  if (options.role && options.unit) await grant(t.db, person.id, options.role, options.unit);
  return signIn(t, person.phone);
}
