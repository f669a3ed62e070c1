/** The writes of publication: a new version, and what learners read replaced by it. */
import { type Insertable, sql } from 'kysely';
import type { CourseId, CourseVersionId, UserId } from '../../shared/ids.js';
import type { Database, DbOrTx, Tx } from '../db/database.js';
import { type CourseDocument, parseLessonTranslations } from './course-document.js';

/** The draft as a document, ids included, modules and lessons in order. */
export async function loadCourseDraft(db: DbOrTx, courseId: CourseId): Promise<(CourseDocument & { id: CourseId }) | undefined> {
  const course = await db.selectFrom('courses').selectAll().where('id', '=', courseId).executeTakeFirst();
  if (!course) return undefined;
  const modules = await db.selectFrom('course_modules').select(['id', 'title']).where('course_id', '=', courseId).orderBy('position').execute();
  const lessons = await db
    .selectFrom('lessons')
    .select(['id', 'module_id', 'title', 'body', 'estimated_minutes', 'competences', 'required', 'translations'])
    .where('course_id', '=', courseId)
    .orderBy('module_id')
    .orderBy('position')
    .execute();
  return {
    id: course.id,
    title: course.title,
    summary: course.summary,
    language: course.language,
    coverImage: course.cover_image,
    estimatedMinutes: course.estimated_minutes,
    audiences: JSON.parse(course.audiences),
    competences: JSON.parse(course.competences),
    requiresOrder: course.requires_order === 1,
    completionRule: course.completion_rule,
    modules: modules.map((m) => ({
      id: m.id,
      title: m.title,
      lessons: lessons
        .filter((l) => l.module_id === m.id)
        .map((l) => ({
          id: l.id,
          title: l.title,
          body: l.body,
          estimatedMinutes: l.estimated_minutes,
          competences: JSON.parse(l.competences),
          required: l.required === 1,
          translations: parseLessonTranslations(l.translations),
        })),
    })),
  };
}

export async function nextVersionNumber(db: DbOrTx, courseId: CourseId): Promise<number> {
  const row = await db.selectFrom('course_versions').select((eb) => eb.fn.max('number').as('latest')).where('course_id', '=', courseId).executeTakeFirst();
  return Number(row?.latest ?? 0) + 1;
}

export async function insertCourseVersion(db: DbOrTx, version: { courseId: CourseId; number: number; snapshot: string; publishedBy: UserId | null; now: number }): Promise<CourseVersionId> {
  const { id } = await db
    .insertInto('course_versions')
    .values({ course_id: version.courseId, number: version.number, snapshot: version.snapshot, published_at: version.now, published_by: version.publishedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface PublishedCourseRows {
  course: Insertable<Database['published_courses']>;
  lessons: Insertable<Database['published_lessons']>[];
  tags: string[];
}

/** Replaces what learners see of a course with a new published version. */
export async function replacePublishedCourse(db: Tx, rows: PublishedCourseRows): Promise<void> {
  const courseId = rows.course.course_id as CourseId;
  await db.deleteFrom('course_tags').where('course_id', '=', courseId).execute();
  await db.deleteFrom('published_lessons').where('course_id', '=', courseId).execute();
  await db.deleteFrom('published_quizzes').where('course_id', '=', courseId).execute();
  await db.deleteFrom('published_courses').where('course_id', '=', courseId).execute();
  await db.insertInto('published_courses').values(rows.course).execute();
  for (let start = 0; start < rows.lessons.length; start += 50) {
    await db.insertInto('published_lessons').values(rows.lessons.slice(start, start + 50)).execute();
  }
  if (rows.tags.length > 0) await db.insertInto('course_tags').values(rows.tags.map((tag) => ({ course_id: courseId, tag }))).execute();
}

/** After a new version, each enrollment counts the required lessons of that version it has completed. */
export async function recountCompletedLessons(db: DbOrTx, courseId: CourseId): Promise<void> {
  await db
    .updateTable('enrollments')
    .set({
      completed_lessons: sql<number>`(select count(*) from lesson_progress lp join published_lessons pl on pl.lesson_id = lp.lesson_id
        where lp.user_id = enrollments.user_id and pl.course_id = enrollments.course_id and pl.required = 1 and lp.completed_at is not null)`,
    })
    .where('course_id', '=', courseId)
    .execute();
}
