/**
 * Publishing a course's quizzes: each becomes a published quiz holding the
 * pool of questions it may draw, frozen as they are now, with media resolved.
 */
import type { CourseId, CourseVersionId, QuizId } from '../../shared/ids.js';
import type { DbOrTx, Tx } from '../db/database.js';
import type { PlacedProblem } from '../errors.js';
import { findCourseMedia, mediaUrl, originalFile, toReference } from '../media/media.service.js';
import type { PoolQuestion } from '../quizzes/quizzes.service.js';
import { loadBank, loadQuizzes } from './question-bank.js';
import { checkQuiz, quizPool } from './quiz-documents.js';

/** What stops a publication: a quiz the bank no longer supports, a completion rule without its quiz. */
export async function quizPublicationProblems(db: DbOrTx, courseId: CourseId, completionRule: string): Promise<PlacedProblem[]> {
  const [bank, quizzes] = await Promise.all([loadBank(db, courseId), loadQuizzes(db, courseId)]);
  const problems: PlacedProblem[] = quizzes.flatMap((q) =>
    checkQuiz(q.document, bank).problems.map((p) => ({ place: { key: 'place.quiz_field' as const, params: { quiz: q.document.title, field: p.field } }, problem: { key: p.key, params: p.params } })),
  );
  if (completionRule === 'lessons_and_final' && !quizzes.some((q) => q.document.kind === 'final')) {
    problems.push({ place: { key: 'place.course' }, problem: { key: 'error.course_needs_final_quiz' } });
  }
  return problems;
}

export async function publishQuizzes(trx: Tx, courseId: CourseId, versionId: CourseVersionId): Promise<QuizId | null> {
  const [bank, quizzes, media] = await Promise.all([loadBank(trx, courseId), loadQuizzes(trx, courseId), findCourseMedia(trx, courseId)]);
  const byName = new Map(media.map((m) => [m.name, m]));
  const resolve = ({ dbId: _, ...question }: PoolQuestion & { dbId?: unknown }): PoolQuestion => {
    const file = question.media ? byName.get(question.media) : undefined;
    if (!file) return question;
    const reference = toReference(file);
    const url = file.kind === 'image' ? mediaUrl(reference, 'w960.webp') : mediaUrl(reference, originalFile(reference));
    return { ...question, mediaView: { url, kind: file.kind, alt: file.alt } };
  };
  await trx.deleteFrom('published_quizzes').where('course_id', '=', courseId).execute();
  for (const quiz of quizzes) {
    const { title, kind, questions, draw, ...settings } = quiz.document;
    await trx
      .insertInto('published_quizzes')
      .values({
        quiz_id: quiz.id,
        course_id: courseId,
        version_id: versionId,
        module_id: quiz.moduleId,
        position: quiz.position,
        title,
        kind,
        settings: JSON.stringify({ ...settings, fixed: questions !== undefined, count: questions?.length ?? draw!.count }),
        pool: JSON.stringify(quizPool(quiz.document, bank).map(resolve)),
      })
      .execute();
  }
  return quizzes.find((q) => q.document.kind === 'final')?.id ?? null;
}
