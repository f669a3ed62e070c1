import { sql } from 'kysely';
import type { UnitId } from '../../shared/ids.js';
import { escapeLikePattern, foldForSearch } from '../../shared/text.js';
import type { DbOrTx } from '../db/database.js';
import { residentialKinds, type UnitKind } from '../../shared/units.js';
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

/** Names containing the query, units whose name starts with it first. */
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
      .orderBy(sql`case when units.name_search like ${startsWith} escape '\\' then 0 else 1 end`);
  }
  if (search.kinds) query = query.where('units.kind', 'in', search.kinds);
  if (!search.includeHistorical) query = query.where('units.valid_until', 'is', null);
  return query.orderBy('units.depth').orderBy('units.sort_order').orderBy('units.name').limit(search.limit).execute();
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
