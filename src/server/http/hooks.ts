/**
 * What every request goes through first, in one hook (each hook costs a
 * promise on the hottest path): its language; a 503 while the process drains
 * (health probes excepted: they say so themselves);
 * the cross-site check; the security headers; the session that says who is
 * asking (and no-store on whatever answers it); and the route's access policy.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { languageFromAcceptLanguage } from '../../shared/i18n/translate.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError, errorBody, sendError, tooManyRequests } from '../errors.js';
import { authorize, type Policy, presentsSecret, tokenGrants } from './policies.js';
import type { AccessLookups } from './access.js';
import { consumeRateLimit, peekRateLimit } from './rate-limits.js';
import type { ViewerGrant } from './request-context.js';
import { securityHeaders } from './security-headers.js';
import { clearSessionCookie, findLiveSession, sessionTokenOf } from './sessions.js';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Draining {
  /** Set when SIGTERM arrives: new requests get 503 while in-flight ones finish. */
  active: boolean;
}

export function installRequestHooks(app: FastifyInstance, deps: { db: Db; clock: Clock; config: Config; draining: Draining; lookups: AccessLookups }): void {
  app.decorateRequest('language', 'vi');
  app.decorateRequest('viewer', null);
  app.decorateRequest('authorizedUnit', null);
  // The same address answers differently by Accept-Encoding (http/compression.ts): caches must know it even when an
  // answer went out plain. Said on every answer, with the security headers, rather than worked out per answer.
  const headers = { ...securityHeaders({ https: deps.config.publicUrl?.startsWith('https://') ?? false }), vary: 'accept-encoding' };

  app.addHook('onRequest', async (request, reply) => {
    request.language = languageFromAcceptLanguage(request.headers['accept-language']);
    reply.headers(headers);
    const probe = request.routeOptions.config?.probe === true;
    if (deps.draining.active && !probe) {
      return sendError(reply.header('retry-after', '5').header('connection', 'close'), 503, errorBody(request.language, 'service_unavailable'));
    }
    const policy = request.routeOptions.config?.policy;
    if (policy?.kind === 'metricsToken') {
      // Scraped every few seconds: the token is checked here, with no session, API token or database look-up.
      if (!deps.config.metricsToken) throw new AppError('route_not_found', 404);
      if (!presentsSecret(request.headers.authorization, deps.config.metricsToken)) throw new AppError('unauthenticated', 401, {}, {}, { 'www-authenticate': 'Bearer' });
      reply.header('cache-control', 'no-store');
      return;
    }
    const api = request.url.startsWith('/api/');
    const token = api && !probe ? sessionTokenOf(request) : undefined;
    const bearer = api ? bearerOf(request) : undefined;
    // The cross-site check guards the cookie a browser attaches on its own. A request carrying only a bearer token
    // has no such ambient credential (a page on another site can set that header only by knowing the token), so it
    // is exempt; one carrying a cookie as well is checked like any other.
    if (stateChanging.has(request.method) && !(bearer !== undefined && !token) && isCrossSite(request, deps.config)) throw new AppError('cross_site_request', 403);
    // PostgreSQL cannot store a NUL character; no honest input contains one.
    if (request.url.includes('%00')) throw new AppError('invalid_input', 400);

    // A bearer token is the request's only credential (its cookie, if any, is ignored); public routes ignore it.
    if (bearer !== undefined && policy && policy.kind !== 'anyone') {
      reply.header('cache-control', 'no-store');
      request.authorizedUnit = await authorizeApiToken(request, bearer, policy, deps);
      return;
    }
    if (token) {
      // An answer to a signed-in request may be about the person: no browser or proxy cache keeps it.
      // A route whose answer is public and cacheable sets its own Cache-Control, which replaces this.
      reply.header('cache-control', 'no-store');
      const session = await findLiveSession(deps.db, token, deps.clock.now());
      if (session) {
        let grants: Promise<readonly ViewerGrant[]> | undefined;
        request.viewer = {
          userId: session.userId,
          sessionId: session.id,
          grants: () => (grants ??= deps.lookups.grantsOfUser(session.userId)),
        };
      } else clearSessionCookie(request, reply, deps.config);
    }

    // Only the not-found handler has no policy; it answers 404 to everyone.
    if (policy) request.authorizedUnit = await authorize(request, policy, deps.lookups);
  });
}

