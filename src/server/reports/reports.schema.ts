import Type, { type Static } from 'typebox';
import { Id } from '../http/schemas.js';

export const UnitParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

export const WeeklyReportBody = Type.Object({ weekday: Type.Integer({ minimum: 1, maximum: 7 }) }, { additionalProperties: false, examples: [{ weekday: 1 }] });
export type WeeklyReportBody = Static<typeof WeeklyReportBody>;

export const WeeklyReportSchedule = Type.Object({ weekday: Type.Integer() }, { examples: [{ weekday: 1 }] });

export const ReportList = Type.Object({
  weekday: Type.Union([Type.Integer(), Type.Null()]),
  reports: Type.Array(Type.Object({ id: Type.Integer(), from: Type.String(), to: Type.String(), createdAt: Type.String() })),
}, {
  examples: [
    {
      weekday: 1,
      reports: [
        { id: 58, from: '2026-11-23', to: '2026-11-29', createdAt: '2026-11-30T00:05:00.000Z' },
        { id: 51, from: '2026-11-16', to: '2026-11-22', createdAt: '2026-11-23T00:05:00.000Z' },
      ],
    },
  ],
});
export type ReportList = Static<typeof ReportList>;

export const ReportParams = Type.Object({ id: Id() });

export const ReportNotices = Type.Object({
  notices: Type.Array(
    Type.Object({
      id: Type.Integer(),
      reportId: Type.Integer({ description: 'Download it at GET /api/reports/{reportId}' }),
      unit: Type.Object({ code: Type.String(), fullName: Type.String() }),
      from: Type.String(),
      to: Type.String(),
      createdAt: Type.String(),
    }),
  ),
}, {
  examples: [{ notices: [{ id: 7, reportId: 58, unit: { code: '30307', fullName: 'Phường Long Xuyên' }, from: '2026-11-23', to: '2026-11-29', createdAt: '2026-11-30T00:05:00.000Z' }] }],
});
export type ReportNotices = Static<typeof ReportNotices>;
