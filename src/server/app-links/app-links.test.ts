import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

const fingerprint = '14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5';

describe.each(engines)('app link association files on %s', (engine) => {
  let configured: TestApp;
  let bare: TestApp;
  beforeAll(async () => {
    configured = await buildTestApp(engine, {
      ANDROID_APP_PACKAGE: 'vn.gov.angiang.smartangiang',
      // Lower case and spaces are how fingerprints get pasted; the file carries them as Android prints them.
      ANDROID_APP_SHA256_FINGERPRINTS: ` ${fingerprint.toLowerCase()} `,
      IOS_APP_IDS: 'ABCDE12345.vn.gov.angiang.smartangiang,ABCDE12345.vn.gov.angiang.hoctap',
    });
    bare = await buildTestApp(engine);
  });
  afterAll(async () => {
    await configured?.close();
    await bare?.close();
  });

  it('serves assetlinks.json for the configured Android app, as JSON, with no redirect', async () => {
    const response = await anonymous(configured).get('/.well-known/assetlinks.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers.location).toBeUndefined();
    expect(response.json()).toEqual([
      {
        relation: ['delegate_permission/common.handle_all_urls'],
        target: { namespace: 'android_app', package_name: 'vn.gov.angiang.smartangiang', sha256_cert_fingerprints: [fingerprint] },
      },
    ]);
  });

  it('serves apple-app-site-association for the configured iOS apps: pages open in the app, the API stays on the web', async () => {
    const response = await anonymous(configured).get('/.well-known/apple-app-site-association');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const details = response.json().applinks.details;
    expect(details).toHaveLength(1);
    expect(details[0].appIDs).toEqual(['ABCDE12345.vn.gov.angiang.smartangiang', 'ABCDE12345.vn.gov.angiang.hoctap']);
    expect(details[0].components.at(-1)).toEqual({ '/': '/*' });
    expect(details[0].components).toContainEqual(expect.objectContaining({ '/': '/api/*', exclude: true }));
  });

  it.each(['/.well-known/assetlinks.json', '/.well-known/apple-app-site-association'])('answers %s with 404 when no app is configured', async (url) => {
    const response = await anonymous(bare).get(url);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('route_not_found');
  });

  it('lists both files in the API description with an example', async () => {
    const document = (await anonymous(bare).get('/api/openapi.json')).json();
    for (const file of ['/.well-known/assetlinks.json', '/.well-known/apple-app-site-association']) {
      const operation = document.paths[file].get;
      expect(operation.description.length).toBeGreaterThan(40);
      // @fastify/swagger moves the schema's first example to the media type.
      expect(operation.responses['200'].content['application/json'].example).toBeDefined();
    }
  });
});
