import type { Generated } from 'kysely';
import type { UnitId, UserId } from '../../shared/ids.js';

export const campaignStatuses = ['draft', 'live', 'ended'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export interface CampaignsTable {
  id: Generated<number>;
  title: string;
  description: string;
  unit_id: UnitId;
  /** Days (Vietnam time) since 1970-01-01, inclusive. */
  starts_on: number;
  ends_on: number;
  status: CampaignStatus;
  /** JSON array of the required courses' ids. */
  course_ids: string;
  /** Share of residents who should have completed the required courses by the end. */
  target_percent: number;
  /** JSON array of member groups; empty: the campaign is about residents. */
  audience_groups: Generated<string>;
  created_by: UserId | null;
  created_at: number;
}

export interface CampaignTargetsTable {
  campaign_id: number;
  unit_id: UnitId;
  percent: number;
  set_by: UserId | null;
  set_at: number;
}
