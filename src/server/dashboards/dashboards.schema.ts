import Type, { type Static } from 'typebox';
import type { CourseId, TeamId } from '../../shared/ids.js';
import { exampleUnits, Id, IsoDay, UnitRef } from '../http/schemas.js';

/**
 * A count of people, or where it would single someone out (a unit narrower than a commune, shared/small-groups.ts)
 * "< 5" (1 to 4 people; the number is SMALL_GROUP_MIN) or "x" (hidden so that a "< 5" cannot be worked out by subtraction).
 */
export const Figure = (options: { description?: string } = {}) =>
  Type.Union([Type.Integer(), Type.String({ pattern: '^(< [0-9]+|x)$' })], { description: `${options.description ?? 'A count'}; "< 5" or "x" when suppressed (small groups)` });

const Figures = {
  members: Figure({ description: 'Members of the unit and the units below (membership lists)' }),
  registered: Figure({ description: 'Accounts living in the unit whose owner signed up or has signed in (up to the end of the period); accounts made from a members list count from their first sign-in' }),
  listed: Figure({ description: 'On the list, not yet signed in: accounts a manager made from a members list whose owner had not signed in by the end of the period' }),
  active7d: Figure({ description: "Learners whose latest progress fell in the 7 days ending with the period's last day" }),
  enrolled: Figure({ description: 'Enrollments (learner × course) up to the end of the period' }),
  completed: Figure(),
  certified: Figure({ description: 'Certificates issued up to the end of the period, less those revoked by then' }),
  registeredAssisted: Figure({ description: 'Of `registered`, accounts a helper made by assisted sign-up' }),
  registeredSelf: Figure({ description: 'Of `registered`, accounts people made themselves' }),
  active7dAssisted: Figure({ description: 'Of `active7d`, learners a helper signed up' }),
  active7dSelf: Figure({ description: 'Of `active7d`, learners who signed up themselves' }),
  completedAssisted: Figure({ description: 'Of `completed`, completions by learners a helper signed up' }),
  completedSelf: Figure({ description: 'Of `completed`, completions by learners who signed up themselves' }),
};

export const Dashboard = Type.Object({
  unit: UnitRef,
  period: Type.Object({ from: IsoDay, to: IsoDay }),
  totals: Type.Object(Figures),
  children: Type.Array(Type.Object({ unit: UnitRef, ...Figures })),
  groups: Type.Array(
    Type.Object({
      group: Type.String({ description: 'official, youth_union, student, helper, worker, citizen' }),
      members: Figure({ description: 'Members of the subtree in this group' }),
      completed: Figure({ description: 'Completions by them (learner × course, or of the chosen course)' }),
    }),
  ),
  teams: Type.Array(
    Type.Object({
      id: Id<TeamId>(),
      name: Type.String(),
      unitCode: Type.String({ description: 'The commune (or organisation) the team belongs to' }),
      registered: Figure({ description: 'Accounts the team made by assisted sign-up, up to the end of the period' }),
      active7d: Figure({ description: "Of them, learners whose latest progress fell in the 7 days ending with the period's last day" }),
      completed: Figure({ description: 'Completions by them (learner × course, of every course), up to the end of the period' }),
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
  series: Type.Array(Type.Object({ day: IsoDay, registered: Figure(), enrolled: Figure(), completed: Figure(), certified: Figure() })),
}, {
  examples: [
    {
      unit: exampleUnits.province,
      period: { from: '2026-11-01', to: '2026-11-30' },
      totals: { members: 18250, registered: 41327, listed: 2140, active7d: 9862, enrolled: 52140, completed: 21408, certified: 20977, registeredAssisted: 12480, registeredSelf: 28847, active7dAssisted: 2210, active7dSelf: 7652, completedAssisted: 4102, completedSelf: 17306 },
      children: [
        { unit: exampleUnits.myHoaHung, members: 412, registered: 1286, listed: 57, active7d: 301, enrolled: 1590, completed: 702, certified: 690, registeredAssisted: 514, registeredSelf: 772, active7dAssisted: 96, active7dSelf: 205, completedAssisted: 188, completedSelf: 514 },
        { unit: exampleUnits.binhDuc, members: 655, registered: 2210, listed: 93, active7d: 514, enrolled: 2875, completed: 1203, certified: 1188, registeredAssisted: 604, registeredSelf: 1606, active7dAssisted: 131, active7dSelf: 383, completedAssisted: 240, completedSelf: 963 },
      ],
      groups: [
        { group: 'official', members: 5120, completed: 4890 },
        { group: 'citizen', members: 9870, completed: 3012 },
      ],
      teams: [
        { id: 4, name: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh', unitCode: '30307', registered: 326, active7d: 58, completed: 97 },
        { id: 9, name: 'Tổ công nghệ số cộng đồng ấp Hòa Long', unitCode: '30313', registered: 12, active7d: '< 5', completed: 'x' },
      ],
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
