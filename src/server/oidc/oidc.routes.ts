import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { originOf, viewerOf } from '../http/request-origin.js';
import { errorResponses } from '../http/schemas.js';
import { clearSessionCookie, sessionTokenOf, setSessionCookie } from '../http/sessions.js';
import { AppError } from '../errors.js';
import { Me } from '../me/me.schema.js';
import { loadMe } from '../me/me.service.js';
import {
  AdminProviderList,
  AdminTestQuery,
  CallbackQuery,
  CompleteBody,
  LinkBody,
  PendingSignIn,
  ProviderList,
  Redirect,
  SignedOut,
  StartQuery,
  TestResultQuery,
  TestSignIn,
} from './oidc.schema.js';
import {
  type CallbackOutcome,
  finishSignIn,
  listProviders,
  loginLifetimeMs,
  newSecret,
  type OidcDeps,
  pendingLifetimeMs,
  providersForAdmin,
  signOutEverywhere,
  startSignIn,
  testSignInResult,
} from './oidc.service.js';
import { cookieHeader } from '../http/sessions.js';
import { completeRegistration, linkWithPassword, readPending } from './first-sign-in.js';

// Both cookies are for /api only: the start and callback routes (browser binding) and the completion routes (pending first sign-in).
const browserCookie = 'hoctap_oidc_browser';
const pendingCookie = 'hoctap_oidc_pending';

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const match = new RegExp(`(?:^|;\\s*)${name}=([A-Za-z0-9_-]{20,100})(?:;|$)`).exec(request.headers.cookie ?? '');
  return match?.[1];
}

// The session cookie's attributes: Lax carries it on the provider's top-level redirect back; inside the super-app's
// frame (embedding configured) only a SameSite=None, Partitioned cookie comes back with the callback.
function setCookie(request: FastifyRequest, reply: FastifyReply, deps: OidcDeps, name: string, value: string, maxAgeMs: number): void {
  reply.header('set-cookie', cookieHeader(request, deps.config, value, Math.floor(maxAgeMs / 1000), name, '/api'));
}

/** Back to the PWA's sign-in page, keeping where the person was going, with a reason to show when there is one. */
function signInPage(returnPath: string, error?: string, provider?: string): string {
  const query = new URLSearchParams();
  if (returnPath !== '/') query.set('next', returnPath);
  if (error) query.set('oidcError', error);
  if (provider) query.set('provider', provider);
  const text = query.toString();
  return text ? `/signin?${text}` : '/signin';
}

