import type { FastifyRequest } from 'fastify';
import type { ClassId } from '../../shared/ids.js';
import type { App } from '../http/app-type.js';
import { allow, integerParam, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, FileResponse, NoContent, xlsxType } from '../http/schemas.js';
import { UnitCodeParams } from '../units/units.schema.js';
import { attendancePdf, attendanceWorkbook } from './attendance-sheet.js';
import {
  AttendanceBody,
  AttendanceRecorded,
  AttendeeParams,
  ClassDetail,
  ClassIdParams,
  ClassList,
  ClassListQuery,
  ClassPatchBody,
  NewClassBody,
  SchedulingChoices,
} from './classes.schema.js';
import {
  cancelClass,
  type ClassesDeps,
  classForSheet,
  closeClass,
  describeClass,
  editClass,
  listClasses,
  recordAttendance,
  removeAttendee,
  scheduleClass,
  schedulingChoices,
  unitCodeOfClass,
} from './classes.service.js';

export async function classesRoutes(app: App, deps: ClassesDeps): Promise<void> {
  const tags = ['classes'];
  const viewer = async (request: FastifyRequest) => ({ userId: viewerOf(request).userId, grants: await viewerOf(request).grants(), ip: request.ip });
  const classUnit = (request: FastifyRequest) => unitCodeOfClass(deps.db, integerParam<ClassId>(request, 'id'));
  // Reading: helpers and managers over the place of the class. Changing: helpers there, and the service asks for the class's team.
  const watchers = allow.roleOnUnit(['helper', 'manager'], classUnit);
  const helpers = allow.roleOnUnit('helper', classUnit);

  app.get(
    '/api/classes/teams',
    {
      config: { policy: allow.roleAnywhere('helper') },
      schema: {
        tags,
        summary: 'The teams I may schedule classes for, with their hamlets and members',
        description: 'Helpers. Each live team the helper belongs to (within their helper grants), with the hamlets under its unit and its members: the choices of the scheduling form.',
        response: { 200: SchedulingChoices, ...errorResponses },
      },
    },
    async (request) => schedulingChoices(deps.db, await viewer(request)),
  );

  app.get(
    '/api/units/:code/classes',
    {
      config: { policy: allow.roleOnUnit(['helper', 'manager'], unitCodeFromParams()) },
      schema: {
        tags,
        summary: 'Classes held or planned in a unit and the units below it',
        description: 'Helpers and managers of the unit or above. Classes starting between `from` and `to` (default: 60 days either side of today), latest first, with their lessons, helpers and number of attendees. 400 invalid_period.',
        params: UnitCodeParams,
        querystring: ClassListQuery,
        response: { 200: ClassList, ...errorResponses },
      },
    },
    async (request) => listClasses(deps.db, authorizedUnitOf(request), request.query, deps.clock.now()),
  );

  app.post(
    '/api/units/:code/classes',
    {
      config: { policy: allow.roleOnUnit('helper', unitCodeFromParams()) },
      schema: {
        tags,
        summary: 'Schedule a class at a place (a hamlet, or the commune)',
        description:
          'Helpers who belong to a team of the unit or above (403 class_team_required otherwise). The lessons must be published lessons of the course; helpers present must be members of the team (the one scheduling always is). 400 class_time_invalid for a start before yesterday or beyond a year.',
        params: UnitCodeParams,
        body: NewClassBody,
        response: { 201: ClassDetail, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await scheduleClass(deps, authorizedUnitOf(request), request.body, await viewer(request))),
  );

  app.get(
    '/api/classes/:id',
    {
      config: { policy: watchers },
      schema: {
        tags,
        summary: 'A class with its attendance',
        description: "Helpers and managers over the class's place. Attendees with how they were recorded and whether they were credited; phone numbers are whole for managers, masked (last three digits) for helpers.",
        params: ClassIdParams,
        response: { 200: ClassDetail, ...errorResponses },
      },
    },
    async (request) => describeClass(deps, request.params.id, await viewer(request)),
  );

  app.patch(
    '/api/classes/:id',
    {
      config: { policy: helpers },
      schema: {
        tags,
        summary: 'Change a class before it starts',
        description: "Helpers of the class's team. Place, time, duration, lessons and helpers present; 409 class_started once it has started, 409 class_cancelled after cancelling.",
        params: ClassIdParams,
        body: ClassPatchBody,
        response: { 200: ClassDetail, ...errorResponses },
      },
    },
    async (request) => editClass(deps, request.params.id, request.body, await viewer(request)),
  );

  app.post(
    '/api/classes/:id/cancel',
    {
      config: { policy: helpers },
      schema: {
        tags,
        summary: 'Cancel a class before it starts',
        description: "Helpers of the class's team. The class stays listed as cancelled; 409 class_started once it has started.",
        params: ClassIdParams,
        response: { 200: ClassDetail, ...errorResponses },
      },
    },
    async (request) => cancelClass(deps, request.params.id, await viewer(request)),
  );

  app.post(
    '/api/classes/:id/attendance',
    {
      config: { policy: helpers },
      schema: {
        tags,
        summary: 'Record an attendee: a scanned sign-in card, a phone number, or a walk-in just signed up',
        description:
          "Helpers of the class's team, from the day of the class. Recording the same person again changes nothing (`added: false`), even when two scans arrive at once. After the class was closed the attendee is credited at once. 404 class_card_unknown (a forged or revoked card, audited), 404 class_person_not_found; card and phone look-ups are throttled per helper (429).",
        params: ClassIdParams,
        body: AttendanceBody,
        response: { 200: AttendanceRecorded, ...errorResponses },
      },
    },
    async (request) => recordAttendance(deps, request.params.id, request.body, await viewer(request)),
  );

  app.delete(
    '/api/classes/:id/attendees/:userId',
    {
      config: { policy: helpers },
      schema: {
        tags,
        summary: 'Take an attendee off the list',
        description: "Helpers of the class's team, before the attendee is credited (409 class_attendee_credited after). Someone not on the list: nothing changes.",
        params: AttendeeParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeAttendee(deps, request.params.id, request.params.userId, await viewer(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/classes/:id/close',
    {
      config: { policy: helpers },
      schema: {
        tags,
        summary: "Close the class and credit its lessons to every attendee's progress",
        description:
          "Helpers of the class's team, once it has started. Each lesson the class covered is recorded as completed for each attendee through the progress path, source 'class' unless the learner had completed it already; the course completes by its usual rule. Closing again credits again and changes nothing. 409 class_no_attendees for a class nobody attended.",
        params: ClassIdParams,
        response: { 200: ClassDetail, ...errorResponses },
      },
    },
    async (request) => closeClass(deps, request.params.id, await viewer(request)),
  );

  const fileName = (id: number, extension: string) => `attachment; filename="diem-danh-buoi-hoc-${id}.${extension}"`;

  app.get(
    '/api/classes/:id/attendance.pdf',
    {
      config: { policy: watchers },
      schema: {
        tags,
        summary: 'The printable attendance sheet (PDF, A4)',
        description: "Helpers and managers over the class's place. The class, its lessons and helpers, and a table of attendees with a signature column; phone numbers whole only for managers. Audited.",
        params: ClassIdParams,
        response: { 200: FileResponse('application/pdf'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = await classForSheet(deps, request.params.id, await viewer(request), 'pdf');
      return reply.type('application/pdf').header('content-disposition', fileName(view.id, 'pdf')).send(await attendancePdf(view, deps.clock.now()));
    },
  );

  app.get(
    '/api/classes/:id/attendance.xlsx',
    {
      config: { policy: watchers },
      schema: {
        tags,
        summary: 'The attendance sheet as an Excel workbook',
        description: "Helpers and managers over the class's place. The same as the PDF sheet. Audited.",
        params: ClassIdParams,
        response: { 200: FileResponse(xlsxType), ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = await classForSheet(deps, request.params.id, await viewer(request), 'xlsx');
      return reply.type(xlsxType).header('content-disposition', fileName(view.id, 'xlsx')).send(await attendanceWorkbook(view, deps.clock.now()));
    },
  );
}
