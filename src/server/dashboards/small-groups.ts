/**
 * Small groups suppressed in a dashboard (see shared/small-groups.ts for the rule): each figure is first shown as
 * "< 5" when it counts 1 to 4 people of a narrow group; then, in every set of figures that add up (a figure and its
 * self-served and assisted parts; a column of child units with the total; a column of the teams; the member groups),
 * no set may have exactly one hidden figure (protectSums), else it would come back by subtraction.
 */
import { type Cell, cellOf, type Figure, isNarrowUnit, protectSums, shown } from '../../shared/small-groups.js';
import type { DashboardView } from './dashboards.schema.js';

/** Figures of a unit (and its subtree), exact. */
export interface ExactFigures {
  members: number;
  registered: number;
  listed: number;
  active7d: number;
  enrolled: number;
  completed: number;
  certified: number;
  registeredAssisted: number;
  active7dAssisted: number;
  completedAssisted: number;
}

type Unit = DashboardView['unit'] & { path: string };

/** The dashboard with exact figures, as unitDashboard computes it before suppression. */
export interface ExactView {
  unit: Unit;
  period: DashboardView['period'];
  totals: ExactFigures;
  children: (ExactFigures & { unit: Unit })[];
  groups: { group: string; members: number; completed: number }[];
  teams: { id: DashboardView['teams'][number]['id']; name: string; unitCode: string; registered: number; active7d: number; completed: number }[];
  series: { day: string; registered: number; enrolled: number; completed: number; certified: number }[];
}

const figureKeys = ['members', 'registered', 'listed', 'active7d', 'enrolled', 'completed', 'certified', 'registeredAssisted', 'active7dAssisted', 'completedAssisted'] as const;
const splitKeys = ['registered', 'active7d', 'completed'] as const;
type RowKey = (typeof figureKeys)[number] | `${(typeof splitKeys)[number]}Self`;

export function suppressSmallGroups(view: ExactView, min: number): DashboardView {
  const sets: Cell[][] = [];
  const cell = (value: number, narrow: boolean) => cellOf(value, narrow, min);
  const rowCells = (figures: ExactFigures, narrow: boolean) => {
    const cells = Object.fromEntries(figureKeys.map((k) => [k, cell(figures[k], narrow)])) as Record<RowKey, Cell>;
    for (const k of splitKeys) {
      cells[`${k}Self`] = cell(figures[k] - figures[`${k}Assisted`], narrow);
      sets.push([cells[k], cells[`${k}Self`], cells[`${k}Assisted`]]);
    }
    return cells;
  };
  const unitNarrow = isNarrowUnit(view.unit);
  const totals = rowCells(view.totals, unitNarrow);
  const children = view.children.map((c) => ({ unit: c.unit, cells: rowCells(c, isNarrowUnit(c.unit)) }));
  if (children.length > 0) for (const k of Object.keys(totals) as RowKey[]) sets.push([totals[k], ...children.map((c) => c.cells[k])]);
  const groups = view.groups.map((g) => ({ group: g.group, members: cell(g.members, unitNarrow), completed: cell(g.completed, unitNarrow) }));
  sets.push([totals.members, ...groups.map((g) => g.members)], groups.map((g) => g.completed));
  const teams = view.teams.map((t) => ({ ...t, registered: cell(t.registered, true), active7d: cell(t.active7d, true), completed: cell(t.completed, true) }));
  sets.push(teams.map((t) => t.registered), teams.map((t) => t.active7d), teams.map((t) => t.completed));
  protectSums(sets);

  const figures = (cells: Record<RowKey, Cell>) => Object.fromEntries(Object.entries(cells).map(([k, c]) => [k, c.shown])) as Record<RowKey, Figure>;
  const present = ({ path: _path, ...unit }: Unit) => unit;
  return {
    unit: present(view.unit),
    period: view.period,
    totals: figures(totals),
    children: children.map((c) => ({ unit: present(c.unit), ...figures(c.cells) })),
    groups: groups.map((g) => ({ group: g.group, members: g.members.shown, completed: g.completed.shown })),
    teams: teams.map((t) => ({ id: t.id, name: t.name, unitCode: t.unitCode, registered: t.registered.shown, active7d: t.active7d.shown, completed: t.completed.shown })),
    // Daily figures are flows, not sums of the ones above: hidden as "< 5" only.
    series: view.series.map((d) => ({ day: d.day, registered: shown(d.registered, unitNarrow, min), enrolled: shown(d.enrolled, unitNarrow, min), completed: shown(d.completed, unitNarrow, min), certified: shown(d.certified, unitNarrow, min) })),
  };
}
