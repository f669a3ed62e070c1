/** What every request carries once the hooks have run. */
import type { GrantId, UnitId, UserId } from '../../shared/ids.js';
import type { Language, Role } from '../../shared/limits.js';
import type { UnitRow } from '../units/units.queries.js';
import type { Policy } from './policies.js';

export interface ViewerGrant {
  id: GrantId;
  role: Role;
  unitId: UnitId;
  unitCode: string;
  unitPath: string;
}

export interface Viewer {
  userId: UserId;
  sessionId: string;
  /** Loaded on first use: most requests of a learner never need them. */
  grants(): Promise<readonly ViewerGrant[]>;
}

declare module 'fastify' {
  interface FastifyRequest {
    language: Language;
    viewer: Viewer | null;
    /** The unit a roleOnUnit policy checked, for the handler to use without looking it up again. */
    authorizedUnit: UnitRow | null;
  }
  interface FastifyContextConfig {
    policy?: Policy;
  }
}
