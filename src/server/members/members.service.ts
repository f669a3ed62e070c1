/**
 * Members of units. A manager adds people one by one or from a file; every row
 * is checked first and nothing is written unless the whole file is valid, or
 * the manager asks for the valid rows only. Someone who already has an account
 * (same phone) is linked, never duplicated; someone without one gets an account
 * with no password, which they claim by phone through "Quên mật khẩu".
 * A manager learns nothing about someone living outside their reach: adding
 * that person's phone answers as for an unregistered one, the list shows them
 * under the name entered and as not claimed, and their past completions do
 * not count for the unit.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { UnitId, UserId } from '../../shared/ids.js';
import { translate, type MessageKey, type MessageParams } from '../../shared/i18n/translate.js';
import { type Language, limits } from '../../shared/limits.js';
import { normalizeVietnameseMobile, type PhoneNumber } from '../../shared/phone.js';
import { foldForSearch } from '../../shared/text.js';
import { recordAudit } from '../audit/audit.service.js';
import { grantsReach, type ScopedGrant } from '../grants/grants.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { AppError } from '../errors.js';
import { dayOf } from '../../shared/days.js';
import { countListed, RollupDeltas } from '../rollups/rollups.service.js';
import type { UnitRow } from '../units/units.service.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import { homeKinds } from '../../shared/units.js';
import { insertUser } from '../users/users.service.js';
import { noPassword } from '../auth/auth.service.js';
import { findCompletionsOf } from '../progress/progress.service.js';
import { birthYearProblem, fullNameProblem, searchableName } from '../users/users.service.js';
import { type FileProblem, memberColumns, type RawMemberRow, readMemberFile } from './member-file.js';

export { type FileProblem, readTableFile } from './member-file.js';
import { type MemberGroup, memberGroups } from './members.schema.js';

/** Groups are written in files by their Vietnamese names (the dictionary's), or by their codes. */
const groupLabel = (group: MemberGroup) => translate('vi', `group.${group}`);

const groupByText = new Map<string, MemberGroup>(memberGroups.flatMap((g) => [[foldForSearch(groupLabel(g)), g] as const, [g, g] as const]));

export interface MemberRow {
  row: number;
  fullName: string;
  phone: PhoneNumber;
  birthYear: number;
  unit: { id: UnitId; code: string };
  group: MemberGroup;
  homeUnitId: UnitId;
}

const header = (key: (typeof memberColumns)[number]['key']) => memberColumns.find((c) => c.key === key)!.header;

