import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses } from '../http/schemas.js';
import { importUnits } from './organisations-import.js';
import { NewOrgUnit, OrgCodeParams, OrgHistory, OrgImportQuery, OrgImportReport, OrgRoots, OrgTree, OrgTreeQuery, OrgUnit, OrgUnitMove, OrgUnitPatch } from './organisations.schema.js';
import { adminRoots, createUnit, moveOrgUnit, orgTree, renameOrgUnit, retireOrgUnit, unitHistory } from './organisations.service.js';

/** Admins of the unit or of a unit above it: the province's admins reach every unit, an organisation's admins its subtree. */
const admins = allow.roleOnUnit('admin', unitCodeFromParams());
const maxFileBytes = 5 * 1024 * 1024;

export async function organisationsRoutes(app: App, deps: { db: Db; clock: Clock }): Promise<void> {
  const tags = ['organisations'];
  const actor = async (request: FastifyRequest) => ({ userId: viewerOf(request).userId, grants: await viewerOf(request).grants(), ip: request.ip, now: deps.clock.now() });

  app.get(
    '/api/organisations',
    {
      config: { policy: allow.roleAnywhere('admin') },
      schema: {
        tags,
        summary: 'The units the viewer administers',
        description: 'Admins. The topmost unit of each of their admin grants: where the "Đơn vị" screen starts.',
        response: { 200: OrgRoots, ...errorResponses },
      },
    },
    async (request) => adminRoots(deps.db, await viewerOf(request).grants()),
  );

  app.get(
    '/api/organisations/:code/tree',
    {
      config: { policy: admins },
      schema: {
        tags,
        summary: 'The organisational units and hamlets below a unit',
        description: 'Admins of the unit or above. Parents before children, each naming its parent; `historical=true` adds retired units (they keep their figures).',
        params: OrgCodeParams,
        querystring: OrgTreeQuery,
        response: { 200: OrgTree, ...errorResponses },
      },
    },
    async (request) => orgTree(deps.db, request.params.code, request.query, await actor(request)),
  );

  app.post(
    '/api/organisations/:code/units',
    {
      config: { policy: admins },
      schema: {
        tags,
        summary: 'Create a unit below this one',
        description:
          'Admins of the unit or above. A department, union, union branch, school, enterprise, cooperative or other unit under the province, a commune or an organisational unit; a hamlet under a commune, ward or special zone. Without `code` the platform makes one. Kept in the unit history and audited. 400 unit_parent_invalid, hamlet_parent_not_commune, invalid_name, invalid_unit_code; 409 unit_code_taken, unit_name_taken.',
        params: OrgCodeParams,
        body: NewOrgUnit,
        response: { 201: OrgUnit, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createUnit(deps.db, request.params.code, request.body, await actor(request))),
  );

  app.patch(
    '/api/organisations/:code',
    {
      config: { policy: admins },
      schema: {
        tags,
        summary: 'Rename an organisational unit or a hamlet',
        description: 'Admins of the unit or above. Its code stays. Kept in the unit history and audited. 400 unit_not_organisational; 409 unit_retired, unit_name_taken.',
        params: OrgCodeParams,
        body: OrgUnitPatch,
        response: { 200: OrgUnit, ...errorResponses },
      },
    },
    async (request) => renameOrgUnit(deps.db, request.params.code, request.body, await actor(request)),
  );

  app.post(
    '/api/organisations/:code/move',
    {
      config: { policy: admins },
      schema: {
        tags,
        summary: 'Move an organisational unit, with everything below it, under another unit',
        description:
          'Admins of the unit and of the new parent. Its figures and those of its subtree count for the new parent from then on, past days included (figures are kept per unit). Kept in the unit history and audited. 400 unit_move_into_own_subtree, unit_parent_invalid, hamlet_not_movable; 403 when the new parent is outside the admin’s reach.',
        params: OrgCodeParams,
        body: OrgUnitMove,
        response: { 200: OrgUnit, ...errorResponses },
      },
    },
    async (request) => moveOrgUnit(deps.db, request.params.code, request.body, await actor(request)),
  );

  app.post(
    '/api/organisations/:code/retire',
    {
      config: { policy: admins },
      schema: {
        tags,
        summary: 'Retire a unit and everything below it',
        description:
          'Admins of the unit or above. The units end today: they keep their figures and show as historical, like the pre-reform districts. Retiring again changes nothing. 409 unit_has_live_campaigns, with `campaigns` listing them.',
        params: OrgCodeParams,
        response: { 200: OrgUnit, ...errorResponses },
      },
    },
    async (request) => retireOrgUnit(deps.db, request.params.code, await actor(request)),
  );

  app.get(
    '/api/organisations/:code/history',
    {
      config: { policy: admins },
      schema: {
        tags,
        summary: "A unit's history: who created, renamed, moved or retired it, and when",
        description: 'Admins of the unit or above. Newest first, with the unit before and after each change.',
        params: OrgCodeParams,
        response: { 200: OrgHistory, ...errorResponses },
      },
    },
    async (request) => unitHistory(deps.db, request.params.code, await actor(request)),
  );

  // The body is the file itself (.xlsx or .csv).
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxFileBytes }, (_request, body, done) => done(null, body));
    scope.post(
      '/api/organisations/:code/import',
      {
        config: { policy: admins },
        bodyLimit: maxFileBytes,
        schema: {
          tags,
          summary: 'Import an organisation tree from Excel. mode=check reports only (dry run); mode=all writes only if every row is valid; mode=valid writes the valid rows.',
          description:
            'Admins of the unit or above. The body is an Excel (.xlsx) or CSV file with the columns Mã, Tên đơn vị, Loại, Mã đơn vị cấp trên (empty: this unit; else a code of a row above or of a unit within reach). The answer is the row-by-row report; with mode=all a file with any problem is refused whole (400 units_file_invalid with the report).',
          params: OrgCodeParams,
          querystring: OrgImportQuery,
          response: { 200: OrgImportReport, ...errorResponses },
        },
      },
      async (request) => importUnits(deps.db, request.params.code, (request.body as Buffer | undefined) ?? Buffer.alloc(0), request.query.mode, { ...(await actor(request)), language: request.language }),
    );
  });
}
