import Type, { type Static } from 'typebox';
import type { CourseId, TeamId } from '../../shared/ids.js';
import { exampleUnits, Id, IsoDay, UnitRef } from '../http/schemas.js';

const Figures = {
  members: Type.Integer({ description: 'Members of the unit and the units below (membership lists)' }),
  registered: Type.Integer({ description: 'Accounts living in the unit whose owner signed up or has signed in (up to the end of the period); accounts made from a members list count from their first sign-in' }),
  listed: Type.Integer({ description: 'On the list, not yet signed in: accounts a manager made from a members list whose owner had not signed in by the end of the period' }),
  active7d: Type.Integer({ description: "Learners whose latest progress fell in the 7 days ending with the period's last day" }),
  enrolled: Type.Integer({ description: 'Enrollments (learner × course) up to the end of the period' }),
  completed: Type.Integer(),
  certified: Type.Integer({ description: 'Certificates issued up to the end of the period, less those revoked by then' }),
  registeredAssisted: Type.Integer({ description: 'Of `registered`, accounts a helper made by assisted sign-up; the rest signed up themselves' }),
  active7dAssisted: Type.Integer({ description: 'Of `active7d`, learners a helper signed up' }),
  completedAssisted: Type.Integer({ description: 'Of `completed`, completions by learners a helper signed up' }),
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
  teams: Type.Array(
    Type.Object({
      id: Id<TeamId>(),
      name: Type.String(),
      unitCode: Type.String({ description: 'The commune (or organisation) the team belongs to' }),
      registered: Type.Integer({ description: 'Accounts the team made by assisted sign-up, up to the end of the period' }),
      active7d: Type.Integer({ description: "Of them, learners whose latest progress fell in the 7 days ending with the period's last day" }),
      completed: Type.Integer({ description: 'Completions by them (learner × course, of every course), up to the end of the period' }),
    }),
    { description: 'The community digital technology teams of the unit and the units below it, with the figures of the learners each signed up' },
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
}, {
  examples: [
    {
      unit: exampleUnits.province,
      period: { from: '2026-11-01', to: '2026-11-30' },
      totals: { members: 18250, registered: 41327, listed: 2140, active7d: 9862, enrolled: 52140, completed: 21408, certified: 20977, registeredAssisted: 12480, active7dAssisted: 2210, completedAssisted: 4102 },
      children: [
        { unit: exampleUnits.myHoaHung, members: 412, registered: 1286, listed: 57, active7d: 301, enrolled: 1590, completed: 702, certified: 690, registeredAssisted: 514, active7dAssisted: 96, completedAssisted: 188 },
        { unit: exampleUnits.binhDuc, members: 655, registered: 2210, listed: 93, active7d: 514, enrolled: 2875, completed: 1203, certified: 1188, registeredAssisted: 604, active7dAssisted: 131, completedAssisted: 240 },
      ],
      groups: [
        { group: 'official', members: 5120, completed: 4890 },
        { group: 'citizen', members: 9870, completed: 3012 },
      ],
      teams: [{ id: 4, name: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh', unitCode: '30307', registered: 326, active7d: 58, completed: 97 }],
      campaigns: [{ id: 3, title: 'Tháng chuyển đổi số: 70 % người dân biết dùng dịch vụ công', targetPercent: 70, achievedPercent: 51.8, ofTarget: 74, rank: 12 }],
      series: [
        { day: '2026-11-29', registered: 41102, enrolled: 51880, completed: 21290, certified: 20861 },
        { day: '2026-11-30', registered: 41327, enrolled: 52140, completed: 21408, certified: 20977 },
      ],
    },
  ],
});

export const DashboardQuery = Type.Object({ from: Type.Optional(IsoDay), to: Type.Optional(IsoDay), course: Type.Optional(Id<CourseId>()) });
export type DashboardQuery = Static<typeof DashboardQuery>;

export const DashboardParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

/** The dashboard as its files (Excel, PDF, the weekly report) show it: without the campaigns. */
export type DashboardView = Omit<Static<typeof Dashboard>, 'campaigns'>;
