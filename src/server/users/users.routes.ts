import type { UserId } from '../../shared/ids.js';
import type { FeatureDeps } from '../app.js';
import type { App } from '../http/app-type.js';
import { notFound } from '../errors.js';
import { allow, integerParam } from '../http/policies.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, Id, NoContent } from '../http/schemas.js';
import Type from 'typebox';
import { findProfile } from './users.queries.js';
import { setAccountDisabled } from './users.service.js';

const UserIdParams = Type.Object({ id: Id() });

export function usersRoutes(app: App, deps: FeatureDeps): void {
  const tags = ['users'];
  // Admins act on people who live in the units they administer.
  const adminOfHomeUnit = allow.roleOnUnit('admin', async (request) => {
    const id = integerParam(request, 'id');
    const profile = id === undefined ? undefined : await findProfile(deps.db, id as UserId);
    if (!profile) throw notFound('user_not_found');
    return profile.unit_code;
  });

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(
      `/api/users/:id/${action}`,
      {
        config: { policy: adminOfHomeUnit },
        schema: {
          tags,
          summary: disabled ? 'Lock an account and sign it out everywhere' : 'Unlock an account',
          params: UserIdParams,
          response: { 204: NoContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        const viewer = viewerOf(request);
        await setAccountDisabled(deps.db, request.params.id as UserId, disabled, { actorUserId: viewer.userId, adminGrants: await viewer.grants(), ip: request.ip, now: deps.clock.now() });
        return reply.status(204).send(null);
      },
    );
  }
}
