import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import type { EventId } from '../../shared/ids.js';
import { translate } from '../../shared/i18n/translate.js';
import type { Language } from '../../shared/limits.js';
import type { Clock } from '../clock.js';
import { type Config, publicOrigin } from '../config.js';
import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import { organiserRoles, unitCodeOfEvent } from '../events/events.service.js';
import type { App } from '../http/app-type.js';
import { allow, integerParam, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, FileResponse, xlsxType } from '../http/schemas.js';
import type { JobRunner } from '../jobs/jobs.service.js';
import { UnitCodeParams } from '../units/units.schema.js';
import { importInvitations, invitationTemplate } from './invitation-file.js';
import { type InvitationFace, renderInvitationsPdf } from './invitation-pdf.js';
import {
  AllocationCreated,
  AllocationParams,
  EventParams,
  GroupCreated,
  ImportQuery,
  InvitationCancelled,
  InvitationCreated,
  InvitationImportReport,
  InvitationList,
  InvitationListQuery,
  InvitationParams,
  InvitationsOverview,
  MyInvitations,
  NewAllocation,
  NewGroup,
  NewInvitation,
  NewUnitInvitation,
  PdfQuery,
  PublicInvitation,
  QuotaChange,
  RemindResult,
  RsvpBody,
  SecretBody,
  UnitAllocations,
} from './invitations.schema.js';
import {
  allocateSeats,
  answerInvitation,
  cancelInvitation,
  createGroup,
  formatEventTime,
  invitationsOverview,
  invitationsToPrint,
  inviteByPhone,
  inviteForAllocation,
  listInvitations,
  lookupInvitation,
  myInvitations,
  remindInvitees,
  setQuota,
  type InvitationRow,
  unitAllocations,
  unitCodeOfAllocation,
} from './invitations.service.js';

const maxFileBytes = 5 * 1024 * 1024;
const InvitationsPdf = Type.Unsafe<Uint8Array>(FileResponse('application/pdf', 'The invitations (giấy mời), one A4 page each'));

export interface InvitationsDeps {
  db: Db;
  clock: Clock;
  config: Config;
  jobs: Pick<JobRunner, 'kick'>;
}

