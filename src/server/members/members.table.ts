import type { UnitId, UserId } from '../../shared/ids.js';

export const memberGroups = ['official', 'youth_union', 'student', 'helper', 'worker', 'citizen'] as const;
export type MemberGroup = (typeof memberGroups)[number];

export interface MembershipsTable {
  user_id: UserId;
  unit_id: UnitId;
  member_group: MemberGroup;
  added_by: UserId | null;
  added_at: number;
}
