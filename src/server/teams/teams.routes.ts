import type { TeamId } from '../../shared/ids.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, integerParam, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses } from '../http/schemas.js';
import { UnitCodeParams } from '../units/units.schema.js';
import { MyTeams, NewMember, NewTeam, TeamDetail, TeamHamlets, TeamIdParams, TeamList, TeamMemberParams, TeamPatch } from './teams.schema.js';
import { addTeamMember, createTeam, describeTeam, listTeams, myTeams, patchTeam, removeTeamMember, retireTeam, setTeamHamlets, unitCodeOfTeam } from './teams.service.js';

const roles = ['manager', 'admin'] as const;

export async function teamsRoutes(app: App, deps: { db: Db; clock: Clock }): Promise<void> {
  const tags = ['teams'];
  const actor = (request: Parameters<typeof viewerOf>[0]) => ({ userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() });
  // Managers and admins of the team's unit or above; a team of another commune is beyond their grant (403).
  const onTeam = allow.roleOnUnit(roles, (request) => unitCodeOfTeam(deps.db, integerParam<TeamId>(request, 'id')));
  const teamRoute = (summary: string, description: string) => ({ tags, summary, description: `Managers and admins of the team's unit or above. ${description}` });

  app.get(
    '/api/units/:code/teams',
    {
      config: { policy: allow.roleOnUnit(roles, unitCodeFromParams()) },
      schema: {
        tags,
        summary: "Helper teams of the unit's subtree",
        description: 'Managers and admins of the unit or above. Every team of the unit and the units below it, live ones first, with leader, member count and the hamlets each covers.',
        params: UnitCodeParams,
        response: { 200: TeamList, ...errorResponses },
      },
    },
    async (request) => listTeams(deps.db, authorizedUnitOf(request)),
  );

  app.post(
    '/api/units/:code/teams',
    {
      config: { policy: allow.roleOnUnit(roles, unitCodeFromParams()) },
      schema: {
        tags,
        summary: 'Make a helper team (tổ công nghệ số cộng đồng) of a commune or an organisation',
        description:
          'Managers and admins of the unit or above. The unit is a commune, ward or special zone, or an organisation’s unit (400 team_unit_not_allowed otherwise). `leaderPhone`, a registered person, becomes its first member and leader, and holds the helper role on the unit. Audited. 404 user_not_found.',
        params: UnitCodeParams,
        body: NewTeam,
        response: { 201: TeamDetail, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createTeam(deps.db, authorizedUnitOf(request), request.body, actor(request))),
  );

  app.get(
    '/api/teams/:id',
    { config: { policy: onTeam }, schema: { ...teamRoute('A team with its members and hamlets', 'Members with masked phones; each look is audited. 404 team_not_found.'), params: TeamIdParams, response: { 200: TeamDetail, ...errorResponses } } },
    async (request) => describeTeam(deps.db, request.params.id, actor(request)),
  );

  app.patch(
    '/api/teams/:id',
    {
      config: { policy: onTeam },
      schema: {
        ...teamRoute('Rename a team or set its leader', 'The leader is one of its members (400 team_leader_not_member), or null. Audited. 409 team_retired.'),
        params: TeamIdParams,
        body: TeamPatch,
        response: { 200: TeamDetail, ...errorResponses },
      },
    },
    async (request) => patchTeam(deps.db, request.params.id, request.body, actor(request)),
  );

  app.post(
    '/api/teams/:id/retire',
    {
      config: { policy: onTeam },
      schema: {
        ...teamRoute(
          'Retire a team',
          'The team is kept, with its members and figures, but acts no more; members lose the helper role on the unit unless another live team of the unit holds them. Retiring it again changes nothing. Audited.',
        ),
        params: TeamIdParams,
        response: { 200: TeamDetail, ...errorResponses },
      },
    },
    async (request) => retireTeam(deps.db, request.params.id, actor(request)),
  );

  app.post(
    '/api/teams/:id/members',
    {
      config: { policy: onTeam },
      schema: {
        ...teamRoute('Add a member by phone', 'A registered person; they get the helper role on the team’s unit. Audited. 404 user_not_found; 409 team_member_exists, team_retired.'),
        params: TeamIdParams,
        body: NewMember,
        response: { 200: TeamDetail, ...errorResponses },
      },
    },
    async (request) => addTeamMember(deps.db, request.params.id, request.body, actor(request)),
  );

  app.delete(
    '/api/teams/:id/members/:userId',
    {
      config: { policy: onTeam },
      schema: {
        ...teamRoute('Remove a member', 'They lose the helper role on the team’s unit unless another live team of the unit holds them; a leader removed leaves the team without one. Removing someone who is no member changes nothing. Audited.'),
        params: TeamMemberParams,
        response: { 200: TeamDetail, ...errorResponses },
      },
    },
    async (request) => removeTeamMember(deps.db, request.params.id, request.params.userId, actor(request)),
  );

  app.put(
    '/api/teams/:id/hamlets',
    {
      config: { policy: onTeam },
      schema: {
        ...teamRoute('Set the hamlets a team covers', 'Current hamlets under the team’s unit (400 team_hamlet_not_allowed naming the first that is not); an empty list: the whole unit. Audited. 409 team_retired.'),
        params: TeamIdParams,
        body: TeamHamlets,
        response: { 200: TeamDetail, ...errorResponses },
      },
    },
    async (request) => setTeamHamlets(deps.db, request.params.id, request.body, actor(request)),
  );

  app.get(
    '/api/me/teams',
    {
      config: { policy: allow.roleAnywhere('helper') },
      schema: {
        tags,
        summary: 'My helper teams',
        description: 'Helpers. The live teams the caller belongs to, where their helper role still reaches: unit, leader, hamlets and the members’ names (no other team’s members, no phones).',
        response: { 200: MyTeams, ...errorResponses },
      },
    },
    async (request) => myTeams(deps.db, viewerOf(request).userId, await viewerOf(request).grants()),
  );
}
