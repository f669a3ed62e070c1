import type { Generated } from 'kysely';
import type { BudgetLineId, EventId, EventTaskId, UnitId, UserId } from '../../shared/ids.js';
import type { FundingSource, TaskStatus } from '../../shared/event-tasks.js';

/** A preparation task of an event, assigned to a unit whose managers report on it. */
export interface EventTasksTable {
  id: Generated<EventTaskId>;
  event_id: EventId;
  title: string;
  details: Generated<string>;
  unit_id: UnitId;
  deadline: number;
  status: Generated<TaskStatus>;
  note: Generated<string>;
  created_by: UserId;
  created_at: number;
  updated_by: UserId;
  updated_at: number;
}

export interface EventBudgetLinesTable {
  id: Generated<BudgetLineId>;
  event_id: EventId;
  position: number;
  item: string;
  unit_of_measure: string;
  quantity: number;
  unit_cost: number;
  funding_source: FundingSource;
  note: Generated<string>;
  updated_at: number;
}
