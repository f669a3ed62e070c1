import { sql } from 'kysely';
import type { UnitId } from '../../shared/ids.js';
import { escapeLikePattern, foldForSearch } from '../../shared/text.js';
import type { DbOrTx } from '../db/database.js';
import { historicalKinds, residentialKinds, type UnitKind } from '../../shared/units.js';
import type { AuthorizedUnit } from '../http/access.js';

/** A unit as queries return it: the shape the policy hands to handlers, defined in http/ (below the core). */
export type UnitRow = AuthorizedUnit;

const unitColumns = ['units.id', 'units.code', 'units.kind', 'units.name', 'units.full_name', 'units.path', 'units.parent_id', 'units.valid_until'] as const;

export async function findUnitByCode(db: DbOrTx, code: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').select(unitColumns).where('code', '=', code).executeTakeFirst();
}

export async function findUnitById(db: DbOrTx, id: UnitId): Promise<UnitRow | undefined> {
  return db.selectFrom('units').select(unitColumns).where('id', '=', id).executeTakeFirst();
}


export interface UnitSearch {
  /** Already folded with foldForSearch. */
  foldedQuery: string;
  kinds: readonly UnitKind[] | null;
  includeHistorical: boolean;
  limit: number;
}

export interface UnitSearchRow extends UnitRow {
  parent_name: string | null;
}

/** Names containing the query: the exact name first, then names starting with it. */
export async function searchUnits(db: DbOrTx, search: UnitSearch): Promise<UnitSearchRow[]> {
  let query = db
    .selectFrom('units')
    .leftJoin('units as parent', 'parent.id', 'units.parent_id')
    .select([...unitColumns, 'parent.name as parent_name']);
  if (search.foldedQuery) {
    const contains = `%${escapeLikePattern(search.foldedQuery)}%`;
    const startsWith = `${escapeLikePattern(search.foldedQuery)}%`;
    query = query
      .where((eb) =>
        eb.or([
          eb('units.name_search', 'like', sql<string>`${contains} escape '\\'`),
          eb('units.full_name_search', 'like', sql<string>`${contains} escape '\\'`),
        ]),
      )
      .orderBy(
        sql`case when units.name_search = ${search.foldedQuery} or units.full_name_search = ${search.foldedQuery} then 0 when units.name_search like ${startsWith} escape '\\' then 1 else 2 end`,
      );
  }
  if (search.kinds) query = query.where('units.kind', 'in', search.kinds);
  if (!search.includeHistorical) query = query.where('units.valid_until', 'is', null);
  return query.orderBy('units.depth').orderBy('units.sort_order').orderBy('units.name').limit(search.limit).execute();
}

/** Pre-reform districts and communes whose own name contains the (folded, non-empty) query. */
export async function searchFormerUnits(db: DbOrTx, foldedQuery: string, limit: number): Promise<UnitRow[]> {
  const contains = `%${escapeLikePattern(foldedQuery)}%`;
  // Only the unit's own name: an old commune's full name holds its district's, which would match every commune of it.
  return db
    .selectFrom('units')
    .select(unitColumns)
    .where('units.kind', 'in', historicalKinds)
    .where('units.name_search', 'like', sql<string>`${contains} escape '\\'`)
    .orderBy('units.depth')
    .orderBy('units.sort_order')
    .limit(limit)
    .execute();
}

export interface SuccessionRow extends UnitSearchRow {
  old_unit_id: UnitId;
}

/**
 * The current units that took over each given pre-reform unit: for a commune its successors, for a district the
 * successors of every commune it had.
 */
export async function findSuccessorsOfMany(db: DbOrTx, oldUnits: readonly UnitRow[]): Promise<SuccessionRow[]> {
  if (oldUnits.length === 0) return [];
  return db
    .selectFrom('units as old')
    .innerJoin('units as old_commune', (join) => join.on(sql<boolean>`old_commune.path like old.path || '%'`))
    .innerJoin('unit_successions', 'unit_successions.old_unit_id', 'old_commune.id')
    .innerJoin('units', 'units.id', 'unit_successions.new_unit_id')
    .leftJoin('units as parent', 'parent.id', 'units.parent_id')
    .select([...unitColumns, 'parent.name as parent_name', 'old.id as old_unit_id'])
    .where(
      'old.id',
      'in',
      oldUnits.map((u) => u.id),
    )
    .where('units.valid_until', 'is', null)
    .orderBy('units.sort_order')
    .execute();
}

/** Every unit of a subtree (itself included), historical ones too. */
export async function findUnitsInSubtree(db: DbOrTx, path: string): Promise<UnitRow[]> {
  // Paths are digits and slashes: nothing to escape in the pattern.
  return db.selectFrom('units').select(unitColumns).where('path', 'like', `${path}%`).execute();
}

export async function findChildUnits(db: DbOrTx, parentId: UnitId): Promise<UnitRow[]> {
  return db.selectFrom('units').select(unitColumns).where('parent_id', '=', parentId).orderBy('sort_order').orderBy('name').execute();
}

