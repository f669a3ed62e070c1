import type { LessonId, UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import { blockingLesson } from '../../shared/progress-rules.js';
import type { PublishedLesson, PublishedLessonCache } from './lesson-cache.js';

// The cache itself, for processes that write progress outside a serving app (the demo seed).
export { PublishedLessonCache } from './lesson-cache.js';
import { findLessonMark, findLessonMarks } from './lessons.queries.js';

/**
 * In an in-order course, the learner's marks on its lessons and the lesson that must be finished before this one
 * (undefined when it is open); undefined for a lesson that cannot lock (any order, or the first).
 */
async function orderOf(db: DbOrTx, lessons: PublishedLessonCache, userId: UserId, lesson: PublishedLesson) {
  if (!lesson.requiresOrder || lesson.sequence === 1) return undefined;
  const [outline, marks] = await Promise.all([lessons.outline(db, lesson.courseId), findLessonMarks(db, userId, lesson.courseId)]);
  return { marks, blocking: blockingLesson(outline, marks, lesson.lessonId) };
}

/** The lesson that must be finished before this one, in an in-order course; undefined when it is open. */
export async function lessonBlocking(db: DbOrTx, lessons: PublishedLessonCache, userId: UserId, lesson: PublishedLesson) {
  return (await orderOf(db, lessons, userId, lesson))?.blocking;
}

/** The lesson answer as JSON: the shared part from the cache, then this learner's state (one read: their marks in an in-order course, else the one mark). */
export async function readLessonJson(db: DbOrTx, lessons: PublishedLessonCache, userId: UserId, lessonId: LessonId): Promise<Buffer> {
  const lesson = await lessons.lesson(db, lessonId);
  if (!lesson) throw notFound('lesson_not_found');
  const order = await orderOf(db, lessons, userId, lesson);
  if (order?.blocking) throw new AppError('lesson_locked', 403, { title: order.blocking.title });
  const mark = order ? order.marks.get(lessonId) : await findLessonMark(db, userId, lessonId);
  const state = {
    openedAt: mark ? new Date(mark.opened_at).toISOString() : null,
    completedAt: mark?.completed_at ? new Date(mark.completed_at).toISOString() : null,
  };
  return Buffer.concat([lesson.sharedJsonPrefix, Buffer.from(`,"state":${JSON.stringify(state)}}`)]);
}
