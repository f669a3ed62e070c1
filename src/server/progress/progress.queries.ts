import type { CourseId, LessonId, UserId } from '../../shared/ids.js';
import type { ProgressEventType } from '../../shared/limits.js';
import { type Insertable, type Kysely, sql } from 'kysely';
import { coalesced } from '../db/coalesce.js';
import type { Database, DbOrTx } from '../db/database.js';
import type { EnrollmentsTable, LessonProgressTable, ProgressEventsTable } from './progress.table.js';
import { precompiled } from '../db/precompiled.js';
import type { PersonalDataHandler } from '../db/personal-data.js';

/* Answering a replay outside the writer: precompiled (see db/precompiled.ts). */

export interface StoredEvent {
  lesson_id: LessonId;
  type: ProgressEventType;
  client_at: number;
  result: string;
}

const storedEvent = precompiled<[UserId, string], StoredEvent>(2, (db, userId, eventId) =>
  db.selectFrom('progress_events').select(['lesson_id', 'type', 'client_at', 'result']).where('user_id', '=', userId as never).where('event_id', '=', eventId!),
);

export function findStoredEvent(db: DbOrTx, userId: UserId, eventId: string): Promise<StoredEvent | undefined> {
  return storedEvent.first(db, userId, eventId);
}

export interface EnrollmentRow {
  enrolled_at: number;
  last_lesson_id: LessonId;
  last_activity_at: number;
  completed_lessons: number;
  completed_at: number | null;
}

/*
 * The writer works on a whole batch of events at once: three reads for what the
 * batch touches, then three multi-row writes. Reads take every pair of the
 * users and ids involved; the caller picks the pairs it asked for.
 */

export async function findStoredEvents(db: DbOrTx, userIds: readonly UserId[], eventIds: readonly string[]) {
  return db
    .selectFrom('progress_events')
    .select(['user_id', 'event_id', 'lesson_id', 'type', 'client_at', 'result'])
    .where('user_id', 'in', userIds)
    .where('event_id', 'in', eventIds)
    .execute();
}

export async function findLessonMarksOf(db: DbOrTx, userIds: readonly UserId[], lessonIds: readonly LessonId[]) {
  return db
    .selectFrom('lesson_progress')
    .select(['user_id', 'lesson_id', 'opened_at', 'completed_at', 'source'])
    .where('user_id', 'in', userIds)
    .where('lesson_id', 'in', lessonIds)
    .execute();
}

export async function findEnrollmentsOf(db: DbOrTx, userIds: readonly UserId[], courseIds: readonly CourseId[]) {
  return db
    .selectFrom('enrollments')
    .select(['user_id', 'course_id', 'enrolled_at', 'last_lesson_id', 'last_activity_at', 'completed_lessons', 'completed_at'])
    .where('user_id', 'in', userIds)
    .where('course_id', 'in', courseIds)
    .execute();
}

export async function insertEvents(db: DbOrTx, events: readonly Insertable<ProgressEventsTable>[]): Promise<void> {
  if (events.length > 0) await db.insertInto('progress_events').values([...events]).execute();
}

/** Writes each mark as computed: a learner's rows are only ever written by their own writer lane. */
export async function upsertLessonMarks(db: DbOrTx, marks: readonly Insertable<LessonProgressTable>[]): Promise<void> {
  if (marks.length === 0) return;
  await db
    .insertInto('lesson_progress')
    .values([...marks])
    .onConflict((oc) =>
      oc.columns(['user_id', 'lesson_id']).doUpdateSet((eb) => ({ opened_at: eb.ref('excluded.opened_at'), completed_at: eb.ref('excluded.completed_at'), source: eb.ref('excluded.source') })),
    )
    .execute();
}

/**
 * `completed_lessons` in each row is the number of lessons this batch completed,
 * added to the stored count: a recount by a publication in between is kept.
 */
export async function upsertEnrollments(db: DbOrTx, rows: readonly Insertable<EnrollmentsTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('enrollments')
    .values([...rows])
    .onConflict((oc) =>
      oc.columns(['user_id', 'course_id']).doUpdateSet((eb) => ({
        enrolled_at: eb.ref('excluded.enrolled_at'),
        last_lesson_id: eb.ref('excluded.last_lesson_id'),
        last_activity_at: eb.ref('excluded.last_activity_at'),
        completed_lessons: sql<number>`enrollments.completed_lessons + excluded.completed_lessons`,
        completed_at: sql<number | null>`coalesce(enrollments.completed_at, excluded.completed_at)`,
      })),
    )
    .execute();
}

