import Type, { type Static } from 'typebox';
import type { CourseId } from '../../shared/ids.js';
import { Id, IsoDay, UnitRef } from '../http/schemas.js';

const Figures = {
  members: Type.Integer({ description: 'Members of the unit and the units below (membership lists)' }),
  registered: Type.Integer({ description: 'Accounts living in the unit (registered up to the end of the period)' }),
  active7d: Type.Integer({ description: 'Learners with progress in the last 7 days' }),
  enrolled: Type.Integer({ description: 'Enrollments (learner × course) up to the end of the period' }),
  completed: Type.Integer(),
  certified: Type.Integer(),
};

export const Dashboard = Type.Object({
  unit: UnitRef,
  period: Type.Object({ from: IsoDay, to: IsoDay }),
  totals: Type.Object(Figures),
  children: Type.Array(Type.Object({ unit: UnitRef, ...Figures })),
  groups: Type.Array(
    Type.Object({
      group: Type.String({ description: 'official, youth_union, student, helper, worker, citizen' }),
      members: Type.Integer({ description: 'Members of the subtree in this group' }),
      completed: Type.Integer({ description: 'Completions by them (learner × course, or of the chosen course)' }),
    }),
  ),
  campaigns: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      targetPercent: Type.Integer(),
      achievedPercent: Type.Number(),
      ofTarget: Type.Number({ description: 'Share of the target reached, in percent' }),
      rank: Type.Integer({ description: 'Among comparable units of the campaign' }),
    }),
    { description: "The unit's standing in the live campaigns that rank it" },
  ),
  series: Type.Array(Type.Object({ day: IsoDay, registered: Type.Integer(), enrolled: Type.Integer(), completed: Type.Integer(), certified: Type.Integer() })),
});

export const DashboardQuery = Type.Object({ from: Type.Optional(IsoDay), to: Type.Optional(IsoDay), course: Type.Optional(Id<CourseId>()) });
export type DashboardQuery = Static<typeof DashboardQuery>;

export const DashboardParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

/** The dashboard as its files (Excel, PDF, the weekly report) show it: without the campaigns. */
export type DashboardView = Omit<Static<typeof Dashboard>, 'campaigns'>;
