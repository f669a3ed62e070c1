import type { Generated } from 'kysely';
import type { UnitId, UserId } from '../../shared/ids.js';

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_user_id: UserId | null;
  action: string;
  subject_user_id: UserId | null;
  unit_id: UnitId | null;
  /** JSON object; never holds secrets such as passwords, codes or tokens. */
  details: string;
  ip: string | null;
}
