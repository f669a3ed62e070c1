import type { CourseId, LessonId, UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import type { LessonMark, OutlineLesson } from '../../shared/progress-rules.js';

/** A published lesson with what the reader shows around it, in one query. */
export async function findReadableLesson(db: DbOrTx, lessonId: LessonId) {
  return db
    .selectFrom('published_lessons as pl')
    .innerJoin('published_courses as pc', 'pc.course_id', 'pl.course_id')
    .leftJoin('published_lessons as prev', 'prev.lesson_id', 'pl.previous_lesson_id')
    .leftJoin('published_lessons as next', 'next.lesson_id', 'pl.next_lesson_id')
    .select([
      'pl.lesson_id',
      'pl.course_id',
      'pl.title',
      'pl.html',
      'pl.translations',
      'pl.sequence',
      'pl.required',
      'pl.estimated_minutes',
      'pl.module_id',
      'pl.module_title',
      'pc.title as course_title',
      'pc.requires_order',
      'pc.lesson_count',
      'pc.required_lesson_count',
      'prev.lesson_id as previous_id',
      'prev.title as previous_title',
      'next.lesson_id as next_id',
      'next.title as next_title',
    ])
    .where('pl.lesson_id', '=', lessonId)
    .executeTakeFirst();
}


export async function findCourseOutline(db: DbOrTx, courseId: CourseId): Promise<OutlineLesson[]> {
  return db.selectFrom('published_lessons').select(['lesson_id', 'title', 'sequence', 'required']).where('course_id', '=', courseId).orderBy('sequence').execute();
}

export async function findLessonMarks(db: DbOrTx, userId: UserId, courseId: CourseId): Promise<Map<LessonId, LessonMark>> {
  const rows = await db.selectFrom('lesson_progress').select(['lesson_id', 'opened_at', 'completed_at']).where('user_id', '=', userId).where('course_id', '=', courseId).execute();
  return new Map(rows.map((r) => [r.lesson_id, r]));
}
