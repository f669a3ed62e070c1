import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, FileResponse, xlsxType } from '../http/schemas.js';
import { UnitCodeParams } from '../units/units.schema.js';
import { addMember, importMembers, listMembers, memberTemplate } from './members.service.js';
import { ImportQuery, ImportReport, MemberAdded, MemberList, MembersPage, NewMember } from './members.schema.js';

const maxFileBytes = 20 * 1024 * 1024;

export interface MembersDeps {
  db: Db;
  clock: Clock;
}

export async function membersRoutes(app: App, deps: MembersDeps): Promise<void> {
  const tags = ['members'];
  const managers = allow.roleOnUnit('manager', unitCodeFromParams());
  const policy = allow.orToken(managers, 'members:read');
  const writers = allow.orToken(managers, 'members:write');
  const actor = async (request: Parameters<typeof viewerOf>[0]) => ({ userId: viewerOf(request).userId, grants: await viewerOf(request).grants(), ip: request.ip, now: deps.clock.now(), language: request.language });

  app.get(
    '/api/units/:code/members',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Members of this unit and the units below it',
        description: 'Managers of the unit or of a unit above it. Members of the unit and of the units below it, a page at a time (`limit`, `offset`, `total`), with their group and whether they have claimed their account. Each read is audited (`personal_data.read`).',
        params: UnitCodeParams,
        querystring: MembersPage,
        response: { 200: MemberList, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      return listMembers(deps.db, authorizedUnitOf(request), request.query, { grants: await viewer.grants(), userId: viewer.userId, ip: request.ip, now: deps.clock.now(), apiTokenId: viewer.apiToken?.id });
    },
  );

  app.post(
    '/api/units/:code/members',
    {
      config: { policy: writers },
      schema: {
        tags,
        summary: 'Add one member (an existing account is linked; otherwise one is made, to be claimed by phone)',
        description: 'Managers of the unit or of a unit above it. Adds one person to a unit of the subtree: a registered phone is linked, otherwise an account without a password is made for the person to claim by phone. 400 with fields for a bad phone, birth year or unit. Audited.',
        params: UnitCodeParams,
        body: NewMember,
        response: { 201: MemberAdded, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await addMember(deps.db, authorizedUnitOf(request), { homeCode: '', ...request.body }, await actor(request))),
  );

  app.get(
    '/api/units/:code/members/template.xlsx',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'The members file template (Excel)',
        description: "Managers of the unit or of a unit above it. The Excel template the import reads: the columns (in Vietnamese), an example row with this unit's code, and a sheet of the member groups to choose from.",
        params: UnitCodeParams,
        response: { 200: FileResponse(xlsxType), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="mau-danh-sach-thanh-vien.xlsx"`)
        .send(await memberTemplate(authorizedUnitOf(request))),
  );

  // The body is the file itself (.xlsx or .csv).
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxFileBytes }, (_request, body, done) => done(null, body));
    scope.post(
      '/api/units/:code/members/import',
      {
        config: { policy: writers },
        bodyLimit: maxFileBytes,
        schema: {
          tags,
          summary:
            'Import members from the template. mode=check reports only; mode=all writes only if every row is valid; mode=valid writes the valid rows. The report lists every problem by row and column.',
          description: 'Managers of the unit or of a unit above it. The body is the filled-in template (Excel or CSV). The answer is the row-by-row report; with mode=all a file with any problem is refused whole (400 members_file_invalid with the report). Audited when anything is written.',
          params: UnitCodeParams,
          querystring: ImportQuery,
          response: { 200: ImportReport, ...errorResponses },
        },
      },
      async (request) => importMembers(deps.db, authorizedUnitOf(request), (request.body as Buffer | undefined) ?? Buffer.alloc(0), request.query.mode, await actor(request)),
    );
  });
}
