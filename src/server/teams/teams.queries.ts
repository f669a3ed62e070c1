import { sql } from 'kysely';
import type { TeamId, UnitId, UserId } from '../../shared/ids.js';
import type { DbOrTx, Tx } from '../db/database.js';

const teamColumns = ['helper_teams.id', 'helper_teams.name', 'helper_teams.unit_id', 'helper_teams.leader_user_id', 'units.code as unit_code', 'units.path as unit_path'] as const;

/** Live teams whose unit is this unit or above it (a team of a commune reaches its hamlets). */
export function findTeamsOverPaths(db: DbOrTx, ancestorPaths: readonly string[]) {
  return db
    .selectFrom('helper_teams')
    .innerJoin('units', 'units.id', 'helper_teams.unit_id')
    .select(teamColumns)
    .where('units.path', 'in', ancestorPaths)
    .where('helper_teams.retired_at', 'is', null)
    .orderBy('helper_teams.id')
    .execute();
}

export type TeamRow = Awaited<ReturnType<typeof findTeamsOverPaths>>[number];

/** Live teams this person is a member of. */
export function findTeamsOfMember(db: DbOrTx, userId: UserId) {
  return db
    .selectFrom('helper_team_members')
    .innerJoin('helper_teams', 'helper_teams.id', 'helper_team_members.team_id')
    .innerJoin('units', 'units.id', 'helper_teams.unit_id')
    .select(teamColumns)
    .where('helper_team_members.user_id', '=', userId)
    .where('helper_teams.retired_at', 'is', null)
    .orderBy('helper_teams.id')
    .execute();
}

/** For each of these teams, the hamlets it names (teams naming none are absent). */
export async function findHamletsOfTeams(db: DbOrTx, teamIds: readonly TeamId[]): Promise<Map<TeamId, UnitId[]>> {
  const byTeam = new Map<TeamId, UnitId[]>();
  if (teamIds.length === 0) return byTeam;
  const rows = await db.selectFrom('helper_team_hamlets').select(['team_id', 'hamlet_id']).where('team_id', 'in', teamIds).execute();
  for (const row of rows) byTeam.set(row.team_id, [...(byTeam.get(row.team_id) ?? []), row.hamlet_id]);
  return byTeam;
}

const detailColumns = [
  ...teamColumns,
  'helper_teams.created_at',
  'helper_teams.retired_at',
  'units.name as unit_name',
  'units.full_name as unit_full_name',
  'units.kind as unit_kind',
] as const;

export function findTeamById(db: DbOrTx, id: TeamId) {
  return db.selectFrom('helper_teams').innerJoin('units', 'units.id', 'helper_teams.unit_id').select(detailColumns).where('helper_teams.id', '=', id).executeTakeFirst();
}

export type TeamDetailRow = NonNullable<Awaited<ReturnType<typeof findTeamById>>>;

/** Teams of units in a subtree, live first; `liveOnly` leaves retired ones out. */
export function findTeamsInSubtree(db: DbOrTx, path: string, liveOnly: boolean) {
  let query = db.selectFrom('helper_teams').innerJoin('units', 'units.id', 'helper_teams.unit_id').select(detailColumns).where('units.path', 'like', `${path}%`);
  if (liveOnly) query = query.where('helper_teams.retired_at', 'is', null);
  // Live first on both engines (they sort nulls differently).
  return query.orderBy(sql`case when helper_teams.retired_at is null then 0 else 1 end`).orderBy('units.path').orderBy('helper_teams.name').limit(1000).execute();
}

export function insertTeam(trx: Tx, team: { unitId: UnitId; name: string; createdBy: UserId; now: number }): Promise<TeamId> {
  return trx
    .insertInto('helper_teams')
    .values({ unit_id: team.unitId, name: team.name, leader_user_id: null, created_by: team.createdBy, created_at: team.now, retired_at: null })
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((row) => row.id);
}

export async function updateTeam(trx: Tx, id: TeamId, set: { name?: string; leader_user_id?: UserId | null; retired_at?: number }): Promise<void> {
  if (Object.keys(set).length > 0) await trx.updateTable('helper_teams').set(set).where('id', '=', id).execute();
}

/** Members of these teams with their names and phones, in the order they joined. */
export function findMembers(db: DbOrTx, teamIds: readonly TeamId[]) {
  if (teamIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('helper_team_members')
    .innerJoin('users', 'users.id', 'helper_team_members.user_id')
    .select(['helper_team_members.team_id', 'helper_team_members.user_id', 'helper_team_members.added_at', 'users.full_name', 'users.phone'])
    .where('helper_team_members.team_id', 'in', teamIds)
    .orderBy('helper_team_members.added_at')
    .orderBy('helper_team_members.user_id')
    .execute();
}

/** true when added, false when already a member. */
export async function insertMember(trx: Tx, member: { teamId: TeamId; userId: UserId; addedBy: UserId; now: number }): Promise<boolean> {
  const row = await trx
    .insertInto('helper_team_members')
    .values({ team_id: member.teamId, user_id: member.userId, added_by: member.addedBy, added_at: member.now })
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteMember(trx: Tx, teamId: TeamId, userId: UserId): Promise<boolean> {
  const result = await trx.deleteFrom('helper_team_members').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Whether the person belongs to another live team of this unit (and so still needs the helper role there). */
export async function inOtherLiveTeamOfUnit(db: DbOrTx, userId: UserId, unitId: UnitId, exceptTeamId: TeamId): Promise<boolean> {
  const row = await db
    .selectFrom('helper_team_members')
    .innerJoin('helper_teams', 'helper_teams.id', 'helper_team_members.team_id')
    .select('helper_teams.id')
    .where('helper_team_members.user_id', '=', userId)
    .where('helper_teams.unit_id', '=', unitId)
    .where('helper_teams.id', '!=', exceptTeamId)
    .where('helper_teams.retired_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** The hamlets each of these teams names, with codes and names. */
export function findHamletRefs(db: DbOrTx, teamIds: readonly TeamId[]) {
  if (teamIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('helper_team_hamlets')
    .innerJoin('units', 'units.id', 'helper_team_hamlets.hamlet_id')
    .select(['helper_team_hamlets.team_id', 'units.code', 'units.name', 'units.sort_order'])
    .where('helper_team_hamlets.team_id', 'in', teamIds)
    .orderBy('units.sort_order')
    .execute();
}

export async function replaceHamlets(trx: Tx, teamId: TeamId, hamletIds: readonly UnitId[]): Promise<void> {
  await trx.deleteFrom('helper_team_hamlets').where('team_id', '=', teamId).execute();
  if (hamletIds.length > 0) await trx.insertInto('helper_team_hamlets').values(hamletIds.map((hamlet_id) => ({ team_id: teamId, hamlet_id }))).execute();
}
