/**
 * The `hoctap` command: serve (default), migrate, grant, revoke, import-course, export-course.
 *   npx hoctap grant --phone 0912345678 --role manager --unit 30307
 *   npx hoctap import-course --unit ORG.SGDDT [--publish] khoa-hoc.zip|thu-muc/
 *   npx hoctap export-course --course 12 khoa-hoc.zip
 *   npx hoctap admin create --phone 0912345678 --name "Nguyễn Văn An" --birth-year 1985   (asks for the password)
 *   npx hoctap verify-certificate --keys hoctap-certificate-keys.json 'https://…/verify/HT-…#…'
 *   npx hoctap audit verify
 *   npx hoctap audit archive --before 2025-12-01 --out nhat-ky-2025.jsonl.gz
 *   npx hoctap unit create|rename|move|retire|list|import …   (organisations/organisations.cli.ts)
 *   npx hoctap backup [--out FOLDER] [--every 24h --keep 7] | restore ARCHIVE   (backup/backup.cli.ts)
 *   npx hoctap keys rotate|list                               (certificate signing keys)
 */
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { keysFromJwks, verifyCertificateToken } from './certificates/certificate-signing.js';
import { listSigningKeys, openSigner, rotateSigningKey } from './certificates/signing-keys.js';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { CourseId } from '../shared/ids.js';
import { slugFor } from './authoring/authoring.service.js';
import { MediaStore } from './media/media-store.js';
import { exportPackage, importFolder, importZipFile, publishImported } from './packages/packages.service.js';
import { formatPhoneNational, normalizeVietnameseMobile } from '../shared/phone.js';
import { type MessageKey, translate } from '../shared/i18n/translate.js';
import { roles, type Role } from '../shared/limits.js';
import { complain, say, terminalLanguage } from './cli-output.js';
import { systemClock } from './clock.js';
import { loadConfig, sqlitePath } from './config.js';
import { connectDatabase } from './db/connect.js';
import { prepareDatabase } from './bootstrap/prepare.js';
import { grantRole, revokeRole } from './grants/grants.service.js';
import { archiveAuditLog, verifyAuditChain } from './audit/audit.service.js';
import { failStarting, serve } from './main.js';
import { findUnitByCode } from './units/units.service.js';
import { unitCommand } from './organisations/organisations.cli.js';
import { backupCommand, restoreCommand } from './backup/backup.cli.js';
import { findCredentialsByPhone } from './users/users.service.js';
import { createProvinceAdmin } from './people/first-admin.service.js';

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

function requireOption(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || !value) {
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

async function importCourse(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { unit: { type: 'string' }, publish: { type: 'boolean' } } });
  const unitCode = requireOption(values, 'unit');
  const source = positionals[0];
  if (!source) {
    say('cli.usage');
    process.exit(2);
  }
  const config = loadConfig(process.env);
  await withDatabase(async ({ db }) => {
    const unit = await findUnitByCode(db, unitCode);
    if (!unit) throw new Error(`${unitCode}: no such unit`);
    const deps = { db, store: new MediaStore(config.mediaDir), config };
    const owner = { unitId: unit.id, slug: slugFor(path.basename(source, '.zip')), by: null, ip: null, now: systemClock.now() };
    const course = statSync(source).isDirectory() ? await importFolder(deps, source, owner) : await importZipFile(deps, source, owner);
    if (values.publish) await publishImported(db, course.id, null, systemClock.now());
    say(values.publish ? 'cli.course_imported_published' : 'cli.course_imported', { id: course.id, title: course.title, unit: unit.full_name });
  });
}

async function exportCourse(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { course: { type: 'string' } } });
  const courseId = Number(requireOption(values, 'course'));
  const target = positionals[0] ?? 'khoa-hoc.zip';
  const config = loadConfig(process.env);
  await withDatabase(async ({ db }) => {
    const { zip } = await exportPackage({ db, store: new MediaStore(config.mediaDir), config }, courseId as CourseId);
    await pipeline(zip, createWriteStream(target));
    say('cli.course_exported', { id: courseId, file: path.resolve(target) });
  });
}

