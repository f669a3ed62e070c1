import type { UnitId, UserId } from '../../shared/ids.js';
import type { UnitKind } from '../../shared/units.js';
import type { DbOrTx } from '../db/database.js';
import type { UnitChangeAction } from './organisations.table.js';

export interface UnitSnapshot {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  retiredOn: string | null;
}

export async function insertUnitChange(
  db: DbOrTx,
  change: { unitId: UnitId; action: UnitChangeAction; actorUserId: UserId | null; at: number; before: UnitSnapshot | null; after: UnitSnapshot | null },
): Promise<void> {
  await db
    .insertInto('unit_changes')
    .values({
      unit_id: change.unitId,
      action: change.action,
      actor_user_id: change.actorUserId,
      at: change.at,
      before: change.before && JSON.stringify(change.before),
      after: change.after && JSON.stringify(change.after),
    })
    .execute();
}

/** A unit's changes, newest first, with the name of who made each. */
export async function findUnitChanges(db: DbOrTx, unitId: UnitId) {
  return db
    .selectFrom('unit_changes')
    .leftJoin('users', 'users.id', 'unit_changes.actor_user_id')
    .select(['unit_changes.action', 'unit_changes.at', 'unit_changes.actor_user_id', 'users.full_name', 'unit_changes.before', 'unit_changes.after'])
    .where('unit_changes.unit_id', '=', unitId)
    .orderBy('unit_changes.at', 'desc')
    .orderBy('unit_changes.id', 'desc')
    .limit(500)
    .execute();
}
