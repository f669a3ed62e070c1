import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, FileResponse, NoContent, xlsxType } from '../http/schemas.js';
import { watcherRoles } from '../../shared/limits.js';
import { ReportList, ReportNotices, ReportParams, UnitParams, WeeklyReportBody, WeeklyReportSchedule } from './reports.schema.js';
import { listReports, readReportNotice, reportFile, reportNotices, scheduleWeeklyReport } from './reports.service.js';

export interface ReportsDeps {
  db: Db;
  clock: Clock;
}

/** Those who may schedule a unit's weekly report: its managers and the campaign leads over it. */
const schedulers = ['manager', 'campaign_lead'] as const;

export async function reportsRoutes(app: App, deps: ReportsDeps): Promise<void> {
  const tags = ['dashboards'];
  const managers = allow.roleOnUnit(schedulers, unitCodeFromParams());
  const readers = allow.orToken(managers, 'reports:read');

  app.put(
    '/api/units/:code/weekly-report',
    {
      config: { policy: managers },
      schema: {
        tags,
        summary: 'Schedule the weekly report of this unit: made on this weekday (1 Monday … 7 Sunday) for the 7 days before, and delivered to you',
        description: "Managers and campaign leads of the unit or of a unit above it (403 otherwise). From then on, an Excel report of the unit's dashboard for the 7 days before is made every week on that weekday (Vietnam time), listed under …/reports, and delivered to each person who scheduled it: a notice on their home page (GET /api/reports/notices) and, when the server sets REPORT_SMS, a text message with its link.",
        params: UnitParams,
        body: WeeklyReportBody,
        response: { 200: WeeklyReportSchedule, ...errorResponses },
      },
    },
    async (request) => scheduleWeeklyReport(deps.db, authorizedUnitOf(request), request.body.weekday, { userId: viewerOf(request).userId, now: deps.clock.now() }),
  );

  app.get(
    '/api/units/:code/reports',
    {
      config: { policy: readers },
      schema: {
        tags,
        summary: "This unit's weekly reports, newest first",
        description: 'Managers and campaign leads of the unit or of a unit above it. The weekday reports are made on (null: none scheduled) and the reports made so far, newest first.',
        params: UnitParams,
        response: { 200: ReportList, ...errorResponses },
      },
    },
    async (request) => listReports(deps.db, authorizedUnitOf(request)),
  );

  app.get(
    '/api/reports/:id',
    {
      config: { policy: allow.orToken(allow.roleAnywhere(...watcherRoles), 'reports:read') },
      schema: {
        tags,
        summary: 'Download a weekly report (Excel); only for those who watch its unit',
        description: "Managers, campaign leads and admins of the report's unit or of a unit above it (403 otherwise). The report as an Excel workbook. 404 report_not_found.",
        params: ReportParams,
        response: { 200: FileResponse(xlsxType), ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await reportFile(deps.db, request.params.id, await viewerOf(request).grants());
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${file.name}"`).send(file.content);
    },
  );

  app.get(
    '/api/reports/notices',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Your unread notices of weekly reports made for you (the home page shows them)',
        description: 'Signed in. The weekly reports made since you last looked, for the units whose report you scheduled, newest first (at most 20).',
        response: { 200: ReportNotices, ...errorResponses },
      },
    },
    async (request) => reportNotices(deps.db, viewerOf(request).userId),
  );

  app.post(
    '/api/reports/:id/read',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Mark the notice of a weekly report made for you read',
        description: 'Signed in. The notice of this report no longer shows on your home page; the report stays listed under its unit. 404 notice_not_found when no notice of it was made for you.',
        params: ReportParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await readReportNotice(deps.db, viewerOf(request).userId, request.params.id, deps.clock.now());
      return reply.status(204).send(null);
    },
  );
}
