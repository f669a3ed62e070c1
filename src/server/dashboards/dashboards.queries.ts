import type { DbOrTx } from '../db/database.js';

/** The current units of a subtree (the unit itself included), as a dashboard lays them out. */
export async function findSubtreeUnits(db: DbOrTx, subtree: string) {
  // Retired hamlets stay: they keep their figures, and their people still count in the commune above them.
  return db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'full_name', 'kind', 'path', 'parent_id', 'sort_order'])
    .where('path', 'like', `${subtree}%`)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('kind', '=', 'hamlet')]))
    .execute();
}
