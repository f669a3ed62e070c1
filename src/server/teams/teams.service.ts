/**
 * Community digital technology teams (tổ công nghệ số cộng đồng): which teams look after a place, and which team a
 * helper acts for there. Assisted sign-up, support requests and classes route through these. A commune's (or an
 * organisation's) managers make its teams, add members by phone — each member holds the helper role on the team's
 * unit for as long as they belong to a live team there — and name the hamlets each team covers.
 */
import type { TeamId, UnitId, UserId } from '../../shared/ids.js';
import { formatPhoneNational, normalizeVietnameseMobile } from '../../shared/phone.js';
import { organisationalKinds, residentialKinds } from '../../shared/units.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { dropRole, ensureRole, grantsReach, type ScopedGrant } from '../grants/grants.service.js';
import { cleanName, findUnitsByCodes } from '../units/hamlets.service.js';
import type { UnitRow } from '../units/units.service.js';
import { findCredentialsByPhone } from '../users/users.service.js';
import {
  deleteMember,
  findHamletRefs,
  findHamletsOfTeams,
  findMembers,
  findTeamById,
  findTeamsInSubtree,
  findTeamsOfMember,
  findTeamsOverPaths,
  inOtherLiveTeamOfUnit,
  insertMember,
  insertTeam,
  replaceHamlets,
  type TeamDetailRow,
  type TeamRow,
  updateTeam,
} from './teams.queries.js';
import type { MyTeams, TeamDetail } from './teams.schema.js';

export type { TeamDetailRow, TeamRow } from './teams.queries.js';

