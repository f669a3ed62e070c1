import type { LessonId, UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import { blockingLesson } from '../progress/progress-rules.js';
import { findCourseOutline, findLessonMarks, findReadableLesson, type ReadableLesson } from './lessons.queries.js';

/** A published lesson this learner may open; 404 if unpublished, 403 naming the lesson to finish first if locked. */
export async function openableLesson(db: DbOrTx, userId: UserId, lessonId: LessonId): Promise<ReadableLesson> {
  const lesson = await findReadableLesson(db, lessonId);
  if (!lesson) throw notFound('lesson_not_found');
  // Only in-order courses can lock, and the first lesson never is.
  if (lesson.requires_order === 1 && lesson.sequence > 1) {
    const [outline, marks] = await Promise.all([findCourseOutline(db, lesson.course_id), findLessonMarks(db, userId, lesson.course_id)]);
    const first = blockingLesson(outline, marks, lessonId);
    if (first) throw new AppError('lesson_locked', 403, { title: first.title });
  }
  return lesson;
}

export async function readLesson(db: DbOrTx, userId: UserId, lessonId: LessonId) {
  const lesson = await openableLesson(db, userId, lessonId);
  const mark = await db.selectFrom('lesson_progress').select(['opened_at', 'completed_at']).where('user_id', '=', userId).where('lesson_id', '=', lessonId).executeTakeFirst();
  return {
    id: lesson.lesson_id,
    title: lesson.title,
    html: lesson.html,
    estimatedMinutes: lesson.estimated_minutes,
    position: lesson.sequence,
    lessonCount: lesson.lesson_count,
    module: { id: lesson.module_id, title: lesson.module_title },
    course: { id: lesson.course_id, title: lesson.course_title, requiresOrder: lesson.requires_order === 1 },
    previous: lesson.previous_id ? { id: lesson.previous_id, title: lesson.previous_title! } : null,
    next: lesson.next_id ? { id: lesson.next_id, title: lesson.next_title! } : null,
    state: {
      openedAt: mark ? new Date(mark.opened_at).toISOString() : null,
      completedAt: mark?.completed_at ? new Date(mark.completed_at).toISOString() : null,
    },
  };
}
