/**
 * Small groups in a campaign's ranking (shared/small-groups.ts): a unit narrower than a commune with 1 to 4 people
 * or completions shows "< 5"; where a parent unit's figure and its children's add up, a second child is hidden too
 * ("x") when exactly one would be. A unit with a hidden figure is not ranked and shows no rate (its share, of the
 * target, its trend): a rate of four people, or a place between two known rates, would give its people away.
 */
import { cellOf, type Figure, isNarrowUnit, protectSums } from '../../shared/small-groups.js';

interface Exact {
  unit: { kind: string };
  path: string;
  people: number;
  completed: number;
}

/** Splits the standings into those shown with their figures and rank, and those whose figures are suppressed. */
export function suppressSmallUnits<T extends Exact>(list: readonly T[], min: number): { ranked: T[]; unranked: (Omit<T, 'people' | 'completed'> & { people: Figure; completed: Figure })[] } {
  const cells = list.map((s) => {
    const narrow = isNarrowUnit({ kind: s.unit.kind, path: s.path });
    return { s, people: cellOf(s.people, narrow, min), completed: cellOf(s.completed, narrow, min) };
  });
  // Sets that add up: a unit and its children in the list (one set per figure).
  const parentOf = (path: string) => path.replace(/[^/]+\/$/, '');
  const sets = cells.flatMap((parent) => {
    const children = cells.filter((c) => parentOf(c.s.path) === parent.s.path);
    return children.length === 0 ? [] : [[parent.people, ...children.map((c) => c.people)], [parent.completed, ...children.map((c) => c.completed)]];
  });
  protectSums(sets);
  const hidden = (c: (typeof cells)[number]) => typeof c.people.shown === 'string' || typeof c.completed.shown === 'string';
  return {
    ranked: cells.filter((c) => !hidden(c)).map((c) => c.s),
    unranked: cells.filter(hidden).map((c) => ({ ...c.s, people: c.people.shown, completed: c.completed.shown })),
  };
}
