import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signedInWith } from '../../../test/actors.js';
import { createTestDatabase, engines } from '../../../test/databases.js';
import { buildCourse, nationalForm, nextPhone, testPassword } from '../../../test/factories.js';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { freePort, startServer } from '../../../test/server-process.js';
import { buildTestApp, TestClock, type TestApp } from '../../../test/test-app.js';
import { buildApp } from '../app.js';
import { openSigner } from '../certificates/signing-keys.js';
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/connect.js';
import { enqueueJob } from '../jobs/jobs.queries.js';

const token = 'metrics-secret-0123456789';
const bearer = { authorization: `Bearer ${token}` };

/** The value of one sample of the exposition text, or undefined; `labels` must match exactly and in order. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Every series name the text exposes: each metric's name and, for histograms and summaries, their parts. */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram') for (const part of ['_bucket', '_count', '_sum']) names.add(name! + part);
    if (type === 'summary') for (const part of ['_count', '_sum']) names.add(name! + part);
  }
  return names;
}

describe.each(engines)('metrics on %s', (engine) => {
  let t: TestApp;
  let text: string;
  let registeredAfter: number;
  beforeAll(async () => {
    // Jobs stay queued (nothing runs them), so that the queue's depth is what this test put there.
    t = await buildTestApp(engine, { METRICS_TOKEN: token }, { startJobs: false });
    for (const kind of ['text_message', 'text_message', 'webhook_delivery']) await enqueueJob(t.db, { kind, payload: {}, userId: null, now: t.clock.now() });
    t.clock.advance(90_000);

    const course = await buildCourse(t.db);
    const learner = await signedInWith(t);
    for (let i = 0; i < 3; i++) expect((await learner.get(`/api/lessons/${course.lessonIds[0]}`)).statusCode).toBe(200);
    expect((await anonymous(t).get('/api/lessons/123')).statusCode).toBe(401);
    expect((await anonymous(t).get('/api/no-such-thing/0912345678')).statusCode).toBe(404);
    expect((await anonymous(t).delete('/api/no-such-thing/0912345678')).statusCode).toBe(404);
    expect((await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date(t.clock.now()).toISOString() })).statusCode).toBe(200);
    registeredAfter = Date.now();
    const phone = nextPhone();
    expect((await anonymous(t).post('/api/auth/register', { phone: nationalForm(phone), password: testPassword, fullName: 'Người Đo Đếm', birthYear: 1990, unitCode: '30307', consent: true })).statusCode).toBe(201);
    // Neither probes nor scrapes are counted.
    await anonymous(t).get('/api/health/live');
    await anonymous(t).get('/api/health/ready');
    await anonymous(t).get('/api/health');
    await anonymous(t).get('/metrics', bearer);

    const response = await anonymous(t).get('/metrics', bearer);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers['cache-control']).toBe('no-store');
    text = response.body;
  }, 60_000);
  afterAll(() => t.close());

  it('refuses without the token or with a wrong one (401), and a session does not stand in for it', async () => {
    const learner = await signedInWith(t);
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-secret-0123456789' }, { authorization: `Bearer ${token}x` }, { authorization: token }, { authorization: `Basic ${token}` }];
    for (const headers of attempts) {
      const response = await learner.get('/metrics', headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.body).not.toContain('hoctap_');
    }
  });

  it('counts requests by method, route pattern and status class, never by the address as sent', () => {
    expect(sample(text, 'hoctap_http_request_duration_seconds_count', 'method="GET",route="/api/lessons/:id",status_class="2xx"')).toBe(3);
    expect(sample(text, 'hoctap_http_request_duration_seconds_count', 'method="GET",route="/api/lessons/:id",status_class="4xx"')).toBe(1);
    expect(sample(text, 'hoctap_http_request_duration_seconds_bucket', 'le="+Inf",method="GET",route="/api/lessons/:id",status_class="2xx"')).toBe(3);
    expect(sample(text, 'hoctap_http_request_duration_seconds_count', 'method="POST",route="/api/progress",status_class="2xx"')).toBe(1);
    // Unknown addresses: GETs fall to the PWA's catch-all, anything else to no route at all.
    expect(sample(text, 'hoctap_http_request_duration_seconds_count', 'method="GET",route="/*",status_class="4xx"')).toBe(1);
    expect(sample(text, 'hoctap_http_request_duration_seconds_count', 'method="DELETE",route="unmatched",status_class="4xx"')).toBe(1);
    // No ids, phones or query strings in any label.
    const labels = [...text.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).join('\n');
    expect(labels).not.toMatch(/\/api\/lessons\/\d/);
    expect(labels).not.toMatch(/\d{9,}/);
    expect(text).not.toMatch(/route="[^"]*(\?|\/health|\/metrics)/);
  });

  it('keeps the default Node metrics, the event-loop lag among them, and says what runs', () => {
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(new RegExp(`^hoctap_build_info\\{version="\\d+\\.\\d+\\.\\d+",engine="${engine}",node="[\\d.]+"\\} 1$`, 'm'));
  });

  it('reports the database pool', () => {
    const max = sample(text, 'hoctap_db_pool_max_connections');
    // test/databases.ts opens PostgreSQL with a pool of 5.
    expect(max).toBe(engine === 'postgres' ? 5 : 1);
    const open = sample(text, 'hoctap_db_pool_connections')!;
    expect(open).toBeGreaterThanOrEqual(1);
    expect(open).toBeLessThanOrEqual(max!);
    expect(sample(text, 'hoctap_db_pool_idle_connections')).toBeLessThanOrEqual(open);
    expect(sample(text, 'hoctap_db_pool_waiting_queries')).toBe(0);
  });

  it('reports group-commit batches and the wait for them', () => {
    expect(sample(text, 'hoctap_group_commit_batch_size_count')).toBe(1);
    expect(sample(text, 'hoctap_group_commit_batch_size_sum')).toBe(1);
    expect(sample(text, 'hoctap_group_commit_wait_seconds_count')).toBe(1);
  });

  it('reports the job queue by kind, with the age of its oldest due job', () => {
    expect(sample(text, 'hoctap_jobs_pending', 'kind="text_message"')).toBe(2);
    expect(sample(text, 'hoctap_jobs_pending', 'kind="webhook_delivery"')).toBe(1);
    expect(sample(text, 'hoctap_jobs_oldest_due_age_seconds', 'kind="text_message"')).toBe(90);
  });

  it('reports the certificate renderer queue and when the rollups last moved', () => {
    expect(sample(text, 'hoctap_certificate_renders_pending')).toBe(0);
    const rollups = sample(text, 'hoctap_rollups_last_update_timestamp_seconds')!;
    expect(rollups * 1000).toBeGreaterThanOrEqual(registeredAfter - 1);
    expect(rollups * 1000).toBeLessThanOrEqual(Date.now());
  });

  it('ships a Grafana dashboard whose every query reads a metric /metrics exports', () => {
    const dashboard = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../deploy/grafana/hoctap-dashboard.json'), 'utf8'));
    expect(dashboard.templating.list.some((v: { type: string; query: string }) => v.type === 'datasource' && v.query === 'prometheus')).toBe(true);
    const exported = exportedNames(text);
    const expressions: string[] = dashboard.panels.flatMap((panel: { targets?: { expr: string; datasource: { uid: string } }[] }) => {
      expect(panel.targets?.length, JSON.stringify(panel)).toBeGreaterThan(0);
      for (const target of panel.targets!) expect(target.datasource.uid).toBe('${datasource}');
      return panel.targets!.map((target) => target.expr);
    });
    const unknown: string[] = [];
    for (const expr of expressions) {
      const names = [...expr.matchAll(/\b(hoctap_\w+|nodejs_\w+|process_\w+)\b/g)].map((m) => m[1]!);
      expect(names.length, expr).toBeGreaterThan(0);
      unknown.push(...names.filter((name) => !exported.has(name)));
    }
    expect(unknown).toEqual([]);
    // Every metric of ours is on the dashboard.
    const ours = [...text.matchAll(/^# TYPE (hoctap_\w+) /gm)].map((m) => m[1]!);
    expect(ours.filter((name) => !expressions.some((expr) => expr.includes(name)))).toEqual([]);
  });
});

