import type { App } from '../app.js';
import { allow } from '../http/policies.js';

export function openApiRoutes(app: App): void {
  app.get('/api/openapi.json', { config: { policy: allow.anyone }, schema: { hide: true } }, async () => app.swagger());
}
