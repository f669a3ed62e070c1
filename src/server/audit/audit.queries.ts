import { sql } from 'kysely';
import type { UserId } from '../../shared/ids.js';
import type { Db } from '../db/database.js';

export interface AuditFilter {
  /** Subtrees the reader may see (unit paths); entries without a unit only when `withoutUnit`. */
  reach: readonly string[];
  withoutUnit: boolean;
  /** Narrower: one unit's subtree (already checked to be within reach). */
  unitPath?: string;
  actorUserId?: UserId;
  subjectUserId?: UserId;
  /** An action, or a family of them: "grant" matches grant.create and grant.revoke. */
  action?: string;
  fromAt?: number;
  toAt?: number;
}

function filtered(db: Db, filter: AuditFilter) {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('units', 'units.id', 'audit_log.unit_id')
    .where((eb) =>
      eb.or([
        ...filter.reach.map((path) => eb('units.path', 'like', `${path}%`)),
        ...(filter.withoutUnit && !filter.unitPath ? [eb('audit_log.unit_id', 'is', null)] : []),
        // No reach at all: nothing (an empty or() would be an error on some engines).
        sql<boolean>`1 = 0`,
      ]),
    );
  if (filter.unitPath) query = query.where('units.path', 'like', `${filter.unitPath}%`);
  if (filter.actorUserId !== undefined) query = query.where('audit_log.actor_user_id', '=', filter.actorUserId);
  if (filter.subjectUserId !== undefined) query = query.where('audit_log.subject_user_id', '=', filter.subjectUserId);
  if (filter.action) {
    const action = filter.action;
    const family = `${action}.`;
    // "grant" also matches every "grant.…" (substr, not like: an action may hold "_", which like reads as a wildcard).
    query = query.where((eb) => eb.or([eb('audit_log.action', '=', action), sql<boolean>`substr(audit_log.action, 1, ${sql.lit(family.length)}) = ${family}`]));
  }
  if (filter.fromAt !== undefined) query = query.where('audit_log.at', '>=', filter.fromAt);
  if (filter.toAt !== undefined) query = query.where('audit_log.at', '<', filter.toAt);
  return query;
}

export async function countAuditEntries(db: Db, filter: AuditFilter): Promise<number> {
  const row = await filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Newest first. */
export async function findAuditEntries(db: Db, filter: AuditFilter, page: { limit: number; offset: number }) {
  return filtered(db, filter)
    .leftJoin('users as actor', 'actor.id', 'audit_log.actor_user_id')
    .leftJoin('users as subject', 'subject.id', 'audit_log.subject_user_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.action',
      'audit_log.details',
      'audit_log.ip',
      'audit_log.actor_user_id',
      'actor.full_name as actor_name',
      'actor.phone as actor_phone',
      'audit_log.subject_user_id',
      'subject.full_name as subject_name',
      'subject.phone as subject_phone',
      'units.code as unit_code',
      'units.full_name as unit_name',
    ])
    .orderBy('audit_log.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export type AuditEntryRow = Awaited<ReturnType<typeof findAuditEntries>>[number];
