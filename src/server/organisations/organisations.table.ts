import type { Generated } from 'kysely';
import type { UnitId, UserId } from '../../shared/ids.js';

export const unitChangeActions = ['create', 'rename', 'move', 'retire'] as const;
export type UnitChangeAction = (typeof unitChangeActions)[number];

/** One change to the unit tree: the unit as it was before and after (JSON of code, name, kind, parent code, retiredOn). */
export interface UnitChangesTable {
  id: Generated<number>;
  unit_id: UnitId;
  action: UnitChangeAction;
  /** Null when the operator ran `hoctap unit` on the server. */
  actor_user_id: UserId | null;
  at: number;
  before: string | null;
  after: string | null;
}