/** Checks every row against the unit tree: codes exist, lie inside the importing unit, homes are communes. */
async function checkRows(db: DbOrTx, scope: UnitRow, raw: readonly RawMemberRow[], now: number): Promise<{ valid: MemberRow[]; problems: FileProblem[] }> {
  const codes = [...new Set(raw.flatMap((r) => [r.unitCode, r.homeCode]).filter(Boolean))];
  const units = new Map<string, { id: UnitId; code: string; kind: string; path: string; valid_until: string | null }>();
  for (let i = 0; i < codes.length; i += 500) {
    for (const u of await db.selectFrom('units').select(['id', 'code', 'kind', 'path', 'valid_until']).where('code', 'in', codes.slice(i, i + 500)).execute()) units.set(u.code, u);
  }
  // A home is a current commune, ward or special zone, or a current hamlet of one (hamlets exist only under those).
  const isHome = (u: { kind: string; valid_until: string | null } | undefined) => !!u && (homeKinds as readonly string[]).includes(u.kind) && u.valid_until === null;
  const problems: FileProblem[] = [];
  const valid: MemberRow[] = [];
  const seenPhones = new Map<string, number>();
  for (const r of raw) {
    const found: FileProblem[] = [];
    const problem = (column: (typeof memberColumns)[number]['key'], key: MessageKey, params?: MessageParams) => found.push({ row: r.row, column: header(column), key, params });
    const nameProblem = fullNameProblem(r.fullName);
    if (nameProblem) problem('fullName', nameProblem.key, nameProblem.params);
    // Excel keeps a phone typed as a number without its leading 0.
    const phone = normalizeVietnameseMobile(/^\d{9}$/.test(r.phone) ? `0${r.phone}` : r.phone);
    if (!phone) problem('phone', 'members.problem.phone', { value: r.phone.slice(0, 30) });
    else if (seenPhones.has(phone)) problem('phone', 'members.problem.duplicate', { row: seenPhones.get(phone)! });
    else seenPhones.set(phone, r.row);
    const year = Number(r.birthYear);
    const yearProblem = /^\d{4}$/.test(r.birthYear) ? birthYearProblem(year, now) : { key: 'error.invalid_birth_year' as MessageKey, params: { min: limits.birthYearMin, max: new Date(now).getUTCFullYear() } };
    if (yearProblem) problem('birthYear', yearProblem.key, yearProblem.params);
    const unit = units.get(r.unitCode);
    if (!r.unitCode || !unit) problem('unitCode', 'members.problem.unknown_unit', { code: r.unitCode.slice(0, 40) });
    else if (!unit.path.startsWith(scope.path)) problem('unitCode', 'members.problem.outside_scope', { code: r.unitCode, unit: scope.full_name });
    const group = groupByText.get(foldForSearch(r.group));
    if (!group) problem('group', 'members.problem.group', { groups: memberGroups.map(groupLabel).join('; ') });
    const home = r.homeCode ? units.get(r.homeCode) : isHome(unit) ? unit : undefined;
    if (!home) problem('homeCode', r.homeCode ? 'members.problem.unknown_unit' : 'members.problem.home_required', { code: r.homeCode.slice(0, 40) });
    else if (!isHome(home)) problem('homeCode', 'members.problem.home_not_commune', { code: home.code });
    if (found.length > 0) problems.push(...found);
    else valid.push({ row: r.row, fullName: r.fullName, phone: phone!, birthYear: year, unit: { id: unit!.id, code: unit!.code }, group: group!, homeUnitId: home!.id });
  }
  return { valid, problems };
}

export type ImportMode = 'check' | 'all' | 'valid';

export interface ImportReport {
  rows: number;
  validRows: number;
  problems: { row: number; column: string | null; message: string }[];
  written: boolean;
  created: number;
  linked: number;
  alreadyMembers: number;
}

const describe = (language: Language, problems: readonly FileProblem[]) =>
  problems.slice(0, 1000).map((p) => ({ row: p.row, column: p.column, message: translate(language, p.key, p.params) }));

/**
 * check: only the report. all: write only if every row is valid (else 400 with
 * the report). valid: write the valid rows, report the others.
 */
export interface MembersActor {
  userId: UserId;
  /** The manager's grants: whom they may see as they are. */
  grants: readonly ScopedGrant[];
  ip: string;
  now: number;
  language: Language;
}

/** Whether a manager may see a person's account (name, claimed): only when the person lives within their reach. */
const seesAccount = (grants: readonly ScopedGrant[], homePath: string) => grantsReach(grants, 'manager', homePath);

export async function importMembers(db: Db, scope: UnitRow, bytes: Buffer, mode: ImportMode, actor: MembersActor): Promise<ImportReport> {
  const file = await readMemberFile(bytes);
  const checked = file.problems.some((p) => p.row <= 1) ? { valid: [], problems: [] } : await checkRows(db, scope, file.rows, actor.now);
  const problems = [...file.problems, ...checked.problems].sort((a, b) => a.row - b.row);
  const report: ImportReport = { rows: file.rows.length, validRows: checked.valid.length, problems: describe(actor.language, problems), written: false, created: 0, linked: 0, alreadyMembers: 0 };
  const unreadable = file.problems.some((p) => p.row <= 1) || file.rows.length === 0;
  if (mode === 'check') return report;
  if (unreadable || (mode === 'all' && problems.length > 0) || checked.valid.length === 0) {
    throw new AppError('members_file_invalid', 400, { count: problems.length }, {}, {}, [], { report });
  }
  const outcome = await writeMembers(db, checked.valid, actor);
  await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: 'members.import', unitId: scope.id, details: { ...outcome, skipped: report.rows - checked.valid.length }, ip: actor.ip });
  return { ...report, written: true, ...outcome };
}

