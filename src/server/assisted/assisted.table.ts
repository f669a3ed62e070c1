import type { Generated } from 'kysely';
import type { AssistedSignupId, TeamId, UnitId, UserId } from '../../shared/ids.js';

/** One assisted sign-up: who was signed up (or linked), by which helper and team, with which consent. */
export interface AssistedSignupsTable {
  id: Generated<AssistedSignupId>;
  user_id: UserId;
  helper_id: UserId;
  team_id: TeamId;
  unit_id: UnitId;
  hamlet_id: UnitId | null;
  client_id: string;
  channel: 'assisted_sms' | 'assisted_paper';
  consent_id: number;
  linked_existing: number;
  device_id: string;
  ip: string;
  created_at: number;
  flagged_at: number | null;
  flag_reason: string | null;
}
