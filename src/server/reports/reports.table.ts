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

/** Who asked for a schedule's reports: each gets a notice (and, if REPORT_SMS, a text) when one is made. */
export interface ReportSubscribersTable {
  schedule_id: number;
  user_id: UserId;
  created_at: number;
}

/** A made report, announced on a subscriber's home page until they mark it read. */
export interface ReportNoticesTable {
  id: Generated<number>;
  user_id: UserId;
  report_id: number;
  created_at: number;
  read_at: number | null;
}
