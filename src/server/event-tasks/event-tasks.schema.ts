import Type, { type Static } from 'typebox';
import type { BudgetLineId, EventId, EventTaskId } from '../../shared/ids.js';
import { fundingSources, taskStatuses } from '../../shared/event-tasks.js';
import { limits } from '../../shared/limits.js';
import { exampleUnits, Id, IsoTime, UnitRef } from '../http/schemas.js';

const TaskStatusSchema = Type.Enum(taskStatuses);
const FundingSourceSchema = Type.Enum(fundingSources);
const titleMax = 300;
const textMax = 4000;

export const EventIdParams = Type.Object({ id: Id<EventId>() });
export const EventTaskParams = Type.Object({ id: Id<EventId>(), taskId: Id<EventTaskId>() });
export const TaskIdParams = Type.Object({ id: Id<EventTaskId>() });
export const BudgetLineParams = Type.Object({ id: Id<EventId>(), lineId: Id<BudgetLineId>() });

const exampleUnit = { code: 'ORG.SKHCN', name: 'Sở Khoa học và Công nghệ', fullName: 'Sở Khoa học và Công nghệ', kind: 'department' };
const exampleTask = {
  id: 1,
  eventId: 1,
  eventTitle: 'Lễ phát động phong trào “Bình dân học vụ số”',
  title: 'Xây dựng nội dung chi tiết chương trình Lễ phát động',
  details: 'Chủ trì, phối hợp xây dựng bài phát biểu của Lãnh đạo UBND tỉnh.',
  unit: exampleUnit,
  deadline: '2025-05-16T10:00:00.000Z',
  status: 'in_progress',
  note: '',
  overdue: false,
  updatedAt: '2025-05-15T02:00:00.000Z',
  updatedBy: { id: 6, fullName: 'Huỳnh Quốc Bảo' },
};

export const EventTask = Type.Object(
  {
    id: Id<EventTaskId>(),
    eventId: Id<EventId>(),
    eventTitle: Type.String(),
    title: Type.String(),
    details: Type.String(),
    unit: UnitRef,
    deadline: IsoTime,
    status: TaskStatusSchema,
    note: Type.String({ description: 'Where it stands, or why it is blocked' }),
    overdue: Type.Boolean({ description: 'The deadline has passed and it is not done' }),
    updatedAt: IsoTime,
    updatedBy: Type.Object({ id: Type.Integer(), fullName: Type.String() }),
  },
  { examples: [exampleTask] },
);
export type EventTask = Static<typeof EventTask>;

export const TaskList = Type.Object(
  { tasks: Type.Array(EventTask, { description: 'Overdue ones first, then by deadline' }), overdueCount: Type.Integer() },
  { examples: [{ tasks: [exampleTask], overdueCount: 0 }] },
);
export type TaskList = Static<typeof TaskList>;

export const TaskListQuery = Type.Object({ overdue: Type.Optional(Type.Boolean({ description: 'Only the overdue ones' })) }, { additionalProperties: false });

const taskFields = {
  title: Type.String({ minLength: 1, maxLength: titleMax }),
  details: Type.String({ maxLength: textMax }),
  unitCode: Type.String({ minLength: 1, maxLength: limits.unitCodeMaxLength, description: 'The unit assigned: any unit (a department, a union, an enterprise, a commune)' }),
  deadline: IsoTime,
  status: TaskStatusSchema,
  note: Type.String({ maxLength: textMax }),
};

export const NewTask = Type.Object(
  { ...taskFields, details: Type.Optional(taskFields.details), status: Type.Optional(taskFields.status), note: Type.Optional(taskFields.note) },
  { additionalProperties: false, examples: [{ title: 'Phát hành và gửi Giấy mời', unitCode: exampleUnits.province.code, deadline: '2025-05-16T10:00:00.000Z' }] },
);
export type NewTask = Static<typeof NewTask>;

export const TaskPatch = Type.Partial(Type.Object(taskFields), { additionalProperties: false, examples: [{ deadline: '2025-05-17T10:00:00.000Z' }] });
export type TaskPatch = Static<typeof TaskPatch>;

export const TaskProgress = Type.Object(
  { status: TaskStatusSchema, note: Type.Optional(taskFields.note) },
  { additionalProperties: false, examples: [{ status: 'blocked', note: 'Chờ Sở Tài chính hướng dẫn định mức kinh phí' }] },
);
export type TaskProgress = Static<typeof TaskProgress>;

const exampleLine = { id: 1, item: 'Thuê MC dẫn chương trình', unitOfMeasure: 'người', quantity: 1, unitCost: 3_000_000, amount: 3_000_000, fundingSource: 'science_and_technology_fund', note: '' };

export const BudgetLine = Type.Object(
  {
    id: Id<BudgetLineId>(),
    item: Type.String(),
    unitOfMeasure: Type.String(),
    quantity: Type.Integer(),
    unitCost: Type.Integer({ description: 'Đồng' }),
    amount: Type.Integer({ description: 'quantity × unit cost, in đồng' }),
    fundingSource: FundingSourceSchema,
    note: Type.String(),
  },
  { examples: [exampleLine] },
);

export const Budget = Type.Object(
  {
    eventId: Id<EventId>(),
    eventTitle: Type.String(),
    lines: Type.Array(BudgetLine),
    totals: Type.Array(Type.Object({ fundingSource: FundingSourceSchema, amount: Type.Integer() }), { description: 'Every source, in a fixed order, zero when it has no line' }),
    grandTotal: Type.Integer(),
  },
  {
    examples: [
      {
        eventId: 1,
        eventTitle: 'Lễ phát động',
        lines: [exampleLine],
        totals: [
          { fundingSource: 'science_and_technology_fund', amount: 3_000_000 },
          { fundingSource: 'sponsors', amount: 0 },
          { fundingSource: 'other', amount: 0 },
        ],
        grandTotal: 3_000_000,
      },
    ],
  },
);
export type Budget = Static<typeof Budget>;

const lineFields = {
  item: Type.String({ minLength: 1, maxLength: titleMax }),
  unitOfMeasure: Type.String({ minLength: 1, maxLength: 40 }),
  quantity: Type.Integer({ minimum: 0, maximum: 100_000 }),
  unitCost: Type.Integer({ minimum: 0, maximum: 10_000_000_000, description: 'Đồng' }),
  fundingSource: FundingSourceSchema,
  note: Type.String({ maxLength: 1000 }),
};

export const NewBudgetLine = Type.Object(
  { ...lineFields, note: Type.Optional(lineFields.note) },
  { additionalProperties: false, examples: [{ item: 'Thuê MC dẫn chương trình', unitOfMeasure: 'người', quantity: 1, unitCost: 3_000_000, fundingSource: 'science_and_technology_fund' }] },
);
export type NewBudgetLine = Static<typeof NewBudgetLine>;

export const BudgetLinePatch = Type.Partial(Type.Object(lineFields), { additionalProperties: false, examples: [{ quantity: 2 }] });
export type BudgetLinePatch = Static<typeof BudgetLinePatch>;
