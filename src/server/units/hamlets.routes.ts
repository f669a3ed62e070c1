import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses } from '../http/schemas.js';
import { Hamlet, HamletCodeParams, HamletList, HamletListQuery, HamletPatch, NewHamlet } from './hamlets.schema.js';
import { createHamlet, listHamlets, renameHamlet, retireHamlet } from './hamlets.service.js';
import { UnitCodeParams } from './units.schema.js';

/** Managers (and admins) of the commune or above: the hamlet's own path lies under the commune's, so the same grant reaches both. */
const managers = allow.roleOnUnit(['manager', 'admin'], unitCodeFromParams());

export async function hamletsRoutes(app: App, deps: { db: Db; clock: Clock }): Promise<void> {
  const tags = ['units'];
  const actor = (request: Parameters<typeof viewerOf>[0]) => ({ userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() });

  app.get(
    '/api/units/:code/hamlets',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'The hamlets (ấp, khóm) of a commune, ward or special zone',
        description: 'Public, like every unit look-up: the sign-up form offers them after the commune. Current hamlets, in the order they were made; `retired=true` adds retired ones. 404 unit_not_found.',
        params: UnitCodeParams,
        querystring: HamletListQuery,
        response: { 200: HamletList, ...errorResponses },
      },
    },
    async (request) => listHamlets(deps.db, request.params.code, request.query.retired ?? false),
  );

  app.post(
    '/api/units/:code/hamlets',
    {
      config: { policy: managers },
      schema: {
        tags,
        summary: 'Add a hamlet to a commune, ward or special zone',
        description:
          'Managers and admins of the commune or above. Without `hamletCode` the platform gives it `<commune code>.H<n>`. Audited. 400 hamlet_parent_not_commune, invalid_name, invalid_hamlet_code; 409 hamlet_code_taken, hamlet_name_taken (a current hamlet of the commune has that name).',
        params: UnitCodeParams,
        body: NewHamlet,
        response: { 201: Hamlet, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createHamlet(deps.db, authorizedUnitOf(request), request.body, actor(request))),
  );

  app.patch(
    '/api/hamlets/:code',
    {
      config: { policy: managers },
      schema: {
        tags,
        summary: 'Rename a hamlet',
        description: 'Managers and admins of its commune or above. Its code stays. Audited. 404 hamlet_not_found (the code is no hamlet); 409 hamlet_retired, hamlet_name_taken.',
        params: HamletCodeParams,
        body: HamletPatch,
        response: { 200: Hamlet, ...errorResponses },
      },
    },
    async (request) => renameHamlet(deps.db, authorizedUnitOf(request), request.body, actor(request)),
  );

  app.post(
    '/api/hamlets/:code/retire',
    {
      config: { policy: managers },
      schema: {
        tags,
        summary: 'Retire a hamlet',
        description:
          'Managers and admins of its commune or above. The hamlet ends today, like a unit dissolved by a reform: it is no longer offered as a home or to teams, and keeps its figures (its people still count in the commune). Retiring it again changes nothing. Audited. 404 hamlet_not_found.',
        params: HamletCodeParams,
        response: { 200: Hamlet, ...errorResponses },
      },
    },
    async (request) => retireHamlet(deps.db, authorizedUnitOf(request), actor(request)),
  );
}
