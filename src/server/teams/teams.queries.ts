import type { TeamId, UnitId, UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';

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

/** The members of a team, by name. */
export function findMembersOfTeam(db: DbOrTx, teamId: TeamId) {
  return db
    .selectFrom('helper_team_members')
    .innerJoin('users', 'users.id', 'helper_team_members.user_id')
    .select(['users.id', 'users.full_name'])
    .where('helper_team_members.team_id', '=', teamId)
    .orderBy('users.full_name_search')
    .execute();
}
