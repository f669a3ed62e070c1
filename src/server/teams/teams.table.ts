import type { Generated } from 'kysely';
import type { TeamId, UnitId, UserId } from '../../shared/ids.js';

/** A community digital technology team of a commune (or an organisation). Retired teams keep their figures. */
export interface HelperTeamsTable {
  id: Generated<TeamId>;
  unit_id: UnitId;
  name: string;
  leader_user_id: UserId | null;
  created_by: UserId;
  created_at: number;
  retired_at: number | null;
  /** Support requests open or assigned longer than this are overdue (requests migration; default 48). */
  request_overdue_hours: Generated<number>;
}

export interface HelperTeamMembersTable {
  team_id: TeamId;
  user_id: UserId;
  added_by: UserId;
  added_at: number;
}

/** The hamlets a team covers; a team covering none covers its whole unit. */
export interface HelperTeamHamletsTable {
  team_id: TeamId;
  hamlet_id: UnitId;
}
