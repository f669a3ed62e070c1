/**
 * Community digital technology teams (tổ công nghệ số cộng đồng): which teams look after a place, and which team a
 * helper acts for there. Assisted sign-up, support requests and classes route through these.
 */
import type { TeamId, UnitId, UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import { findHamletsOfTeams, findMembersOfTeam, findTeamsOfMember, findTeamsOverPaths, type TeamRow } from './teams.queries.js';

export type { TeamRow } from './teams.queries.js';

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

/** A team's members (id and full name): the helpers a class may name as present. */
export function membersOfTeam(db: DbOrTx, teamId: TeamId): Promise<{ id: UserId; full_name: string }[]> {
  return findMembersOfTeam(db, teamId);
}
