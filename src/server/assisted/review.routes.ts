import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses } from '../http/schemas.js';
import type { FastifyRequest } from 'fastify';
import { CallbackList, CreditList, CreditQuery, DrawBody, FlagBody, HelperFigures, OutcomeBody, ReviewParams, Signals, SignalsQuery, SignupItem, SignupList } from './review.schema.js';
import { callbackList, creditInUnit, drawCallbacks, flaggedSignups, helperFigures, recordCallback, reviewSignals, setFlag } from './review.service.js';

export interface ReviewDeps {
  db: Db;
  clock: Clock;
}

export async function reviewRoutes(app: App, deps: ReviewDeps): Promise<void> {
  const tags = ['review'];
  const managers = allow.roleOnUnit('manager', unitCodeFromParams());
  const params = ReviewParams;
  const actor = (request: FastifyRequest) => ({ userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() });
  const who = "Managers of the unit or of a unit above it; only sign-ups made in the unit and the units below it.";

  app.get(
    '/api/units/:code/review/signals',
    {
      config: { policy: managers },
      schema: {
        tags,
        summary: 'Fraud signals among the assisted sign-ups of a period',
        description: `${who} Over the period (\`from\`, \`to\`; default the last 30 days, at most a year): many sign-ups from one device or one address within minutes (thresholds in the query), identical name and birth year, sequential phone numbers, people living outside the team's unit, and sign-in cards only ever used on the helper's own devices. Each signal lists the sign-ups it concerns. The view is audited. 400 invalid_period.`,
        params,
        querystring: SignalsQuery,
        response: { 200: Signals, ...errorResponses },
      },
    },
    async (request) => reviewSignals(deps.db, authorizedUnitOf(request), request.query, actor(request)),
  );

  app.get(
    '/api/units/:code/review/credit',
    {
      config: { policy: managers },
      schema: {
        tags,
        summary: "Helpers' credit: each team member's sign-ups, classes, attendees and resolved requests",
        description: `Managers of the unit or of a unit above it; the live teams of the unit and the units below it. Over the period (\`from\`, \`to\`; default the last 30 days, at most a year). 400 invalid_period.`,
        params,
        querystring: CreditQuery,
        response: { 200: CreditList, ...errorResponses },
      },
    },
    async (request) => creditInUnit(deps.db, authorizedUnitOf(request), request.query, deps.clock.now()),
  );

  app.get(
    '/api/units/:code/review/flagged',
    {
      config: { policy: managers },
      schema: {
        tags,
        summary: 'Flagged assisted sign-ups, newest flag first',
        description: `${who} The sign-ups a manager or a denied call-back flagged (at most 500), with the reason.`,
        params,
        response: { 200: SignupList, ...errorResponses },
      },
    },
    async (request) => flaggedSignups(deps.db, authorizedUnitOf(request), actor(request)),
  );

  app.put(
    '/api/units/:code/review/flags',
    {
      config: { policy: managers },
      schema: {
        tags,
        summary: 'Flag an assisted sign-up (with a reason), or clear its flag',
        description: `${who} Audited. 400 flag_reason_required; 400 signup_not_in_unit for a sign-up made elsewhere.`,
        params,
        body: FlagBody,
        response: { 200: SignupItem, ...errorResponses },
      },
    },
    async (request) => setFlag(deps.db, authorizedUnitOf(request), request.body, actor(request)),
  );

  app.get(
    '/api/units/:code/review/callbacks',
    {
      config: { policy: managers },
      schema: {
        tags,
        summary: 'The call-back sample: each person with name and phone, and the outcomes so far per team',
        description: `${who} Sign-ups drawn for a call-back (those still to call first), with the person's name and phone to call, and per team how many were drawn, confirmed, not reachable and denied. Personal data: each view is audited.`,
        params,
        response: { 200: CallbackList, ...errorResponses },
      },
    },
    async (request) => callbackList(deps.db, authorizedUnitOf(request), actor(request)),
  );

  app.post(
    '/api/units/:code/review/callbacks',
    {
      config: { policy: managers },
      schema: {
        tags,
        summary: 'Draw a random sample of assisted sign-ups for call-backs',
        description: `${who} From the sign-ups of the period never drawn before, draws \`size\` of them or \`percent\` of them (rounded up), with cryptographic randomness, and answers the whole sample as GET does. Audited. 400 sample_size_required, invalid_period.`,
        params,
        body: DrawBody,
        response: { 200: CallbackList, ...errorResponses },
      },
    },
    async (request) => drawCallbacks(deps.db, authorizedUnitOf(request), request.body, actor(request)),
  );

  app.put(
    '/api/units/:code/review/callbacks',
    {
      config: { policy: managers },
      schema: {
        tags,
        summary: 'Record what a call-back found: confirmed, not reachable or denied (a denial flags the sign-up)',
        description: `${who} Records the outcome and a note, and answers the sample as GET does. A denial flags the sign-up. Audited. 400 callback_not_in_unit.`,
        params,
        body: OutcomeBody,
        response: { 200: CallbackList, ...errorResponses },
      },
    },
    async (request) => recordCallback(deps.db, authorizedUnitOf(request), request.body, actor(request)),
  );

  app.get(
    '/api/helper/figures',
    {
      config: { policy: allow.roleAnywhere('helper') },
      schema: {
        tags,
        summary: "A helper's own figures: their sign-ups, and their teams' learners",
        description: "Helpers. How many people this helper signed up (in all and in the last 30 days), and for each of their teams the learners it signed up: registered, active in the last 7 days, completions.",
        response: { 200: HelperFigures, ...errorResponses },
      },
    },
    async (request) => helperFigures(deps.db, viewerOf(request).userId, deps.clock.now()),
  );
}
