/**
 * The `hoctap` command: serve (default), migrate, grant, revoke.
 *   npx hoctap grant --phone 0912345678 --role manager --unit 30307
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { normalizeVietnameseMobile } from '../shared/phone.js';
import { roles, type Role } from '../shared/limits.js';
import { complain, failAndExit, say } from './cli-output.js';
import { systemClock } from './clock.js';
import { loadConfig, sqlitePath } from './config.js';
import { connectDatabase } from './db/connect.js';
import { prepareDatabase } from './db/prepare.js';
import { grantRole, revokeRole } from './grants/grants.service.js';
import { serve } from './main.js';
import { findUnitByCode } from './units/units.queries.js';
import { findCredentialsByPhone } from './users/users.queries.js';

async function withDatabase(task: (handle: ReturnType<typeof connectDatabase>) => Promise<void>): Promise<void> {
  const config = loadConfig(process.env);
  const handle = connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: sqlitePath(config), poolSize: 2 });
  try {
    const prepared = await prepareDatabase(handle, { demo: null, backupDir: path.join(config.dataDir, 'backups'), clock: systemClock });
    if (prepared.backupPath) say('cli.backup_taken', { path: prepared.backupPath });
    if (prepared.applied.length > 0) say('cli.migrated', { count: prepared.applied.length });
    await task(handle);
  } finally {
    await handle.close();
  }
}

function requireOption(values: Record<string, string | undefined>, name: string): string {
  const value = values[name];
  if (!value) {
    complain('cli.missing_option', { option: name });
    process.exit(2);
  }
  return value;
}

async function changeGrant(args: string[], grant: boolean): Promise<void> {
  const { values } = parseArgs({ args, options: { phone: { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' } } });
  const rawPhone = requireOption(values, 'phone');
  const role = requireOption(values, 'role');
  const unitCode = requireOption(values, 'unit');
  if (!(roles as readonly string[]).includes(role)) {
    complain('cli.unknown_role', { role, roles: roles.join(', ') });
    process.exit(2);
  }
  await withDatabase(async ({ db }) => {
    const phone = normalizeVietnameseMobile(rawPhone);
    const person = phone ? await findCredentialsByPhone(db, phone) : undefined;
    if (!person) throw new Error(`${rawPhone}: ${phone ? 'no account' : 'not a Vietnamese mobile number'}`);
    const unit = await findUnitByCode(db, unitCode);
    if (!unit) throw new Error(`${unitCode}: no such unit`);
    const change = { userId: person.id, role: role as Role, unitId: unit.id, actorUserId: null, ip: null, now: systemClock.now() };
    if (grant) await grantRole(db, change);
    else await revokeRole(db, change);
    say(grant ? 'cli.granted' : 'cli.revoked', { role, unit: `${unit.full_name} (${unit.code})`, phone: rawPhone });
  });
}

async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate':
      return withDatabase(async () => say('cli.up_to_date'));
    case 'grant':
      return changeGrant(rest, true);
    case 'revoke':
      return changeGrant(rest, false);
    default:
      complain('cli.unknown_command', { command });
      say('cli.usage');
      process.exit(2);
  }
}

try {
  // Top-level await: should a promise ever be left unsettled, Node exits with code 13 instead of a silent 0.
  await main(process.argv.slice(2));
} catch (error) {
  failAndExit(error);
}
