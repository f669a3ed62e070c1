/**
 * buildApp: the whole HTTP application, apart from any process. Tests call it
 * and use app.inject; main.ts calls it and listens. Every feature is listed
 * here by hand, in the order its routes appear in the API description.
 */
import { availableParallelism } from 'node:os';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import secureJson from 'secure-json-parse';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { AccessLog, installRequestIdHeader, type LogStream, loggerOptions, requestIdOf } from './http/access-log.js';
import { appLinksRoutes } from './app-links/app-links.routes.js';
import { assistedRoutes } from './assisted/assisted.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { limitPasswordHashing } from './auth/auth.service.js';
import { cardsRoutes } from './cards/cards.routes.js';
import type { Clock } from './clock.js';
import { type Config, publicOrigin } from './config.js';
import type { DatabaseHandle } from './db/connect.js';
import { AppError, handleError } from './errors.js';
import { languageFromAcceptLanguage } from '../shared/i18n/translate.js';
import { grantsRoutes } from './grants/grants.routes.js';
import { viewerGrantsOf } from './grants/grants.service.js';
import { healthRoutes } from './health/health.routes.js';
import type { App } from './http/app-type.js';
import { type Draining, installRequestHooks } from './http/hooks.js';
import { registerCompression } from './http/compression.js';
import { registerOverloadProtection } from './http/overload.js';
import { requirePolicies } from './http/policies.js';
import type { AccessLookups } from './http/access.js';
import { meRoutes } from './me/me.routes.js';
import { createMetrics } from './metrics/metrics.service.js';
import { metricsRoutes } from './metrics/metrics.routes.js';
import { privacyRoutes } from './privacy/privacy.routes.js';
import { OidcProviders, type OidcFetch } from './oidc/oidc.service.js';
import { oidcRoutes } from './oidc/oidc.routes.js';
import type { MessageSender } from './messages/sender.js';
import { messageSenderFromConfig } from './messages/sender.js';
import { textMessageHandler, textMessageJob } from './messages/text-messages.js';
import { JobRunner, jobQueueDepth } from './jobs/jobs.service.js';
import { openApiRoutes, publicApiReference } from './openapi/openapi.routes.js';
import { openApiDefinition } from './openapi/openapi.schema.js';
import { pwaRoutes } from './pwa/pwa.routes.js';
import { unitsRoutes } from './units/units.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { hamletsRoutes } from './units/hamlets.routes.js';
import { organisationsRoutes } from './organisations/organisations.routes.js';
import { launchRoutes } from './launch/launch.routes.js';
import { checkinRoutes } from './checkin/checkin.routes.js';
import { invitationsRoutes } from './invitations/invitations.routes.js';
import { teamsRoutes } from './teams/teams.routes.js';
import { eventTasksRoutes } from './event-tasks/event-tasks.routes.js';
import { newsPagePreview } from './news/news.service.js';
import { newsRoutes } from './news/news.routes.js';
import { eventsRoutes } from './events/events.routes.js';
import { eventPagePreview } from './events/events.service.js';
import { findUnitByCode } from './units/units.service.js';
import { rollupsLastWrittenAt } from './rollups/rollups.service.js';
import { usersRoutes } from './users/users.routes.js';
import { peopleRoutes } from './people/people.routes.js';
import { competencesRoutes } from './competences/competences.routes.js';
import { coursesRoutes } from './courses/courses.routes.js';
import { PublishedCourseCache } from './courses/courses.service.js';
import { PublishedLessonCache } from './lessons/lesson-cache.js';
import { openSigner, signingKeysRefreshMs } from './certificates/signing-keys.js';
import type { CertificateSigner } from './certificates/certificate-signing.js';
import { createCertificateRenderer } from './certificates/certificate-renderer.js';
import { certificatesRoutes } from './certificates/certificates.routes.js';
import { quizzesRoutes } from './quizzes/quizzes.routes.js';
import { savedRoutes } from './saved/saved.routes.js';
import { dashboardRoutes } from './dashboards/dashboards.routes.js';
import { membersRoutes } from './members/members.routes.js';
import { campaignsRoutes } from './campaigns/campaigns.routes.js';
import { requestsRoutes } from './requests/requests.routes.js';
import { reportsRoutes } from './reports/reports.routes.js';
import { reviewRoutes } from './assisted/review.routes.js';
import { weeklyReportHandler, weeklyReportJob } from './reports/reports.service.js';
import { authoringRoutes } from './authoring/authoring.routes.js';
import { mediaUploadRoutes } from './authoring/media-upload.routes.js';
import { quizBankRoutes } from './authoring/quiz-bank.routes.js';
import { MediaStore } from './media/media-store.js';
import { mediaRoutes } from './media/media.routes.js';
import { packagesRoutes } from './packages/packages.routes.js';
import { lessonsRoutes } from './lessons/lessons.routes.js';
import { progressRoutes } from './progress/progress.routes.js';
import { classesRoutes } from './classes/classes.routes.js';
import { tokensRoutes } from './tokens/tokens.routes.js';
import { learnersRoutes } from './learners/learners.routes.js';
import { apiTokenAccess } from './tokens/tokens.service.js';
import { createProgressWriter } from './progress/progress.service.js';
import { integrationEventJob, integrationEventKind } from './integrations/integrations.service.js';
import { type OutboundNetwork, systemNetwork, webhookDeliveryJob, webhookDeliveryKind, type WebhookSettings } from './webhooks/webhooks.service.js';
import { webhooksRoutes } from './webhooks/webhooks.routes.js';
import { xapiStatementsJob, xapiStatementsKind } from './xapi/xapi.service.js';


