/** Learners of a unit's subtree with a summary of their progress: for managers, and for other systems with `learners:read`. */
import type { UserId } from '../../shared/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import type { AuthorizedUnit } from '../http/access.js';
import { findEnrollmentSummaries } from '../progress/progress.service.js';
import { findPeopleInSubtree } from '../users/users.service.js';

const iso = (ms: number) => new Date(ms).toISOString();

export async function listLearnersOfUnit(db: Db, unit: AuthorizedUnit, page: { limit: number; offset: number }, viewer: { userId: UserId; ip: string; now: number; apiTokenId?: number }) {
  const { total, rows } = await findPeopleInSubtree(db, { unitPath: unit.path, foldedName: '', limit: page.limit, offset: page.offset });
  const summaries = new Map((await findEnrollmentSummaries(db, rows.map((r) => r.id))).map((s) => [s.userId, s]));
  // Names of people leave the platform here: who read them is kept, as for the people list.
  await recordAudit(db, { at: viewer.now, actorUserId: viewer.userId, action: 'learners.list', unitId: unit.id, ip: viewer.ip, details: { count: rows.length, tokenId: viewer.apiTokenId ?? null } });
  return {
    total,
    learners: rows.map((p) => {
      const summary = summaries.get(p.id);
      return {
        id: p.id,
        fullName: p.full_name,
        unit: { code: p.unit_code, name: p.unit_name },
        registeredAt: iso(p.created_at),
        enrolledCourses: summary?.enrolled ?? 0,
        completedCourses: summary?.completed ?? 0,
        lastActivityAt: summary?.lastActivityAt ? iso(summary.lastActivityAt) : null,
      };
    }),
  };
}