/** "/1/57/900/" → ["/1/", "/1/57/", "/1/57/900/"]: the unit itself and every unit above it. */
function pathsUpFrom(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

/**
 * The teams that look after a place (a hamlet, or a commune as a whole): teams of the commune (or above) that
 * name this hamlet, and those that name no hamlet and so cover their whole unit. When every team names other
 * hamlets, all of them: a request is never left without a team.
 */
export async function teamsCovering(db: DbOrTx, place: { id: UnitId; path: string }): Promise<TeamRow[]> {
  const teams = await findTeamsOverPaths(db, pathsUpFrom(place.path));
  if (teams.length === 0) return [];
  const hamlets = await findHamletsOfTeams(db, teams.map((t) => t.id));
  const covering = teams.filter((t) => !hamlets.has(t.id) || hamlets.get(t.id)!.includes(place.id));
  return covering.length > 0 ? covering : teams;
}

/** The live teams a helper belongs to. */
export function teamsOfHelper(db: DbOrTx, userId: UserId): Promise<TeamRow[]> {
  return findTeamsOfMember(db, userId);
}

/** The helper's team acting at this place (the first whose unit contains it), or null if none of theirs reaches it. */
export async function helperTeamAt(db: DbOrTx, userId: UserId, place: { path: string }): Promise<TeamRow | null> {
  const teams = await findTeamsOfMember(db, userId);
  return teams.find((t) => place.path.startsWith(t.unit_path)) ?? null;
}

/** One team, live or retired, with its unit (code, path, names); undefined if there is none. */
export function findTeam(db: DbOrTx, id: TeamId): Promise<TeamDetailRow | undefined> {
  return findTeamById(db, id);
}

/** The live teams of the units in a subtree (a commune's dashboard lists them). */
export async function teamsUnder(db: DbOrTx, path: string): Promise<TeamDetailRow[]> {
  return findTeamsInSubtree(db, path, true);
}

/** The unit a team belongs to, for the policy of routes that act on one team; a missing team is a 404. */
export async function unitCodeOfTeam(db: DbOrTx, id: TeamId | undefined): Promise<string> {
  const team = id === undefined ? undefined : await findTeamById(db, id);
  if (!team) throw notFound('team_not_found');
  return team.unit_code;
}

interface Actor {
  userId: UserId;
  ip: string;
  now: number;
}

const teamUnitKinds: readonly string[] = [...residentialKinds, ...organisationalKinds];
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function maskPhone(phone: string): string {
  const national = formatPhoneNational(phone);
  return `${national.slice(0, 4)} *** ${national.slice(-3)}`;
}

async function presentTeams(db: DbOrTx, rows: readonly TeamDetailRow[]) {
  const ids = rows.map((r) => r.id);
  const [members, hamlets] = await Promise.all([findMembers(db, ids), findHamletRefs(db, ids)]);
  return rows.map((row) => {
    const own = members.filter((m) => m.team_id === row.id);
    const leader = own.find((m) => m.user_id === row.leader_user_id);
    return {
      summary: {
        id: row.id,
        name: row.name,
        unit: { code: row.unit_code, name: row.unit_name, fullName: row.unit_full_name, kind: row.unit_kind },
        leader: leader ? { id: leader.user_id, fullName: leader.full_name } : null,
        memberCount: own.length,
        hamlets: hamlets.filter((h) => h.team_id === row.id).map((h) => ({ code: h.code, name: h.name })),
        createdAt: iso(row.created_at)!,
        retiredAt: iso(row.retired_at),
      },
      members: own,
    };
  });
}

async function detailOf(db: DbOrTx, id: TeamId): Promise<TeamDetail> {
  const row = await findTeamById(db, id);
  if (!row) throw notFound('team_not_found');
  const [{ summary, members }] = (await presentTeams(db, [row])) as [Awaited<ReturnType<typeof presentTeams>>[number]];
  return {
    ...summary,
    members: members.map((m) => ({ id: m.user_id, fullName: m.full_name, phone: maskPhone(m.phone), leader: m.user_id === row.leader_user_id, addedAt: iso(m.added_at)! })),
  };
}

async function liveTeam(db: DbOrTx, id: TeamId): Promise<TeamDetailRow> {
  const team = await findTeamById(db, id);
  if (!team) throw notFound('team_not_found');
  if (team.retired_at !== null) throw conflict('team_retired');
  return team;
}

/** Teams of a unit's subtree, live ones first, for its managers. */
export async function listTeams(db: DbOrTx, unit: UnitRow) {
  const rows = await findTeamsInSubtree(db, unit.path, false);
  return { teams: (await presentTeams(db, rows)).map((t) => t.summary) };
}

/** A team with its members (masked phones); looking is audited, since it shows people. */
export async function describeTeam(db: Db, id: TeamId, actor: Actor): Promise<TeamDetail> {
  const detail = await detailOf(db, id);
  const team = (await findTeamById(db, id))!;
  await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: 'team.view', unitId: team.unit_id, details: { teamId: id }, ip: actor.ip });
  return detail;
}

async function personByPhone(db: DbOrTx, raw: string, field: string): Promise<UserId> {
  const phone = normalizeVietnameseMobile(raw);
  if (!phone) throw badRequest('invalid_phone', {}, field);
  const person = await findCredentialsByPhone(db, phone);
  if (!person) throw notFound('user_not_found');
  return person.id;
}

/** Adds a member inside a transaction: the helper role on the team's unit comes with it. */
async function joinTeam(trx: Tx, team: { id: TeamId; unit_id: UnitId }, userId: UserId, actor: Actor): Promise<boolean> {
  const added = await insertMember(trx, { teamId: team.id, userId, addedBy: actor.userId, now: actor.now });
  if (!added) return false;
  await ensureRole(trx, { userId, role: 'helper', unitId: team.unit_id, actorUserId: actor.userId, ip: actor.ip, now: actor.now });
  await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'team.member_add', subjectUserId: userId, unitId: team.unit_id, details: { teamId: team.id }, ip: actor.ip });
  return true;
}

/** The helper role goes with the last live team of that unit the person leaves. */
async function releaseHelper(trx: Tx, team: { id: TeamId; unit_id: UnitId }, userId: UserId, actor: Actor): Promise<void> {
  if (await inOtherLiveTeamOfUnit(trx, userId, team.unit_id, team.id)) return;
  await dropRole(trx, { userId, role: 'helper', unitId: team.unit_id, actorUserId: actor.userId, ip: actor.ip, now: actor.now });
}

