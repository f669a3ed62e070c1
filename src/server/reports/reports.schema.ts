import Type, { type Static } from 'typebox';
import { Id } from '../http/schemas.js';

export const UnitParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

export const WeeklyReportBody = Type.Object({ weekday: Type.Integer({ minimum: 1, maximum: 7 }) }, { additionalProperties: false });
export type WeeklyReportBody = Static<typeof WeeklyReportBody>;

export const WeeklyReportSchedule = Type.Object({ weekday: Type.Integer() });

export const ReportList = Type.Object({
  weekday: Type.Union([Type.Integer(), Type.Null()]),
  reports: Type.Array(Type.Object({ id: Type.Integer(), from: Type.String(), to: Type.String(), createdAt: Type.String() })),
});
export type ReportList = Static<typeof ReportList>;

export const ReportParams = Type.Object({ id: Id() });
