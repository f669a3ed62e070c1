import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, publicOrigin } from './config.js';

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
});
