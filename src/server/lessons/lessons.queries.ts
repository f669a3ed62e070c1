import type { CourseId, LessonId, UserId } from '../../shared/ids.js';
import { coalesced } from '../db/coalesce.js';
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

interface MarkRow {
  user_id: UserId;
  course_id: CourseId;
  lesson_id: LessonId;
  opened_at: number;
  completed_at: number | null;
}
const markColumns = ['user_id', 'course_id', 'lesson_id', 'opened_at', 'completed_at'] as const;

/** A learner's marks by course or by lesson, read together with other requests' (db/coalesce.ts). */
function marksBy(column: 'course_id' | 'lesson_id') {
  return coalesced<{ userId: UserId; id: CourseId | LessonId }, MarkRow>({
    keyOf: (k) => `${k.userId}:${k.id}`,
    rowKeyOf: (r) => `${r.user_id}:${r[column]}`,
    query: (db, keys) =>
      db
        .selectFrom('lesson_progress')
        .select(markColumns)
        .where((eb) => eb(eb.refTuple('user_id', column), 'in', keys.map((k) => eb.tuple(k.userId, k.id as never)))),
  });
}
const marksInCourses = marksBy('course_id');
const marksOfLessons = marksBy('lesson_id');

/** A learner's marks on the lessons of one course. */
export async function findLessonMarks(db: DbOrTx, userId: UserId, courseId: CourseId): Promise<Map<LessonId, LessonMark>> {
  return new Map((await marksInCourses(db, { userId, id: courseId })).map((r) => [r.lesson_id, r]));
}

/** A learner's mark on one lesson, if they opened it. */
export async function findLessonMark(db: DbOrTx, userId: UserId, lessonId: LessonId): Promise<LessonMark | undefined> {
  return (await marksOfLessons(db, { userId, id: lessonId }))[0];
}
