/**
 * Hooks every request passes through, in order: language, shutdown drain,
 * cross-site check, then the session that says who is asking.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { languageFromAcceptLanguage } from '../../shared/i18n/translate.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError, errorBody, sendError } from '../errors.js';
import { findGrantsOfUser } from '../grants/grants.queries.js';
import type { ViewerGrant } from './request-context.js';
import { clearSessionCookie, findLiveSession, sessionCookieName } from './sessions.js';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Draining {
  /** Set when SIGTERM arrives: new requests get 503 while in-flight ones finish. */
  active: boolean;
}

export function installRequestHooks(app: FastifyInstance, deps: { db: Db; clock: Clock; config: Config; draining: Draining }): void {
  app.decorateRequest('language', 'vi');
  app.decorateRequest('viewer', null);
  app.decorateRequest('authorizedUnit', null);

  app.addHook('onRequest', async (request, reply) => {
    request.language = languageFromAcceptLanguage(request.headers['accept-language']);
    if (deps.draining.active) {
      return sendError(reply.header('retry-after', '5').header('connection', 'close'), 503, errorBody(request.language, 'service_unavailable'));
    }
  });

  app.addHook('onRequest', async (request) => {
    if (stateChanging.has(request.method) && isCrossSite(request, deps.config)) throw new AppError('cross_site_request', 403);
    // PostgreSQL cannot store a NUL character; no honest input contains one.
    if (/%00/.test(request.url)) throw new AppError('invalid_input', 400);
  });

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[sessionCookieName];
    if (!token || !request.url.startsWith('/api/')) return;
    const session = await findLiveSession(deps.db, token, deps.clock.now());
    if (!session) {
      clearSessionCookie(request, reply);
      return;
    }
    let grants: Promise<readonly ViewerGrant[]> | undefined;
    request.viewer = {
      userId: session.userId,
      sessionId: session.id,
      grants: () =>
        (grants ??= findGrantsOfUser(deps.db, session.userId).then((rows) =>
          rows.map((g) => ({ id: g.id, role: g.role, unitId: g.unit_id, unitCode: g.unit_code, unitPath: g.unit_path })),
        )),
    };
  });
}

/**
 * SameSite=Lax already keeps the cookie off cross-site POSTs; this is the second
 * lock. Browsers send Origin (and Sec-Fetch-Site) on every state-changing request;
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
