/**
 * What Prometheus scrapes at GET /metrics: this process's requests by route pattern, the event loop (prom-client's
 * default metrics), the database pool, the group-commit writer, the job queue, the certificate renderer and the
 * rollups. Requests cost one histogram observation each; everything else is read when scraped.
 *
 * Under `serve --workers N` each worker keeps its own registry and hands it to the cluster primary on request
 * (cluster-metrics.ts adds them up): each gauge says how workers combine (`aggregator`), a fact about the shared
 * database is the same in every worker (max), a fact about one process adds up (sum).
 */
import cluster from 'node:cluster';
import { platformVersion } from '../version.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AggregatorRegistry, Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../clock.js';
import type { PoolUsage } from '../db/connect.js';
import type { Engine } from '../db/database.js';
import type { BatchObserver } from '../db/group-commit.js';
import type { JobQueueKind } from '../jobs/jobs.service.js';

export interface MetricSources {
  engine: Engine;
  clock: Clock;
  poolUsage(): PoolUsage;
  /** Read at most every `jobQueueCacheMs`: one small aggregate over the jobs table. */
  jobQueue(now: number): Promise<JobQueueKind[]>;
  certificateRendersPending(): number;
  /** Epoch ms, or null before this process first moved them. */
  rollupsLastWrittenAt(): number | null;
}

export interface Metrics {
  readonly registry: Registry;
  /** For the group-commit writer of progress events. */
  readonly groupCommit: BatchObserver;
  /** The onResponse hook: one observation per request. */
  observeResponse(request: FastifyRequest, reply: FastifyReply, done: () => void): void;
}

const jobQueueCacheMs = 5_000;
// Probes come every few seconds from every load balancer and say nothing of the service; scrapes would count themselves.
const unmeasured = new Set(['/metrics', '/api/health']);
const statusClasses = ['1xx', '2xx', '3xx', '4xx', '5xx'];


export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  // Event-loop lag (nodejs_eventloop_lag_*), heap, CPU, handles: Node's view of the process, under their usual names.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  new Gauge({
    name: 'hoctap_build_info',
    help: 'Always 1: the version of the app, the database engine and the Node.js version, as labels',
    labelNames: ['version', 'engine', 'node'],
    registers,
    aggregator: 'max',
  }).set({ version: platformVersion, engine: sources.engine, node: process.versions.node }, 1);

  const duration = new Histogram({
    name: 'hoctap_http_request_duration_seconds',
    help: 'Time from a request to its answer, by method, route pattern and status class; its _count is the number of requests',
    labelNames: ['method', 'route', 'status_class'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const serverErrors = new Counter({
    name: 'hoctap_http_server_errors_total',
    help: 'Answers with a 5xx status, by method and route pattern',
    labelNames: ['method', 'route'],
    registers,
  });

  const poolGauge = (name: string, help: string, read: (usage: PoolUsage) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read(sources.poolUsage()));
      },
    });
  poolGauge('hoctap_db_pool_connections', 'Database connections this process holds open, idle or in use (SQLite: its one connection)', (u) => u.total);
  poolGauge('hoctap_db_pool_idle_connections', 'Open database connections not in use', (u) => u.idle);
  poolGauge('hoctap_db_pool_waiting_queries', 'Queries waiting for a free database connection', (u) => u.waiting);
  poolGauge('hoctap_db_pool_max_connections', 'The most connections this process may open (DATABASE_POOL_SIZE; SQLite: 1)', (u) => u.max);

  const batchSize = new Histogram({
    name: 'hoctap_group_commit_batch_size',
    help: 'Progress events committed together in one transaction',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers,
  });
  const batchWait = new Histogram({
    name: 'hoctap_group_commit_wait_seconds',
    help: 'Time a progress event waited for its batch: from its arrival at the writer to the start of the transaction',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  });

  let jobQueue: { at: number; read: Promise<JobQueueKind[] | null> } | undefined;
  const readJobQueue = (): Promise<JobQueueKind[] | null> => {
    const at = Date.now();
    // Shared by both gauges and by scrapes close together (several Prometheus servers, several workers).
    if (!jobQueue || at - jobQueue.at >= jobQueueCacheMs) {
      // A database that does not answer leaves the gauges empty rather than failing the whole scrape.
      jobQueue = { at, read: sources.jobQueue(sources.clock.now()).catch(() => null) };
    }
    return jobQueue.read;
  };
  new Gauge({
    name: 'hoctap_jobs_pending',
    help: 'Background jobs not yet done (due, running or waiting to retry), by kind, across every process; abandoned ones are not counted',
    labelNames: ['kind'],
    registers,
    // Every worker reads the same table.
    aggregator: 'max',
    async collect() {
      const kinds = await readJobQueue();
      this.reset();
      for (const k of kinds ?? []) this.set({ kind: k.kind }, k.pending);
    },
  });
  new Gauge({
    name: 'hoctap_jobs_oldest_due_age_seconds',
    help: 'How long the longest-waiting due job has been due, by kind (0: none due)',
    labelNames: ['kind'],
    registers,
    aggregator: 'max',
    async collect() {
      const kinds = await readJobQueue();
      const now = sources.clock.now();
      this.reset();
      for (const k of kinds ?? []) this.set({ kind: k.kind }, k.oldestDueAt === null ? 0 : Math.max(0, now - k.oldestDueAt) / 1000);
    },
  });

  new Gauge({
    name: 'hoctap_certificate_renders_pending',
    help: 'Certificate PDFs and share pictures asked for and not yet drawn, on the worker thread or waiting for it',
    registers,
    collect() {
      this.set(sources.certificateRendersPending());
    },
  });
  new Gauge({
    name: 'hoctap_rollups_last_update_timestamp_seconds',
    help: 'When this process last moved the dashboard counters (rollups), Unix time; 0 until it first does. Rollups move in the transaction of the change itself, so they never lag behind it',
    registers,
    aggregator: 'max',
    collect() {
      const at = sources.rollupsLastWrittenAt();
      this.set(at === null ? 0 : at / 1000);
    },
  });

  if (cluster.isWorker) {
    // The primary asks each worker for its registry over the cluster channel; constructing one starts listening.
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
  }

  return {
    registry,
    groupCommit: {
      batch(size, waitedMs) {
        batchSize.observe(size);
        for (const ms of waitedMs) batchWait.observe(ms / 1000);
      },
    },
    observeResponse(request, reply, done) {
      const route = request.routeOptions.url;
      if (request.routeOptions.config?.probe || (route !== undefined && unmeasured.has(route))) return done();
      // The pattern, never the address as sent: ids, phones and tokens in paths would make one series per value.
      const pattern = route ?? 'unmatched';
      const status = reply.statusCode;
      duration.observe({ method: request.method, route: pattern, status_class: statusClasses[Math.floor(status / 100) - 1] ?? 'other' }, reply.elapsedTime / 1000);
      if (status >= 500) serverErrors.inc({ method: request.method, route: pattern });
      done();
    },
  };
}
