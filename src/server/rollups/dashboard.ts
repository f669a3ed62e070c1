/**
 * A unit's dashboard, read from the rollups only: the totals of its subtree,
 * the same per child unit (to drill down from the province to a commune), and
 * a daily series. Its cost depends on the number of units, courses and days,
 * never on the number of learners.
 */
import type { CourseId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import type { UnitRow } from '../units/units.queries.js';
import { dayOf, dayOfIso, isoOfDay } from '../../shared/days.js';
import { memberGroups } from '../members/members.table.js';

export interface Figures {
  members: number;
  registered: number;
  active7d: number;
  enrolled: number;
  completed: number;
  certified: number;
}

const zero = (): Figures => ({ members: 0, registered: 0, active7d: 0, enrolled: 0, completed: 0, certified: 0 });

export async function unitDashboard(db: DbOrTx, unit: UnitRow, options: { from?: string; to?: string; courseId?: CourseId; now: number }) {
  const today = dayOf(options.now);
  const to = options.to ? Math.min(dayOfIso(options.to), today) : today;
  const from = options.from ? dayOfIso(options.from) : to - 29;
  // Paths are digits and slashes: nothing to escape in the pattern.
  const inSubtree = `${unit.path}%`;

  let courseSums = db
    .selectFrom('unit_course_daily as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select((eb) => ['r.unit_id', eb.fn.sum<number>('r.enrolled').as('enrolled'), eb.fn.sum<number>('r.completed').as('completed'), eb.fn.sum<number>('r.certified').as('certified')])
    .where('u.path', 'like', inSubtree)
    .where('r.day', '<=', to)
    .groupBy('r.unit_id');
  if (options.courseId !== undefined) courseSums = courseSums.where('r.course_id', '=', options.courseId);
  const [units, unitSums, memberSums, courseRows] = await Promise.all([
    db.selectFrom('units').select(['id', 'code', 'name', 'full_name', 'kind', 'path', 'parent_id', 'sort_order']).where('path', 'like', inSubtree).where('valid_until', 'is', null).execute(),
    db
      .selectFrom('unit_daily as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select((eb) => [
        'r.unit_id',
        eb.fn.sum<number>(eb.case().when('r.day', '<=', to).then(eb.ref('r.registered')).else(0).end()).as('registered'),
        eb.fn.sum<number>(eb.case().when('r.day', '>', today - 7).then(eb.ref('r.last_active')).else(0).end()).as('active7d'),
      ])
      .where('u.path', 'like', inSubtree)
      .groupBy('r.unit_id')
      .execute(),
    db
      .selectFrom('member_daily as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select((eb) => ['r.unit_id', eb.fn.sum<number>('r.members').as('members')])
      .where('u.path', 'like', inSubtree)
      .where('r.day', '<=', to)
      .groupBy('r.unit_id')
      .execute(),
    courseSums.execute(),
  ]);

  // Each unit's figures go to the totals and to the child of the dashboard's unit it lies under.
  const children = units.filter((u) => u.parent_id === unit.id).sort((a, b) => a.sort_order - b.sort_order || a.name.localeCompare(b.name, 'vi'));
  const totals = zero();
  const perChild = new Map(children.map((c) => [c.id, zero()]));
  const targetsOf = new Map(units.map((u) => [u.id, [totals, ...children.filter((c) => u.path.startsWith(c.path)).map((c) => perChild.get(c.id)!)]]));
  for (const row of [...unitSums, ...memberSums, ...courseRows]) {
    for (const target of targetsOf.get(row.unit_id) ?? [totals]) {
      for (const [key, value] of Object.entries(row)) if (key !== 'unit_id') target[key as keyof Figures] += Number(value ?? 0);
    }
  }

  const [series, groups] = await Promise.all([dailySeries(db, inSubtree, from, to, options.courseId), groupFigures(db, inSubtree, to, options.courseId)]);
  return {
    unit: { code: unit.code, name: unit.name, fullName: unit.full_name, kind: unit.kind },
    period: { from: isoOfDay(from), to: isoOfDay(to) },
    totals,
    children: children.map((c) => ({ unit: { code: c.code, name: c.name, fullName: c.full_name, kind: c.kind }, ...perChild.get(c.id)! })),
    groups,
    series,
  };
}

/** Members of the subtree by group, and how many completions they made (of the course, if one is chosen). */
async function groupFigures(db: DbOrTx, inSubtree: string, to: number, courseId: CourseId | undefined) {
  let completions = db
    .selectFrom('member_course_daily as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select((eb) => ['r.member_group', eb.fn.sum<number>('r.completed').as('completed')])
    .where('u.path', 'like', inSubtree)
    .where('r.day', '<=', to)
    .groupBy('r.member_group');
  if (courseId !== undefined) completions = completions.where('r.course_id', '=', courseId);
  const [members, done] = await Promise.all([
    db
      .selectFrom('member_daily as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select((eb) => ['r.member_group', eb.fn.sum<number>('r.members').as('members')])
      .where('u.path', 'like', inSubtree)
      .where('r.day', '<=', to)
      .groupBy('r.member_group')
      .execute(),
    completions.execute(),
  ]);
  return memberGroups
    .map((group) => ({
      group,
      members: Number(members.find((m) => m.member_group === group)?.members ?? 0),
      completed: Number(done.find((d) => d.member_group === group)?.completed ?? 0),
    }))
    .filter((g) => g.members > 0);
}

async function dailySeries(db: DbOrTx, inSubtree: string, from: number, to: number, courseId: CourseId | undefined) {
  let courseQuery = db
    .selectFrom('unit_course_daily as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select((eb) => ['r.day', eb.fn.sum<number>('r.enrolled').as('enrolled'), eb.fn.sum<number>('r.completed').as('completed'), eb.fn.sum<number>('r.certified').as('certified')])
    .where('u.path', 'like', inSubtree)
    .where('r.day', '>=', from)
    .where('r.day', '<=', to)
    .groupBy('r.day');
  if (courseId !== undefined) courseQuery = courseQuery.where('r.course_id', '=', courseId);
  const [registrations, courseDays] = await Promise.all([
    db
      .selectFrom('unit_daily as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select((eb) => ['r.day', eb.fn.sum<number>('r.registered').as('registered')])
      .where('u.path', 'like', inSubtree)
      .where('r.day', '>=', from)
      .where('r.day', '<=', to)
      .groupBy('r.day')
      .execute(),
    courseQuery.execute(),
  ]);
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => {
    const day = from + i;
    const r = registrations.find((x) => Number(x.day) === day);
    const c = courseDays.find((x) => Number(x.day) === day);
    return { day: isoOfDay(day), registered: Number(r?.registered ?? 0), enrolled: Number(c?.enrolled ?? 0), completed: Number(c?.completed ?? 0), certified: Number(c?.certified ?? 0) };
  });
}
