import type { Clock } from '../clock.js';
import type { DatabaseHandle } from '../db/connect.js';
import { databaseRetryAfterSeconds } from '../errors.js';
import type { App } from '../http/app-type.js';
import type { Draining } from '../http/hooks.js';
import { allow } from '../http/policies.js';
import { Health, Liveness, Readiness } from './health.schema.js';
import { checkHealth, checkReadiness } from './health.service.js';

export async function healthRoutes(app: App, deps: { database: DatabaseHandle; clock: Clock; draining: Draining }): Promise<void> {
  // The operator hears of a database outage here, once when it starts and once when it ends, rather than
  // from every failed request and every probe of the load balancer.
  const stopWatching = deps.database.onConnectionChange((change) => {
    if (change.state === 'lost') app.log.error({ err: change.error }, 'database connection lost: requests get 503 until it is back');
    else app.log.info('database connection restored');
  });
  app.addHook('onClose', async () => stopWatching());

  app.get(
    '/api/health',
    {
      config: { policy: allow.anyone },
      schema: {
        tags: ['health'],
        summary: 'Liveness for load balancers: the engine in use and a database round trip',
        description: 'Public, never cached by a session. 200 when the database answers; 503 with Retry-After and database "unreachable" while it does not, so that a load balancer takes the instance out and puts it back by itself.',
        response: { 200: Health, 503: Health },
      },
    },
    async (request, reply) => {
      const { health, failure } = await checkHealth(deps);
      if (health.status === 'ok') return health;
      if (failure) request.log.error({ err: failure }, 'health check: database unreachable');
      return reply.status(503).header('retry-after', String(databaseRetryAfterSeconds)).send(health);
    },
  );
  // For container orchestrators (Kubernetes probes) and load balancers that tell the two apart: live restarts a
  // process that no longer answers, ready takes an instance out of rotation while it cannot serve.
  app.get(
    '/api/health/live',
    {
      config: { policy: allow.anyone, probe: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness probe: the process answers',
        description: 'Public, never cached. Always 200 while the process runs, also while it drains; it reads neither the database nor a session, so that a database outage never gets the process restarted.',
        response: { 200: Liveness },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { status: 'ok' as const, time: new Date(deps.clock.now()).toISOString() };
    },
  );

  app.get(
    '/api/health/ready',
    {
      config: { policy: allow.anyone, probe: true },
      schema: {
        tags: ['health'],
        summary: 'Readiness probe: the instance can serve',
        description: 'Public, never cached. 200 when the database answers, has every migration of this build and the process is not shutting down; otherwise 503 with Retry-After and the reason (draining, database_unreachable, migrations_pending), so that a load balancer sends no traffic until it is ready.',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { readiness, failure } = await checkReadiness(deps);
      if (readiness.status === 'ready') return readiness;
      if (failure) request.log.error({ err: failure }, 'readiness check: database unreachable');
      return reply.status(503).header('retry-after', String(databaseRetryAfterSeconds)).send(readiness);
    },
  );
}
