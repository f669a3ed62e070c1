import type { CourseId, LessonId, UserId } from '../../shared/ids.js';
import type { ProgressEventType } from '../../shared/limits.js';
import type { DbOrTx } from '../db/database.js';
import type { PersonalDataHandler } from '../privacy/personal-data.js';

export interface StoredEvent {
  lesson_id: LessonId;
  type: ProgressEventType;
  client_at: number;
  result: string;
}

export async function findStoredEvent(db: DbOrTx, userId: UserId, eventId: string): Promise<StoredEvent | undefined> {
  return db
    .selectFrom('progress_events')
    .select(['lesson_id', 'type', 'client_at', 'result'])
    .where('user_id', '=', userId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
}

export async function insertEvent(
  db: DbOrTx,
  event: { userId: UserId; eventId: string; lessonId: LessonId; courseId: CourseId; type: ProgressEventType; clientAt: number; receivedAt: number; result: string },
): Promise<void> {
  await db
    .insertInto('progress_events')
    .values({
      user_id: event.userId,
      event_id: event.eventId,
      lesson_id: event.lessonId,
      course_id: event.courseId,
      type: event.type,
      client_at: event.clientAt,
      received_at: event.receivedAt,
      result: event.result,
    })
    .execute();
}

export async function findLessonMark(db: DbOrTx, userId: UserId, lessonId: LessonId) {
  return db.selectFrom('lesson_progress').select(['opened_at', 'completed_at']).where('user_id', '=', userId).where('lesson_id', '=', lessonId).executeTakeFirst();
}

export async function insertLessonMark(db: DbOrTx, mark: { userId: UserId; lessonId: LessonId; courseId: CourseId; openedAt: number; completedAt: number | null }): Promise<void> {
  await db
    .insertInto('lesson_progress')
    .values({ user_id: mark.userId, lesson_id: mark.lessonId, course_id: mark.courseId, opened_at: mark.openedAt, completed_at: mark.completedAt })
    .execute();
}

export async function updateLessonMark(db: DbOrTx, userId: UserId, lessonId: LessonId, mark: { opened_at: number; completed_at: number | null }): Promise<void> {
  await db.updateTable('lesson_progress').set(mark).where('user_id', '=', userId).where('lesson_id', '=', lessonId).execute();
}

export async function findEnrollment(db: DbOrTx, userId: UserId, courseId: CourseId) {
  return db
    .selectFrom('enrollments')
    .select(['enrolled_at', 'last_lesson_id', 'last_activity_at', 'completed_lessons', 'completed_at'])
    .where('user_id', '=', userId)
    .where('course_id', '=', courseId)
    .executeTakeFirst();
}

export type EnrollmentRow = NonNullable<Awaited<ReturnType<typeof findEnrollment>>>;

export async function insertEnrollment(db: DbOrTx, userId: UserId, courseId: CourseId, row: EnrollmentRow): Promise<void> {
  await db.insertInto('enrollments').values({ user_id: userId, course_id: courseId, ...row }).execute();
}

export async function updateEnrollment(db: DbOrTx, userId: UserId, courseId: CourseId, row: EnrollmentRow): Promise<void> {
  await db.updateTable('enrollments').set(row).where('user_id', '=', userId).where('course_id', '=', courseId).execute();
}

/** Enrolled courses still published, most recent activity first. */
export async function findMyEnrollments(db: DbOrTx, userId: UserId) {
  return db
    .selectFrom('enrollments as e')
    .innerJoin('published_courses as pc', 'pc.course_id', 'e.course_id')
    .select([
      'e.course_id',
      'e.last_lesson_id',
      'e.last_activity_at',
      'e.completed_lessons',
      'e.completed_at',
      'pc.title',
      'pc.cover_image',
      'pc.required_lesson_count',
      'pc.lesson_count',
    ])
    .where('e.user_id', '=', userId)
    .orderBy('e.last_activity_at', 'desc')
    .execute();
}

export const progressPersonalData: PersonalDataHandler[] = [
  {
    table: 'progress_events',
    export: (db, userId) =>
      db.selectFrom('progress_events').select(['event_id', 'lesson_id', 'course_id', 'type', 'client_at', 'received_at']).where('user_id', '=', userId).orderBy('id').execute(),
    erase: async (trx, userId) => {
      await trx.deleteFrom('progress_events').where('user_id', '=', userId).execute();
    },
  },
  {
    table: 'lesson_progress',
    export: (db, userId) => db.selectFrom('lesson_progress').select(['lesson_id', 'course_id', 'opened_at', 'completed_at']).where('user_id', '=', userId).execute(),
    erase: async (trx, userId) => {
      await trx.deleteFrom('lesson_progress').where('user_id', '=', userId).execute();
    },
  },
  {
    table: 'enrollments',
    export: (db, userId) =>
      db.selectFrom('enrollments').select(['course_id', 'enrolled_at', 'last_activity_at', 'completed_lessons', 'completed_at']).where('user_id', '=', userId).execute(),
    erase: async (trx, userId) => {
      await trx.deleteFrom('enrollments').where('user_id', '=', userId).execute();
    },
  },
];
