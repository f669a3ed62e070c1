import type { UserId } from '../../shared/ids.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, integerParam } from '../http/policies.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import { UserIdParams } from './users.schema.js';
import { homeUnitCodeOf, setAccountDisabled } from './users.service.js';

export async function usersRoutes(app: App, deps: { db: Db; clock: Clock }): Promise<void> {
  const tags = ['users'];
  // Admins act on people who live in the units they administer.
  const adminOfHomeUnit = allow.roleOnUnit('admin', (request) => homeUnitCodeOf(deps.db, integerParam<UserId>(request, 'id')));

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(
      `/api/users/:id/${action}`,
      {
        config: { policy: adminOfHomeUnit },
        schema: {
          tags,
          summary: disabled ? 'Lock an account and sign it out everywhere' : 'Unlock an account',
          description: disabled
            ? 'Admins of the unit the person lives in, or of a unit above it. The person cannot sign in (403 account_disabled) and every session ends; nothing is erased. Audited. 404 user_not_found.'
            : 'Admins of the unit the person lives in, or of a unit above it. The person may sign in again. Audited. 404 user_not_found.',
          params: UserIdParams,
          response: { 204: NoContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        const viewer = viewerOf(request);
        await setAccountDisabled(deps.db, request.params.id, disabled, { actorUserId: viewer.userId, adminGrants: await viewer.grants(), ip: request.ip, now: deps.clock.now() });
        return reply.status(204).send(null);
      },
    );
  }
}
