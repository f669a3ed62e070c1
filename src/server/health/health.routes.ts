import { sql } from 'kysely';
import Type from 'typebox';
import type { FeatureDeps } from '../app.js';
import type { App } from '../http/app-type.js';
import { isDatabaseUnavailable } from '../db/connect.js';
import { databaseRetryAfterSeconds } from '../errors.js';
import { allow } from '../http/policies.js';

const Health = Type.Object({
  status: Type.Enum(['ok', 'unavailable']),
  engine: Type.Enum(['sqlite', 'postgres']),
  database: Type.Enum(['ok', 'unreachable']),
  time: Type.String({ format: 'date-time' }),
});

export function healthRoutes(app: App, deps: FeatureDeps): void {
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
      schema: { tags: ['health'], summary: 'Liveness for load balancers: the engine in use and a database round trip', response: { 200: Health, 503: Health } },
    },
    async (request, reply) => {
      const time = new Date(deps.clock.now()).toISOString();
      try {
        await sql`select 1`.execute(deps.db);
        return { status: 'ok' as const, engine: deps.database.engine, database: 'ok' as const, time };
      } catch (error) {
        if (!isDatabaseUnavailable(error)) request.log.error({ err: error }, 'health check: database unreachable');
        return reply
          .status(503)
          .header('retry-after', String(databaseRetryAfterSeconds))
          .send({ status: 'unavailable' as const, engine: deps.database.engine, database: 'unreachable' as const, time });
      }
    },
  );
}
