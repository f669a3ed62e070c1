import type { Generated } from 'kysely';
import type { UnitId, UserId } from '../../shared/ids.js';

export interface ReportSchedulesTable {
  id: Generated<number>;
  unit_id: UnitId;
  weekday: number;
  created_by: UserId | null;
  created_at: number;
  last_run_day: number | null;
}

export interface ReportsTable {
  id: Generated<number>;
  schedule_id: number | null;
  unit_id: UnitId;
  period_from: number;
  period_to: number;
  created_at: number;
  /** The Excel workbook. */
  content: Buffer;
}
