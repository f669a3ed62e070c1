/**
 * An event's preparation tasks (the plan's "tổ chức thực hiện": each body its part, by a deadline) and its budget.
 * Organisers of the event plan both; managers of an assigned unit report on their unit's tasks only.
 */
import { fundingSources, isOverdue } from '../../shared/event-tasks.js';
import type { BudgetLineId, EventId, EventTaskId, UserId } from '../../shared/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { badRequest, notFound } from '../errors.js';
import { findEvent } from '../events/events.service.js';
import { findUnitByCode } from '../units/units.service.js';
import type { Budget, BudgetLinePatch, EventTask, NewBudgetLine, NewTask, TaskList, TaskPatch, TaskProgress } from './event-tasks.schema.js';
import {
  deleteBudgetLine,
  deleteTask,
  findBudgetLine,
  findBudgetLines,
  findTaskById,
  findTasksInSubtree,
  findTasksOfEvent,
  insertBudgetLine,
  insertTask,
  type TaskRow,
  updateBudgetLine,
  updateTask,
} from './event-tasks.queries.js';

export interface Actor {
  userId: UserId;
  ip: string;
  now: number;
}

const iso = (ms: number) => new Date(Number(ms)).toISOString();

async function eventOrThrow(db: DbOrTx, id: EventId) {
  const event = await findEvent(db, id);
  if (!event) throw notFound('event_not_found');
  return event;
}

function present(row: TaskRow, eventTitle: string, now: number): EventTask {
  const deadline = Number(row.deadline);
  return {
    id: row.id,
    eventId: row.event_id,
    eventTitle,
    title: row.title,
    details: row.details,
    unit: { code: row.unit_code, name: row.unit_name, fullName: row.unit_full_name, kind: row.unit_kind },
    deadline: iso(deadline),
    status: row.status,
    note: row.note,
    overdue: isOverdue({ deadline, status: row.status }, now),
    updatedAt: iso(row.updated_at),
    updatedBy: { id: row.updated_by, fullName: row.updated_by_name },
  };
}

// Overdue first (the organiser chases those), then by deadline.
const byUrgency = (a: EventTask, b: EventTask) => Number(b.overdue) - Number(a.overdue) || a.deadline.localeCompare(b.deadline) || a.id - b.id;

function taskList(tasks: EventTask[], onlyOverdue: boolean): TaskList {
  const sorted = tasks.sort(byUrgency);
  const overdue = sorted.filter((t) => t.overdue);
  return { tasks: onlyOverdue ? overdue : sorted, overdueCount: overdue.length };
}

/** The unit a task is assigned to, for the policy of the managers' route; a missing task is a 404. */
export async function unitCodeOfTask(db: DbOrTx, id: EventTaskId | undefined): Promise<string> {
  const task = id === undefined ? undefined : await findTaskById(db, id);
  if (!task) throw notFound('event_task_not_found');
  return task.unit_code;
}

export async function listEventTasks(db: Db, eventId: EventId, options: { overdue?: boolean }, now: number): Promise<TaskList> {
  const event = await eventOrThrow(db, eventId);
  return taskList((await findTasksOfEvent(db, eventId)).map((row) => present(row, event.title, now)), options.overdue === true);
}

/** Tasks assigned to the unit and the units below it, across events: what its managers report on. */
export async function listUnitTasks(db: Db, unit: { path: string }, now: number): Promise<TaskList> {
  const rows = await findTasksInSubtree(db, unit.path);
  const titles = new Map<EventId, string>();
  for (const eventId of new Set(rows.map((r) => r.event_id))) titles.set(eventId, (await findEvent(db, eventId))?.title ?? '');
  return taskList(
    rows.map((row) => present(row, titles.get(row.event_id) ?? '', now)),
    false,
  );
}

async function assignedUnit(db: DbOrTx, code: string) {
  const unit = await findUnitByCode(db, code);
  if (!unit) throw badRequest('unit_not_found', { code }, 'unitCode');
  return unit;
}

