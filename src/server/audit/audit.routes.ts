import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, FileResponse, xlsxType } from '../http/schemas.js';
import { AuditFilterQuery, AuditLogPage, AuditPageQuery } from './audit.schema.js';
import { exportAuditLog, readAuditLog } from './audit-reader.js';
import { auditWorkbook } from './audit-workbook.js';

/** Reading the audit log; no route changes or removes an entry. */
export async function auditRoutes(app: App, deps: { db: Db; clock: Clock }): Promise<void> {
  const tags = ['audit'];
  const auditors = allow.roleAnywhere('auditor');
  const reader = async (request: Parameters<typeof viewerOf>[0]) => ({ userId: viewerOf(request).userId, grants: await viewerOf(request).grants(), ip: request.ip, now: deps.clock.now() });
  const filters =
    '`actor` and `subject`: a phone number in any format or an account id; `action`: one action or a family (`grant`); `unit`: a unit code, its subtree; `from`, `to`: days (Vietnam time), inclusive.';

  app.get(
    '/api/audit',
    {
      config: { policy: auditors },
      schema: {
        tags,
        summary: 'The audit log of the units an auditor is granted on, newest first',
        description: `Auditors. Entries whose unit is in the subtree of one of their auditor grants; entries naming no unit only for an auditor of the province. ${filters} A page at a time (\`limit\`, \`offset\`, \`total\`). The read is itself audited.`,
        querystring: AuditPageQuery,
        response: { 200: AuditLogPage, ...errorResponses },
      },
    },
    async (request) => readAuditLog(deps.db, await reader(request), request.query),
  );

  app.get(
    '/api/audit.xlsx',
    {
      config: { policy: auditors },
      schema: {
        tags,
        summary: 'The audit log as Excel, with the same filter',
        description: `Auditors, within the same reach as \`GET /api/audit\`. ${filters} Up to 50,000 entries, newest first. The export is itself audited.`,
        querystring: AuditFilterQuery,
        response: { 200: FileResponse(xlsxType), ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = await exportAuditLog(deps.db, await reader(request), request.query);
      return reply.type(xlsxType).header('content-disposition', 'attachment; filename="nhat-ky-kiem-toan.xlsx"').send(await auditWorkbook(view, request.language));
    },
  );
}