export async function invitationsRoutes(app: App, deps: InvitationsDeps): Promise<void> {
  const tags = ['invitations'];
  const origin = publicOrigin(deps.config);
  const actor = (request: Parameters<typeof viewerOf>[0]) => ({ userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() });
  const throttle = (request: { ip: string }) => ({ ip: request.ip, now: deps.clock.now(), windowMinutes: deps.config.rateLimitWindowMinutes });
  // Organisers whose grant reaches the event's unit; another unit's event is 403, a missing one 404.
  const onEvent = allow.roleOnUnit(organiserRoles, (request) => unitCodeOfEvent(deps.db, integerParam<EventId>(request, 'id')));
  const organisers = 'Organisers of the event’s unit or above.';
  const eventId = (request: { params: { id: EventId } }) => request.params.id;

  app.get(
    '/api/events/:id/invitations/overview',
    {
      config: { policy: onEvent },
      schema: {
        tags,
        summary: 'Groups, quotas per venue with fill levels, and seats handed to units',
        description: `${organisers} The event's venues and participant groups, each quota with the seats taken (invitations neither cancelled nor declined), the accepted ones and the seats held for units, and each unit's allocation with how many it has named.`,
        params: EventParams,
        response: { 200: InvitationsOverview, ...errorResponses },
      },
    },
    async (request) => invitationsOverview(deps.db, eventId(request)),
  );

  app.post(
    '/api/events/:id/groups',
    {
      config: { policy: onEvent },
      schema: { tags, summary: 'Add a participant group', description: `${organisers} A group (e.g. "Thành viên Ban Chỉ đạo") placed after the others; its quotas are set per venue. Audited.`, params: EventParams, body: NewGroup, response: { 201: GroupCreated, ...errorResponses } },
    },
    async (request, reply) => reply.status(201).send(await createGroup(deps.db, eventId(request), request.body.name, actor(request))),
  );

  app.put(
    '/api/events/:id/quotas',
    {
      config: { policy: onEvent },
      schema: {
        tags,
        summary: 'Set the quota of a group at a venue',
        description: `${organisers} Never below the seats already taken there (409 invitation_quota_below_taken names the group and venue). Answers the overview. Audited.`,
        params: EventParams,
        body: QuotaChange,
        response: { 200: InvitationsOverview, ...errorResponses },
      },
    },
    async (request) => setQuota(deps.db, eventId(request), request.body, actor(request)),
  );

  app.get(
    '/api/events/:id/invitations',
    {
      config: { policy: onEvent },
      schema: { tags, summary: 'The invitations of the event', description: `${organisers} Everyone invited, cancelled ones included, by venue and group, with phones masked; filter by venue or group.`, params: EventParams, querystring: InvitationListQuery, response: { 200: InvitationList, ...errorResponses } },
    },
    async (request) => listInvitations(deps.db, eventId(request), request.query, actor(request)),
  );

  app.post(
    '/api/events/:id/invitations',
    {
      config: { policy: onEvent },
      schema: {
        tags,
        summary: 'Invite a person by phone to a group at a venue',
        description: `${organisers} A registered phone is linked; otherwise an account without a password is made (name, birth year and home commune needed: the venue's commune by default), which the person claims by phone. One invitation per person per event (409 invitation_exists). 409 invitation_quota_full names the group and venue. Audited.`,
        params: EventParams,
        body: NewInvitation,
        response: { 201: InvitationCreated, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await inviteByPhone(deps.db, eventId(request), request.body, actor(request))),
  );

  app.post(
    '/api/events/:id/allocations',
    {
      config: { policy: onEvent },
      schema: {
        tags,
        summary: 'Hand seats of a group at a venue to a unit',
        description: `${organisers} The unit's managers then name up to this many people. The seats come out of the quota (409 invitation_quota_full); setting it again for the same unit changes the number, never below those named. Audited.`,
        params: EventParams,
        body: NewAllocation,
        response: { 201: AllocationCreated, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await allocateSeats(deps.db, eventId(request), request.body, actor(request))),
  );

  const labels = (language: Language) => ({
    platform: translate(language, 'app.name'),
    title: translate(language, 'invitations.pdf.title'),
    dear: translate(language, 'invitations.pdf.dear'),
    attend: translate(language, 'invitations.pdf.attend'),
    time: translate(language, 'invitations.pdf.time'),
    venue: translate(language, 'invitations.pdf.venue'),
    group: translate(language, 'invitations.pdf.group'),
    code: translate(language, 'invitations.pdf.code'),
    instructions: translate(language, 'invitations.pdf.instructions'),
  });
  const face = (r: InvitationRow): InvitationFace => ({
    fullName: r.full_name,
    eventTitle: r.title,
    time: formatEventTime(r.starts_at),
    venueName: r.venue_name,
    venueAddress: r.venue_address,
    group: r.group_name,
    link: `${origin}/invite#${r.secret}`,
    code: r.code,
  });
  const sendPdf = async (reply: FastifyReply, rows: readonly InvitationRow[], language: Language) =>
    reply
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="giay-moi.pdf"')
      .header('cache-control', 'no-store')
      .send(await renderInvitationsPdf(rows.map(face), labels(language)));

  app.get(
    '/api/events/:id/invitations/:invitationId/pdf',
    {
      config: { policy: onEvent },
      schema: { tags, summary: 'One invitation as PDF (giấy mời)', description: `${organisers} The person's name, the event, the time, the venue and its address, the personal QR of the invitation link and the door code. 404 for a cancelled one.`, params: InvitationParams, response: { 200: InvitationsPdf, ...errorResponses } },
    },
    async (request, reply) => sendPdf(reply, await invitationsToPrint(deps.db, eventId(request), { id: request.params.invitationId }, actor(request)), request.language),
  );

  app.get(
    '/api/events/:id/invitations.pdf',
    {
      config: { policy: onEvent },
      schema: { tags, summary: 'The invitations of a venue or group as one PDF', description: `${organisers} Every invitation not cancelled (of one venue or group if given), one page each. 404 invitation_not_found when there is none.`, params: EventParams, querystring: PdfQuery, response: { 200: InvitationsPdf, ...errorResponses } },
    },
    async (request, reply) => {
      const rows = await invitationsToPrint(deps.db, eventId(request), request.query, actor(request));
      if (rows.length === 0) throw notFound('invitation_not_found');
      return sendPdf(reply, rows, request.language);
    },
  );

  // After the PDF routes: the authorization matrix calls routes in this order, and a cancelled invitation prints no more.
  app.post(
    '/api/events/:id/invitations/:invitationId/cancel',
    {
      config: { policy: onEvent },
      schema: { tags, summary: 'Cancel an invitation', description: `${organisers} The seat is free again and the QR no longer admits. Cancelling twice answers the first cancellation. Audited.`, params: InvitationParams, response: { 200: InvitationCancelled, ...errorResponses } },
    },
    async (request) => cancelInvitation(deps.db, eventId(request), request.params.invitationId, actor(request)),
  );

  app.post(
    '/api/events/:id/invitations/remind',
    {
      config: { policy: onEvent },
      schema: { tags, summary: 'Text a reminder with the link to everyone invited who has not declined', description: `${organisers} Skips those reminded in the last 12 hours; the texts leave through the job queue. Audited with the count.`, params: EventParams, response: { 200: RemindResult, ...errorResponses } },
    },
    async (request) => {
      const result = await remindInvitees(deps.db, eventId(request), origin, actor(request));
      deps.jobs.kick();
      return result;
    },
  );

  app.get(
    '/api/events/:id/invitations/template.xlsx',
    {
      config: { policy: onEvent },
      schema: { tags, summary: 'The invitation list template (Excel)', description: `${organisers} The columns the import reads (họ tên, số điện thoại, nhóm, địa điểm; năm sinh and mã xã/phường nơi ở for people without an account), an example row and the event's groups and venues.`, params: EventParams, response: { 200: FileResponse(xlsxType), ...errorResponses } },
    },
    async (request, reply) =>
      reply.type(xlsxType).header('content-disposition', 'attachment; filename="mau-danh-sach-moi.xlsx"').send(await invitationTemplate(deps.db, eventId(request))),
  );

  // The body is the file itself (.xlsx or .csv).
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxFileBytes }, (_request, body, done) => done(null, body));
    scope.post(
      '/api/events/:id/invitations/import',
      {
        config: { policy: onEvent },
        bodyLimit: maxFileBytes,
        schema: {
          tags,
          summary: 'Import an invitation list from the template. mode=check reports only; mode=all invites everyone, or nobody if any row has a problem.',
          description: `${organisers} The body is the filled-in template (Excel or CSV). The answer is the row-by-row report; a file with any problem (bad phone, unknown group or venue, quota passed, a person twice or already invited) invites nobody (400 invitations_file_invalid with the report). Audited when written.`,
          params: EventParams,
          querystring: ImportQuery,
          response: { 200: InvitationImportReport, ...errorResponses },
        },
      },
      async (request) => importInvitations(deps.db, request.params.id, (request.body as Buffer | undefined) ?? Buffer.alloc(0), request.query.mode, { ...actor(request), language: request.language }),
    );
  });

  const managers = allow.roleOnUnit('manager', unitCodeFromParams());
  app.get(
    '/api/units/:code/event-allocations',
    {
      config: { policy: managers },
      schema: { tags, summary: 'Seats of events handed to this unit (and the units below it), with the people named', description: 'Managers of the unit or of a unit above it. Phones masked.', params: UnitCodeParams, response: { 200: UnitAllocations, ...errorResponses } },
    },
    async (request) => unitAllocations(deps.db, authorizedUnitOf(request).path),
  );

  app.post(
    '/api/event-allocations/:allocationId/invitations',
    {
      config: { policy: allow.roleOnUnit('manager', (request) => unitCodeOfAllocation(deps.db, integerParam(request, 'allocationId'))) },
      schema: {
        tags,
        summary: 'Name a person for seats handed to the unit',
        description: 'Managers of the allocation’s unit or of a unit above it. As an organiser’s invitation, up to the seats handed to the unit (409 invitation_allocation_full). Audited.',
        params: AllocationParams,
        body: NewUnitInvitation,
        response: { 201: InvitationCreated, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await inviteForAllocation(deps.db, request.params.allocationId, request.body, actor(request))),
  );

  app.post(
    '/api/invitations/lookup',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'What an invitation link is for',
        description: 'Anyone holding the link (the secret is after # and never reaches a log). The event, its time, the venue, the group, the name with the family name masked and the answer so far. 404 for a wrong secret; wrong secrets are throttled per address (429).',
        body: SecretBody,
        response: { 200: PublicInvitation, ...errorResponses },
      },
    },
    async (request) => lookupInvitation(deps.db, request.body.secret, throttle(request)),
  );

  app.post(
    '/api/invitations/rsvp',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Accept or decline an invitation from its link',
        description: 'Anyone holding the link. Declining frees the seat; accepting again takes one if the quota still has it (409 invitation_quota_full). 409 invitation_cancelled. Wrong secrets as in the look-up. Audited.',
        body: RsvpBody,
        response: { 200: PublicInvitation, ...errorResponses },
      },
    },
    async (request) => answerInvitation(deps.db, request.body.secret, request.body.answer, throttle(request)),
  );

  app.get(
    '/api/me/invitations',
    {
      config: { policy: allow.signedIn },
      schema: { tags, summary: 'My invitations', description: 'Any signed-in person, their own invitations not cancelled, latest event first, each with its QR secret and door code.', response: { 200: MyInvitations, ...errorResponses } },
    },
    async (request) => myInvitations(deps.db, viewerOf(request).userId),
  );
}
