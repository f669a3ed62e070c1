import type { BudgetLineId, EventId, EventTaskId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import type { EventBudgetLinesTable, EventTasksTable } from './event-tasks.table.js';
import type { Insertable, Updateable } from 'kysely';

const taskColumns = [
  'event_tasks.id',
  'event_tasks.event_id',
  'event_tasks.title',
  'event_tasks.details',
  'event_tasks.deadline',
  'event_tasks.status',
  'event_tasks.note',
  'event_tasks.updated_at',
  'event_tasks.updated_by',
  'units.id as unit_id',
  'units.code as unit_code',
  'units.name as unit_name',
  'units.full_name as unit_full_name',
  'units.kind as unit_kind',
  'units.path as unit_path',
  'users.full_name as updated_by_name',
] as const;

const tasks = (db: DbOrTx) =>
  db.selectFrom('event_tasks').innerJoin('units', 'units.id', 'event_tasks.unit_id').innerJoin('users', 'users.id', 'event_tasks.updated_by').select(taskColumns);

export type TaskRow = Awaited<ReturnType<typeof findTaskById>> & {};

export function findTaskById(db: DbOrTx, id: EventTaskId) {
  return tasks(db).where('event_tasks.id', '=', id).executeTakeFirst();
}

export function findTasksOfEvent(db: DbOrTx, eventId: EventId) {
  return tasks(db).where('event_tasks.event_id', '=', eventId).orderBy('event_tasks.deadline').orderBy('event_tasks.id').limit(1000).execute();
}

/** Tasks assigned to the unit or a unit below it. */
export function findTasksInSubtree(db: DbOrTx, path: string) {
  return tasks(db).where('units.path', 'like', `${path}%`).orderBy('event_tasks.deadline').orderBy('event_tasks.id').limit(1000).execute();
}

export async function insertTask(db: DbOrTx, row: Insertable<EventTasksTable>): Promise<EventTaskId> {
  return (await db.insertInto('event_tasks').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateTask(db: DbOrTx, id: EventTaskId, change: Updateable<EventTasksTable>): Promise<void> {
  await db.updateTable('event_tasks').set(change).where('id', '=', id).execute();
}

export async function deleteTask(db: DbOrTx, id: EventTaskId): Promise<void> {
  await db.deleteFrom('event_tasks').where('id', '=', id).execute();
}

const lineColumns = ['id', 'event_id', 'position', 'item', 'unit_of_measure', 'quantity', 'unit_cost', 'funding_source', 'note'] as const;

export function findBudgetLines(db: DbOrTx, eventId: EventId) {
  return db.selectFrom('event_budget_lines').select(lineColumns).where('event_id', '=', eventId).orderBy('position').orderBy('id').limit(2000).execute();
}

export function findBudgetLine(db: DbOrTx, eventId: EventId, id: BudgetLineId) {
  return db.selectFrom('event_budget_lines').select(lineColumns).where('event_id', '=', eventId).where('id', '=', id).executeTakeFirst();
}

export async function insertBudgetLine(db: DbOrTx, row: Omit<Insertable<EventBudgetLinesTable>, 'position'>): Promise<BudgetLineId> {
  const last = await db.selectFrom('event_budget_lines').select((eb) => eb.fn.max('position').as('position')).where('event_id', '=', row.event_id).executeTakeFirst();
  const position = Number(last?.position ?? 0) + 1;
  return (await db.insertInto('event_budget_lines').values({ ...row, position }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateBudgetLine(db: DbOrTx, id: BudgetLineId, change: Updateable<EventBudgetLinesTable>): Promise<void> {
  await db.updateTable('event_budget_lines').set(change).where('id', '=', id).execute();
}

export async function deleteBudgetLine(db: DbOrTx, id: BudgetLineId): Promise<void> {
  await db.deleteFrom('event_budget_lines').where('id', '=', id).execute();
}
