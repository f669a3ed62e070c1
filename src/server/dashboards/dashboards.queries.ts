import type { DbOrTx } from '../db/database.js';

/** The current units of a subtree (the unit itself included), as a dashboard lays them out. */
export async function findSubtreeUnits(db: DbOrTx, subtree: string) {
  return db.selectFrom('units').select(['id', 'code', 'name', 'full_name', 'kind', 'path', 'parent_id', 'sort_order']).where('path', 'like', `${subtree}%`).where('valid_until', 'is', null).execute();
}