export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  clock: Clock;
  /** Defaults to the sender SMS_SENDER selects. */
  messageSender?: MessageSender;
  logger?: FastifyServerOptions['logger'];
  /** Where the log goes when `logger` is not given (default: standard output); tests read it. */
  logStream?: LogStream;
  draining?: Draining;
  /** Where webhooks resolve names and connect; tests point names at their in-process receivers. */
  outboundNetwork?: OutboundNetwork;
  /** Outbound HTTP to identity providers; defaults to fetch with a timeout. */
  oidcFetch?: OidcFetch;
  /** The certificate keys, when already opened (tests that build an app on a database that is down). */
  signer?: CertificateSigner;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The job runner: main.ts starts it, closing the app stops it; tests wait on it until queued work is done. */
    jobs: JobRunner;
  }
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v));
  return false;
}

export type { App };


export async function buildApp(deps: AppDeps): Promise<App> {
  const { config } = deps;
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(config.logLevel, deps.logStream),
    // The proxy's X-Request-Id when it is a safe token, otherwise a new one; every log line of the request carries it.
    genReqId: requestIdOf,
    trustProxy: config.trustProxy ? [...config.trustProxy] : false,
    bodyLimit: 100 * 1024,
    // One access line per request (route pattern, status, duration, user id), not Fastify's lines with the raw URL.
    logController: new AccessLog(),
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Addresses the router cannot read (broken percent-encoding, a parameter past maxParamLength) are bad input
    // like any other: the usual error body in the asker's language, not Fastify's, which echoes the address.
    frameworkErrors: (error, request, reply) => {
      request.language = languageFromAcceptLanguage(request.headers['accept-language']);
      handleError(error, request, reply);
    },
    ajv: { customOptions: { allErrors: true, removeAdditional: true, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Made once and handed to the features that use them; each feature's routes take only what they need.
  const db = deps.database.db;
  const clock = deps.clock;
  const lessons = new PublishedLessonCache(deps.clock);
  const courses = new PublishedCourseCache(deps.clock);
  lessons.alsoForget(() => courses.forget());
  const store = new MediaStore(config.mediaDir);
  const signer = deps.signer ?? (await openSigner(db, config, clock.now()));
  // Another process (or `hoctap keys rotate`) may add a key: each process re-reads them every minute.
  const keysRefresh = setInterval(() => void signer.reload?.().catch((error: unknown) => app.log.warn({ err: error }, 'signing keys not re-read')), signingKeysRefreshMs);
  keysRefresh.unref();
  app.addHook('onClose', () => clearInterval(keysRefresh));

  const messageSender = deps.messageSender ?? messageSenderFromConfig(config, app.log);
  const webhooks: WebhookSettings = {
    rules: { allowedHosts: config.webhookAllowedHosts, allowHttp: config.webhookAllowHttp },
    network: deps.outboundNetwork ?? systemNetwork,
    timeoutMs: config.webhookTimeoutMs,
  };
  const xapi = config.xapi ? { ...config.xapi, origin: publicOrigin(config), timeoutMs: config.webhookTimeoutMs } : null;
  const jobs = new JobRunner({
    db,
    clock,
    handlers: {
      [textMessageJob]: textMessageHandler(messageSender),
      [weeklyReportJob]: weeklyReportHandler(db, clock, { smallGroupMin: config.smallGroupMin, textMessages: config.reportTextMessages, origin: publicOrigin(config) }),
      [integrationEventJob]: integrationEventKind({ db, clock, xapi }),
      [webhookDeliveryJob]: webhookDeliveryKind({ db, clock, settings: webhooks }),
      ...(xapi ? { [xapiStatementsJob]: xapiStatementsKind(xapi) } : {}),
    },
    onError: (error, job) => app.log.error({ err: error, job }, 'background job failed'),
  });
  app.setErrorHandler(handleError);
  installRequestIdHeader(app);
  // The API speaks JSON only: other bodies get 415, and NUL characters (which PostgreSQL cannot store) get 400.
  app.removeAllContentTypeParsers();
  // secure-json-parse keeps the prototype-poisoning protection Fastify's own parser has.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    let value: unknown;
    const text = body as string;
    try {
      value = text === '' ? undefined : JSON.parse(text);
    } catch {
      return done(new AppError('invalid_json', 400), undefined);
    }
    try {
      if (value && typeof value === 'object') secureJson.scan(value, { protoAction: 'error', constructorAction: 'error' });
    } catch {
      return done(new AppError('invalid_input', 400), undefined);
    }
    if (text.includes('\\u0000') && containsNul(value)) done(new AppError('invalid_input', 400), undefined);
    else done(null, value);
  });
  app.setNotFoundHandler((request) => {
    throw new AppError('route_not_found', 404);
  });

  await app.register(swagger, { openapi: openApiDefinition });
  await app.register(fastifyStatic, { root: config.webRoot, serve: false, preCompressed: true });
  // Before the routes: the plugin hooks every route registered after it.
  await registerCompression(app);

  // Before the policy check: Swagger UI's routes cannot declare their policy themselves (see openapi.routes.ts).
  app.addHook('onRoute', publicApiReference);
  requirePolicies(app);
  // http/ sits below the core: the hook and the policy get grants and units through these.
  const lookups: AccessLookups = {
    grantsOfUser: (userId) => viewerGrantsOf(db, userId),
    unitByCode: (code) => findUnitByCode(db, code),
    apiTokens: apiTokenAccess(db),
  };
  const draining = deps.draining ?? { active: false };
  // Before the request hooks: an overloaded process refuses before it looks up a session or touches the database.
  await registerOverloadProtection(app, config.overload);
  limitPasswordHashing({ concurrency: config.hashConcurrency, maxWaiting: config.hashQueueMax, retryAfterSeconds: 5 });
  installRequestHooks(app, { db, clock, config, draining, lookups });
  // Certificates are drawn on a worker thread: a PDF is tens of milliseconds of CPU no other request should wait for.
  const renderer = createCertificateRenderer({ maxWaiting: config.pdfQueueMax });
  app.addHook('onClose', () => renderer.close());
  const metrics = createMetrics({
    engine: deps.database.engine,
    clock,
    poolUsage: () => deps.database.poolUsage(),
    jobQueue: (now) => jobQueueDepth(db, now),
    certificateRendersPending: () => renderer.pending(),
    rollupsLastWrittenAt,
  });
  app.addHook('onResponse', metrics.observeResponse);

  // Each feature is a plugin given only what it uses. Hooks and decorators above are the root's, so every plugin inherits them.
  await app.register(healthRoutes, { database: deps.database, clock, draining });
  await app.register(metricsRoutes, { metrics });
  await app.register(authRoutes, { db, clock, config, jobs });
  await app.register(oidcRoutes, { db, clock, config, jobs, providers: new OidcProviders(config.oidcProviders, clock, deps.oidcFetch) });
  await app.register(meRoutes, { db, clock, config, jobs });
  await app.register(privacyRoutes, { db, clock, config, jobs });
  await app.register(cardsRoutes, { db, clock, config });
  await app.register(unitsRoutes, { db, clock });
  await app.register(hamletsRoutes, { db, clock });
  await app.register(organisationsRoutes, { db, clock });
  await app.register(grantsRoutes, { db, clock });
  await app.register(usersRoutes, { db, clock });
  await app.register(auditRoutes, { db, clock });
  await app.register(peopleRoutes, { db, clock, jobs });
  await app.register(competencesRoutes);
  await app.register(coursesRoutes, { db, courses });
  await app.register(lessonsRoutes, { db, lessons });
  // SQLite: one connection, one lane. PostgreSQL: a lane per core (more only adds switching; measured with
  // npm run bench), never more than the pool minus room for reads.
  const lanes = deps.database.engine === 'postgres' ? Math.max(1, Math.min(config.databasePoolSize - 2, availableParallelism())) : 1;
  const writer = createProgressWriter(db, signer, lanes, config.xapi !== null, metrics.groupCommit);
  // In-flight requests finish before close; their events must reach the disk before the database closes.
  app.addHook('onClose', () => writer.drain());
  await app.register(progressRoutes, { db, clock, lessons, writer });
  await app.register(classesRoutes, { db, clock, lessons, writer });
  await app.register(authoringRoutes, { db, clock, lessons });
  await app.register(quizzesRoutes, { db, clock, signer });
  // Issue 15, area B: what a phone downloads to learn a course without the network.
  await app.register(savedRoutes, { db, lessons, store });
  await app.register(quizBankRoutes, { db, clock });
  await app.register(dashboardRoutes, { db, clock, smallGroupMin: config.smallGroupMin });
  await app.register(membersRoutes, { db, clock });
  await app.register(assistedRoutes, { db, clock, jobs });
  await app.register(learnersRoutes, { db, clock });
  await app.register(campaignsRoutes, { db, clock, smallGroupMin: config.smallGroupMin });
  await app.register(reportsRoutes, { db, clock });
  await app.register(requestsRoutes, { db, clock });
  await app.register(reviewRoutes, { db, clock });
  await app.register(certificatesRoutes, { db, clock, config, signer, renderer });
  await app.register(mediaUploadRoutes, { db, store, config, clock });
  await app.register(mediaRoutes, { store });
  await app.register(packagesRoutes, { db, store, config, clock });
  await app.register(webhooksRoutes, { db, clock, jobs, webhooks });
  await app.register(tokensRoutes, { db, clock });
  await app.register(teamsRoutes, { db, clock });
  await app.register(eventTasksRoutes, { db, clock });
  await app.register(newsRoutes, { db, clock });
  await app.register(eventsRoutes, { db, clock });
  await app.register(launchRoutes, { db, clock, config, lessons });
  await app.register(checkinRoutes, { db, clock, jobs });
  await app.register(invitationsRoutes, { db, clock, config, jobs });
  await app.register(openApiRoutes);
  await app.register(appLinksRoutes, { config });
  // Public pages that others share as links (events, news) get their own title and preview image.
  await app.register(pwaRoutes, { config, previews: [eventPagePreview(db), newsPagePreview(db, () => clock.now())] });
  // Built, not started: only the serving process runs jobs (main.ts starts the runner). A job still running at close finishes first.
  app.decorate('jobs', jobs);
  app.addHook('onClose', () => jobs.stop());
  return app;
}
