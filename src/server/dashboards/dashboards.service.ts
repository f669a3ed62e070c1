/**
 * A unit's dashboard, read from the rollups only: the totals of its subtree,
 * the same per child unit (to drill down from the province to a commune), and
 * a daily series. Its cost depends on the number of units, courses and days,
 * never on the number of learners. Registered, active and completed are split
 * into self-served and assisted (accounts a helper made), and the teams of the
 * subtree are listed with the figures of the learners they signed up.
 */
import type { CourseId, TeamId, UnitId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import { dayOf, dayOfIso, isoOfDay } from '../../shared/days.js';
import { memberGroups } from '../members/members.schema.js';
import { sumRollup, sumTeamRollup } from '../rollups/rollups.service.js';
import { teamsUnder } from '../teams/teams.service.js';
import { findSubtreeUnits } from './dashboards.queries.js';
import type { DashboardView } from './dashboards.schema.js';
import { type ExactView, suppressSmallGroups } from './small-groups.js';

export { dashboardPdf, dashboardWorkbook, madeAt, tablePdf } from './dashboard-export.js';

type Figures = ExactView['totals'];

/** What the dashboard needs to know of its unit. */
export interface DashboardUnit {
  id: UnitId;
  code: string;
  name: string;
  full_name: string;
  kind: DashboardView['unit']['kind'];
  path: string;
}

const zero = (): Figures => ({ members: 0, registered: 0, listed: 0, active7d: 0, enrolled: 0, completed: 0, certified: 0, registeredAssisted: 0, active7dAssisted: 0, completedAssisted: 0 });

/** `smallGroupMin`: figures of fewer people under a unit narrower than a commune are suppressed (small-groups.ts). */
export async function unitDashboard(db: DbOrTx, unit: DashboardUnit, options: { from?: string; to?: string; courseId?: CourseId; now: number; smallGroupMin: number }): Promise<DashboardView> {
  const today = dayOf(options.now);
  const to = options.to ? Math.min(dayOfIso(options.to), today) : today;
  const from = options.from ? dayOfIso(options.from) : to - 29;
  const subtree = unit.path;
  const courses = options.courseId === undefined ? undefined : [options.courseId];

  const [units, registered, active, memberSums, courseRows] = await Promise.all([
    findSubtreeUnits(db, subtree),
    sumRollup(db, 'unit_daily', { subtree, to, by: 'unit' }),
    // "Active in the last 7 days" is a sum of latest-activity days (see rollups.service.ts): the 7 days that end
    // with the period's last day, so that a past period (a weekly report) counts its own week, not this one.
    sumRollup(db, 'unit_daily', { subtree, from: to - 6, to, by: 'unit' }),
    sumRollup(db, 'member_daily', { subtree, to, by: 'unit' }),
    sumRollup(db, 'unit_course_daily', { subtree, to, courses, by: 'unit' }),
  ]);
  const figureRows: { key: UnitId; figures: Partial<Figures> }[] = [
    ...registered.map((r) => ({ key: r.key, figures: { registered: r.registered, registeredAssisted: r.registered_assisted, listed: r.listed } })),
    ...active.map((r) => ({ key: r.key, figures: { active7d: r.last_active, active7dAssisted: r.last_active_assisted } })),
    ...memberSums.map((r) => ({ key: r.key, figures: { members: r.members } })),
    ...courseRows.map((r) => ({ key: r.key, figures: { enrolled: r.enrolled, completed: r.completed, certified: r.certified, completedAssisted: r.completed_assisted } })),
  ];

  // Each unit's figures go to the totals and to the child of the dashboard's unit it lies under.
  const children = units.filter((u) => u.parent_id === unit.id).sort((a, b) => a.sort_order - b.sort_order || a.name.localeCompare(b.name, 'vi'));
  const totals = zero();
  const perChild = new Map(children.map((c) => [c.id, zero()]));
  const targetsOf = new Map(units.map((u) => [u.id, [totals, ...children.filter((c) => u.path.startsWith(c.path)).map((c) => perChild.get(c.id)!)]]));
  for (const row of figureRows) {
    for (const target of targetsOf.get(row.key) ?? [totals]) {
      for (const [key, value] of Object.entries(row.figures)) target[key as keyof Figures] += value;
    }
  }

  const [series, groups, teams] = await Promise.all([dailySeries(db, subtree, from, to, courses), groupFigures(db, subtree, to, courses), teamsOfDashboard(db, unit, to)]);
  const exact: ExactView = {
    unit: { code: unit.code, name: unit.name, fullName: unit.full_name, kind: unit.kind, path: unit.path },
    period: { from: isoOfDay(from), to: isoOfDay(to) },
    totals,
    children: children.map((c) => ({ unit: { code: c.code, name: c.name, fullName: c.full_name, kind: c.kind, path: c.path }, ...perChild.get(c.id)! })),
    groups,
    teams,
    series,
  };
  return suppressSmallGroups(exact, options.smallGroupMin);
}

export interface TeamFigures {
  /** Accounts the team made by assisted sign-up in the period. */
  registered: number;
  /** Of them, learners whose latest activity fell in the 7 days ending on the period's last day. */
  active7d: number;
  /** Completions (learner × course) by them in the period. */
  completed: number;
}

/**
 * Figures of the learners each team signed up, from team_daily (days in Vietnam time, both ends included; `from`
 * undefined: since the beginning). Every team asked for is in the answer, with zeros when it has none.
 */
export async function teamFigures(db: DbOrTx, teamIds: readonly TeamId[], from: number | undefined, to: number): Promise<Map<TeamId, TeamFigures>> {
  const [period, active] = await Promise.all([sumTeamRollup(db, { teams: teamIds, from, to }), sumTeamRollup(db, { teams: teamIds, from: to - 6, to })]);
  return new Map(
    teamIds.map((id) => {
      const p = period.find((r) => r.key === id);
      return [id, { registered: p?.registered ?? 0, completed: p?.completed ?? 0, active7d: active.find((r) => r.key === id)?.last_active ?? 0 }];
    }),
  );
}

/** The teams of the subtree with their learners' figures as the dashboard counts them (up to the end of the period; active: the 7 days ending with it). */
async function teamsOfDashboard(db: DbOrTx, unit: DashboardUnit, to: number) {
  const teams = await teamsUnder(db, unit.path);
  const ids = teams.map((team) => team.id);
  const [upTo, recent] = await Promise.all([sumTeamRollup(db, { teams: ids, to }), sumTeamRollup(db, { teams: ids, from: to - 6, to })]);
  return teams.map((team) => {
    const sums = upTo.find((r) => r.key === team.id);
    return { id: team.id, name: team.name, unitCode: team.unit_code, registered: sums?.registered ?? 0, active7d: recent.find((r) => r.key === team.id)?.last_active ?? 0, completed: sums?.completed ?? 0 };
  });
}

/** Members of the subtree by group, and how many completions they made (of the course, if one is chosen). */
async function groupFigures(db: DbOrTx, subtree: string, to: number, courses: CourseId[] | undefined) {
  const [members, done] = await Promise.all([
    sumRollup(db, 'member_daily', { subtree, to, by: 'group' }),
    sumRollup(db, 'member_course_daily', { subtree, to, courses, by: 'group' }),
  ]);
  return memberGroups
    .map((group) => ({
      group,
      members: members.find((m) => m.key === group)?.members ?? 0,
      completed: done.find((d) => d.key === group)?.completed ?? 0,
    }))
    .filter((g) => g.members > 0);
}

async function dailySeries(db: DbOrTx, subtree: string, from: number, to: number, courses: CourseId[] | undefined) {
  const [registrations, courseDays] = await Promise.all([
    sumRollup(db, 'unit_daily', { subtree, from, to, by: 'day' }),
    sumRollup(db, 'unit_course_daily', { subtree, from, to, courses, by: 'day' }),
  ]);
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => {
    const day = from + i;
    const r = registrations.find((x) => x.key === day);
    const c = courseDays.find((x) => x.key === day);
    return { day: isoOfDay(day), registered: r?.registered ?? 0, enrolled: c?.enrolled ?? 0, completed: c?.completed ?? 0, certified: c?.certified ?? 0 };
  });
}
