import type { UserId } from '../../shared/ids.js';
import type { AuthDeps } from '../auth/auth.service.js';
import { allow, integerParam } from '../http/policies.js';
import type { App } from '../http/app-type.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import { homeUnitCodeOf } from '../users/users.service.js';
import { GrantUnits, GrantUnitsQuery, PeopleFound, PeopleSearchQuery, PersonDetail, PersonIdParams } from './people.schema.js';
import { describePerson, findGrantableUnits, findPeople, type PeopleViewer, triggerPasswordReset } from './people.service.js';

export async function peopleRoutes(app: App, deps: Pick<AuthDeps, 'db' | 'clock' | 'jobs'>): Promise<void> {
  const tags = ['people'];
  const viewer = async (request: Parameters<typeof viewerOf>[0]): Promise<PeopleViewer> => ({
    userId: viewerOf(request).userId,
    grants: await viewerOf(request).grants(),
    ip: request.ip,
    now: deps.clock.now(),
  });

  app.get(
    '/api/people',
    {
      config: { policy: allow.roleAnywhere('admin', 'manager') },
      schema: {
        tags,
        summary: 'Find people within reach: by phone in any form, by name without diacritics, by unit',
        description:
          'Admins and managers. People who live under a unit the viewer administers or manages, or hold a role there. `q` is a phone number (0912…, +84912…, 84 912 …) or part of a name, diacritics optional; `unit` narrows to a unit\'s subtree (403 outside the viewer\'s reach). Phones are whole for admins over the person, masked otherwise. Audited.',
        querystring: PeopleSearchQuery,
        response: { 200: PeopleFound, ...errorResponses },
      },
    },
    async (request) => findPeople(deps.db, request.query, await viewer(request)),
  );

  app.get(
    '/api/people/grant-units',
    {
      config: { policy: allow.roleAnywhere('admin') },
      schema: {
        tags,
        summary: 'Units on which the admin may grant roles',
        description: 'Admins. Current units under the units they administer (those included) whose name contains `q`, diacritics optional: what the grant form offers.',
        querystring: GrantUnitsQuery,
        response: { 200: GrantUnits, ...errorResponses },
      },
    },
    async (request) => findGrantableUnits(deps.db, request.query.q, await viewer(request)),
  );

  app.get(
    '/api/people/:id',
    {
      config: { policy: allow.roleAnywhere('admin', 'manager') },
      schema: {
        tags,
        summary: 'One person within reach, with the roles they hold',
        description: 'Admins and managers, for a person within their reach (404 user_not_found otherwise, as for an unknown id). Says whether the viewer may act on the account and revoke each grant. Audited.',
        params: PersonIdParams,
        response: { 200: PersonDetail, ...errorResponses },
      },
    },
    async (request) => describePerson(deps.db, request.params.id, await viewer(request)),
  );

  app.post(
    '/api/people/:id/password-reset',
    {
      config: { policy: allow.roleOnUnit('admin', (request) => homeUnitCodeOf(deps.db, integerParam<UserId>(request, 'id'))) },
      schema: {
        tags,
        summary: 'Send the person a password reset code by text message',
        description:
          'Admins of the unit the person lives in, or above it, and over every role the person holds. The person gets the same text as a forgotten-password request and sets a new password on the reset page; nobody else sees the code. Throttled per number; 409 account_disabled for a locked account. Audited.',
        params: PersonIdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await triggerPasswordReset(deps, request.params.id, await viewer(request));
      return reply.status(204).send(null);
    },
  );
}
