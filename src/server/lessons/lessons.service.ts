import type { LessonId, UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import { blockingLesson, type LessonMark } from '../../shared/progress-rules.js';
import type { PublishedLesson, PublishedLessonCache } from './lesson-cache.js';

// The cache itself, for processes that write progress outside a serving app (the demo seed).
export { PublishedLessonCache } from './lesson-cache.js';
import { findLessonMark, findLessonMarks } from './lessons.queries.js';

/** The lesson that must be finished before this one, in an in-order course; undefined when it is open. */
export async function lessonBlocking(db: DbOrTx, lessons: PublishedLessonCache, userId: UserId, lesson: PublishedLesson) {
  // Only in-order courses can lock, and their first lesson never is.
  if (!lesson.requiresOrder || lesson.sequence === 1) return undefined;
  const [outline, marks] = await Promise.all([lessons.outline(db, lesson.courseId), findLessonMarks(db, userId, lesson.courseId)]);
  return blockingLesson(outline, marks, lesson.lessonId);
}

/** The lesson answer as JSON: the shared part from the cache, then this learner's state (one read: their marks in an in-order course, else the one mark). */
export async function readLessonJson(db: DbOrTx, lessons: PublishedLessonCache, userId: UserId, lessonId: LessonId): Promise<string> {
  const lesson = await lessons.lesson(db, lessonId);
  if (!lesson) throw notFound('lesson_not_found');
  let mark: LessonMark | undefined;
  if (lesson.requiresOrder && lesson.sequence > 1) {
    const [outline, marks] = await Promise.all([lessons.outline(db, lesson.courseId), findLessonMarks(db, userId, lesson.courseId)]);
    const first = blockingLesson(outline, marks, lesson.lessonId);
    if (first) throw new AppError('lesson_locked', 403, { title: first.title });
    mark = marks.get(lessonId);
  } else mark = await findLessonMark(db, userId, lessonId);
  const state = {
    openedAt: mark ? new Date(mark.opened_at).toISOString() : null,
    completedAt: mark?.completed_at ? new Date(mark.completed_at).toISOString() : null,
  };
  return `${lesson.sharedJsonPrefix},"state":${JSON.stringify(state)}}`;
}
