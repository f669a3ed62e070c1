import type { FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import {
  AssignBody,
  DuplicateBody,
  FiguresQuery,
  MyRequests,
  MyRequestView,
  NewOwnRequest,
  NewRequestForPerson,
  NoteBody,
  OverdueHoursBody,
  Queue,
  QueueQuery,
  RequestDetail,
  RequestIdParams,
  ResolveBody,
  TeamFigures,
  TeamIdParams,
} from './requests.schema.js';
import {
  addNote,
  askForHelp,
  assignRequest,
  cancelMyRequest,
  changeOverdueHours,
  listMyRequests,
  listQueue,
  markDuplicate,
  openRequestFor,
  readRequest,
  type RequestActor,
  resolveRequest,
  teamFigures,
} from './requests.service.js';

export interface RequestsDeps {
  db: Db;
  clock: Clock;
}

export async function requestsRoutes(app: App, deps: RequestsDeps): Promise<void> {
  const tags = ['support requests'];
  // Helpers act through their teams, managers over their subtree: the service narrows every answer to those.
  const staff = allow.roleAnywhere('helper', 'manager');
  const actor = async (request: FastifyRequest): Promise<RequestActor> => ({ userId: viewerOf(request).userId, grants: await viewerOf(request).grants(), ip: request.ip, now: deps.clock.now() });
  const onRequest = 'Helpers of a team it was routed to, and managers of its place or a unit above it; 403 for anyone else. ';

  app.get(
    '/api/support-requests/mine',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'My support requests, and where I may ask for help',
        description: 'The signed-in person’s own requests, newest first, with their status and the resolution message (never the helpers’ notes); the places they may choose (their commune and its hamlets) and their phone.',
        response: { 200: MyRequests, ...errorResponses },
      },
    },
    async (request) => listMyRequests(deps.db, viewerOf(request).userId),
  );

  app.post(
    '/api/support-requests/mine',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Ask for help',
        description:
          'Any signed-in person. The place defaults to their home unit and must be their commune or one of its hamlets; the phone to call back defaults to theirs. The request goes to the teams covering the place. 10 an hour per person (429 beyond). Audited.',
        body: NewOwnRequest,
        response: { 201: MyRequestView, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await askForHelp(deps.db, request.body, await actor(request))),
  );

  app.post(
    '/api/support-requests/:id/cancel',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Cancel my request while nobody has taken it',
        description: 'The person who asked, while the request is open (409 once a helper has taken it); 404 for anyone else’s. Audited.',
        params: RequestIdParams,
        response: { 200: MyRequestView, ...errorResponses },
      },
    },
    async (request) => cancelMyRequest(deps.db, request.params.id, await actor(request)),
  );

  app.get(
    '/api/support-requests',
    {
      config: { policy: staff },
      schema: {
        tags,
        summary: 'The queue: requests of my teams, and of my units for managers',
        description: 'Helpers: requests routed to their teams. Managers: every request placed in their subtree. Open ones first, longest waiting first.',
        querystring: QueueQuery,
        response: { 200: Queue, ...errorResponses },
      },
    },
    async (request) => listQueue(deps.db, request.query, await actor(request)),
  );

  app.post(
    '/api/support-requests',
    {
      config: { policy: allow.roleAnywhere('helper') },
      schema: {
        tags,
        summary: 'Open a request for a person',
        description:
          'Helpers, at a place one of their teams covers (403 elsewhere). A registered person of the team’s commune is found by phone; for anyone else the name is required and kept on the request. Audited.',
        body: NewRequestForPerson,
        response: { 201: RequestDetail, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await openRequestFor(deps.db, request.body, await actor(request))),
  );

  app.get(
    '/api/support-requests/figures',
    {
      config: { policy: staff },
      schema: {
        tags,
        summary: 'Figures per team: open, medians to first response and to resolution, overdue list',
        description: 'Helpers: their teams. Managers: the teams of their units (or of `unit`, which they must manage: 403 otherwise). The period is `from` … `to` (Vietnam days, default the last 30), at most a year.',
        querystring: FiguresQuery,
        response: { 200: TeamFigures, ...errorResponses },
      },
    },
    async (request) => teamFigures(deps.db, request.query, await actor(request)),
  );

  app.put(
    '/api/support-requests/teams/:id/overdue-hours',
    {
      config: { policy: staff },
      schema: {
        tags,
        summary: 'After how many hours a team’s requests are overdue',
        description: 'The team’s leader, or managers of the team’s unit or above; 403 for anyone else. Audited.',
        params: TeamIdParams,
        body: OverdueHoursBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await changeOverdueHours(deps.db, request.params.id, request.body.hours, await actor(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/support-requests/:id',
    {
      config: { policy: staff },
      schema: { tags, summary: 'One request with its notes', description: onRequest, params: RequestIdParams, response: { 200: RequestDetail, ...errorResponses } },
    },
    async (request) => readRequest(deps.db, request.params.id, await actor(request)),
  );

  app.post(
    '/api/support-requests/:id/assign',
    {
      config: { policy: staff },
      schema: {
        tags,
        summary: 'Take a request, or give it to a member of its teams',
        description: `${onRequest}Without helperId the viewer takes it (helpers of its teams; 409 if another helper has it, unless the viewer leads a team of it or manages it); with one, the team leader or a manager gives it to a member of its teams (400 for anyone else). 409 once closed. The first assignment counts as the first response. Audited.`,
        params: RequestIdParams,
        body: AssignBody,
        response: { 200: RequestDetail, ...errorResponses },
      },
    },
    async (request) => assignRequest(deps.db, request.params.id, request.body.helperId, await actor(request)),
  );

  app.post(
    '/api/support-requests/:id/notes',
    {
      config: { policy: staff },
      schema: { tags, summary: 'Add an internal note', description: `${onRequest}The person never sees notes. The first note counts as the first response. Audited.`, params: RequestIdParams, body: NoteBody, response: { 200: RequestDetail, ...errorResponses } },
    },
    async (request) => addNote(deps.db, request.params.id, request.body.text, await actor(request)),
  );

  app.post(
    '/api/support-requests/:id/resolve',
    {
      config: { policy: staff },
      schema: { tags, summary: 'Resolve, with a short message the person reads', description: `${onRequest}409 once closed. Audited.`, params: RequestIdParams, body: ResolveBody, response: { 200: RequestDetail, ...errorResponses } },
    },
    async (request) => resolveRequest(deps.db, request.params.id, request.body.message, await actor(request)),
  );

  app.post(
    '/api/support-requests/:id/duplicate',
    {
      config: { policy: staff },
      schema: {
        tags,
        summary: 'Close as a duplicate of another request',
        description: `${onRequest}The other request must be of the same person or the same place and within the viewer’s reach (400 otherwise). 409 once closed. Audited.`,
        params: RequestIdParams,
        body: DuplicateBody,
        response: { 200: RequestDetail, ...errorResponses },
      },
    },
    async (request) => markDuplicate(deps.db, request.params.id, request.body.ofId, await actor(request)),
  );
}