/** The courses these people have completed, and when (for counting them where they become members). */
export async function findCompletionsOf(db: DbOrTx, userIds: readonly UserId[]) {
  if (userIds.length === 0) return [];
  return db.selectFrom('enrollments').select(['user_id', 'course_id', 'completed_at']).where('user_id', 'in', userIds).where('completed_at', 'is not', null).execute() as Promise<
    { user_id: UserId; course_id: CourseId; completed_at: number }[]
  >;
}

/** Per learner: courses enrolled in, courses completed, last activity (one grouped query for a page of learners). */
export async function findEnrollmentSummaries(db: DbOrTx, userIds: readonly UserId[]) {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('enrollments')
    .select((eb) => ['user_id', eb.fn.countAll<number>().as('enrolled'), eb.fn.count<number>('completed_at').as('completed'), eb.fn.max('last_activity_at').as('last_activity_at')])
    .where('user_id', 'in', userIds)
    .groupBy('user_id')
    .execute();
  return rows.map((r) => ({ userId: r.user_id as UserId, enrolled: Number(r.enrolled), completed: Number(r.completed), lastActivityAt: r.last_activity_at === null ? null : Number(r.last_activity_at) }));
}

interface CourseStateRow {
  kind: number;
  user_id: UserId;
  course_id: CourseId;
  lesson_id: LessonId;
  opened_at: number;
  completed_at: number | null;
  completed_lessons: number;
}

/**
 * Learners' enrollments in courses and their marks on the lessons, for the pairs asked, in one query read together
 * with other requests' (db/coalesce.ts): the row of kind 0 is the enrollment (its lesson is the last one worked
 * on), those of kind 1 the marks.
 */
export const findCourseState = coalesced<{ userId: UserId; courseId: CourseId }, CourseStateRow>({
  keyOf: (k) => `${k.userId}:${k.courseId}`,
  rowKeyOf: (r) => `${r.user_id}:${r.course_id}`,
  query: (db, keys) =>
    db
      .selectFrom('enrollments')
      .select([sql<number>`0`.as('kind'), 'user_id', 'course_id', 'last_lesson_id as lesson_id', 'enrolled_at as opened_at', 'completed_at', 'completed_lessons'])
      .where((eb) => eb(eb.refTuple('user_id', 'course_id'), 'in', keys.map((k) => eb.tuple(k.userId, k.courseId))))
      .unionAll((db) =>
        db
          .selectFrom('lesson_progress')
          .select([sql<number>`1`.as('kind'), 'user_id', 'course_id', 'lesson_id', 'opened_at', 'completed_at', sql<number>`0`.as('completed_lessons')])
          .where((eb) => eb(eb.refTuple('user_id', 'course_id'), 'in', keys.map((k) => eb.tuple(k.userId, k.courseId)))),
      ),
});

interface LearningRow {
  user_id: UserId;
  course_id: CourseId;
  last_lesson_id: LessonId;
  last_activity_at: number;
  completed_lessons: number;
  completed_at: number | null;
  title: string;
  cover_image: string | null;
  required_lesson_count: number;
  lesson_id: LessonId | null;
  lesson_completed_at: number | null;
}

/** Enrolled courses still published, most recent activity first, each with the learner's marks (one row per mark). */
function learning(db: Kysely<Database>) {
  return db
    .selectFrom('enrollments as e')
    .innerJoin('published_courses as pc', 'pc.course_id', 'e.course_id')
    .leftJoin('lesson_progress as lp', (join) => join.onRef('lp.user_id', '=', 'e.user_id').onRef('lp.course_id', '=', 'e.course_id'))
    .select([
      'e.user_id',
      'e.course_id',
      'e.last_lesson_id',
      'e.last_activity_at',
      'e.completed_lessons',
      'e.completed_at',
      'pc.title',
      'pc.cover_image',
      'pc.required_lesson_count',
      'lp.lesson_id',
      'lp.completed_at as lesson_completed_at',
    ])
    .orderBy('e.last_activity_at', 'desc')
    .orderBy('e.course_id');
}

/** What "my learning" shows, in one query read together with other requests' (db/coalesce.ts). */
export const findMyLearning = coalesced<UserId, LearningRow>({
  keyOf: String,
  rowKeyOf: (r) => String(r.user_id),
  query: (db, userIds) => learning(db).where('e.user_id', 'in', userIds),
});

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
    export: (db, userId) => db.selectFrom('lesson_progress').select(['lesson_id', 'course_id', 'opened_at', 'completed_at', 'source']).where('user_id', '=', userId).execute(),
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