async function writeMembers(db: Db, rows: readonly MemberRow[], actor: MembersActor) {
  const outcome = { created: 0, linked: 0, alreadyMembers: 0 };
  await db.transaction().execute(async (trx) => {
    const existing = new Map<string, { id: UserId; visible: boolean }>();
    const phones = rows.map((r) => r.phone);
    for (let i = 0; i < phones.length; i += 500) {
      const found = await trx.selectFrom('users as p').innerJoin('units as home', 'home.id', 'p.home_unit_id').select(['p.id', 'p.phone', 'home.path']).where('p.phone', 'in', phones.slice(i, i + 500)).execute();
      for (const u of found) existing.set(u.phone, { id: u.id, visible: seesAccount(actor.grants, u.path) });
    }
    const deltas = new RollupDeltas();
    const joined: { userId: UserId; row: MemberRow; countsSince: number }[] = [];
    for (const r of rows) {
      const account = existing.get(r.phone);
      let userId = account?.id;
      if (userId === undefined) {
        // No password: the person claims the account with a code sent to this phone.
        userId = await insertUser(trx, { phone: r.phone, passwordHash: noPassword, ...searchableName(r.fullName), birthYear: r.birthYear, homeUnitId: r.homeUnitId, language: 'vi', now: actor.now, fromList: true });
        // "On the list, not yet signed in" until its owner first signs in: then registered.
        countListed(deltas, r.homeUnitId, actor.now);
        outcome.created++;
      }
      const entered = searchableName(r.fullName);
      const countsSince = account && !account.visible ? actor.now : 0;
      const added = await trx
        .insertInto('memberships')
        .values({
          user_id: userId,
          unit_id: r.unit.id,
          member_group: r.group,
          added_by: actor.userId,
          added_at: actor.now,
          full_name: entered.fullName,
          full_name_search: entered.fullNameSearch,
          counts_since: countsSince,
        })
        .onConflict((oc) => oc.columns(['user_id', 'unit_id']).doNothing())
        .returning('user_id')
        .execute();
      // Someone outside the manager's reach joining is reported as a new account would be (and,
      // once a member, as that account would be then: linked).
      if (account) outcome[account.visible || added.length === 0 ? 'linked' : 'created']++;
      if (added.length > 0) {
        deltas.memberUnit(r.unit.id, r.group, dayOf(actor.now), 1);
        joined.push({ userId, row: r, countsSince });
      } else outcome.alreadyMembers++;
    }
    // Courses people had already completed count for their new unit too, on the days they were completed
    // (for people outside the manager's reach, only what they complete from now on).
    const joinedBy = new Map<UserId, typeof joined>();
    for (const j of joined) joinedBy.set(j.userId, [...(joinedBy.get(j.userId) ?? []), j]);
    const joinedIds = [...joinedBy.keys()];
    for (let i = 0; i < joinedIds.length; i += 500) {
      for (const e of await findCompletionsOf(trx, joinedIds.slice(i, i + 500))) {
        for (const { row, countsSince } of joinedBy.get(e.user_id) ?? []) {
          if (e.completed_at >= countsSince) deltas.memberCourse(row.unit.id, row.group, e.course_id, dayOf(e.completed_at), 1);
        }
      }
    }
    await deltas.write(trx);
  });
  return outcome;
}

