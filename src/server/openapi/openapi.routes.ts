import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';

export async function openApiRoutes(app: App): Promise<void> {
  app.get('/api/openapi.json', { config: { policy: allow.anyone }, schema: { hide: true } }, async () => app.swagger());
}
