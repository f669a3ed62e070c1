/** The application as tests use it: real database, real HTTP handling via inject, a clock tests can move. */
import { type App, type AppDeps, buildApp } from '../src/server/app.js';
import type { Clock } from '../src/server/clock.js';
import { type Config, loadConfig } from '../src/server/config.js';
import type { Db } from '../src/server/db/database.js';
import type { DatabaseHandle } from '../src/server/db/connect.js';
import type { OutgoingMessage } from '../src/server/messages/sender.js';
import type { OutboundNetwork } from '../src/server/webhooks/webhooks.service.js';
import { createTestDatabase, type TestEngine } from './databases.js';
import { relaxedOverloadLimits } from './server-process.js';

export class TestClock implements Clock {
  constructor(public current = Date.UTC(2026, 10, 24, 2, 0, 0)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export interface TestApp {
  engine: TestEngine;
  app: App;
  db: Db;
  database: DatabaseHandle;
  clock: TestClock;
  config: Config;
  /** Text messages the app "sent" (the SMS gateway is the process edge, so it is captured). */
  outbox: OutgoingMessage[];
  /** Resolves once queued texts (and other background jobs) are done. */
  jobsIdle(): Promise<void>;
  /** Env for a child process using this same database. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Runs before a text reaches the outbox: a slow or failing SMS gateway. */
  beforeSend?: (message: OutgoingMessage) => Promise<void>;
  /** Start the job runner as the serving process does (default); false leaves it built but idle. */
  startJobs?: boolean;
  /** Where webhooks resolve and may connect (the test's receivers); default: the system's DNS. */
  outboundNetwork?: OutboundNetwork;
  /** Outbound HTTP to identity providers (the process edge): a test may look at or alter what comes back. */
  oidcFetch?: AppDeps['oidcFetch'];
  /** The app's log, as the serving process writes it (LOG_LEVEL as configured); default: no log. */
  logStream?: AppDeps['logStream'];
}

export async function buildTestApp(engine: TestEngine, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const { handle, env: databaseEnv } = await createTestDatabase(engine);
  return buildTestAppOn(engine, handle, databaseEnv, env, new TestClock(), options);
}

/** A second app on the same database: what a second process behind a load balancer sees. */
export async function buildTestAppOn(
  engine: TestEngine,
  handle: DatabaseHandle,
  databaseEnv: Record<string, string>,
  env: Record<string, string> = {},
  clock = new TestClock(),
  options: TestAppOptions = {},
): Promise<TestApp> {
  const config = loadConfig({ ...databaseEnv, DEMO: '0', ...relaxedOverloadLimits, ...env });
  const outbox: OutgoingMessage[] = [];
  const app = await buildApp({
    config,
    database: handle,
    clock,
    logger: options.logStream ? undefined : false,
    logStream: options.logStream,
    outboundNetwork: options.outboundNetwork,
    oidcFetch: options.oidcFetch,
    messageSender: {
      send: async (message) => {
        await options.beforeSend?.(message);
        outbox.push(message);
      },
    },
  });
  await app.ready();
  // As main.ts does: texts reach t.outbox only through the started runner.
  if (options.startJobs !== false) app.jobs.start();
  return {
    engine,
    app,
    db: handle.db,
    database: handle,
    clock,
    config,
    outbox,
    jobsIdle: () => app.jobs.idle(),
    env: databaseEnv,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}