export async function oidcRoutes(app: App, deps: OidcDeps): Promise<void> {
  const tags = ['auth'];

  app.get(
    '/api/auth/oidc/providers',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Identity providers people may sign in with',
        description: 'The sign-in page shows one button per provider, above the password form. Only the display name and the address that starts the sign-in are public.',
        response: { 200: ProviderList },
      },
    },
    async () => listProviders(deps),
  );

  const start = async (request: FastifyRequest, reply: FastifyReply, input: { provider: string; next?: string; silent: boolean; testerUserId?: Parameters<typeof startSignIn>[1]['testerUserId'] }) => {
    // One value per browser, reused by concurrent starts (two tabs), so that either callback finds it.
    const browserToken = cookieValue(request, browserCookie) ?? newSecret();
    try {
      const location = await startSignIn(deps, { providerId: input.provider, next: input.next, silent: input.silent, browserToken, testerUserId: input.testerUserId });
      setCookie(request, reply, deps, browserCookie, browserToken, loginLifetimeMs);
      return reply.header('cache-control', 'no-store').redirect(location, 302);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      request.log.warn({ provider: input.provider, code: error.code }, 'OIDC sign-in could not start');
      if (input.testerUserId) return reply.redirect(`/admin/identity?testError=${error.code}`, 302);
      return reply.redirect(signInPage(input.next ?? '/', error.code, deps.providers.find(input.provider)?.id), 302);
    }
  };

  app.get(
    '/api/auth/oidc/start',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Start signing in at an identity provider (a browser navigation)',
        description:
          'Redirects to the provider’s login page (authorization code flow with PKCE, state and nonce). The super-app’s web view may open it with prompt=none to sign in silently with the person’s SmartAnGiang session; without one, the person lands on the sign-in page with the button. A provider that cannot be reached sends the person to the sign-in page with a message.',
        querystring: StartQuery,
        response: { 302: Redirect, ...errorResponses },
      },
    },
    async (request, reply) => start(request, reply, { provider: request.query.provider, next: request.query.next, silent: request.query.prompt === 'none' }),
  );

  app.get(
    '/api/auth/oidc/callback',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Where the identity provider sends the browser back',
        description:
          'Checks state (used once, by the browser that started), exchanges the code with the PKCE verifier and verifies the ID token (signature, issuer, audience, expiry, nonce). Then: signed in and on to the return path; or, for a first sign-in without an account, on to the completion page; or back to the sign-in page with a reason.',
        querystring: CallbackQuery,
        response: { 302: Redirect, ...errorResponses },
      },
    },
    async (request, reply) => {
      const query = new URLSearchParams(Object.entries(request.query).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const outcome: CallbackOutcome = await finishSignIn(deps, { query, browserToken: cookieValue(request, browserCookie), origin: originOf(request) });
      reply.header('cache-control', 'no-store');
      switch (outcome.kind) {
        case 'signed_in':
          setSessionCookie(request, reply, deps.config, outcome.session.token, outcome.session.lifetime);
          return reply.redirect(outcome.returnPath, 302);
        case 'pending': {
          setCookie(request, reply, deps, pendingCookie, outcome.pendingToken, pendingLifetimeMs);
          const next = outcome.returnPath === '/' ? '' : `?next=${encodeURIComponent(outcome.returnPath)}`;
          return reply.redirect(`/signin/complete${next}`, 302);
        }
        case 'silent_refused':
          return reply.redirect(signInPage(outcome.returnPath), 302);
        case 'tested':
          return reply.redirect(`/admin/identity?test=${encodeURIComponent(outcome.testId)}`, 302);
        case 'failed':
          request.log.warn({ provider: outcome.provider, code: outcome.code, reason: outcome.reason }, 'OIDC sign-in refused');
          return reply.redirect(signInPage(outcome.returnPath, outcome.code, outcome.provider), 302);
      }
    },
  );

  app.get(
    '/api/auth/oidc/pending',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'The first sign-in at a provider that still needs the person to complete it',
        description: 'Read by the completion page. Answers 404 oidc_pending_missing when there is none (expired after 30 minutes, or already completed).',
        response: { 200: PendingSignIn, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return readPending(deps, cookieValue(request, pendingCookie));
    },
  );

  app.post(
    '/api/auth/oidc/complete',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Complete a first sign-in: commune, birth year and consent; creates the account and signs in',
        description:
          'Only for a first sign-in whose phone the provider verified (409 oidc_phone_not_verified otherwise). The consent is the person’s own, never pre-ticked; no account exists before it.',
        body: CompleteBody,
        response: { 201: Me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = await completeRegistration(deps, cookieValue(request, pendingCookie), { ...request.body, consent: request.body.consent === true }, originOf(request));
      setSessionCookie(request, reply, deps.config, session.token, session.lifetime);
      setCookie(request, reply, deps, pendingCookie, '', 0);
      return reply.status(201).send(await loadMe(deps.db, session.userId));
    },
  );

  app.post(
    '/api/auth/oidc/link',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Link a first sign-in at a provider to an existing account by signing in with its phone and password',
        description: 'For a provider account without a verified phone (never linked on an unverified claim). Throttled like password sign-in; afterwards the provider button alone signs in.',
        body: LinkBody,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = await linkWithPassword(deps, cookieValue(request, pendingCookie), request.body, originOf(request));
      setSessionCookie(request, reply, deps.config, session.token, session.lifetime);
      setCookie(request, reply, deps, pendingCookie, '', 0);
      return loadMe(deps.db, session.userId);
    },
  );

  app.post(
    '/api/auth/oidc/logout',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Sign out this device, and get the provider’s logout address when the session began there',
        description: 'Ends the platform’s session like POST /api/auth/logout. If the session began at a provider that supports RP-initiated logout, endSessionUrl is the address that signs out there too.',
        response: { 200: SignedOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const endSessionUrl = await signOutEverywhere(deps, { sessionId: request.viewer?.sessionId, token: sessionTokenOf(request) });
      // Cleared even when the session had already ended elsewhere.
      clearSessionCookie(request, reply, deps.config);
      return { endSessionUrl };
    },
  );

  app.get(
    '/api/admin/identity/providers',
    {
      config: { policy: allow.roleAnywhere('admin') },
      schema: {
        tags: ['admin'],
        summary: 'Configured identity providers and whether discovery reaches them (admins)',
        description: 'Read-only: the configuration comes from environment variables. Discovery is tried again for this answer; the client secret is never shown.',
        response: { 200: AdminProviderList, ...errorResponses },
      },
    },
    async () => providersForAdmin(deps),
  );

  app.get(
    '/api/admin/identity/test',
    {
      config: { policy: allow.roleAnywhere('admin') },
      schema: {
        tags: ['admin'],
        summary: 'Test sign-in at a provider (a browser navigation; admins)',
        description: 'Runs the real sign-in flow and comes back to /admin/identity?test=… with the claims received. No account is created, linked or signed in.',
        querystring: AdminTestQuery,
        response: { 302: Redirect, ...errorResponses },
      },
    },
    async (request, reply) => start(request, reply, { provider: request.query.provider, silent: false, testerUserId: viewerOf(request).userId }),
  );

  app.get(
    '/api/admin/identity/test-result',
    {
      config: { policy: allow.roleAnywhere('admin') },
      schema: {
        tags: ['admin'],
        summary: 'The claims a test sign-in received (only to the admin who ran it, for 10 minutes)',
        description: 'The ID token’s claims (already verified) and the userinfo answer, as the provider sent them.',
        querystring: TestResultQuery,
        response: { 200: TestSignIn, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return testSignInResult(deps, viewerOf(request).userId, request.query.id);
    },
  );
}
