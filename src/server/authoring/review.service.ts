/**
 * Review: a course may require a second pair of eyes before publication. The
 * author asks, a reviewer approves the current revision or asks for changes.
 */
import type { CourseId, UserId } from '../../shared/ids.js';
import { normalizeLine } from '../../shared/text.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import type { ScopedGrant } from '../grants/grants.service.js';
import { type AuthoredCourse, insertReviewComment } from './authoring.queries.js';
import { type Actor, loadCourse } from './drafts.service.js';

export async function requestReview(db: Db, courseId: CourseId, message: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const course = await loadCourse(trx, courseId);
    await trx.updateTable('courses').set({ review_status: 'in_review', review_requested_by: actor.userId }).where('id', '=', courseId).execute();
    await insertReviewComment(trx, { courseId, userId: actor.userId, kind: 'request', body: normalizeLine(message), draftRevision: course.draft_revision, now: actor.now });
  });
}

export async function comment(db: Db, courseId: CourseId, body: string, actor: Actor): Promise<void> {
  const course = await loadCourse(db, courseId);
  await insertReviewComment(db, { courseId, userId: actor.userId, kind: 'comment', body: body.normalize('NFC').trim(), draftRevision: course.draft_revision, now: actor.now });
}

/**
 * A second pair of eyes: an author of a unit above the course's own (for a
 * course of the province itself, another author of the province), never the
 * person who asked for the review.
 */
function mayReview(course: AuthoredCourse, reviewer: UserId, grants: readonly ScopedGrant[]): boolean {
  if (course.review_requested_by === reviewer) return false;
  const authorOn = grants.filter((g) => g.role === 'author').map((g) => g.unitPath);
  if (course.unit_parent_id === null) return authorOn.some((p) => course.unit_path.startsWith(p));
  return authorOn.some((p) => course.unit_path.startsWith(p) && p !== course.unit_path);
}

export async function decideReview(db: Db, courseId: CourseId, decision: 'approved' | 'changes_requested', message: string, actor: Actor & { grants: readonly ScopedGrant[] }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const course = await loadCourse(trx, courseId);
    if (course.review_status !== 'in_review') throw new AppError('review_not_requested', 409);
    if (!mayReview(course, actor.userId, actor.grants)) throw new AppError('reviewer_not_allowed', 403);
    await trx
      .updateTable('courses')
      .set({ review_status: decision, approved_revision: decision === 'approved' ? course.draft_revision : null })
      .where('id', '=', courseId)
      .execute();
    await insertReviewComment(trx, { courseId, userId: actor.userId, kind: decision, body: normalizeLine(message), draftRevision: course.draft_revision, now: actor.now });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: `review.${decision}`, unitId: course.owner_unit_id, details: { course: courseId, revision: course.draft_revision }, ip: actor.ip });
  });
}