/**
 * SameSite=Lax already keeps the cookie off cross-site POSTs; this is the second
 * lock, and the only one when EMBED_ALLOWED_ORIGINS makes the cookie SameSite=None
 * (the super-app's frame itself sends same-origin requests, which pass). Browsers send Origin (and Sec-Fetch-Site) on every state-changing request;
 * a request carrying neither comes from a non-browser client, which holds no
 * victim's cookie to abuse.
 */
function isCrossSite(request: FastifyRequest, config: Config): boolean {
  const origin = request.headers.origin;
  if (origin) {
    const own = `${request.protocol}://${request.host}`;
    return !(origin === own || origin === config.publicUrl || config.allowedOrigins.includes(origin));
  }
  return request.headers['sec-fetch-site'] === 'cross-site';
}

/** The secret of `Authorization: Bearer …`; an empty string for a Bearer header without one (refused as unknown). */
function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header || !/^bearer(\s|$)/i.test(header)) return undefined;
  return header.slice(6).trim();
}

const minuteMs = 60_000;

/**
 * An API token in place of a session: looked up by its hash (never compared as text), throttled per token in the
 * database (all processes count together), then held to the route's policy. Every refusal and every write is
 * handed to the tokens feature to audit; reads only update its last-use time and counter.
 */
async function authorizeApiToken(request: FastifyRequest, secret: string, policy: Policy, deps: { db: Db; clock: Clock; config: Config; lookups: AccessLookups }) {
  const now = deps.clock.now();
  const base = { write: stateChanging.has(request.method), method: request.method, route: request.routeOptions.url ?? request.url, ip: request.ip, now };
  // Unknown secrets are counted per address so that nobody can make the server look up (and audit) secrets without end.
  // Keyed by a hash, as the sign-in counters are: the rate_limits table keeps no address.
  const failuresKey = `api-token-failures:${createHash('sha256').update(request.ip).digest('base64url').slice(0, 32)}`;
  const failures = await peekRateLimit(deps.db, failuresKey, minuteMs, now);
  if (failures.hits >= deps.config.apiTokenFailuresPerIpPerMinute) throw tooManyRequests(failures.retryAfterSeconds);
  const found = await deps.lookups.apiTokens.find(secret, now);
  if ('refused' in found) {
    await consumeRateLimit(deps.db, failuresKey, minuteMs, now);
    await deps.lookups.apiTokens.record({ ...base, outcome: 'refused', reason: `api_token_${found.refused}`, tokenId: found.tokenId, unitId: found.unitId });
    throw new AppError('api_token_invalid', 401, {}, {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
  }
  const token = found.token;
  const limit = deps.config.apiTokenRequestsPerMinute;
  const used = await consumeRateLimit(deps.db, `api-token:${token.id}`, minuteMs, now);
  if (used.hits > limit) {
    // The first refusal of a window is audited; the rest of a flood would only fill the log.
    if (used.hits === limit + 1) await deps.lookups.apiTokens.record({ ...base, outcome: 'refused', reason: 'too_many_requests', token });
    throw tooManyRequests(used.retryAfterSeconds);
  }
  const grants = tokenGrants(token, policy);
  request.viewer = { userId: token.createdBy, sessionId: '', apiToken: token, grants: async () => grants };
  try {
    const unit = await authorize(request, policy, deps.lookups);
    await deps.lookups.apiTokens.record({ ...base, outcome: 'used', token });
    return unit;
  } catch (error) {
    await deps.lookups.apiTokens.record({ ...base, outcome: 'refused', reason: error instanceof AppError ? error.code : 'error', token });
    throw error;
  }
}
