import type { Clock } from '../clock.js';
import type { DatabaseHandle } from '../db/connect.js';
import { databaseRetryAfterSeconds } from '../errors.js';
import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { Health } from './health.schema.js';
import { checkHealth } from './health.service.js';

export async function healthRoutes(app: App, deps: { database: DatabaseHandle; clock: Clock }): Promise<void> {
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
}
