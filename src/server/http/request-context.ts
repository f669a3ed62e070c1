/** What every request carries once the hooks have run. */
import type { FastifyRequest } from 'fastify';
import type { UserId } from '../../shared/ids.js';
import type { Language } from '../../shared/limits.js';
import type { ApiTokenIdentity, AuthorizedUnit, ViewerGrant } from './access.js';
import type { Policy } from './policies.js';

export type { AuthorizedUnit, ViewerGrant } from './access.js';

export interface Viewer {
  userId: UserId;
  /** Empty for an API token, which has no session. */
  sessionId: string;
  /** Set when the request came with `Authorization: Bearer hts_…` instead of a session cookie. */
  apiToken?: ApiTokenIdentity;
  /** Loaded on first use: most requests of a learner never need them. */
  grants(): Promise<readonly ViewerGrant[]>;
}

declare module 'fastify' {
  interface FastifyRequest {
    language: Language;
    viewer: Viewer | null;
    /** The unit a roleOnUnit policy checked, for the handler to use without looking it up again. */
    authorizedUnit: AuthorizedUnit | null;
  }
  interface FastifyContextConfig {
    policy?: Policy;
    /** A health probe for load balancers (/api/health/live, /ready): answers while the process drains, to say so
     * itself, and never looks up a session (liveness must not touch the database). */
    probe?: boolean;
  }
}

/** The unit a roleOnUnit policy checked; only such routes may ask, so a null here is a programming error. */
export function authorizedUnitOf(request: FastifyRequest): AuthorizedUnit {
  if (!request.authorizedUnit) throw new Error(`${request.method} ${request.routeOptions.url} has no roleOnUnit policy but reads its unit`);
  return request.authorizedUnit;
}
