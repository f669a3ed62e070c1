import { sql } from 'kysely';
import Type from 'typebox';
import type { App, FeatureDeps } from '../app.js';
import { allow } from '../http/policies.js';

const Health = Type.Object({
  status: Type.Enum(['ok', 'unavailable']),
  engine: Type.Enum(['sqlite', 'postgres']),
  database: Type.Enum(['ok', 'unreachable']),
  time: Type.String({ format: 'date-time' }),
});

export function healthRoutes(app: App, deps: FeatureDeps): void {
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
        request.log.error({ err: error }, 'health check: database unreachable');
        return reply.status(503).send({ status: 'unavailable' as const, engine: deps.database.engine, database: 'unreachable' as const, time });
      }
    },
  );
}