/** The template: the header row, one example row, and the groups to choose from. */
export async function memberTemplate(scope: UnitRow): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(translate('vi', 'members.sheet.members'));
  sheet.columns = memberColumns.map((c) => ({ header: c.header, key: c.key, width: c.key === 'fullName' ? 28 : c.key === 'group' ? 30 : 20 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.addRow({ fullName: translate('vi', 'members.example.name'), phone: '0912345678', birthYear: 1985, unitCode: scope.code, group: groupLabel('official'), homeCode: '' });
  // Phones and codes are text: Excel would drop a phone's leading 0.
  for (const key of ['phone', 'unitCode', 'homeCode']) sheet.getColumn(key).numFmt = '@';
  const groupSheet = translate('vi', 'members.sheet.groups');
  const groups = workbook.addWorksheet(groupSheet);
  groups.addRows(memberGroups.map((g) => [groupLabel(g)]));
  for (let row = 2; row <= 5001; row++) {
    sheet.getCell(row, 5).dataValidation = { type: 'list', allowBlank: false, formulae: [`'${groupSheet}'!$A$1:$A$${memberGroups.length}`] };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function addMember(db: Db, scope: UnitRow, input: Omit<RawMemberRow, 'row'>, actor: MembersActor) {
  const { valid, problems } = await checkRows(db, scope, [{ row: 1, ...input }], actor.now);
  if (problems.length > 0) {
    const fields = Object.fromEntries(problems.map((p) => [memberColumns.find((c) => c.header === p.column)?.key ?? 'unitCode', { key: p.key, params: p.params }]));
    throw new AppError('invalid_input', 400, {}, fields);
  }
  const outcome = await writeMembers(db, valid, actor);
  await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: 'members.add', unitId: valid[0]!.unit.id, details: outcome, ip: actor.ip });
  return outcome;
}

/**
 * Members of a unit's subtree. A member living outside the viewer's reach is
 * shown as entered and as not claimed, exactly like a new account nobody has
 * claimed yet: nothing of their own account shows.
 */
export async function listMembers(db: DbOrTx, scope: UnitRow, page: { limit: number; offset: number }, viewer: { grants: readonly ScopedGrant[] }) {
  const base = db
    .selectFrom('memberships as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .innerJoin('users as p', 'p.id', 'm.user_id')
    .where('u.path', 'like', `${scope.path}%`);
  const [rows, count] = await Promise.all([
    base
      .innerJoin('units as home', 'home.id', 'p.home_unit_id')
      .select([
        'm.full_name as entered_name',
        'p.full_name',
        'p.phone',
        // An account made from a members list has no password until its owner claims it.
        sql<number>`case when p.password_hash = ${noPassword} then 0 else 1 end`.as('claimed'),
        'home.path as home_path',
        'u.code',
        'u.full_name as unit_name',
        'm.member_group',
        'm.added_at',
      ])
      .orderBy('u.path')
      // By the entered name, so that the order says nothing of anyone's own.
      .orderBy('m.full_name_search')
      .orderBy('m.added_at')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    members: rows.map((r) => {
      const visible = seesAccount(viewer.grants, r.home_path);
      return {
        fullName: visible ? r.full_name : r.entered_name,
        phone: r.phone,
        unit: { code: r.code, fullName: r.unit_name },
        group: r.member_group,
        claimed: visible && Number(r.claimed) === 1,
        addedAt: new Date(r.added_at).toISOString(),
      };
    }),
  };
}

export const membershipsPersonalData: PersonalDataHandler = {
  table: 'memberships',
  export: (db, userId) =>
    db
      .selectFrom('memberships as m')
      .innerJoin('units as u', 'u.id', 'm.unit_id')
      .select(['u.code as unit_code', 'u.full_name as unit_name', 'm.member_group', 'm.full_name as name_entered_by_unit', 'm.added_at'])
      .where('m.user_id', '=', userId)
      .execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('memberships').where('user_id', '=', userId).execute();
  },
};
