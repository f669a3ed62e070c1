import type { Generated } from 'kysely';
import type { GrantId, UnitId, UserId } from '../../shared/ids.js';
import type { Role } from '../../shared/limits.js';

export interface RoleGrantsTable {
  id: Generated<GrantId>;
  user_id: UserId;
  role: Role;
  unit_id: UnitId;
  granted_by: UserId | null;
  created_at: number;
}
