/** What other features use of quizzes: grading's answer folding and types (item statistics read graded attempts). */
import type { CourseId, UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import { notFound } from '../errors.js';
import { quizzesOfCourse } from './attempts.service.js';

// The saved-course manifest (saved/) includes practice quizzes with their keys.
export { practicePaper } from './attempts.service.js';

export { type Answer, foldShortAnswer, type GradedQuestion, type PaperQuestion, type PoolQuestion } from '../../shared/quiz-grading.js';

/** A published course's quizzes, with the viewer's attempts when signed in, and how the course is completed. */
export async function courseQuizzes(db: DbOrTx, courseId: CourseId, userId: UserId | null) {
  const course = await db.selectFrom('published_courses').select('completion_rule').where('course_id', '=', courseId).executeTakeFirst();
  if (!course) throw notFound('course_not_found');
  return { quizzes: await quizzesOfCourse(db, courseId, userId), completionRule: course.completion_rule };
}