describe.each(engines)('metrics switched off, and failures, on %s', (engine) => {
  it('answers 404 without METRICS_TOKEN, as for an address that does not exist', async () => {
    const t = await buildTestApp(engine);
    try {
      const response = await anonymous(t).get('/metrics', bearer);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('route_not_found');
    } finally {
      await t.close();
    }
  });

  it('counts 5xx answers as errors of their route, and still answers a scrape while the database is gone', async () => {
    const { handle, env } = await createTestDatabase(engine);
    // As in app.conventions.test.ts: a PostgreSQL nobody listens on (503), a SQLite file whose handle is closed (500).
    const down = engine === 'postgres' ? connectDatabase({ databaseUrl: 'postgres://nobody:x@127.0.0.1:1/none', sqlitePath: '', poolSize: 1 }) : handle;
    const config = loadConfig({ ...env, DEMO: '0', METRICS_TOKEN: token });
    // The keys are read while the database still answers; the app is then built on the one that is down.
    const signer = await openSigner(handle.db, config, Date.now());
    const app = await buildApp({ config, database: down, clock: new TestClock(), logger: false, signer });
    await app.ready();
    if (engine === 'sqlite') handle.sqlite!.close();
    else await handle.close();
    try {
      for (let i = 0; i < 2; i++) expect((await app.inject({ method: 'GET', url: '/api/units?q=an' })).statusCode).toBe(engine === 'sqlite' ? 500 : 503);
      const response = await app.inject({ method: 'GET', url: '/metrics', headers: bearer });
      expect(response.statusCode).toBe(200);
      expect(sample(response.body, 'hoctap_http_server_errors_total', 'method="GET",route="/api/units"')).toBe(2);
      expect(sample(response.body, 'hoctap_http_request_duration_seconds_count', 'method="GET",route="/api/units",status_class="5xx"')).toBe(2);
      // The queue cannot be read: its gauges are left out, the rest is there.
      expect(response.body).not.toMatch(/^hoctap_jobs_pending\{/m);
    } finally {
      await app.close();
      if (engine === 'postgres') await down.close();
    }
  });
});

describe.each(engines)('metrics of a real server process on %s', (engine) => {
  it('serves /metrics on the app port with the token, counting what the process answered', async () => {
    const { handle, env } = await createTestDatabase(engine);
    await handle.close();
    const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'hoctap-metrics-'));
    const server = await startServer({ ...env, DATA_DIR: dataDir, DEMO: '0', METRICS_TOKEN: token, PORT: String(await freePort()) });
    try {
      for (let i = 0; i < 2; i++) expect((await fetch(`${server.url}/api/units?q=long`)).status).toBe(200);
      expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      const response = await fetch(`${server.url}/metrics`, { headers: bearer });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(sample(text, 'hoctap_http_request_duration_seconds_count', 'method="GET",route="/api/units",status_class="2xx"')).toBe(2);
      expect(text).toContain(`engine="${engine}"`);
      expect(text).not.toContain('/api/health');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 90_000);
});

describe('metrics of a cluster', () => {
  it('serves the workers\' metrics added up on METRICS_PORT, behind the same token', async () => {
    const port = await freePort();
    const script = path.join(import.meta.dirname, '../../../test/fixtures/cluster-metrics.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { PATH: process.env.PATH ?? '', METRICS_TOKEN: token, METRICS_PORT: String(port) } });
    let output = '';
    child.stdout.on('data', (data) => (output += data));
    child.stderr.on('data', (data) => (output += data));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no cluster:\n${output}`)), 30_000);
        child.stdout.on('data', () => output.includes('ready') && (clearTimeout(timer), resolve()));
        child.on('exit', () => reject(new Error(`cluster exited:\n${output}`)));
      });
      const url = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong-secret-0123456789' } })).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/other`, { headers: bearer })).status).toBe(404);
      const response = await fetch(url, { headers: bearer });
      expect(response.status).toBe(200);
      const text = await response.text();
      // Two workers, one batch of 3 each: histograms add up.
      expect(sample(text, 'hoctap_group_commit_batch_size_count')).toBe(2);
      expect(sample(text, 'hoctap_group_commit_batch_size_sum')).toBe(6);
      // Per process (one pending render each) adds up; the shared queue (4 jobs seen by each) does not.
      expect(sample(text, 'hoctap_certificate_renders_pending')).toBe(2);
      expect(sample(text, 'hoctap_jobs_pending', 'kind="text_message"')).toBe(4);
      expect(sample(text, 'hoctap_db_pool_max_connections')).toBe(20);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
