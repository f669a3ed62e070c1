/**
 * The service worker's kill switch: with PWA_KILL_SWITCH=1 the server answers /sw.js with a worker that removes
 * itself and the site's caches from the phone, instead of the built one; without it, the built worker is served.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

function webRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'hoctap-pwa-web-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app shell</title>');
  writeFileSync(path.join(root, 'sw.js'), 'self.__built = true;');
  return root;
}

describe.each(engines)('the service worker kill switch on %s', (engine) => {
  let normal: TestApp;
  let killed: TestApp;
  beforeAll(async () => {
    const WEB_ROOT = webRoot();
    normal = await buildTestApp(engine, { WEB_ROOT });
    killed = await buildTestApp(engine, { WEB_ROOT, PWA_KILL_SWITCH: '1' });
  });
  afterAll(async () => {
    await normal?.close();
    await killed?.close();
  });

  it('serves the built worker normally', async () => {
    const response = await anonymous(normal).get('/sw.js');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('self.__built = true;');
  });

  it('serves a self-removing worker, never cached, when PWA_KILL_SWITCH=1', async () => {
    const response = await anonymous(killed).get('/sw.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('javascript');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).not.toContain('__built');
    expect(response.body).toContain('self.registration.unregister()');
    expect(response.body).toContain('caches.delete(name)');
    // The rest of the app is served as before.
    expect((await anonymous(killed).get('/courses')).body).toContain('app shell');
  });
});