async function taskOfEvent(db: DbOrTx, eventId: EventId, taskId: EventTaskId) {
  const task = await findTaskById(db, taskId);
  if (!task || task.event_id !== eventId) throw notFound('event_task_not_found');
  return task;
}

async function readTask(db: DbOrTx, id: EventTaskId, eventTitle: string, now: number): Promise<EventTask> {
  const row = await findTaskById(db, id);
  if (!row) throw notFound('event_task_not_found');
  return present(row, eventTitle, now);
}

export async function createEventTask(db: Db, eventId: EventId, input: NewTask, actor: Actor): Promise<EventTask> {
  const event = await eventOrThrow(db, eventId);
  const unit = await assignedUnit(db, input.unitCode);
  return db.transaction().execute(async (trx) => {
    const id = await insertTask(trx, {
      event_id: eventId,
      title: input.title.trim(),
      details: input.details?.trim() ?? '',
      unit_id: unit.id,
      deadline: Date.parse(input.deadline),
      status: input.status ?? 'todo',
      note: input.note?.trim() ?? '',
      created_by: actor.userId,
      created_at: actor.now,
      updated_by: actor.userId,
      updated_at: actor.now,
    });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event_task.create', unitId: event.unit_id, ip: actor.ip, details: { eventId, taskId: id, assignedUnit: unit.code } });
    return readTask(trx, id, event.title, actor.now);
  });
}

export async function patchEventTask(db: Db, eventId: EventId, taskId: EventTaskId, patch: TaskPatch, actor: Actor): Promise<EventTask> {
  const event = await eventOrThrow(db, eventId);
  await taskOfEvent(db, eventId, taskId);
  const unit = patch.unitCode === undefined ? undefined : await assignedUnit(db, patch.unitCode);
  return db.transaction().execute(async (trx) => {
    await updateTask(trx, taskId, {
      ...(patch.title !== undefined && { title: patch.title.trim() }),
      ...(patch.details !== undefined && { details: patch.details.trim() }),
      ...(unit && { unit_id: unit.id }),
      ...(patch.deadline !== undefined && { deadline: Date.parse(patch.deadline) }),
      ...(patch.status !== undefined && { status: patch.status }),
      ...(patch.note !== undefined && { note: patch.note.trim() }),
      updated_by: actor.userId,
      updated_at: actor.now,
    });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event_task.update', unitId: event.unit_id, ip: actor.ip, details: { eventId, taskId, fields: Object.keys(patch).join(',') } });
    return readTask(trx, taskId, event.title, actor.now);
  });
}

export async function removeEventTask(db: Db, eventId: EventId, taskId: EventTaskId, actor: Actor): Promise<void> {
  const event = await eventOrThrow(db, eventId);
  const task = await taskOfEvent(db, eventId, taskId);
  await db.transaction().execute(async (trx) => {
    await deleteTask(trx, taskId);
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event_task.delete', unitId: event.unit_id, ip: actor.ip, details: { eventId, taskId, title: task.title } });
  });
}

/** A manager of the assigned unit (the route's policy checked that) reports status and note. */
export async function reportTaskProgress(db: Db, taskId: EventTaskId, input: TaskProgress, actor: Actor): Promise<EventTask> {
  const task = await findTaskById(db, taskId);
  if (!task) throw notFound('event_task_not_found');
  const event = await eventOrThrow(db, task.event_id);
  return db.transaction().execute(async (trx) => {
    await updateTask(trx, taskId, { status: input.status, ...(input.note !== undefined && { note: input.note.trim() }), updated_by: actor.userId, updated_at: actor.now });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event_task.progress', unitId: task.unit_id, ip: actor.ip, details: { eventId: task.event_id, taskId, status: input.status } });
    return readTask(trx, taskId, event.title, actor.now);
  });
}

// The budget

