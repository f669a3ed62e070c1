import { watcherRoles } from '../../shared/limits.js';
import { dayOf, dayOfIso } from '../../shared/days.js';
import Type, { type Static } from 'typebox';
import type { CourseId } from '../../shared/ids.js';
import type { FeatureDeps } from '../app.js';
import type { App } from '../http/app-type.js';
import { badRequest } from '../errors.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { errorResponses, Id, IsoDay, UnitRef, FileResponse, xlsxType } from '../http/schemas.js';
import { unitDashboard } from './dashboard.js';
import { standingsOfUnit } from '../campaigns/campaigns.service.js';
import { dashboardPdf, dashboardWorkbook } from './dashboard-export.js';
import type { FastifyRequest } from 'fastify';

const Figures = {
  members: Type.Integer({ description: 'Members of the unit and the units below (membership lists)' }),
  registered: Type.Integer({ description: 'Accounts living in the unit (registered up to the end of the period)' }),
  active7d: Type.Integer({ description: 'Learners with progress in the last 7 days' }),
  enrolled: Type.Integer({ description: 'Enrollments (learner × course) up to the end of the period' }),
  completed: Type.Integer(),
  certified: Type.Integer(),
};

export const Dashboard = Type.Object({
  unit: UnitRef,
  period: Type.Object({ from: IsoDay, to: IsoDay }),
  totals: Type.Object(Figures),
  children: Type.Array(Type.Object({ unit: UnitRef, ...Figures })),
  groups: Type.Array(
    Type.Object({
      group: Type.String({ description: 'official, youth_union, student, helper, worker, citizen' }),
      members: Type.Integer({ description: 'Members of the subtree in this group' }),
      completed: Type.Integer({ description: 'Completions by them (learner × course, or of the chosen course)' }),
    }),
  ),
  campaigns: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      targetPercent: Type.Integer(),
      achievedPercent: Type.Number(),
      ofTarget: Type.Number({ description: 'Share of the target reached, in percent' }),
      rank: Type.Integer({ description: 'Among comparable units of the campaign' }),
    }),
    { description: "The unit's standing in the live campaigns that rank it" },
  ),
  series: Type.Array(Type.Object({ day: IsoDay, registered: Type.Integer(), enrolled: Type.Integer(), completed: Type.Integer(), certified: Type.Integer() })),
});


const Query = Type.Object({ from: Type.Optional(IsoDay), to: Type.Optional(IsoDay), course: Type.Optional(Id()) });

export function dashboardRoutes(app: App, deps: FeatureDeps): void {
  const tags = ['dashboards'];
  const policy = allow.roleOnUnit(watcherRoles, unitCodeFromParams());
  const params = Type.Object({ code: Type.String({ maxLength: 40 }) });
  const view = (request: FastifyRequest & { query: Static<typeof Query> }) => {
    const { from, to, course } = request.query;
    // The period as the dashboard reads it, an end left out taking its default (today; 30 days before the end): at most a year.
    const toDay = to ? dayOfIso(to) : dayOf(deps.clock.now());
    const fromDay = from ? dayOfIso(from) : toDay - 29;
    if (fromDay > toDay || toDay - fromDay > 366) throw badRequest('invalid_period', {}, 'from');
    return unitDashboard(deps.db, authorizedUnitOf(request), { from, to, courseId: course as CourseId | undefined, now: deps.clock.now() });
  };
  const fileName = (code: string, extension: string) => `attachment; filename="so-lieu-${code.replace(/[^A-Za-z0-9.-]/g, '')}-${new Date(deps.clock.now()).toISOString().slice(0, 10)}.${extension}"`;

  app.get(
    '/api/units/:code/dashboard',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Figures of a unit and its subtree, per child unit and per day, from the rollups (managers, campaign leads, admins of the unit or above)',
        params,
        querystring: Query,
        response: { 200: Dashboard, ...errorResponses },
      },
    },
    async (request) => ({ ...(await view(request)), campaigns: await standingsOfUnit(deps.db, authorizedUnitOf(request), deps.clock.now()) }),
  );

  app.get(
    '/api/units/:code/dashboard.xlsx',
    { config: { policy }, schema: { tags, summary: 'The dashboard as an Excel workbook (per child unit, and per day)', params, querystring: Query, response: { 200: FileResponse(xlsxType), ...errorResponses } } },
    async (request, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', fileName(request.params.code, 'xlsx'))
        .send(await dashboardWorkbook(await view(request), deps.clock.now())),
  );

  app.get(
    '/api/units/:code/dashboard.pdf',
    { config: { policy }, schema: { tags, summary: 'The dashboard as a PDF (A4 landscape)', params, querystring: Query, response: { 200: FileResponse('application/pdf'), ...errorResponses } } },
    async (request, reply) =>
      reply.type('application/pdf').header('content-disposition', fileName(request.params.code, 'pdf')).send(await dashboardPdf(await view(request), deps.clock.now())),
  );
}
