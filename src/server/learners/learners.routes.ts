import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses } from '../http/schemas.js';
import { UnitCodeParams } from '../units/units.schema.js';
import { LearnerList, LearnersPage } from './learners.schema.js';
import { listLearnersOfUnit } from './learners.service.js';

export async function learnersRoutes(app: App, deps: { db: Db; clock: Clock }): Promise<void> {
  app.get(
    '/api/units/:code/learners',
    {
      config: { policy: allow.orToken(allow.roleOnUnit('manager', unitCodeFromParams()), 'learners:read') },
      schema: {
        tags: ['dashboards'],
        summary: "Learners living in the unit's subtree, with their progress",
        description: 'For each person: name, home unit, registration, courses enrolled in and completed, last activity. No phone number or birth year. Each read is in the audit log.',
        params: UnitCodeParams,
        querystring: LearnersPage,
        response: { 200: LearnerList, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      return listLearnersOfUnit(deps.db, authorizedUnitOf(request), request.query, { userId: viewer.userId, ip: request.ip, now: deps.clock.now(), apiTokenId: viewer.apiToken?.id });
    },
  );
}
