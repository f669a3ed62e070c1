import type { UnitId, UserId } from '../../shared/ids.js';
import type { MemberGroup } from './members.schema.js';

export interface MembershipsTable {
  user_id: UserId;
  unit_id: UnitId;
  member_group: MemberGroup;
  added_by: UserId | null;
  added_at: number;
  /** The name as the manager entered it: what managers who cannot see the person's account are shown. */
  full_name: string;
  full_name_search: string;
  /** Completions from this time on count for the unit (0: all): a person living outside the adding manager's reach keeps their past. */
  counts_since: number;
}
