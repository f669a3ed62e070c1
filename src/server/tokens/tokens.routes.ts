import type { ApiTokenId } from '../../shared/ids.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, integerParam, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import { UnitCodeParams } from '../units/units.schema.js';
import { ApiTokenCreated, ApiTokenIdParams, ApiTokenList, NewApiToken, OwnApiToken } from './tokens.schema.js';
import { createApiToken, describeOwnToken, listApiTokens, revokeApiToken, unitCodeOfApiToken } from './tokens.service.js';

export async function tokensRoutes(app: App, deps: { db: Db; clock: Clock }): Promise<void> {
  const tags = ['tokens'];
  const admin = async (request: Parameters<typeof viewerOf>[0]) => ({ userId: viewerOf(request).userId, grants: await viewerOf(request).grants(), ip: request.ip, now: deps.clock.now() });

  app.get(
    '/api/tokens',
    {
      config: { policy: allow.roleAnywhere('admin') },
      schema: {
        tags,
        summary: 'API tokens of the units I administer',
        description: 'Every token on a unit within the caller’s admin reach, newest first, with its status, expiry and last use. Secrets are never listed: only their last 4 characters.',
        response: { 200: ApiTokenList, ...errorResponses },
      },
    },
    async (request) => listApiTokens(deps.db, await admin(request)),
  );

  app.post(
    '/api/units/:code/tokens',
    {
      config: { policy: allow.roleOnUnit('admin', unitCodeFromParams()) },
      schema: {
        tags,
        summary: 'Make an API token for this unit and the units below it',
        description: 'Admins of the unit or above. The answer holds the secret, shown this once: store it in the calling system. The token expires after at most a year and may be revoked at any time.',
        params: UnitCodeParams,
        body: NewApiToken,
        response: { 201: ApiTokenCreated, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createApiToken(deps.db, authorizedUnitOf(request), request.body, await admin(request))),
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: { policy: allow.roleOnUnit('admin', (request) => unitCodeOfApiToken(deps.db, integerParam<ApiTokenId>(request, 'id'))) },
      schema: {
        tags,
        summary: 'Revoke an API token',
        description: 'Admins of the token’s unit or above. The token stops working at once, on every app process; revoking it again changes nothing.',
        params: ApiTokenIdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeApiToken(deps.db, request.params.id, await admin(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/token',
    {
      config: { policy: allow.apiToken },
      schema: {
        tags,
        summary: 'The calling API token: its unit, scopes and expiry',
        description: 'For a calling system to check its set-up. Only an API token may call it (`Authorization: Bearer hts_…`); a session cookie gets 401.',
        security: [{ apiToken: [] }],
        response: { 200: OwnApiToken, ...errorResponses },
      },
    },
    async (request) => describeOwnToken(deps.db, viewerOf(request).apiToken!),
  );
}
