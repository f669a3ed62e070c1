/**
 * What every request goes through first, in one hook (each hook costs a
 * promise on the hottest path): its language; a 503 while the process drains;
 * the cross-site check; the security headers; the session that says who is
 * asking (and no-store on whatever answers it); and the route's access policy.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { languageFromAcceptLanguage } from '../../shared/i18n/translate.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError, errorBody, sendError } from '../errors.js';
import { authorize } from './policies.js';
import type { AccessLookups } from './access.js';
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
  const headers = securityHeaders({ https: deps.config.publicUrl?.startsWith('https://') ?? false });

  app.addHook('onRequest', async (request, reply) => {
    request.language = languageFromAcceptLanguage(request.headers['accept-language']);
    reply.headers(headers);
    if (deps.draining.active) {
      return sendError(reply.header('retry-after', '5').header('connection', 'close'), 503, errorBody(request.language, 'service_unavailable'));
    }
    if (stateChanging.has(request.method) && isCrossSite(request, deps.config)) throw new AppError('cross_site_request', 403);
    // PostgreSQL cannot store a NUL character; no honest input contains one.
    if (request.url.includes('%00')) throw new AppError('invalid_input', 400);

    const token = request.url.startsWith('/api/') ? sessionTokenOf(request) : undefined;
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

    const policy = request.routeOptions.config?.policy;
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
