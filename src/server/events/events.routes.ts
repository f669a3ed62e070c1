import type { FastifyRequest } from 'fastify';
import type { EventId } from '../../shared/ids.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, integerParam, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses } from '../http/schemas.js';
import { UnitCodeParams } from '../units/units.schema.js';
import { addAgendaItem, patchAgendaItem, programmeOf, programmePdf, removeAgendaItem, reorderAgenda } from './event-programme.js';
import { addBridgeSites, addVenue, listVenues, type OrganiserActor, patchVenue, reorderVenues, retireVenue } from './event-venues.js';
import {
  AgendaItemParams,
  AgendaOrderBody,
  AgendaItemPatchBody,
  BridgeSitesAdded,
  BridgeSitesBody,
  EventDetail,
  EventIdParams,
  EventList,
  EventPatchBody,
  NewAgendaItemBody,
  NewEventBody,
  NewVenueBody,
  Programme,
  ProgrammePdf,
  PublicEvent,
  SlugParams,
  StatusBody,
  VenueList,
  VenueOrderBody,
  VenueParams,
  VenuePatchBody,
} from './events.schema.js';
import { createEvent, describeEvent, listMyEvents, moveEventStatus, organiserRoles, patchEvent, publicEvent, unitCodeOfEvent } from './events.service.js';

