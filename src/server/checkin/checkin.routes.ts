import type { EventId } from '../../shared/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { organiserRoles, unitCodeOfEvent } from '../events/events.service.js';
import type { App } from '../http/app-type.js';
import type { JobRunner } from '../jobs/jobs.service.js';
import { allow, integerParam } from '../http/policies.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, FileResponse, xlsxType } from '../http/schemas.js';
import { Attendance, CheckinAnswers, CheckinBatch, CheckinList, DoorCodeRequest, DoorCodeSent, DoorSignup, EventIdParams, EventVenueParams, PhoneMatches, PhoneQuery, WalkIn, WalkInAnswer } from './checkin.schema.js';
import { attendanceOf, checkinList, findByPhone, recordScans, registerWalkIn } from './checkin.service.js';
import { sendDoorCode, signUpAtDoor } from './door-signup.js';
import { attendanceWorkbook, eventReportPdf } from './event-report.js';

export async function checkinRoutes(app: App, deps: { db: Db; clock: Clock; jobs: Pick<JobRunner, 'kick'> }): Promise<void> {
  const tags = ['check-in'];
  // The event's organisers (a grant on its unit or above) scan at every door; an event of another unit is a 403.
  const policy = allow.roleOnUnit(organiserRoles, (request) => unitCodeOfEvent(deps.db, integerParam<EventId>(request, 'id')));
  const who = "Organisers of the event's unit or above.";
  const actor = (request: Parameters<typeof viewerOf>[0]) => ({ userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() });

  app.get(
    '/api/events/:id/venues/:venueId/checkin-list',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'The list a door phone keeps offline',
        description: `${who} Every live invitation of the event (all venues, so a wrong door is recognised) with the SHA-256 of its QR secret, its door code, name, group, venue, RSVP and where it was checked in; \`version\` is when the list was made. Audited. 404 venue_not_found.`,
        params: EventVenueParams,
        response: { 200: CheckinList, ...errorResponses },
      },
    },
    async (request) => checkinList(deps.db, request.params.id, request.params.venueId, actor(request)),
  );

  app.post(
    '/api/events/:id/checkins',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Send a batch of scans from a door phone',
        description: `${who} Each scan carries a nonce its phone chose, a venue, one of secret / code / invitationId, and the phone's time. Answered per scan: checked_in; already (same venue); conflict (counted at another venue, named); wrong_venue (invited elsewhere, named); unknown, other_event, cancelled (refused and audited). A nonce sent again answers its first result and counts nothing (nonce_reused if it now names another scan). A person is counted once per event.`,
        params: EventIdParams,
        body: CheckinBatch,
        response: { 200: CheckinAnswers, ...errorResponses },
      },
    },
    async (request) => recordScans(deps.db, request.params.id, request.body, actor(request)),
  );

  app.get(
    '/api/events/:id/checkin-search',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Find the invitations of a phone number, for someone without their QR',
        description: `${who} The phone in any writing (400 invalid_phone). Audited when something is found; throttled.`,
        params: EventIdParams,
        querystring: PhoneQuery,
        response: { 200: PhoneMatches, ...errorResponses },
      },
    },
    async (request) => findByPhone(deps.db, request.params.id, request.query.phone, actor(request)),
  );

  app.post(
    '/api/events/:id/walk-ins',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Register a walk-in at the door and check them in',
        description: `${who} The account of the phone is found or made (no password; claimed later with a code), an invitation of the group at the venue is made (source walk_in) if the group's quota there has room (409 invitation_quota_full naming group and venue), and the person is checked in. Someone already invited is checked in on their invitation. Idempotent by nonce. Audited.`,
        params: EventIdParams,
        body: WalkIn,
        response: { 200: WalkInAnswer, ...errorResponses },
      },
    },
    async (request) => registerWalkIn(deps.db, request.params.id, request.body, actor(request)),
  );

  app.post(
    '/api/events/:id/door-codes',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Text a consent code to a delegate who has no account yet (help at the door)',
        description: `${who} The delegate reads the code back as their own consent to be signed up. 409 checkin_door_account_exists when the phone has an account (register them as a walk-in). Valid 10 minutes; throttled per phone and per person at the door. Audited.`,
        params: EventIdParams,
        body: DoorCodeRequest,
        response: { 202: DoorCodeSent, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await sendDoorCode(deps, request.params.id, request.body.phone, { ...actor(request), language: request.language })),
  );

  app.post(
    '/api/events/:id/door-signups',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Sign a delegate up at the door with their consent, invite and check them in',
        description: `${who} With the code the delegate read back (5 tries, then a new code): the account (no password), the consent (purpose account, channel door_sms, who took it, when), an invitation of the group at the venue within its quota (source door_signup; 409 invitation_quota_full) and the check-in, at once. Idempotent by nonce. Audited.`,
        params: EventIdParams,
        body: DoorSignup,
        response: { 200: WalkInAnswer, ...errorResponses },
      },
    },
    async (request) => signUpAtDoor(deps.db, request.params.id, request.body, actor(request)),
  );

  app.get(
    '/api/events/:id/attendance',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'Live attendance per venue and group against quota',
        description: `${who} Per venue and participant group: quota, invited, accepted, checked in, registered at the door; totals; the scans not counted (conflicts, wrong venues).`,
        params: EventIdParams,
        response: { 200: Attendance, ...errorResponses },
      },
    },
    async (request) => attendanceOf(deps.db, request.params.id, deps.clock.now()),
  );

  const download = async (id: EventId, request: Parameters<typeof viewerOf>[0], format: 'xlsx' | 'pdf') => {
    const a = actor(request);
    const attendance = await attendanceOf(deps.db, id, a.now);
    await recordAudit(deps.db, { at: a.now, actorUserId: a.userId, action: 'checkin.export', details: { eventId: id, format }, ip: a.ip });
    return attendance;
  };

  app.get(
    '/api/events/:id/attendance.xlsx',
    {
      config: { policy },
      schema: { tags, summary: 'Attendance as an Excel workbook', description: `${who} The live figures and the scans not counted. Audited.`, params: EventIdParams, response: { 200: FileResponse(xlsxType), ...errorResponses } },
    },
    async (request, reply) => {
      const attendance = await download(request.params.id, request, 'xlsx');
      return reply.type(xlsxType).header('content-disposition', `attachment; filename="diem-danh-su-kien-${request.params.id}.xlsx"`).send(await attendanceWorkbook(attendance));
    },
  );

  app.get(
    '/api/events/:id/report.pdf',
    {
      config: { policy },
      schema: {
        tags,
        summary: 'The event report (PDF, A4)',
        description: `${who} Per venue and group, invited and checked in against the quota, with totals. Audited.`,
        params: EventIdParams,
        response: { 200: FileResponse('application/pdf'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const attendance = await download(request.params.id, request, 'pdf');
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="bao-cao-su-kien-${request.params.id}.pdf"`).send(await eventReportPdf(attendance));
    },
  );
}
