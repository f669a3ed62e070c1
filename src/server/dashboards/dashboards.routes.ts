import { watcherRoles } from '../../shared/limits.js';
import { dayOf, dayOfIso } from '../../shared/days.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { badRequest } from '../errors.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { errorResponses, FileResponse, xlsxType } from '../http/schemas.js';
import type { FastifyRequest } from 'fastify';
import { standingsOfUnit } from '../campaigns/campaigns.service.js';
import { Dashboard, DashboardParams, DashboardQuery } from './dashboards.schema.js';
import { dashboardPdf, dashboardWorkbook, unitDashboard } from './dashboards.service.js';

export interface DashboardsDeps {
  db: Db;
  clock: Clock;
  /** SMALL_GROUP_MIN: figures of fewer people in units narrower than a commune are shown as "< n". */
  smallGroupMin: number;
}

export async function dashboardRoutes(app: App, deps: DashboardsDeps): Promise<void> {
  const tags = ['dashboards'];
  const policy = allow.orToken(allow.roleOnUnit(watcherRoles, unitCodeFromParams()), 'dashboards:read');
  const params = DashboardParams;
  const view = (request: FastifyRequest & { query: DashboardQuery }) => {
    const { from, to, course } = request.query;
    // The period as the dashboard reads it, an end left out taking its default (today; 30 days before the end): at most a year.
    const toDay = to ? dayOfIso(to) : dayOf(deps.clock.now());
    const fromDay = from ? dayOfIso(from) : toDay - 29;
    if (fromDay > toDay || toDay - fromDay > 366) throw badRequest('invalid_period', {}, 'from');
    return unitDashboard(deps.db, authorizedUnitOf(request), { from, to, courseId: course, now: deps.clock.now(), smallGroupMin: deps.smallGroupMin });
  };
  const fileName = (code: string, extension: string) => `attachment; filename="so-lieu-${code.replace(/[^A-Za-z0-9.-]/g, '')}-${new Date(deps.clock.now()).toISOString().slice(0, 10)}.${extension}"`;

  app.get(
    '/api/units/:code/dashboard',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Figures of a unit and its subtree, per child unit and per day, from the rollups (managers, campaign leads, admins of the unit or above)',
        description: "Managers, campaign leads and admins of the unit or of a unit above it. Totals of the unit and its subtree over the period (`from`, `to`; default the last 30 days), the same per child unit, per member group and per day, and the unit's standing in live campaigns; `course` narrows to one course. 400 invalid_period.",
        params,
        querystring: DashboardQuery,
        response: { 200: Dashboard, ...errorResponses },
      },
    },
    async (request) => ({ ...(await view(request)), campaigns: await standingsOfUnit(deps.db, authorizedUnitOf(request), deps.clock.now(), deps.smallGroupMin) }),
  );

  app.get(
    '/api/units/:code/dashboard.xlsx',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'The dashboard as an Excel workbook (per child unit, and per day)',
        description: "Managers, campaign leads and admins of the unit or of a unit above it. The same figures as GET …/dashboard (same query), as an Excel workbook (per child unit, and per day).",
        params,
        querystring: DashboardQuery,
        response: { 200: FileResponse(xlsxType), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', fileName(request.params.code, 'xlsx'))
        .send(await dashboardWorkbook(await view(request), deps.clock.now())),
  );

  app.get(
    '/api/units/:code/dashboard.pdf',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'The dashboard as a PDF (A4 landscape)',
        description: 'Managers, campaign leads and admins of the unit or of a unit above it. The same figures as GET …/dashboard (same query), as a printable A4 landscape PDF.',
        params,
        querystring: DashboardQuery,
        response: { 200: FileResponse('application/pdf'), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.type('application/pdf').header('content-disposition', fileName(request.params.code, 'pdf')).send(await dashboardPdf(await view(request), deps.clock.now())),
  );
}
