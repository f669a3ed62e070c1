import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';

export function openApiRoutes(app: App): void {
  app.get('/api/openapi.json', { config: { policy: allow.anyone }, schema: { hide: true } }, async () => app.swagger());
}
