import type { EventId } from '../../shared/ids.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { organiserRoles, unitCodeOfEvent } from '../events/events.service.js';
import type { App } from '../http/app-type.js';
import { allow, integerParam } from '../http/policies.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses } from '../http/schemas.js';
import type { PublishedLessonCache } from '../lessons/lessons.service.js';
import { EventIdParams, LaunchConfig, LaunchInput, LeaderView, NewScreenToken, PressAnswer, ScreenQuery, ScreenState, ScreenTokenCreated, ScreenTokenList, ScreenTokenParams } from './launch.schema.js';
import {
  configureLaunch,
  createScreenToken,
  eventOfScreenToken,
  launchConfigOf,
  leaderView,
  listScreenTokens,
  pressLaunch,
  revokeScreenToken,
  screenState,
  screenTokenLive,
} from './launch.service.js';
import { LiveHub } from './live-hub.js';

export async function launchRoutes(app: App, deps: { db: Db; clock: Clock; config: Config; lessons: PublishedLessonCache }): Promise<void> {
  const tags = ['launch'];
  const actor = (request: Parameters<typeof viewerOf>[0]) => ({ userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() });
  // Organisers whose grant reaches the event's unit; another unit's event is beyond their grant (403).
  const onEvent = allow.roleOnUnit(organiserRoles, (request) => unitCodeOfEvent(deps.db, integerParam<EventId>(request, 'id')));
  const throttle = { windowMs: deps.config.rateLimitWindowMinutes * 60_000, maxFailures: deps.config.loginMaxFailuresPerIp };
  const hub = new LiveHub(
    {
      state: async (eventId) => {
        const data = await screenState(deps.db, eventId, deps.clock.now());
        // The clock alone changing is no news: screens tick on their own between updates.
        return { data, changeKey: JSON.stringify({ ...data, now: null }) };
      },
      tokenLive: (tokenId) => screenTokenLive(deps.db, tokenId),
    },
    { maxConnections: deps.config.screenStreamsMax, pollMs: 2_000, heartbeatMs: 15_000, retryMs: 3_000 },
  );
  app.addHook('preClose', async () => hub.close());

  app.get(
    '/api/events/:id/launch',
    {
      config: { policy: onEvent },
      schema: {
        tags,
        summary: 'The launch button: who presses, how many presses launch, what the launch does',
        description: "Organisers of the event's unit or above. 404 event_not_found.",
        params: EventIdParams,
        response: { 200: LaunchConfig, ...errorResponses },
      },
    },
    async (request) => launchConfigOf(deps.db, request.params.id),
  );

  app.put(
    '/api/events/:id/launch',
    {
      config: { policy: onEvent },
      schema: {
        tags,
        summary: 'Set the launch: leaders, presses needed, planned time, courses to publish, campaign to set live',
        description:
          "Organisers of the event's unit or above. Leaders are registered people found by phone (400 launch_leader_unknown); presses needed is 1 … the number of leaders (400 launch_presses_needed). The launch publishes the courses and sets the campaign live on this organiser's behalf, so they must hold the author role over each course's unit (403 launch_course_not_authored) and lead the campaign (403 launch_campaign_not_led). Locked once the event is live (409 launch_locked). Audited.",
        params: EventIdParams,
        body: LaunchInput,
        response: { 200: LaunchConfig, ...errorResponses },
      },
    },
    async (request) => configureLaunch(deps.db, request.params.id, request.body, { ...actor(request), grants: await viewerOf(request).grants() }),
  );

  app.get(
    '/api/events/:id/launch/me',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: "A leader's launch button: presses so far, mine, launched or not",
        description: 'Signed-in leaders named for this event; anyone else 403 launch_not_leader.',
        params: EventIdParams,
        response: { 200: LeaderView, ...errorResponses },
      },
    },
    async (request) => leaderView(deps.db, request.params.id, viewerOf(request).userId),
  );

  app.post(
    '/api/events/:id/launch/press',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Press the launch button',
        description:
          'Signed-in leaders named for this event (403 launch_not_leader otherwise, audited). 409 launch_event_not_live before the event is live. Pressing again counts nothing (alreadyPressed). The press that completes the count launches, exactly once however many press at the same instant: the courses are published and the campaign set live in one transaction. Audited.',
        params: EventIdParams,
        response: { 200: PressAnswer, ...errorResponses },
      },
    },
    async (request) => pressLaunch(deps.db, deps.lessons, request.params.id, actor(request)),
  );

  app.get(
    '/api/events/:id/screen-tokens',
    {
      config: { policy: onEvent },
      schema: { tags, summary: 'Big-screen tokens of an event', description: "Organisers of the event's unit or above. Names and dates; the tokens themselves were shown once.", params: EventIdParams, response: { 200: ScreenTokenList, ...errorResponses } },
    },
    async (request) => listScreenTokens(deps.db, request.params.id),
  );

  app.post(
    '/api/events/:id/screen-tokens',
    {
      config: { policy: onEvent },
      schema: {
        tags,
        summary: 'Make a big-screen token',
        description: "Organisers of the event's unit or above. The token is in this answer only (stored hashed): open /screen#<token> on the screen. Audited.",
        params: EventIdParams,
        body: NewScreenToken,
        response: { 201: ScreenTokenCreated, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createScreenToken(deps.db, request.params.id, request.body.name, actor(request))),
  );

  app.post(
    '/api/events/:id/screen-tokens/:tokenId/revoke',
    {
      config: { policy: onEvent },
      schema: {
        tags,
        summary: 'Revoke a big-screen token',
        description: "Organisers of the event's unit or above. Its screens are told within seconds and refused after (401 screen_token_revoked). Revoking again changes nothing. Audited. 404 screen_token_not_found.",
        params: ScreenTokenParams,
        response: { 200: ScreenTokenList, ...errorResponses },
      },
    },
    async (request) => revokeScreenToken(deps.db, request.params.id, request.params.tokenId, actor(request)),
  );

  app.get(
    '/api/screen',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: "What a big screen shows: the event, its programme, the launch, the figures since",
        description: 'Anyone holding a screen token. 401 screen_token_invalid (guesses throttled per address, 429) or screen_token_revoked.',
        querystring: ScreenQuery,
        response: { 200: ScreenState, ...errorResponses },
      },
    },
    async (request) => {
      const { eventId } = await eventOfScreenToken(deps.db, request.query.token, request.ip, deps.clock.now(), throttle);
      return screenState(deps.db, eventId, deps.clock.now());
    },
  );

  app.get(
    '/api/screen/stream',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'The big screen, live (server-sent events)',
        description:
          "Anyone holding a screen token (in the query: EventSource cannot send headers). `text/event-stream`: `event: state` with the same data as GET /api/screen at once and whenever it changes (checked every 2 s from the database, so every app process shows the same), a heartbeat comment every 15 s, `event: revoked` when the token is revoked. 401 as GET /api/screen; 503 screen_streams_full when this process holds its maximum of streams (the client retries).",
        querystring: ScreenQuery,
        response: { 200: { description: 'The stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { eventId, tokenId } = await eventOfScreenToken(deps.db, request.query.token, request.ip, deps.clock.now(), throttle);
      if (hub.full) throw new AppError('screen_streams_full', 503, {}, {}, { 'retry-after': '5' });
      reply.hijack();
      const headers = Object.fromEntries(Object.entries(reply.getHeaders()).map(([k, v]) => [k, String(v)]));
      await hub.open(eventId, tokenId, reply.raw, headers);
    },
  );
}
