import type { GrantId } from '../../shared/ids.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, integerParam, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import { UnitCodeParams } from '../units/units.schema.js';
import { GrantBody, GrantIdParams, GrantList, GrantView } from './grants.schema.js';
import { grantRoleByPhone, listGrantsUnder, revokeGrantById, unitCodeOfGrant } from './grants.service.js';

export async function grantsRoutes(app: App, deps: { db: Db; clock: Clock }): Promise<void> {
  const tags = ['grants'];
  const actor = async (request: Parameters<typeof viewerOf>[0]) => ({ actorUserId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now(), adminGrants: await viewerOf(request).grants() });

  app.get(
    '/api/units/:code/grants',
    {
      config: { policy: allow.roleOnUnit('admin', unitCodeFromParams()) },
      schema: {
        tags,
        summary: "Role grants on the unit's subtree (admins of the unit or above)",
        description: 'Admins of the unit or of a unit above it. Every role granted on this unit or a unit below it, with the person who holds it.',
        params: UnitCodeParams,
        response: { 200: GrantList, ...errorResponses },
      },
    },
    async (request) => listGrantsUnder(deps.db, authorizedUnitOf(request)),
  );

  app.post(
    '/api/units/:code/grants',
    {
      config: { policy: allow.roleOnUnit('admin', unitCodeFromParams()) },
      schema: {
        tags,
        summary: 'Grant a role on this unit to a registered person',
        description: 'Admins of the unit or of a unit above it. Gives the person registered with this phone a role on the unit (and so on its subtree). Audited. 404 user_not_found for an unregistered phone; 409 grant_exists if the person already holds it.',
        params: UnitCodeParams,
        body: GrantBody,
        response: { 201: GrantView, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await grantRoleByPhone(deps.db, authorizedUnitOf(request), request.body, await actor(request))),
  );

  app.delete(
    '/api/grants/:id',
    {
      config: {
        policy: allow.roleOnUnit('admin', (request) => unitCodeOfGrant(deps.db, integerParam<GrantId>(request, 'id'))),
      },
      schema: {
        tags,
        summary: 'Revoke a role grant (admins of its unit or above)',
        description: 'Admins of the unit the grant is on, or of a unit above it. The person loses the role at their next request. Audited. 404 grant_not_found.',
        params: GrantIdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeGrantById(deps.db, request.params.id, await actor(request));
      return reply.status(204).send(null);
    },
  );
}
