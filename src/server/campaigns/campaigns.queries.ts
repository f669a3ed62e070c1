import type { Insertable } from 'kysely';
import type { CourseId, UnitId, UserId } from '../../shared/ids.js';
import type { DbOrTx, Tx } from '../db/database.js';
import type { CampaignStatus, CampaignsTable } from './campaigns.table.js';

/** The current units of a campaign's subtree, of the given kinds if any. */
export async function findCampaignUnits(db: DbOrTx, subtree: string, kinds?: readonly string[], includeEnded = false) {
  let query = db.selectFrom('units').select(['id', 'code', 'name', 'full_name', 'kind', 'path']).where('path', 'like', `${subtree}%`);
  if (!includeEnded) query = query.where('valid_until', 'is', null);
  if (kinds) query = query.where('kind', 'in', kinds as never[]);
  return query.execute();
}

/** Which of these courses are published (a campaign may only name those). */
export async function findPublishedCourseIds(db: DbOrTx, ids: readonly CourseId[]) {
  return db.selectFrom('published_courses').select('course_id').where('course_id', 'in', ids).execute();
}

export async function insertCampaign(trx: Tx, campaign: Insertable<CampaignsTable>): Promise<number> {
  const { id } = await trx.insertInto('campaigns').values(campaign).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Campaigns with the unit they cover. */
export const selectCampaigns = (db: DbOrTx) =>
  db
    .selectFrom('campaigns as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.title', 'c.description', 'c.unit_id', 'c.starts_on', 'c.ends_on', 'c.status', 'c.course_ids', 'c.target_percent', 'c.audience_groups', 'u.code', 'u.full_name', 'u.path']);

export async function updateCampaignStatus(db: DbOrTx, id: number, status: CampaignStatus): Promise<void> {
  await db.updateTable('campaigns').set({ status }).where('id', '=', id).execute();
}

export async function upsertUnitTarget(db: DbOrTx, target: { campaignId: number; unitId: UnitId; percent: number; userId: UserId; now: number }): Promise<void> {
  await db
    .insertInto('campaign_targets')
    .values({ campaign_id: target.campaignId, unit_id: target.unitId, percent: target.percent, set_by: target.userId, set_at: target.now })
    .onConflict((oc) => oc.columns(['campaign_id', 'unit_id']).doUpdateSet({ percent: target.percent, set_by: target.userId, set_at: target.now }))
    .execute();
}

export async function findTargets(db: DbOrTx, campaignId: number) {
  return db.selectFrom('campaign_targets as t').innerJoin('units as u', 'u.id', 't.unit_id').select(['t.percent', 'u.path', 'u.code', 'u.name']).where('t.campaign_id', '=', campaignId).execute();
}
