import type { LessonId, UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import { precompiled } from '../db/precompiled.js';
import { AppError, notFound } from '../errors.js';
import { blockingLesson } from '../../shared/progress-rules.js';
import type { PublishedLesson, PublishedLessonCache } from './lesson-cache.js';

// The cache itself, for processes that write progress outside a serving app (the demo seed).
export { PublishedLessonCache } from './lesson-cache.js';
import { findLessonMarks } from './lessons.queries.js';

const lessonMark = precompiled<[UserId, LessonId], { opened_at: number; completed_at: number | null }>(2, (db, userId, lessonId) =>
  db
    .selectFrom('lesson_progress')
    .select(['opened_at', 'completed_at'])
    .where('user_id', '=', userId as never)
    .where('lesson_id', '=', lessonId as never),
);

/** The lesson that must be finished before this one, in an in-order course; undefined when it is open. */
export async function lessonBlocking(db: DbOrTx, lessons: PublishedLessonCache, userId: UserId, lesson: PublishedLesson) {
  // Only in-order courses can lock, and their first lesson never is.
  if (!lesson.requiresOrder || lesson.sequence === 1) return undefined;
  const [outline, marks] = await Promise.all([lessons.outline(db, lesson.courseId), findLessonMarks(db, userId, lesson.courseId)]);
  return blockingLesson(outline, marks, lesson.lessonId);
}

/** A published lesson this learner may open; 404 if unpublished, 403 naming the lesson to finish first if locked. */
export async function openableLesson(db: DbOrTx, lessons: PublishedLessonCache, userId: UserId, lessonId: LessonId): Promise<PublishedLesson> {
  const lesson = await lessons.lesson(db, lessonId);
  if (!lesson) throw notFound('lesson_not_found');
  const first = await lessonBlocking(db, lessons, userId, lesson);
  if (first) throw new AppError('lesson_locked', 403, { title: first.title });
  return lesson;
}

/** The lesson answer as JSON: the shared part from the cache, then this learner's state. */
export async function readLessonJson(db: DbOrTx, lessons: PublishedLessonCache, userId: UserId, lessonId: LessonId): Promise<string> {
  const lesson = await openableLesson(db, lessons, userId, lessonId);
  const mark = await lessonMark.first(db, userId, lessonId);
  const state = {
    openedAt: mark ? new Date(mark.opened_at).toISOString() : null,
    completedAt: mark?.completed_at ? new Date(mark.completed_at).toISOString() : null,
  };
  return `${lesson.sharedJsonPrefix},"state":${JSON.stringify(state)}}`;
}
