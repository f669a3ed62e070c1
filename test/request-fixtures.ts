/**
 * Hamlets and helper teams for tests, made as rows (tests of the teams' own routes use the API). A hamlet is a unit
 * under a commune.
 */
import type { TeamId, UnitId, UserId } from '../src/shared/ids.js';
import type { Db } from '../src/server/db/database.js';
import { insertChildUnits } from '../src/server/units/units.reference.js';

export async function buildHamlet(db: Db, communeCode: string, code: string, name: string): Promise<UnitId> {
  const commune = await db.selectFrom('units').select(['id', 'path', 'depth']).where('code', '=', communeCode).executeTakeFirstOrThrow();
  const ids = await insertChildUnits(db, commune, [{ code, kind: 'hamlet', name, fullName: name }], Date.UTC(2026, 10, 1));
  return ids.get(code)!;
}

export async function buildHelperTeam(
  db: Db,
  team: { unitCode: string; name: string; leader?: UserId | null; members: readonly UserId[]; hamlets?: readonly UnitId[]; createdBy?: UserId },
): Promise<TeamId> {
  const unit = await db.selectFrom('units').select('id').where('code', '=', team.unitCode).executeTakeFirstOrThrow();
  const creator = team.createdBy ?? team.leader ?? team.members[0]!;
  const now = Date.UTC(2026, 10, 1);
  const { id } = await db
    .insertInto('helper_teams')
    .values({ unit_id: unit.id, name: team.name, leader_user_id: team.leader ?? null, created_by: creator, created_at: now, retired_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const member of team.members) await db.insertInto('helper_team_members').values({ team_id: id, user_id: member, added_by: creator, added_at: now }).execute();
  for (const hamlet of team.hamlets ?? []) await db.insertInto('helper_team_hamlets').values({ team_id: id, hamlet_id: hamlet }).execute();
  return id;
}