export async function eventsRoutes(app: App, deps: { db: Db; clock: Clock }): Promise<void> {
  const tags = ['events'];
  const { db } = deps;
  const actor = async (request: FastifyRequest): Promise<OrganiserActor> => {
    const viewer = viewerOf(request);
    return { userId: viewer.userId, ip: request.ip, now: deps.clock.now(), grants: await viewer.grants() };
  };
  // Organisers whose grant reaches the event's unit; an event of another unit is a 403, a missing one a 404.
  const onEvent = allow.roleOnUnit(organiserRoles, (request) => unitCodeOfEvent(db, integerParam<EventId>(request, 'id')));
  const eventRoute = (summary: string, description: string) => ({ tags, summary, description: `Organisers of the event's unit or above. ${description}` });

  app.get(
    '/api/events',
    {
      config: { policy: allow.roleAnywhere(...organiserRoles) },
      schema: { tags, summary: 'My events', description: 'Organisers: the events of every unit their organiser grants reach, the latest first.', response: { 200: EventList, ...errorResponses } },
    },
    async (request) => listMyEvents(db, await viewerOf(request).grants()),
  );

  app.post(
    '/api/units/:code/events',
    {
      config: { policy: allow.roleOnUnit(organiserRoles, unitCodeFromParams()) },
      schema: {
        tags,
        summary: 'Create an event of a unit',
        description:
          'Organisers of the unit or above. A draft; its slug (the public page /events/<slug>) comes from the title with the marks folded, made unique. `imageMediaId` names an image of the media library (400 event_media_not_found). 400 event_ends_before_start. Audited.',
        params: UnitCodeParams,
        body: NewEventBody,
        response: { 201: EventDetail, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createEvent(db, authorizedUnitOf(request), request.body, await actor(request))),
  );

  app.get(
    '/api/events/:id',
    { config: { policy: onEvent }, schema: { ...eventRoute('One event', 'Any status. 404 event_not_found.'), params: EventIdParams, response: { 200: EventDetail, ...errorResponses } } },
    async (request) => describeEvent(db, request.params.id),
  );

  app.patch(
    '/api/events/:id',
    {
      config: { policy: onEvent },
      schema: { ...eventRoute('Edit an event', 'Title, description, times, mode, image; the slug stays so shared links keep working. Audited.'), params: EventIdParams, body: EventPatchBody, response: { 200: EventDetail, ...errorResponses } },
    },
    async (request) => patchEvent(db, request.params.id, request.body, await actor(request)),
  );

  app.post(
    '/api/events/:id/status',
    {
      config: { policy: onEvent },
      schema: {
        ...eventRoute('Move an event forward', 'draft → published → live → ended, one step at a time; the status it already has changes nothing; back or skipping is 409 event_status_not_next. Audited.'),
        params: EventIdParams,
        body: StatusBody,
        response: { 200: EventDetail, ...errorResponses },
      },
    },
    async (request) => moveEventStatus(db, request.params.id, request.body.status, await actor(request)),
  );

  app.get(
    '/api/public/events/:slug',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'The public page of an event',
        description: 'No sign-in. A published, live or ended event (a draft is 404) with its live venues (no contact details), programme, and the items running now and next on the server clock.',
        params: SlugParams,
        response: { 200: PublicEvent, ...errorResponses },
      },
    },
    async (request) => publicEvent(db, request.params.slug, deps.clock.now()),
  );

  // --------------------------------------------------------------------------- venues

  app.get(
    '/api/events/:id/venues',
    { config: { policy: onEvent }, schema: { ...eventRoute('Venues and bridge sites', 'In their order, retired ones included, with contacts.'), params: EventIdParams, response: { 200: VenueList, ...errorResponses } } },
    async (request) => listVenues(db, request.params.id),
  );

  app.post(
    '/api/events/:id/venues',
    {
      config: { policy: onEvent },
      schema: {
        ...eventRoute(
          'Add a venue or bridge site',
          'The contact phone in any usual writing is stored normalised (400 invalid_phone); the stream link is http or https (400 venue_stream_url_invalid); the unit lies within your reach (403 venue_unit_out_of_reach). Audited.',
        ),
        params: EventIdParams,
        body: NewVenueBody,
        response: { 201: VenueList, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await addVenue(db, request.params.id, request.body, await actor(request))),
  );

  app.patch(
    '/api/events/:id/venues/:venueId',
    {
      config: { policy: onEvent },
      schema: { ...eventRoute('Edit a venue', 'As when adding. A venue of another event is 404 venue_not_found. Audited.'), params: VenueParams, body: VenuePatchBody, response: { 200: VenueList, ...errorResponses } },
    },
    async (request) => patchVenue(db, request.params.id, request.params.venueId, request.body, await actor(request)),
  );

  app.post(
    '/api/events/:id/venues/:venueId/retire',
    {
      config: { policy: onEvent },
      schema: {
        ...eventRoute('Retire a venue', 'It keeps its invitations and check-ins but leaves the public page; retiring it again changes nothing. Audited.'),
        params: VenueParams,
        response: { 200: VenueList, ...errorResponses },
      },
    },
    async (request) => retireVenue(db, request.params.id, request.params.venueId, await actor(request)),
  );

  app.put(
    '/api/events/:id/venues/order',
    {
      config: { policy: onEvent },
      schema: { ...eventRoute('Reorder the venues', 'Every venue id, in the new order (400 event_reorder_mismatch).'), params: EventIdParams, body: VenueOrderBody, response: { 200: VenueList, ...errorResponses } },
    },
    async (request) => reorderVenues(db, request.params.id, request.body.ids),
  );

  app.post(
    '/api/events/:id/venues/bridge-sites',
    {
      config: { policy: onEvent },
      schema: {
        ...eventRoute(
          'A bridge site for every commune of a subtree',
          'One bridge site per current commune, ward and special zone under `unitCode` (which lies within your reach: 403 venue_unit_out_of_reach), named after its People’s Committee. Communes that already host a live bridge site are skipped: calling it again adds nothing. Audited.',
        ),
        params: EventIdParams,
        body: BridgeSitesBody,
        response: { 200: BridgeSitesAdded, ...errorResponses },
      },
    },
    async (request) => addBridgeSites(db, request.params.id, request.body.unitCode, await actor(request)),
  );

  // --------------------------------------------------------------------------- programme

  app.get(
    '/api/events/:id/programme',
    {
      config: { policy: onEvent },
      schema: { ...eventRoute('The programme', 'Items in their order, with warnings for items that overlap the next one, run past the end or start before the event.'), params: EventIdParams, response: { 200: Programme, ...errorResponses } },
    },
    async (request) => programmeOf(db, request.params.id, request.language),
  );

  app.post(
    '/api/events/:id/programme',
    {
      config: { policy: onEvent },
      schema: {
        ...eventRoute('Add a programme item', 'Goes last. Overlaps and overruns are warned, not refused. `mediaId` names a file of the media library (400 event_media_not_found). Audited.'),
        params: EventIdParams,
        body: NewAgendaItemBody,
        response: { 201: Programme, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await addAgendaItem(db, request.params.id, request.body, await actor(request), request.language)),
  );

  app.patch(
    '/api/events/:id/programme/:itemId',
    {
      config: { policy: onEvent },
      schema: { ...eventRoute('Edit a programme item', '404 agenda_item_not_found for an item of another event. Audited.'), params: AgendaItemParams, body: AgendaItemPatchBody, response: { 200: Programme, ...errorResponses } },
    },
    async (request) => patchAgendaItem(db, request.params.id, request.params.itemId, request.body, await actor(request), request.language),
  );

  app.delete(
    '/api/events/:id/programme/:itemId',
    { config: { policy: onEvent }, schema: { ...eventRoute('Remove a programme item', 'Audited.'), params: AgendaItemParams, response: { 200: Programme, ...errorResponses } } },
    async (request) => removeAgendaItem(db, request.params.id, request.params.itemId, await actor(request), request.language),
  );

  app.put(
    '/api/events/:id/programme/order',
    {
      config: { policy: onEvent },
      schema: { ...eventRoute('Reorder the programme', 'Every item id, in the new order (400 event_reorder_mismatch).'), params: EventIdParams, body: AgendaOrderBody, response: { 200: Programme, ...errorResponses } },
    },
    async (request) => reorderAgenda(db, request.params.id, request.body.ids, request.language),
  );

  app.get(
    '/api/events/:id/programme.pdf',
    {
      config: { policy: onEvent },
      schema: {
        ...eventRoute('The printable programme (PDF)', 'Laid out like the official one: title, when and where, then Thời gian · Nội dung · Thực hiện with times in Vietnam time.'),
        params: EventIdParams,
        response: { 200: ProgrammePdf, ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await programmePdf(db, request.params.id, request.language);
      return reply.type('application/pdf').header('content-disposition', 'attachment; filename="chuong-trinh.pdf"').header('cache-control', 'no-store').send(file);
    },
  );
}
