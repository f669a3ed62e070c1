/** `hoctap serve`: load config → connect db → prepare it → buildApp → listen; drain and close on SIGTERM. */
import path from 'node:path';
import { buildApp } from './app.js';
import { failAndExit, say } from './cli-output.js';
import { systemClock } from './clock.js';
import { type Config, loadConfig, publicOrigin, sqlitePath } from './config.js';
import { connectDatabase } from './db/connect.js';
import { prepareDatabase } from './bootstrap/prepare.js';
import { demoAccounts, demoPassword } from './bootstrap/demo.seed.js';
import { formatPhoneNational } from '../shared/phone.js';
import { translate } from '../shared/i18n/translate.js';
import { terminalLanguage } from './cli-output.js';
import { startHousekeeping } from './housekeeping.js';
import { startWeeklyReports } from './reports/reports.service.js';
import { findCredentialsByPhone } from './users/users.service.js';
import { adminExists } from './people/first-admin.service.js';
import type { Draining } from './http/hooks.js';

export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    failAndExit(error);
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
  } catch (error) {
    await database.close();
    failAndExit(error);
  }

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
  say('cli.engine', { engine: database.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL', location: database.location });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Before the address line, which tells whoever started the server that start-up is over.
  if (!config.demo && !config.publicUrl) say('cli.public_url_missing', { url: publicOrigin(config) });
  say('cli.listening', { url: config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}` });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('cli.shutting_down');
    draining.active = true;
    clearInterval(housekeeping);
    weeklyReports.stop();
    await app.close();
    await database.close();
    say('cli.stopped');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