export async function eventBudget(db: DbOrTx, eventId: EventId): Promise<Budget> {
  const event = await eventOrThrow(db, eventId);
  const lines = (await findBudgetLines(db, eventId)).map((l) => {
    const quantity = Number(l.quantity);
    const unitCost = Number(l.unit_cost);
    return { id: l.id, item: l.item, unitOfMeasure: l.unit_of_measure, quantity, unitCost, amount: quantity * unitCost, fundingSource: l.funding_source, note: l.note };
  });
  const totals = fundingSources.map((fundingSource) => ({ fundingSource, amount: lines.filter((l) => l.fundingSource === fundingSource).reduce((sum, l) => sum + l.amount, 0) }));
  return { eventId, eventTitle: event.title, lines, totals, grandTotal: totals.reduce((sum, t) => sum + t.amount, 0) };
}

// Each line is at most 10^5 × 10^10; the total stays a safe integer (and a believable budget) below 10^15 đồng.
const maxBudgetTotal = 1_000_000_000_000_000;

async function refuseTooLarge(db: DbOrTx, eventId: EventId) {
  if ((await eventBudget(db, eventId)).grandTotal > maxBudgetTotal) throw badRequest('budget_total_too_large');
}

export async function addBudgetLine(db: Db, eventId: EventId, input: NewBudgetLine, actor: Actor): Promise<Budget> {
  const event = await eventOrThrow(db, eventId);
  return db.transaction().execute(async (trx) => {
    const id = await insertBudgetLine(trx, {
      event_id: eventId,
      item: input.item.trim(),
      unit_of_measure: input.unitOfMeasure.trim(),
      quantity: input.quantity,
      unit_cost: input.unitCost,
      funding_source: input.fundingSource,
      note: input.note?.trim() ?? '',
      updated_at: actor.now,
    });
    await refuseTooLarge(trx, eventId);
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event_budget.create', unitId: event.unit_id, ip: actor.ip, details: { eventId, lineId: id } });
    return eventBudget(trx, eventId);
  });
}

export async function patchBudgetLine(db: Db, eventId: EventId, lineId: BudgetLineId, patch: BudgetLinePatch, actor: Actor): Promise<Budget> {
  const event = await eventOrThrow(db, eventId);
  if (!(await findBudgetLine(db, eventId, lineId))) throw notFound('budget_line_not_found');
  return db.transaction().execute(async (trx) => {
    await updateBudgetLine(trx, lineId, {
      ...(patch.item !== undefined && { item: patch.item.trim() }),
      ...(patch.unitOfMeasure !== undefined && { unit_of_measure: patch.unitOfMeasure.trim() }),
      ...(patch.quantity !== undefined && { quantity: patch.quantity }),
      ...(patch.unitCost !== undefined && { unit_cost: patch.unitCost }),
      ...(patch.fundingSource !== undefined && { funding_source: patch.fundingSource }),
      ...(patch.note !== undefined && { note: patch.note.trim() }),
      updated_at: actor.now,
    });
    await refuseTooLarge(trx, eventId);
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event_budget.update', unitId: event.unit_id, ip: actor.ip, details: { eventId, lineId } });
    return eventBudget(trx, eventId);
  });
}

export async function removeBudgetLine(db: Db, eventId: EventId, lineId: BudgetLineId, actor: Actor): Promise<Budget> {
  const event = await eventOrThrow(db, eventId);
  if (!(await findBudgetLine(db, eventId, lineId))) throw notFound('budget_line_not_found');
  return db.transaction().execute(async (trx) => {
    await deleteBudgetLine(trx, lineId);
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event_budget.delete', unitId: event.unit_id, ip: actor.ip, details: { eventId, lineId } });
    return eventBudget(trx, eventId);
  });
}

/** The budget and its event's start, audited as an export. */
export async function exportBudget(db: Db, eventId: EventId, actor: Actor) {
  const event = await eventOrThrow(db, eventId);
  const budget = await eventBudget(db, eventId);
  await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: 'event_budget.export', unitId: event.unit_id, ip: actor.ip, details: { eventId } });
  return { budget, startsAt: Number(event.starts_at), unitName: event.unit_name };
}
