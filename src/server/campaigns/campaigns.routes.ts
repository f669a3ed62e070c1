import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { FeatureDeps } from '../app.js';
import type { App } from '../http/app-type.js';
import { forbidden } from '../errors.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, Id, IsoDay, Nullable } from '../http/schemas.js';
import { watcherRoles } from '../../shared/limits.js';
import { campaignStatuses } from './campaigns.table.js';
import { memberGroups } from '../members/members.schema.js';
import { campaignRanking, createCampaign, findCampaignFor, listCampaigns, presentCampaign, setCampaignStatus, setUnitTarget } from './campaigns.service.js';
import { rankingPdf } from './ranking-pdf.js';

const IdParams = Type.Object({ id: Id() });
const Campaign = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  unit: Type.Object({ code: Type.String(), fullName: Type.String() }),
  startsOn: IsoDay,
  endsOn: IsoDay,
  status: Type.String({ description: 'draft, live or ended' }),
  courseIds: Type.Array(Type.Integer()),
  targetPercent: Type.Integer(),
  groups: Type.Array(Type.String(), { description: 'Member groups the campaign is about; empty: residents of communes and wards' }),
});
export const Ranking = Type.Object({
  campaign: Campaign,
  asOf: IsoDay,
  comparedWith: IsoDay,
  units: Type.Array(
    Type.Object({
      rank: Type.Integer({ description: 'Within its comparable group; equal scores share a rank (1, 1, 3)' }),
      comparableGroup: Type.String({ description: 'commune (communes, wards, special zones), department, union, school, enterprise' }),
      unit: Type.Object({ code: Type.String(), name: Type.String(), fullName: Type.String(), kind: Type.String() }),
      people: Type.Integer({ description: 'Who the target counts: registered residents, or the members in the campaign groups' }),
      completed: Type.Integer(),
      targetPercent: Type.Integer(),
      targetSetBy: Nullable(Type.Object({ code: Type.String(), name: Type.String() }, { description: "The unit whose target this is (the unit's own, or the nearest set above it); null: the campaign's" })),
      achievedPercent: Type.Number(),
      ofTarget: Type.Number({ description: 'Share of the target reached, in percent: what the ranking orders by' }),
      trend: Type.Object({ ofTarget: Type.Number({ description: 'Change in points since a week before' }), rank: Type.Integer({ description: 'Places gained (negative: lost)' }) }),
    }),
  ),
});

export function campaignsRoutes(app: App, deps: FeatureDeps): void {
  const tags = ['campaigns'];
  const watchers = allow.roleAnywhere(...watcherRoles);
  /** A campaign's ranking is open to those who watch any unit inside it or above it; a draft, to its leads only. */
  const visible = async (request: FastifyRequest, id: number) => {
    const grants = await viewerOf(request).grants();
    const campaign = await findCampaignFor(deps.db, id, grants);
    const reaches = grants.some((g) => (watcherRoles as readonly string[]).includes(g.role) && (g.unitPath.startsWith(campaign.path) || campaign.path.startsWith(g.unitPath)));
    if (!reaches) throw forbidden();
    return campaign;
  };

  app.post(
    '/api/units/:code/campaigns',
    {
      config: { policy: allow.roleOnUnit('campaign_lead', unitCodeFromParams()) },
      schema: {
        tags,
        summary: "Start a campaign (a draft) over this unit's subtree",
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        body: Type.Object(
          {
            title: Type.String({ minLength: 3, maxLength: 200 }),
            description: Type.String({ maxLength: 2000, default: '' }),
            startsOn: IsoDay,
            endsOn: IsoDay,
            courseIds: Type.Array(Id(), { minItems: 1, maxItems: 20 }),
            targetPercent: Type.Integer({ minimum: 1, maximum: 100 }),
            groups: Type.Optional(Type.Array(Type.Union(memberGroups.map((g) => Type.Literal(g))), { maxItems: memberGroups.length })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.Integer() }), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ id: await createCampaign(deps.db, request.authorizedUnit!, request.body, { userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() }) }),
  );

  app.get(
    '/api/campaigns',
    { config: { policy: watchers }, schema: { tags, summary: 'Campaigns covering my units (and my drafts)', response: { 200: Type.Object({ campaigns: Type.Array(Campaign) }), ...errorResponses } } },
    async (request) => listCampaigns(deps.db, await viewerOf(request).grants()),
  );

  app.get(
    '/api/campaigns/:id',
    { config: { policy: watchers }, schema: { tags, summary: 'One campaign', params: IdParams, response: { 200: Campaign, ...errorResponses } } },
    async (request) => presentCampaign(await visible(request, request.params.id)),
  );

  app.post(
    '/api/campaigns/:id/status',
    {
      config: { policy: allow.roleAnywhere('campaign_lead') },
      schema: { tags, summary: 'Draft → live → ended', params: IdParams, body: Type.Object({ status: Type.Union(campaignStatuses.map((s) => Type.Literal(s))) }), response: { 200: Campaign, ...errorResponses } },
    },
    async (request) => {
      const viewer = viewerOf(request);
      return setCampaignStatus(deps.db, request.params.id, request.body.status, { userId: viewer.userId, grants: await viewer.grants(), ip: request.ip, now: deps.clock.now() });
    },
  );

  app.put(
    '/api/campaigns/:id/targets/:code',
    {
      config: { policy: allow.roleOnUnit(['manager', 'campaign_lead'], unitCodeFromParams()) },
      schema: {
        tags,
        summary:
          "Set this unit's own target for the campaign. The campaign's leads may set any; others (the unit's manager) may only raise the target the unit inherits from above (400 target_below_inherited). Ended campaigns: 409.",
        params: Type.Object({ id: Id(), code: Type.String({ maxLength: 40 }) }),
        body: Type.Object({ percent: Type.Integer({ minimum: 1, maximum: 100 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      await setUnitTarget(deps.db, request.params.id, request.authorizedUnit!, request.body.percent, { userId: viewer.userId, grants: await viewer.grants(), now: deps.clock.now() });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/campaigns/:id/ranking',
    { config: { policy: watchers }, schema: { tags, summary: 'The emulation ranking (thi đua) of the communes and wards, with the change since last week', params: IdParams, response: { 200: Ranking, ...errorResponses } } },
    async (request) => {
      await visible(request, request.params.id);
      return campaignRanking(deps.db, request.params.id, deps.clock.now());
    },
  );

  app.get(
    '/api/campaigns/:id/ranking.pdf',
    { config: { policy: watchers }, schema: { tags, summary: 'The ranking, printable (bảng xếp hạng, A4)', params: IdParams } },
    async (request, reply) => {
      await visible(request, request.params.id);
      const ranking = await campaignRanking(deps.db, request.params.id, deps.clock.now());
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="bang-xep-hang-${request.params.id}.pdf"`).send(await rankingPdf(ranking, deps.clock.now()));
    },
  );
}
