/**
 * Small groups suppressed: a figure that counts people under a unit narrower than a commune is shown as "< 5"
 * (SMALL_GROUP_MIN) when it counts 1 to 4 of them, so that nobody in a hamlet, a school's branch or a helper team
 * can be singled out. Zero stays 0: it points at nobody.
 *
 * Narrower than a commune: a hamlet (ấp, khóm), a helper team, and an organisational unit below the level of the
 * communes (depth 2 or more: a school under the Department of Education, a union's branch, an enterprise's
 * office). The province, communes, wards, special zones, the departments, unions and enterprises of the province
 * and the historical districts and communes always show exact figures.
 *
 * A hidden figure must not come back by subtraction: where figures add up to one that is shown (the self-served
 * and assisted parts of a figure; the child units' column and the total), a second one is hidden too, as "x",
 * when exactly one part would be hidden; and rates computed from a hidden figure are hidden ("x").
 */
import { formatNumber } from './i18n/format.js';
import type { Language } from './limits.js';
import type { UnitKind } from './units.js';
import { organisationalKinds } from './units.js';

/** A figure as dashboards and rankings show it: the number, "< 5" (1 to 4 people) or "x" (hidden so that a "< 5" cannot be worked out). */
export type Figure = number | string;

/** What the second, protective suppression shows. */
export const hiddenFigure = 'x' as const;

const fewerThan = (min: number) => `< ${min}`;

export const isSuppressed = (text: string) => text === hiddenFigure || /^< \d+$/.test(text);

/** Whether a unit is narrower than a commune (see above); `path` is the unit's "/1/57/…" path. */
export function isNarrowUnit(unit: { kind: UnitKind | string; path: string }): boolean {
  if (unit.kind === 'hamlet') return true;
  const depth = unit.path.split('/').filter(Boolean).length - 1;
  return (organisationalKinds as readonly string[]).includes(unit.kind) && depth >= 2;
}

/** The figure shown for `value` people of a narrow group (`narrow` false: always the number). */
export function shown(value: number, narrow: boolean, min: number): Figure {
  return narrow && value > 0 && value < min ? fewerThan(min) : value;
}

/** One figure of a table: the exact count, what is shown of it, and whether it counts a narrow group. */
export interface Cell {
  value: number;
  shown: Figure;
  narrow: boolean;
}

export const cellOf = (value: number, narrow: boolean, min: number): Cell => ({ value, narrow, shown: shown(value, narrow, min) });

/**
 * `sets`: figures that add up (a total and its parts). No set may have exactly one hidden figure: the smallest
 * other non-zero figure of a narrow group is hidden too ("x"), until every set is safe. Changes the cells in place.
 */
export function protectSums(sets: readonly (readonly Cell[])[]): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const set of sets) {
      if (set.filter((c) => typeof c.shown === 'string').length !== 1) continue;
      const next = set.filter((c) => typeof c.shown === 'number' && c.narrow && c.value > 0).sort((a, b) => a.value - b.value)[0];
      if (next) {
        next.shown = hiddenFigure;
        changed = true;
      }
    }
  }
}

/** A figure as a number for charts (a hidden one drawn as nothing). */
export const chartValue = (figure: Figure): number => (typeof figure === 'number' ? figure : 0);

/** A figure in words: the number in the language's way, or "< 5" / "x" as it is. */
export const formatFigure = (language: Language, figure: Figure): string => (typeof figure === 'number' ? formatNumber(language, figure) : figure);

/** The "< n" a dashboard's figures use, so that its note can say what it means; null when nothing is suppressed. */
export function suppressionMarker(figures: unknown): string | null {
  return /"(< \d+)"/.exec(JSON.stringify(figures))?.[1] ?? null;
}
