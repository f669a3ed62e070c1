/**
 * `hoctap serve`: load config → connect db → prepare it → buildApp → listen; drain and close on SIGTERM.
 * `--workers N` (or WORKERS): the primary prepares the database once, then N node:cluster workers run the app on
 * the same port; state they share lives in the database (sessions, throttles, jobs, keys) and MEDIA_DIR.
 */
import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type App, buildApp } from './app.js';
import { complain, failAndExit, say } from './cli-output.js';
import { systemClock } from './clock.js';
import { type Config, loadConfig, publicOrigin, sqlitePath } from './config.js';
import { connectDatabase, type DatabaseHandle } from './db/connect.js';
import { prepareDatabase } from './bootstrap/prepare.js';
import { demoAccounts, demoPassword } from './bootstrap/demo.seed.js';
import { formatPhoneNational } from '../shared/phone.js';
import { translate } from '../shared/i18n/translate.js';
import { terminalLanguage } from './cli-output.js';
import { startHousekeeping } from './housekeeping.js';
import { startWeeklyReports } from './reports/reports.service.js';
import { findCredentialsByPhone } from './users/users.service.js';
import { adminExists } from './people/first-admin.service.js';
import { startClusterMetrics } from './metrics/cluster-metrics.js';
import type { Draining } from './http/hooks.js';
import { openSigner, SecretKeyMismatch } from './certificates/signing-keys.js';

export async function serve(env: NodeJS.ProcessEnv = process.env, args: string[] = []): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(env);
    const { values } = parseArgs({ args, options: { workers: { type: 'string' } } });
    if (values.workers !== undefined) config = loadConfig({ ...env, WORKERS: values.workers });
  } catch (error) {
    failAndExit(error);
  }
  // The primary has prepared the database and checked the keys; a worker only runs the app.
  if (cluster.isWorker) return runApp(config, connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: sqlitePath(config), poolSize: config.databasePoolSize }), true);
  // SQLite: one process owns the file's single connection and its group commit (db/group-commit.ts); a second
  // process would write around it and wait on file locks (busy_timeout) instead of sharing commits.
  if (config.workers > 1 && !config.databaseUrl) {
    complain('cli.workers_need_postgres');
    process.exit(1);
  }
  const database = connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: sqlitePath(config), poolSize: config.databasePoolSize });
  try {
    const prepared = await prepareDatabase(database, { demo: config.demo ? config : null, backupDir: path.join(config.dataDir, 'backups'), clock: systemClock });
    if (prepared.backupPath) say('cli.backup_taken', { path: prepared.backupPath });
    say(prepared.applied.length > 0 ? 'cli.migrated' : 'cli.up_to_date', { count: prepared.applied.length });
    if (prepared.demoSeeded) say('cli.demo_seeded');
    if (config.demo && (await findCredentialsByPhone(database.db, demoAccounts[0]!.phone))) {
      say('cli.demo_warning', { password: demoPassword });
      for (const account of demoAccounts) {
        say('cli.demo_account', { role: translate(terminalLanguage, `role.${account.role}`), phone: formatPhoneNational(account.phone) });
      }
    }
    if (!config.demo && !(await adminExists(database.db))) say('cli.first_admin');
    // Makes the first signing key, or refuses to start when this process's secret cannot open the stored ones.
    await openSigner(database.db, config, systemClock.now());
  } catch (error) {
    await database.close();
    failStarting(error);
  }
  if (config.workers > 1) {
    await database.close();
    return runWorkers(config, database.location);
  }
  return runApp(config, database, false);
}

/** failAndExit, naming SECRET_KEY when that is what stops the start. */
export function failStarting(error: unknown): never {
  if (!(error instanceof SecretKeyMismatch)) failAndExit(error);
  complain('cli.secret_key_mismatch');
  process.exit(1);
}

async function runApp(config: Config, database: DatabaseHandle, isWorker: boolean): Promise<void> {
  const draining: Draining = { active: false };
  const app = await buildApp({ config, database, clock: systemClock, draining });
  const housekeeping = startHousekeeping(database.db, systemClock);
  const weeklyReports = startWeeklyReports({ db: database.db, clock: systemClock, jobs: app.jobs }, (error) => app.log.error({ err: error }, 'weekly reports failed'));
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await database.close();
    failAndExit(error);
  }
  // Background work starts once the server is up; app.close() lets a running job finish.
  app.jobs.start();
  // The primary speaks for its workers (one address line, once all listen).
  if (!isWorker) announce(config, database.engine, database.location, app.server.address());

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (!isWorker) say('cli.shutting_down');
    draining.active = true;
    clearInterval(housekeeping);
    weeklyReports.stop();
    await app.close();
    await database.close();
    if (!isWorker) say('cli.stopped');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function announce(config: Config, engine: DatabaseHandle['engine'], location: string, address: ReturnType<App['server']['address']>): void {
  say('cli.engine', { engine: engine === 'sqlite' ? 'SQLite' : 'PostgreSQL', location });
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Before the address line, which tells whoever started the server that start-up is over.
  if (!config.demo && !config.publicUrl) say('cli.public_url_missing', { url: publicOrigin(config) });
  say('cli.listening', { url: config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}` });
}

/** A worker that lived less than this before dying counts as a crash loop: its restart waits longer each time. */
const healthyLifeMs = 30_000;

/**
 * The primary: forks the workers, restarts one that dies (1 s, 2 s, 4 s … up to 30 s while they keep dying
 * young, so a crash loop does not spin), and on SIGTERM/SIGINT lets every worker drain, then exits 0.
 */
async function runWorkers(config: Config, location: string): Promise<void> {
  // Prometheus scrapes the primary (METRICS_HOST:METRICS_PORT), which adds up every worker's figures.
  const metrics = await startClusterMetrics(config).catch(failAndExit);
  let stopping = false;
  let quickDeaths = 0;
  let announced = false;
  const started = new Map<Worker, number>();
  const listening = new Set<Worker>();
  const fork = () => started.set(cluster.fork(), Date.now());
  cluster.on('listening', (worker, address) => {
    listening.add(worker);
    if (announced || listening.size < config.workers) return;
    announced = true;
    say('cli.workers_started', { count: config.workers });
    announce(config, 'postgres', location, { address: address.address ?? config.host, family: '', port: address.port });
  });
  cluster.on('exit', (worker) => {
    const born = started.get(worker) ?? Date.now();
    started.delete(worker);
    listening.delete(worker);
    if (stopping) {
      if (started.size === 0) {
        metrics?.close();
        say('cli.stopped');
        process.exit(0);
      }
      return;
    }
    quickDeaths = Date.now() - born < healthyLifeMs ? quickDeaths + 1 : 0;
    const seconds = Math.min(30, 2 ** Math.max(0, quickDeaths - 1));
    complain('cli.worker_restarting', { seconds });
    setTimeout(() => {
      if (!stopping) fork();
    }, seconds * 1000);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    say('cli.shutting_down');
    if (started.size === 0) {
      say('cli.stopped');
      process.exit(0);
    }
    for (const worker of started.keys()) worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (let i = 0; i < config.workers; i++) fork();
}
