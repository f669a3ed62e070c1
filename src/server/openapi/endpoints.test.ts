import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/databases.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { type DeclaredRoute, declaredRoutes } from '../http/policies.js';
import { type Endpoint, endpoints } from './endpoints.schema.js';

/**
 * The PWA's types come from `endpoints`; this holds the map to the routes the app
 * really registers, schema object by schema object, so that it cannot drift.
 */
describe.each(engines)('the endpoint map the PWA is typed from, on %s', (engine) => {
  let t: TestApp;
  let routes: Map<string, DeclaredRoute>;
  beforeAll(async () => {
    t = await buildTestApp(engine, {}, { startJobs: false });
    routes = new Map(declaredRoutes(t.app).map((route) => [`${route.method} ${route.url}`, route]));
  });
  afterAll(() => t?.close());

  const entries = Object.entries(endpoints) as [string, Endpoint][];

  it.each(entries)('%s is a route with the same schemas', (key, endpoint) => {
    const route = routes.get(key);
    expect(route, `${key} is not a registered route`).toBeDefined();
    const schema = route!.schema as { body?: unknown; querystring?: unknown; response?: Record<string, unknown> };
    const declaredSuccess = Object.keys(schema.response ?? {}).filter((status) => status.startsWith('2'));
    expect(declaredSuccess).toEqual([String(endpoint.status)]);
    if (endpoint.status === 204) expect(endpoint.response).toBeUndefined();
    else expect(schema.response?.[endpoint.status]).toBe(endpoint.response);
    // Uploads take raw bytes; their routes declare no JSON body.
    expect(schema.body).toBe(endpoint.upload ? undefined : endpoint.body);
    expect(schema.querystring).toBe(endpoint.query);
  });
});