/** Checks a certificate's QR link against saved public keys, with no network and no database. */
async function verifyCertificate(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { keys: { type: 'string' } } });
  const keysFile = requireOption(values, 'keys');
  const link = positionals[0];
  if (!link) {
    say('cli.usage');
    process.exit(2);
  }
  const token = link.slice(link.indexOf('#') + 1);
  // Today's QR links carry a short tag only the server can check; those printed before carry a signed payload.
  if (!token.includes('.')) {
    complain('cli.certificate_online_only');
    process.exit(2);
  }
  const claims = verifyCertificateToken(token, keysFromJwks(JSON.parse(readFileSync(keysFile, 'utf8'))));
  const code = /\/verify\/([^/#?]+)/.exec(link)?.[1];
  if (!claims || (code !== undefined && code !== claims.code)) {
    complain('cli.certificate_invalid');
    process.exit(1);
  }
  say('cli.certificate_valid', { code: claims.code, name: claims.name, course: claims.course, date: claims.date.split('-').reverse().join('/'), issuer: claims.issuer });
}

/** `audit verify`: the whole hash chain, exit 1 naming the first broken link; `audit archive`: old entries to a file. */
async function audit(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'verify') {
    return withDatabase(async ({ db }) => {
      const report = await verifyAuditChain(db);
      if (report.broken) {
        const { id, at, action, problem } = report.broken;
        complain(problem === 'entry_changed' ? 'cli.audit_changed' : 'cli.audit_missing', { id, at: new Date(at).toISOString(), action });
        process.exitCode = 1;
        return;
      }
      say('cli.audit_ok', { entries: report.entries, archives: report.archives, hash: report.headHash });
    });
  }
  if (sub === 'archive') {
    const { values } = parseArgs({ args: rest, options: { before: { type: 'string' }, out: { type: 'string' } } });
    const before = requireOption(values, 'before');
    const out = path.resolve(requireOption(values, 'out'));
    return withDatabase(async ({ db }) => {
      const result = await archiveAuditLog(db, { before, out, now: systemClock.now() });
      if (result.entries === 0) say('cli.audit_nothing', { date: before });
      else say('cli.audit_archived', { entries: result.entries, first: result.firstId ?? 0, last: result.lastId ?? 0, file: result.file, sha256: result.sha256 });
    });
  }
  say('cli.audit_usage');
  process.exit(2);
}

/**
 * A password from the terminal without showing it (raw mode: no echo), or, when standard input is no terminal
 * (a script, a test), its first line.
 */
async function readPassword(prompt: MessageKey): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) {
      text += String(chunk);
      if (text.includes('\n')) break;
    }
    return text.split(/\r?\n/)[0] ?? '';
  }
  say(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          process.exit(130);
        }
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function adminCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'create') {
    say('cli.usage');
    process.exit(2);
  }
  const { values } = parseArgs({ args: rest, options: { phone: { type: 'string' }, name: { type: 'string' }, 'birth-year': { type: 'string' }, home: { type: 'string' } } });
  const phone = requireOption(values, 'phone');
  const fullName = requireOption(values, 'name');
  const birthYear = Number(requireOption(values, 'birth-year'));
  const password = await readPassword('cli.password_prompt');
  if (process.stdin.isTTY && (await readPassword('cli.password_again')) !== password) {
    complain('cli.password_mismatch');
    process.exit(2);
  }
  await withDatabase(async ({ db }) => {
    const created = await createProvinceAdmin(db, { phone, password, fullName, birthYear, ...(values.home ? { homeUnitCode: values.home } : {}) }, systemClock.now());
    say('cli.admin_created', { phone: formatPhoneNational(created.phone), name: fullName, unit: created.unitName });
  });
}

/** `keys rotate`: a new certificate signing key (older ones keep verifying); `keys list`: the keys, oldest first. */
async function keysCommand(args: string[]): Promise<void> {
  const [sub] = args;
  if (sub !== 'rotate' && sub !== 'list') {
    complain('cli.keys_usage');
    process.exit(2);
  }
  const config = loadConfig(process.env);
  await withDatabase(async ({ db }) => {
    if (sub === 'rotate') {
      say('cli.key_rotated', { kid: await rotateSigningKey(db, config, systemClock.now()) });
      return;
    }
    // Opening them first: a list made with the wrong secret would hide that this machine cannot sign.
    await openSigner(db, config, systemClock.now());
    const keys = await listSigningKeys(db);
    for (const key of keys) {
      say('cli.key_line', { generation: key.generation, kid: key.kid, at: new Date(Number(key.created_at)).toISOString(), current: key === keys.at(-1) ? translate(terminalLanguage, 'cli.key_current') : '' });
    }
  });
}

async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(process.env, rest);
    case 'keys':
      return keysCommand(rest);
    case 'migrate':
      return withDatabase(async () => say('cli.up_to_date'));
    case 'grant':
      return changeGrant(rest, true);
    case 'revoke':
      return changeGrant(rest, false);
    case 'import-course':
      return importCourse(rest);
    case 'export-course':
      return exportCourse(rest);
    case 'verify-certificate':
      return verifyCertificate(rest);
    case 'audit':
      return audit(rest);
    case 'admin':
      return adminCommand(rest);
    case 'unit':
      return unitCommand(rest, (task) => withDatabase(({ db }) => task(db)));
    case 'backup':
      return backupCommand(rest);
    case 'restore':
      return restoreCommand(rest);
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
  failStarting(error);
}
