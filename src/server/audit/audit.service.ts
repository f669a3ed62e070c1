/**
 * Who viewed, changed or exported whose data. Entries are appended inside the
 * same transaction as the change they describe, so neither exists without the other,
 * and each is chained to the one before by its hash (audit-chain.ts).
 * Auditors read it (audit-reader.ts); nothing changes or removes an entry but `hoctap audit archive`.
 */
import type { UnitId, UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import { appendChained } from './audit-chain.js';

export { archiveAuditLog, verifyAuditChain } from './audit-chain.js';

export interface AuditEntry {
  at: number;
  actorUserId: UserId | null;
  action: string;
  subjectUserId?: UserId | null;
  unitId?: UnitId | null;
  details?: Record<string, string | number | boolean | null>;
  ip?: string | null;
}

export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  const fields = {
    at: entry.at,
    actor_user_id: entry.actorUserId,
    action: entry.action,
    subject_user_id: entry.subjectUserId ?? null,
    unit_id: entry.unitId ?? null,
    details: JSON.stringify(entry.details ?? {}),
    ip: entry.ip ?? null,
  };
  // The chain needs the head read and the entry written under one lock: a transaction of its own when the caller has none.
  if (db.isTransaction) await appendChained(db as Parameters<typeof appendChained>[0], fields);
  else await db.transaction().execute((trx) => appendChained(trx, fields));
}

/**
 * Someone read names or phone numbers of others (a members list, a people list, an export): what was read and how
 * many people, never the data itself.
 */
export function recordPersonalDataRead(
  db: DbOrTx,
  read: { at: number; actorUserId: UserId | null; ip: string | null; unitId?: UnitId | null; list: string; count: number; details?: Record<string, string | number | boolean | null> },
): Promise<void> {
  return recordAudit(db, { at: read.at, actorUserId: read.actorUserId, action: 'personal_data.read', unitId: read.unitId ?? null, details: { list: read.list, count: read.count, ...read.details }, ip: read.ip });
}

export const auditPersonalData: PersonalDataHandler = {
  table: 'audit_log',
  export: (db, userId) =>
    db
      .selectFrom('audit_log')
      .select(['at', 'action', 'actor_user_id', 'details'])
      .where((eb) => eb.or([eb('subject_user_id', '=', userId), eb('actor_user_id', '=', userId)]))
      .orderBy('at')
      .execute(),
  // The law requires the trail of who touched whose data to be kept (12 months at least); it names ids, not people,
  // and those ids now point at a de-identified account. The entries are hashed in a chain: they are never rewritten.
  erase: async () => {},
};
