/**
 * Course completion. A course is completed once its rule is met (all required
 * lessons; or those and the final quiz passed, in either order); the date is
 * recorded once in `enrollments`, and in the same transaction the certificate
 * is issued and the counters move. Both ways in (a lesson completed, a final
 * quiz passed) end in completeEnrollments, which reads the rows as committed,
 * so two transactions finishing the two halves at once cannot both miss the
 * completion.
 */
import type { CourseId, UserId } from '../../shared/ids.js';
import { dayOf } from '../../shared/days.js';
import type { Tx } from '../db/database.js';
import { type CertificateSigner, type Completion, issueCertificates } from '../certificates/certificates.service.js';
import { publishEvent } from '../integrations/integrations.service.js';
import { homeUnitsOf, membershipsOf, RollupDeltas } from '../rollups/rollups.service.js';

export type { Completion };

const pairKey = (userId: number, courseId: number) => `${userId}:${courseId}`;

/**
 * Marks complete every given enrollment whose course rule is now met and issues
 * its certificate. Returns those it completed.
 */
export async function completeEnrollments(trx: Tx, signer: CertificateSigner, pairs: readonly Completion[]): Promise<Completion[]> {
  const done = new Set<string>();
  if (pairs.length === 0) return [];
  const rows = await trx
    .selectFrom('enrollments as e')
    .innerJoin('published_courses as pc', 'pc.course_id', 'e.course_id')
    .select(['e.user_id', 'e.course_id', 'e.completed_lessons', 'e.final_passed_at', 'pc.required_lesson_count', 'pc.completion_rule', 'pc.title'])
    .where('e.completed_at', 'is', null)
    .where('e.user_id', 'in', [...new Set(pairs.map((p) => p.userId))])
    .where('e.course_id', 'in', [...new Set(pairs.map((p) => p.courseId))])
    .execute();
  const wanted = new Map(pairs.map((p) => [pairKey(p.userId, p.courseId), p]));
  const met = rows.filter(
    (r) =>
      wanted.has(pairKey(r.user_id, r.course_id)) &&
      r.required_lesson_count > 0 &&
      r.completed_lessons >= r.required_lesson_count &&
      (r.completion_rule !== 'lessons_and_final' || r.final_passed_at !== null),
  );
  for (const r of met) {
    const { at, recordedAt } = wanted.get(pairKey(r.user_id, r.course_id))!;
    const updated = await trx.updateTable('enrollments').set({ completed_at: at }).where('user_id', '=', r.user_id).where('course_id', '=', r.course_id).where('completed_at', 'is', null).executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) {
      done.add(pairKey(r.user_id, r.course_id));
      await publishEvent(trx, { type: 'course.completed', userId: r.user_id, courseId: r.course_id, courseTitle: r.title, at }, recordedAt);
    }
  }
  const completed = pairs.filter((p) => done.has(pairKey(p.userId, p.courseId)));
  if (completed.length === 0) return completed;
  const homes = await homeUnitsOf(trx, completed.map((c) => c.userId));
  const deltas = new RollupDeltas();
  for (const c of completed) deltas.course(homes.get(c.userId)!, c.courseId, dayOf(c.at), 'completed', 1);
  for (const m of await membershipsOf(trx, completed.map((c) => c.userId))) {
    for (const c of completed.filter((x) => x.userId === m.user_id && x.at >= m.counts_since)) deltas.memberCourse(m.unit_id, m.member_group, c.courseId, dayOf(c.at), 1);
  }
  // The certificates' own counts join these deltas, written once.
  await issueCertificates(trx, signer, completed, deltas);
  return completed;
}

/** A final quiz was passed at `at`: recorded on the enrollment (made if need be), which may complete the course. */
export async function recordFinalPass(trx: Tx, signer: CertificateSigner, userId: UserId, courseId: CourseId, at: number): Promise<void> {
  const enrollment = await trx.selectFrom('enrollments').select('final_passed_at').where('user_id', '=', userId).where('course_id', '=', courseId).executeTakeFirst();
  if (!enrollment) {
    // Passing the final quiz before opening any lesson still enrolls the learner.
    const first = await trx.selectFrom('published_lessons').select('lesson_id').where('course_id', '=', courseId).orderBy('sequence').executeTakeFirst();
    if (!first) return;
    await trx
      .insertInto('enrollments')
      .values({ user_id: userId, course_id: courseId, enrolled_at: at, last_lesson_id: first.lesson_id, last_activity_at: at, completed_lessons: 0, completed_at: null, final_passed_at: at })
      .execute();
    const enrolled = new RollupDeltas();
    enrolled.course((await homeUnitsOf(trx, [userId])).get(userId)!, courseId, dayOf(at), 'enrolled', 1);
    await enrolled.write(trx);
  } else if (enrollment.final_passed_at === null) {
    await trx.updateTable('enrollments').set({ final_passed_at: at }).where('user_id', '=', userId).where('course_id', '=', courseId).where('final_passed_at', 'is', null).execute();
  }
  await completeEnrollments(trx, signer, [{ userId, courseId, at, recordedAt: at }]);
}