export async function createTeam(db: Db, unit: UnitRow, input: { name: string; leaderPhone?: string }, actor: Actor): Promise<TeamDetail> {
  if (!teamUnitKinds.includes(unit.kind) || unit.valid_until !== null) throw badRequest('team_unit_not_allowed');
  const name = cleanName(input.name);
  const leader = input.leaderPhone?.trim() ? await personByPhone(db, input.leaderPhone, 'leaderPhone') : null;
  const id = await db.transaction().execute(async (trx) => {
    const teamId = await insertTeam(trx, { unitId: unit.id, name, createdBy: actor.userId, now: actor.now });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'team.create', unitId: unit.id, details: { teamId, name }, ip: actor.ip });
    if (leader !== null) {
      await joinTeam(trx, { id: teamId, unit_id: unit.id }, leader, actor);
      await updateTeam(trx, teamId, { leader_user_id: leader });
    }
    return teamId;
  });
  return detailOf(db, id);
}

/** Renames a team or sets its leader (a member, or null for none). */
export async function patchTeam(db: Db, id: TeamId, patch: { name?: string; leaderUserId?: UserId | null }, actor: Actor): Promise<TeamDetail> {
  const team = await liveTeam(db, id);
  const set: { name?: string; leader_user_id?: UserId | null } = {};
  if (patch.name !== undefined) set.name = cleanName(patch.name);
  if (patch.leaderUserId !== undefined) {
    if (patch.leaderUserId !== null && !(await findMembers(db, [id])).some((m) => m.user_id === patch.leaderUserId)) throw badRequest('team_leader_not_member', {}, 'leaderUserId');
    set.leader_user_id = patch.leaderUserId;
  }
  if (Object.keys(set).length > 0) {
    await db.transaction().execute(async (trx) => {
      await updateTeam(trx, id, set);
      await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'team.update', subjectUserId: set.leader_user_id ?? null, unitId: team.unit_id, details: { teamId: id, ...set }, ip: actor.ip });
    });
  }
  return detailOf(db, id);
}

/** Retires a team: kept with its figures; its members lose the helper role unless another live team of the unit holds them. */
export async function retireTeam(db: Db, id: TeamId, actor: Actor): Promise<TeamDetail> {
  const team = await findTeamById(db, id);
  if (!team) throw notFound('team_not_found');
  if (team.retired_at === null) {
    await db.transaction().execute(async (trx) => {
      await updateTeam(trx, id, { retired_at: actor.now });
      for (const member of await findMembers(trx, [id])) await releaseHelper(trx, team, member.user_id, actor);
      await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'team.retire', unitId: team.unit_id, details: { teamId: id }, ip: actor.ip });
    });
  }
  return detailOf(db, id);
}

export async function addTeamMember(db: Db, id: TeamId, input: { phone: string }, actor: Actor): Promise<TeamDetail> {
  const team = await liveTeam(db, id);
  const userId = await personByPhone(db, input.phone, 'phone');
  const added = await db.transaction().execute((trx) => joinTeam(trx, team, userId, actor));
  if (!added) throw conflict('team_member_exists', {}, 'phone');
  return detailOf(db, id);
}

export async function removeTeamMember(db: Db, id: TeamId, userId: UserId, actor: Actor): Promise<TeamDetail> {
  const team = await findTeamById(db, id);
  if (!team) throw notFound('team_not_found');
  // Removing someone who is no member (again, after a retry) changes nothing.
  await db.transaction().execute(async (trx) => {
    if (!(await deleteMember(trx, id, userId))) return;
    if (team.leader_user_id === userId) await updateTeam(trx, id, { leader_user_id: null });
    // A retired team's members already lost what it gave them.
    if (team.retired_at === null) await releaseHelper(trx, team, userId, actor);
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'team.member_remove', subjectUserId: userId, unitId: team.unit_id, details: { teamId: id }, ip: actor.ip });
  });
  return detailOf(db, id);
}

