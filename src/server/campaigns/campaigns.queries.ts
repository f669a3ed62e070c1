import type { DbOrTx } from '../db/database.js';

/** The current units of a campaign's subtree, of the given kinds if any. */
export async function findCampaignUnits(db: DbOrTx, subtree: string, kinds?: readonly string[]) {
  let query = db.selectFrom('units').select(['id', 'code', 'name', 'full_name', 'kind', 'path']).where('path', 'like', `${subtree}%`).where('valid_until', 'is', null);
  if (kinds) query = query.where('kind', 'in', kinds as never[]);
  return query.execute();
}