/** The current communes, wards and special zones in a subtree (the unit itself included), in the tree's order. */
export async function findCurrentCommunesUnder(db: DbOrTx, path: string): Promise<UnitRow[]> {
  return db
    .selectFrom('units')
    .select(unitColumns)
    .where('path', 'like', `${path}%`)
    .where('kind', 'in', residentialKinds)
    .where('valid_until', 'is', null)
    .orderBy('sort_order')
    .orderBy('name')
    .execute();
}

export async function findSuccessorUnits(db: DbOrTx, oldUnitId: UnitId): Promise<UnitRow[]> {
  return db
    .selectFrom('unit_successions')
    .innerJoin('units', 'units.id', 'unit_successions.new_unit_id')
    .select(unitColumns)
    .where('unit_successions.old_unit_id', '=', oldUnitId)
    .orderBy('units.sort_order')
    .execute();
}

export async function countUnits(db: DbOrTx): Promise<number> {
  const row = await db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findUnitsByCodes(db: DbOrTx, codes: readonly string[]): Promise<UnitRow[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('units').select(unitColumns).where('code', 'in', codes).execute();
}

export async function renameUnit(db: DbOrTx, id: UnitId, names: { name: string; fullName: string }): Promise<void> {
  await db
    .updateTable('units')
    .set({ name: names.name, full_name: names.fullName, name_search: foldForSearch(names.name), full_name_search: foldForSearch(names.fullName) })
    .where('id', '=', id)
    .execute();
}

/** Ends a unit: `lastDay` is the last day it existed (ISO date). */
export async function endUnit(db: DbOrTx, id: UnitId, lastDay: string): Promise<void> {
  await db.updateTable('units').set({ valid_until: lastDay }).where('id', '=', id).execute();
}

/** Current units under any of `roots` (the roots included) whose name contains the folded query: a unit picker limited to a reach. */
export async function searchUnitsWithin(db: DbOrTx, roots: readonly string[], foldedQuery: string, limit: number): Promise<UnitRow[]> {
  if (roots.length === 0) return [];
  let query = db
    .selectFrom('units')
    .select(unitColumns)
    .where('units.valid_until', 'is', null)
    .where((eb) => eb.or(roots.map((p) => eb('units.path', 'like', `${p}%`))));
  if (foldedQuery) {
    const contains = `%${escapeLikePattern(foldedQuery)}%`;
    query = query.where((eb) => eb.or([eb('units.name_search', 'like', sql<string>`${contains} escape '\\'`), eb('units.full_name_search', 'like', sql<string>`${contains} escape '\\'`)]));
  }
  return query.orderBy('units.depth').orderBy('units.sort_order').orderBy('units.name').limit(limit).execute();
}

/**
 * Moves a unit and everything below it under a new parent: the paths of the whole subtree take the new parent's
 * path as their prefix, and depths shift by the same amount. Figures are kept per unit and summed over paths
 * (rollups' sumRollup, every "subtree" query), so they follow the move with no other write.
 */
export async function moveSubtree(db: DbOrTx, unit: UnitRow, to: { id: UnitId; path: string }): Promise<void> {
  const newPath = `${to.path}${unit.id}/`;
  const depthShift = newPath.split('/').length - unit.path.split('/').length;
  await db
    .updateTable('units')
    .set({
      path: sql<string>`cast(${newPath} as text) || substr(path, ${unit.path.length + 1})`,
      depth: sql<number>`depth + ${depthShift}`,
    })
    .where('path', 'like', `${unit.path}%`)
    .execute();
  await db.updateTable('units').set({ parent_id: to.id }).where('id', '=', unit.id).execute();
}

/** Ends every current unit of a subtree on `lastDay`; returns the units it ended. */
export async function endSubtree(db: DbOrTx, path: string, lastDay: string): Promise<UnitRow[]> {
  const ended = await db.selectFrom('units').select(unitColumns).where('path', 'like', `${path}%`).where('valid_until', 'is', null).execute();
  await db.updateTable('units').set({ valid_until: lastDay }).where('path', 'like', `${path}%`).where('valid_until', 'is', null).execute();
  return ended;
}

/** Units of these kinds in a subtree (itself excluded), in the tree's order, with their parent's code. */
export async function findKindsInSubtree(db: DbOrTx, path: string, kinds: readonly UnitKind[], includeHistorical: boolean) {
  let query = db
    .selectFrom('units')
    .leftJoin('units as parent', 'parent.id', 'units.parent_id')
    .select([...unitColumns, 'units.depth', 'parent.code as parent_code'])
    .where('units.path', 'like', `${path}_%`)
    .where('units.kind', 'in', kinds);
  if (!includeHistorical) query = query.where('units.valid_until', 'is', null);
  return query.orderBy('units.depth').orderBy('units.sort_order').orderBy('units.name').limit(5000).execute();
}

/** The highest n among codes `<prefix><n>` (0 if none): where the next generated code starts. */
export async function highestCodeNumber(db: DbOrTx, prefix: string): Promise<number> {
  const rows = await db.selectFrom('units').select('code').where('code', 'like', sql<string>`${`${escapeLikePattern(prefix)}%`} escape '\\'`).execute();
  return rows.reduce((max, r) => {
    const rest = r.code.slice(prefix.length);
    return /^\d{1,9}$/.test(rest) ? Math.max(max, Number(rest)) : max;
  }, 0);
}