/** The hamlets a team covers: current hamlets under the team's unit; none means the whole unit. */
export async function setTeamHamlets(db: Db, id: TeamId, input: { hamletCodes: readonly string[] }, actor: Actor): Promise<TeamDetail> {
  const team = await liveTeam(db, id);
  const codes = [...new Set(input.hamletCodes.map((c) => c.trim()))];
  const found = await findUnitsByCodes(db, codes);
  const wrong = codes.filter((code) => {
    const unit = found.find((u) => u.code === code);
    return !unit || unit.kind !== 'hamlet' || unit.valid_until !== null || !unit.path.startsWith(team.unit_path);
  });
  if (wrong.length > 0) throw badRequest('team_hamlet_not_allowed', { code: wrong[0]!.slice(0, 40) }, 'hamletCodes');
  await db.transaction().execute(async (trx) => {
    await replaceHamlets(trx, id, found.map((u) => u.id));
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'team.hamlets', unitId: team.unit_id, details: { teamId: id, hamlets: codes.join(',') }, ip: actor.ip });
  });
  return detailOf(db, id);
}

/** A helper's own live teams, where their helper role still reaches: members by name only. */
export async function myTeams(db: DbOrTx, userId: UserId, grants: readonly ScopedGrant[]): Promise<MyTeams> {
  const own = (await findTeamsOfMember(db, userId)).filter((t) => grantsReach(grants, 'helper', t.unit_path));
  const rows = (await Promise.all(own.map((t) => findTeamById(db, t.id)))).filter((r): r is TeamDetailRow => r !== undefined);
  const presented = await presentTeams(db, rows);
  return {
    teams: presented.map(({ summary, members }) => ({
      id: summary.id,
      name: summary.name,
      unit: summary.unit,
      leader: summary.leader,
      hamlets: summary.hamlets,
      members: members.map((m) => ({ id: m.user_id, fullName: m.full_name, leader: m.user_id === summary.leader?.id })),
    })),
  };
}

/**
 * A person's memberships leave with their export and go with their erasure. Who made a team or added a member
 * stays as work data (pointing at the de-identified account), as in the audit trail; a team they led has no leader.
 */
export const teamsPersonalData: readonly PersonalDataHandler[] = [
  {
    table: 'helper_team_members',
    export: (db, userId) =>
      db
        .selectFrom('helper_team_members')
        .innerJoin('helper_teams', 'helper_teams.id', 'helper_team_members.team_id')
        .innerJoin('units', 'units.id', 'helper_teams.unit_id')
        .select(['helper_teams.name as team_name', 'units.code as unit_code', 'helper_team_members.added_at', 'helper_teams.retired_at'])
        .where('helper_team_members.user_id', '=', userId)
        .execute(),
    erase: async (trx, userId) => {
      await trx.deleteFrom('helper_team_members').where('user_id', '=', userId).execute();
    },
  },
  {
    table: 'helper_teams',
    export: (db, userId) =>
      db
        .selectFrom('helper_teams')
        .innerJoin('units', 'units.id', 'helper_teams.unit_id')
        .select(['helper_teams.name as team_name', 'units.code as unit_code', 'helper_teams.created_at'])
        .where('helper_teams.leader_user_id', '=', userId)
        .execute(),
    erase: async (trx, userId) => {
      await trx.updateTable('helper_teams').set({ leader_user_id: null }).where('leader_user_id', '=', userId).execute();
    },
  },
];

/** Members of these teams (names only), for choosing whom to give work to. */
export async function membersOfTeams(db: DbOrTx, teamIds: readonly TeamId[]): Promise<{ team_id: TeamId; user_id: UserId; full_name: string }[]> {
  return (await findMembers(db, teamIds)).map(({ team_id, user_id, full_name }) => ({ team_id, user_id, full_name }));
}
