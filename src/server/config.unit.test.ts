import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, publicOrigin } from './config.js';

/** The variables a configuration is refused for, in the order they are reported; none when it loads. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems.map((p) => p.variable);
  }
}

describe('configuration', () => {
  it('defaults to SQLite under ./data on 127.0.0.1:3000 with demo data', () => {
    const config = loadConfig({}, '/srv/hoctap');
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, dataDir: '/srv/hoctap/data', databaseUrl: null, demo: true, trustProxy: false });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('selects PostgreSQL from DATABASE_URL and reads the rest', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://hoctap:secret@db:5432/hoctap',
      DEMO: '0',
      PUBLIC_URL: 'https://hoctap.angiang.gov.vn/',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      ALLOWED_ORIGINS: 'https://superapp.angiang.gov.vn',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://hoctap:secret@db:5432/hoctap',
      demo: false,
      publicUrl: 'https://hoctap.angiang.gov.vn',
      trustProxy: ['10.0.0.0/8', '127.0.0.1'],
      allowedOrigins: ['https://superapp.angiang.gov.vn'],
    });
  });

  it.each([
    [{ PUBLIC_URL: 'https://hoctap.angiang.gov.vn/' }, 'https://hoctap.angiang.gov.vn'],
    [{}, 'http://127.0.0.1:3000'],
    [{ HOST: '10.1.2.3', PORT: '8080' }, 'http://10.1.2.3:8080'],
    [{ HOST: '::1', PORT: '8080' }, 'http://[::1]:8080'],
  ])('builds outgoing links on PUBLIC_URL, else on the listening address (%o)', (env, origin) => {
    expect(publicOrigin(loadConfig(env))).toBe(origin);
  });

  it('reports every wrong variable at once', () => {
    try {
      loadConfig({ PORT: '70000', SMS_SENDER: 'http', TRUST_PROXY: 'everyone', SESSION_IDLE_MINUTES: '-5' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual(['SMS_HTTP_URL', 'PORT', 'TRUST_PROXY', 'SESSION_IDLE_MINUTES']);
    }
  });

  it('reads the overload limits and queue sizes, and names wrong ones', () => {
    expect(loadConfig({})).toMatchObject({ overload: { maxEventLoopDelayMs: 200, maxEventLoopUtilization: 1, maxHeapBytes: null }, hashQueueMax: 200, pdfQueueMax: 50 });
    expect(loadConfig({}).hashConcurrency).toBeGreaterThanOrEqual(1);
    const config = loadConfig({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '50', OVERLOAD_MAX_EVENT_LOOP_UTILIZATION_PERCENT: '95', OVERLOAD_MAX_HEAP_MB: '1536', HASH_CONCURRENCY: '2', HASH_QUEUE_MAX: '500', PDF_QUEUE_MAX: '10' });
    expect(config).toMatchObject({ overload: { maxEventLoopDelayMs: 50, maxEventLoopUtilization: 0.95, maxHeapBytes: 1536 * 1024 * 1024 }, hashConcurrency: 2, hashQueueMax: 500, pdfQueueMax: 10 });
    expect(problems({ OVERLOAD_MAX_EVENT_LOOP_UTILIZATION_PERCENT: '101', OVERLOAD_MAX_HEAP_MB: '0', HASH_QUEUE_MAX: 'many', PDF_QUEUE_MAX: '-1' })).toEqual([
      'OVERLOAD_MAX_EVENT_LOOP_UTILIZATION_PERCENT',
      'OVERLOAD_MAX_HEAP_MB',
      'HASH_QUEUE_MAX',
      'PDF_QUEUE_MAX',
    ]);
  });

  it('reads the origins that may frame the PWA, exactly as browsers send them', () => {
    expect(loadConfig({}).embedAllowedOrigins).toEqual([]);
    const config = loadConfig({ EMBED_ALLOWED_ORIGINS: 'https://superapp.angiang.gov.vn/, http://localhost:5173', PUBLIC_URL: 'https://hoctap.angiang.gov.vn' });
    expect(config.embedAllowedOrigins).toEqual(['https://superapp.angiang.gov.vn', 'http://localhost:5173']);
  });

  it.each([
    ['a wildcard', '*'],
    ['a path', 'https://superapp.angiang.gov.vn/mini-apps'],
    ['a CSP keyword', "'none'"],
    ['a smuggled directive', 'https://superapp.angiang.gov.vn; script-src *'],
    ['a scheme that is not http', 'ftp://superapp.angiang.gov.vn'],
    ['a query', 'https://superapp.angiang.gov.vn?x=1'],
    ['nothing but commas', ','],
  ])('refuses %s in EMBED_ALLOWED_ORIGINS', (_why, value) => {
    expect(() => loadConfig({ EMBED_ALLOWED_ORIGINS: value })).toThrow(ConfigError);
  });

  it('refuses embedding on a public address that is plain http (the framed cookie must be Secure), except on this machine', () => {
    expect(() => loadConfig({ EMBED_ALLOWED_ORIGINS: 'https://superapp.angiang.gov.vn', PUBLIC_URL: 'http://hoctap.angiang.gov.vn' })).toThrow(ConfigError);
    expect(loadConfig({ EMBED_ALLOWED_ORIGINS: 'http://localhost:8080', PUBLIC_URL: 'http://127.0.0.1:3000' }).embedAllowedOrigins).toHaveLength(1);
  });

  it('reads the app link settings, and wants the Android package and fingerprints together', () => {
    const fingerprint = 'AB:'.repeat(31) + 'CD';
    const config = loadConfig({ ANDROID_APP_PACKAGE: 'vn.gov.angiang.smartangiang', ANDROID_APP_SHA256_FINGERPRINTS: fingerprint.toLowerCase(), IOS_APP_IDS: 'ABCDE12345.vn.gov.angiang.smartangiang' });
    expect(config.androidApp).toEqual({ packageName: 'vn.gov.angiang.smartangiang', sha256Fingerprints: [fingerprint] });
    expect(config.iosAppIds).toEqual(['ABCDE12345.vn.gov.angiang.smartangiang']);
    expect(loadConfig({})).toMatchObject({ androidApp: null, iosAppIds: [] });
    expect(problems({ ANDROID_APP_PACKAGE: 'vn.gov.angiang.smartangiang' })).toEqual(['ANDROID_APP_SHA256_FINGERPRINTS']);
    expect(problems({ ANDROID_APP_SHA256_FINGERPRINTS: fingerprint })).toEqual(['ANDROID_APP_PACKAGE']);
    expect(problems({ ANDROID_APP_PACKAGE: 'smartangiang', ANDROID_APP_SHA256_FINGERPRINTS: 'AB:CD' })).toEqual(['ANDROID_APP_PACKAGE', 'ANDROID_APP_SHA256_FINGERPRINTS']);
    expect(problems({ IOS_APP_IDS: 'vn.gov.angiang.smartangiang' })).toEqual(['IOS_APP_IDS']);
  });

  it('reads identity providers from OIDC_PROVIDERS and OIDC_<ID>_*', () => {
    const config = loadConfig({
      OIDC_PROVIDERS: 'smartangiang, VNeID',
      OIDC_SMARTANGIANG_ISSUER: 'https://id.smartangiang.vn',
      OIDC_SMARTANGIANG_CLIENT_ID: 'hoctap',
      OIDC_SMARTANGIANG_CLIENT_SECRET: 's3cret',
      OIDC_SMARTANGIANG_NAME: 'SmartAnGiang',
      OIDC_VNEID_ISSUER: 'https://sso.vneid.gov.vn/realms/citizen',
      OIDC_VNEID_CLIENT_ID: 'hoctap-ag',
      OIDC_VNEID_CLIENT_SECRET: 'other',
      OIDC_VNEID_NAME: 'VNeID',
      OIDC_VNEID_SCOPES: 'openid phone',
    });
    expect(config.oidcProviders).toEqual([
      { id: 'smartangiang', issuer: 'https://id.smartangiang.vn', clientId: 'hoctap', clientSecret: 's3cret', scopes: ['openid', 'profile', 'phone'], name: 'SmartAnGiang' },
      { id: 'vneid', issuer: 'https://sso.vneid.gov.vn/realms/citizen', clientId: 'hoctap-ag', clientSecret: 'other', scopes: ['openid', 'phone'], name: 'VNeID' },
    ]);
    expect(loadConfig({}).oidcProviders).toEqual([]);
  });

  it('names every wrong identity provider variable, and allows http only for an issuer on this machine', () => {
    expect(problems({ OIDC_PROVIDERS: 'smart angiang' })).toEqual(['OIDC_PROVIDERS']);
    expect(problems({ OIDC_PROVIDERS: 'a,a' })).toEqual(['OIDC_PROVIDERS']);
    expect(problems({ OIDC_PROVIDERS: 'sag', OIDC_SAG_ISSUER: 'http://id.example.vn', OIDC_SAG_SCOPES: 'profile phone' })).toEqual([
      'OIDC_SAG_ISSUER',
      'OIDC_SAG_SCOPES',
      'OIDC_SAG_CLIENT_ID',
      'OIDC_SAG_CLIENT_SECRET',
      'OIDC_SAG_NAME',
    ]);
    const local = { OIDC_PROVIDERS: 'dev', OIDC_DEV_CLIENT_ID: 'c', OIDC_DEV_CLIENT_SECRET: 's', OIDC_DEV_NAME: 'Dev' };
    expect(problems({ ...local, OIDC_DEV_ISSUER: 'http://127.0.0.1:4000' })).toEqual([]);
    expect(problems({ ...local, OIDC_DEV_ISSUER: 'https://id.example.vn/?x=1' })).toEqual(['OIDC_DEV_ISSUER']);
  });

  it('serves metrics only with a token of 16 characters or more, the cluster\'s on 127.0.0.1:9464 unless told', () => {
    expect(loadConfig({})).toMatchObject({ metricsToken: null, metricsHost: '127.0.0.1', metricsPort: 9464 });
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(16), METRICS_HOST: '10.0.0.5', METRICS_PORT: '9100' })).toMatchObject({ metricsToken: 'a'.repeat(16), metricsHost: '10.0.0.5', metricsPort: 9100 });
    expect(problems({ METRICS_TOKEN: 'a'.repeat(15) })).toEqual(['METRICS_TOKEN']);
    expect(problems({ METRICS_TOKEN: 'has a space in it ok', METRICS_PORT: '70000' })).toEqual(['METRICS_TOKEN', 'METRICS_PORT']);
  });
});
