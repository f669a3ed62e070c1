import type { FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { forbidden } from '../errors.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, FileResponse } from '../http/schemas.js';
import { watcherRoles } from '../../shared/limits.js';
import { CampaignBody, CampaignCreated, CampaignList, CampaignStatusBody, Campaign, IdParams, Ranking, TargetBody, TargetParams, TargetSet, UnitParams } from './campaigns.schema.js';
import { campaignRanking, createCampaign, findCampaignFor, listCampaigns, presentCampaign, setCampaignStatus, setUnitTarget } from './campaigns.service.js';
import { rankingPdf } from './ranking-pdf.js';

export interface CampaignsDeps {
  db: Db;
  clock: Clock;
  /** SMALL_GROUP_MIN (shared/small-groups.ts). */
  smallGroupMin: number;
}

export async function campaignsRoutes(app: App, deps: CampaignsDeps): Promise<void> {
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
        description: "Campaign leads of the unit or of a unit above it. Creates a draft campaign over the unit's subtree with its courses, period and target share of people; it counts nothing until set live. Audited.",
        params: UnitParams,
        body: CampaignBody,
        response: { 201: CampaignCreated, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ id: await createCampaign(deps.db, authorizedUnitOf(request), request.body, { userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() }) }),
  );

  app.get(
    '/api/campaigns',
    {
      config: { policy: watchers },
      schema: {
        tags,
        summary: 'Campaigns covering my units (and my drafts)',
        description: 'Managers, campaign leads and admins (anywhere); each sees the campaigns over units they reach, and campaign leads also their drafts.',
        response: { 200: CampaignList, ...errorResponses },
      },
    },
    async (request) => listCampaigns(deps.db, await viewerOf(request).grants()),
  );

  app.get(
    '/api/campaigns/:id',
    {
      config: { policy: watchers },
      schema: {
        tags,
        summary: 'One campaign',
        description: 'Managers, campaign leads and admins (anywhere); each sees the campaigns over units they reach, and campaign leads also their drafts. 404 campaign_not_found for one outside their reach.',
        params: IdParams,
        response: { 200: Campaign, ...errorResponses },
      },
    },
    async (request) => presentCampaign(await visible(request, request.params.id)),
  );

  app.post(
    '/api/campaigns/:id/status',
    {
      config: { policy: allow.roleAnywhere('campaign_lead') },
      schema: {
        tags,
        summary: 'Draft → live → ended',
        description: "Campaign leads over the campaign's unit. Moves a campaign from draft to live, or from live to ended; 409 campaign_status for any other change. Answers the campaign. Audited.",
        params: IdParams,
        body: CampaignStatusBody,
        response: { 200: Campaign, ...errorResponses },
      },
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
        description: 'Campaign leads or managers of the unit (or of a unit above it). 404 campaign_not_found when the campaign does not cover the unit.',
        params: TargetParams,
        body: TargetBody,
        response: { 204: TargetSet, ...errorResponses },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      await setUnitTarget(deps.db, request.params.id, authorizedUnitOf(request), request.body.percent, { userId: viewer.userId, grants: await viewer.grants(), now: deps.clock.now() });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/campaigns/:id/ranking',
    {
      config: { policy: watchers },
      schema: {
        tags,
        summary: 'The emulation ranking (thi đua) of the communes and wards, with the change since last week',
        description: 'Managers, campaign leads and admins (anywhere); each sees the campaigns over units they reach, and campaign leads also their drafts. Units of the same kind ranked by the share of their target reached, with their figures and the change since a week before; equal scores share a rank.',
        params: IdParams,
        response: { 200: Ranking, ...errorResponses },
      },
    },
    async (request) => {
      await visible(request, request.params.id);
      return campaignRanking(deps.db, request.params.id, deps.clock.now(), deps.smallGroupMin);
    },
  );

  app.get(
    '/api/campaigns/:id/ranking.pdf',
    {
      config: { policy: watchers },
      schema: {
        tags,
        summary: 'The ranking, printable (bảng xếp hạng, A4)',
        description: "Managers, campaign leads and admins (anywhere); each sees the campaigns over units they reach, and campaign leads also their drafts. The ranking as a printable A4 PDF.",
        params: IdParams,
        response: { 200: FileResponse('application/pdf'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await visible(request, request.params.id);
      const ranking = await campaignRanking(deps.db, request.params.id, deps.clock.now(), deps.smallGroupMin);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="bang-xep-hang-${request.params.id}.pdf"`).send(await rankingPdf(ranking, deps.clock.now()));
    },
  );
}
