/**
 * A real OpenID provider (oidc-provider, the certified Node implementation) in this process, on a
 * loopback port, with test people; and a small "browser" that goes through its real login and
 * consent pages with a cookie jar, as a person's browser would.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestPerson {
  /** Also what one types as the login on the provider's page. */
  sub: string;
  name: string;
  phone?: string;
  phoneVerified?: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The provider's own signing key (private), to forge tokens a test wants refused. */
  signingKey: KeyObject;
  keyId: string;
  close(): Promise<void>;
}

export const testClientId = 'hoctap-test';
export const testClientSecret = 'hoctap-test-secret-0123456789abcdef';

export async function startTestProvider(options: {
  people: TestPerson[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  idTokenTtlSeconds?: number;
  /** The name in the issuer: `localhost` puts the provider on the same site as an embedding page on localhost, as a super-app and its own identity provider are. */
  issuerHost?: string;
  /**
   * Its cookies SameSite=None; Secure, as an identity provider that signs people in inside a super-app's frame
   * must send them (over https in production; browsers take Secure cookies from http://localhost): in a frame, a
   * redirect chain that passed through the platform's site keeps Lax cookies back.
   */
  framable?: boolean;
}): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://${options.issuerHost ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = 'test-signing-key';
  const people = new Map(options.people.map((p) => [p.sub, p]));
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: testClientId,
        client_secret: testClientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: keyId, alg: 'RS256', use: 'sig' }] },
    // Anyone may type any login on the test provider's page; logins not listed are people without a phone.
    findAccount: (_ctx, id) => {
      const person: TestPerson = people.get(id) ?? { sub: id, name: `Khách ${id}` };
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          name: person.name,
          ...(person.phone ? { phone_number: person.phone, phone_number_verified: person.phoneVerified === true } : {}),
        }),
      };
    },
    claims: { openid: ['sub'], profile: ['name'], phone: ['phone_number', 'phone_number_verified'] },
    pkce: { required: () => true },
    cookies: { keys: ['test-cookie-signing-key'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    ttl: { IdToken: options.idTokenTtlSeconds ?? 60, AccessToken: 600, AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600 },
  });
  const callback = provider.callback();
  server.on('request', (request, response) => {
    if (options.framable) {
      const setHeader = response.setHeader.bind(response);
      response.setHeader = (name, value) =>
        name.toLowerCase() === 'set-cookie' ? setHeader(name, [value].flat().map((cookie) => String(cookie).replace(/;\s*samesite=lax/i, '; samesite=none; secure'))) : setHeader(name, value);
    }
    void callback(request, response);
  });
  return {
    issuer,
    clientId: testClientId,
    clientSecret: testClientSecret,
    signingKey: privateKey,
    keyId,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The settings a platform needs for this provider, as environment variables. */
export function providerEnv(provider: { issuer: string }, id = 'smartangiang', name = 'SmartAnGiang'): Record<string, string> {
  const prefix = `OIDC_${id.toUpperCase()}_`;
  return {
    OIDC_PROVIDERS: id,
    [`${prefix}ISSUER`]: provider.issuer,
    [`${prefix}CLIENT_ID`]: testClientId,
    [`${prefix}CLIENT_SECRET`]: testClientSecret,
    [`${prefix}NAME`]: name,
    [`${prefix}SCOPES`]: 'openid profile phone',
  };
}

/** A browser's cookies for the provider's site. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
}

function formOf(html: string, base: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on the provider's page: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const input of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields[input[1]!] = input[2]!;
  return { action: new URL(action.replaceAll('&amp;', '&'), base).href, fields };
}

/**
 * Goes from the provider's authorization address to the redirect back to the platform, signing in
 * as `login` on the provider's login page and approving its consent page when they are shown.
 * Returns the address the provider sends the browser to (the platform's callback with its query).
 */
export async function throughProvider(authorizationUrl: string, jar: CookieJar, login?: string, callbackPrefix = 'http://127.0.0.1:'): Promise<string> {
  let url = authorizationUrl;
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 12; step++) {
    const response = await fetch(url, { method, body, redirect: 'manual', headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) } });
    jar.take(response);
    method = 'GET';
    body = undefined;
    if (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get('location')!, url).href;
      if (next.includes('/api/auth/oidc/callback') && next.startsWith(callbackPrefix)) return next;
      url = next;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`provider answered ${response.status}: ${html.slice(0, 500)}`);
    const form = formOf(html, url);
    if (form.fields.prompt === 'login' || html.includes('name="login"')) {
      if (!login) throw new Error('the provider asks for a login and none was given');
      body = new URLSearchParams({ prompt: 'login', login, password: 'any' });
    } else {
      body = new URLSearchParams(form.fields);
    }
    url = form.action;
    method = 'POST';
  }
  throw new Error('too many steps at the provider');
}

/** A JWT re-signed with RS256: to make an ID token for another audience, or one signed with a key the provider never published. */
export function resignJwt(jwt: string, key: KeyObject, keyId: string, change: (payload: Record<string, unknown>) => void): string {
  const [, payloadPart] = jwt.split('.');
  const payload = JSON.parse(Buffer.from(payloadPart!, 'base64url').toString()) as Record<string, unknown>;
  change(payload);
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: keyId, typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const signature = sign('sha256', Buffer.from(`${header}.${body}`), key).toString('base64url');
  return `${header}.${body}.${signature}`;
}

export function otherKey(): KeyObject {
  return createPrivateKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
}
