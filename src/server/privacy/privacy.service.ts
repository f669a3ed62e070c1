import type { UserId } from '../../shared/ids.js';
import { privacyNoticeVersion } from '../../shared/privacy.js';
import { recordAudit } from '../audit/audit.service.js';
import { type AuthDeps, checkCurrentPassword } from '../auth/auth.service.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { personalDataHandlers } from './privacy.registry.js';

export async function exportMyData(deps: { db: Db; clock: Clock }, userId: UserId, ip: string) {
  const now = deps.clock.now();
  const tables: Record<string, unknown[]> = {};
  for (const handler of personalDataHandlers) tables[handler.table] = await handler.export(deps.db, userId);
  await recordAudit(deps.db, { at: now, actorUserId: userId, action: 'personal_data.export', subjectUserId: userId, ip });
  return { exportedAt: new Date(now).toISOString(), noticeVersion: privacyNoticeVersion, tables };
}

/** Erases or de-identifies everything about the person, after they confirm with their password. */
export async function deleteMyAccount(deps: AuthDeps, userId: UserId, password: string, ip: string): Promise<void> {
  await checkCurrentPassword(deps, userId, password, 'password', ip);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await recordAudit(trx, { at: now, actorUserId: userId, action: 'account.delete', subjectUserId: userId, ip });
    for (const handler of personalDataHandlers) await handler.erase(trx, userId, now);
  });
}
