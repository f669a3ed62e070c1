import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import type { Metrics } from './metrics.service.js';

export async function metricsRoutes(app: App, deps: { metrics: Metrics }): Promise<void> {
  // For the operator's Prometheus, not for the public API: the token is checked by the request hook (allow.metricsToken).
  app.get('/metrics', { config: { policy: allow.metricsToken }, schema: { hide: true } }, async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
}
