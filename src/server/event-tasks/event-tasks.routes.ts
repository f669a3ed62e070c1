import type { EventId, EventTaskId } from '../../shared/ids.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { organiserRoles, unitCodeOfEvent } from '../events/events.service.js';
import type { App } from '../http/app-type.js';
import { allow, integerParam, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, FileResponse, NoContent, xlsxType } from '../http/schemas.js';
import { UnitCodeParams } from '../units/units.schema.js';
import { budgetWorkbook } from './budget-workbook.js';
import {
  Budget,
  BudgetLineParams,
  BudgetLinePatch,
  EventIdParams,
  EventTask,
  EventTaskParams,
  NewBudgetLine,
  NewTask,
  TaskIdParams,
  TaskList,
  TaskListQuery,
  TaskPatch,
  TaskProgress,
} from './event-tasks.schema.js';
import {
  addBudgetLine,
  createEventTask,
  eventBudget,
  exportBudget,
  listEventTasks,
  listUnitTasks,
  patchBudgetLine,
  patchEventTask,
  removeBudgetLine,
  removeEventTask,
  reportTaskProgress,
  unitCodeOfTask,
} from './event-tasks.service.js';

export async function eventTasksRoutes(app: App, deps: { db: Db; clock: Clock }): Promise<void> {
  const actor = (request: Parameters<typeof viewerOf>[0]) => ({ userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() });
  // Organisers whose grant reaches the event's unit; another unit's event is a 403.
  const organisers = allow.roleOnUnit(organiserRoles, (request) => unitCodeOfEvent(deps.db, integerParam<EventId>(request, 'id')));
  const tasks = (summary: string, description: string) => ({ tags: ['event-tasks'], summary, description: `Organisers of the event's unit or above. ${description}` });
  const budget = (summary: string, description: string) => ({ tags: ['event-budget'], summary, description: `Organisers of the event's unit or above. ${description}` });

  app.get(
    '/api/events/:id/tasks',
    {
      config: { policy: organisers },
      schema: { ...tasks('Preparation tasks of an event', 'Overdue ones (deadline passed, not done) first, then by deadline; `overdue=true` lists only those. 404 event_not_found.'), params: EventIdParams, querystring: TaskListQuery, response: { 200: TaskList, ...errorResponses } },
    },
    async (request) => listEventTasks(deps.db, request.params.id, request.query, deps.clock.now()),
  );

  app.post(
    '/api/events/:id/tasks',
    {
      config: { policy: organisers },
      schema: { ...tasks('Assign a preparation task to a unit', 'Any unit (400 unit_not_found). Audited.'), params: EventIdParams, body: NewTask, response: { 201: EventTask, ...errorResponses } },
    },
    async (request, reply) => reply.status(201).send(await createEventTask(deps.db, request.params.id, request.body, actor(request))),
  );

  app.patch(
    '/api/events/:id/tasks/:taskId',
    {
      config: { policy: organisers },
      schema: { ...tasks('Edit a task', 'Any field, the unit assigned included. Audited. 404 event_task_not_found (also for a task of another event).'), params: EventTaskParams, body: TaskPatch, response: { 200: EventTask, ...errorResponses } },
    },
    async (request) => patchEventTask(deps.db, request.params.id, request.params.taskId, request.body, actor(request)),
  );

  app.delete(
    '/api/events/:id/tasks/:taskId',
    {
      config: { policy: organisers },
      schema: { ...tasks('Delete a task', 'Audited. 404 event_task_not_found.'), params: EventTaskParams, response: { 204: NoContent, ...errorResponses } },
    },
    async (request, reply) => {
      await removeEventTask(deps.db, request.params.id, request.params.taskId, actor(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/units/:code/event-tasks',
    {
      config: { policy: allow.roleOnUnit('manager', unitCodeFromParams()) },
      schema: {
        tags: ['event-tasks'],
        summary: "Events' tasks assigned to a unit",
        description: 'Managers of the unit or above. Tasks of every event assigned to the unit and the units below it, overdue ones first.',
        params: UnitCodeParams,
        response: { 200: TaskList, ...errorResponses },
      },
    },
    async (request) => listUnitTasks(deps.db, authorizedUnitOf(request), deps.clock.now()),
  );

  app.patch(
    '/api/event-tasks/:id',
    {
      config: { policy: allow.roleOnUnit('manager', (request) => unitCodeOfTask(deps.db, integerParam<EventTaskId>(request, 'id'))) },
      schema: {
        tags: ['event-tasks'],
        summary: "Report on a unit's task",
        description: 'Managers of the unit the task is assigned to, or above (403 for a task of another unit). Status (todo, in_progress, done, blocked) and a note; who and when are kept. Audited. 404 event_task_not_found.',
        params: TaskIdParams,
        body: TaskProgress,
        response: { 200: EventTask, ...errorResponses },
      },
    },
    async (request) => reportTaskProgress(deps.db, request.params.id, request.body, actor(request)),
  );

  app.get(
    '/api/events/:id/budget',
    { config: { policy: organisers }, schema: { ...budget('The budget of an event', 'Lines with their amounts (quantity × unit cost, in đồng), totals per funding source and the grand total.'), params: EventIdParams, response: { 200: Budget, ...errorResponses } } },
    async (request) => eventBudget(deps.db, request.params.id),
  );

  app.post(
    '/api/events/:id/budget',
    {
      config: { policy: organisers },
      schema: { ...budget('Add a budget line', 'Whole đồng. The answer is the whole budget. Audited. 400 budget_total_too_large.'), params: EventIdParams, body: NewBudgetLine, response: { 201: Budget, ...errorResponses } },
    },
    async (request, reply) => reply.status(201).send(await addBudgetLine(deps.db, request.params.id, request.body, actor(request))),
  );

  app.patch(
    '/api/events/:id/budget/:lineId',
    {
      config: { policy: organisers },
      schema: { ...budget('Change a budget line', 'The answer is the whole budget. Audited. 404 budget_line_not_found.'), params: BudgetLineParams, body: BudgetLinePatch, response: { 200: Budget, ...errorResponses } },
    },
    async (request) => patchBudgetLine(deps.db, request.params.id, request.params.lineId, request.body, actor(request)),
  );

  app.delete(
    '/api/events/:id/budget/:lineId',
    {
      config: { policy: organisers },
      schema: { ...budget('Remove a budget line', 'The answer is the whole budget. Audited. 404 budget_line_not_found.'), params: BudgetLineParams, response: { 200: Budget, ...errorResponses } },
    },
    async (request) => removeBudgetLine(deps.db, request.params.id, request.params.lineId, actor(request)),
  );

  app.get(
    '/api/events/:id/budget.xlsx',
    {
      config: { policy: organisers },
      schema: {
        ...budget('The budget as Excel', 'Title rows with the event and its date; STT · Nội dung · Đơn vị tính · Số lượng · Đơn giá · Thành tiền · Nguồn kinh phí · Ghi chú; a total per source and the grand total; A4 landscape. Audited.'),
        params: EventIdParams,
        response: { 200: FileResponse(xlsxType), ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = await exportBudget(deps.db, request.params.id, actor(request));
      return reply.type(xlsxType).header('content-disposition', `attachment; filename="du-toan-kinh-phi-su-kien-${request.params.id}.xlsx"`).send(await budgetWorkbook(view, deps.clock.now()));
    },
  );
}
