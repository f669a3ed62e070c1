import { type Insertable, sql } from 'kysely';
import type { CourseId, CourseVersionId, UnitId, UserId } from '../../shared/ids.js';
import { escapeLikePattern } from '../../shared/text.js';
import type { DbOrTx } from '../db/database.js';
import type { CourseDocument } from './course-document.js';
import type { PublishedCoursesTable, PublishedLessonsTable } from './courses.table.js';

/** Writes a document as a new draft course; returns its id. */
export async function insertCourseDraft(
  db: DbOrTx,
  course: CourseDocument,
  meta: { slug: string; ownerUnitId: UnitId; createdBy: UserId | null; now: number },
): Promise<CourseId> {
  const { id } = await db
    .insertInto('courses')
    .values({
      slug: meta.slug,
      owner_unit_id: meta.ownerUnitId,
      title: course.title,
      summary: course.summary,
      cover_image: course.coverImage,
      language: course.language,
      estimated_minutes: course.estimatedMinutes,
      audiences: JSON.stringify(course.audiences),
      competences: JSON.stringify(course.competences),
      requires_order: course.requiresOrder ? 1 : 0,
      completion_rule: course.completionRule ?? 'lessons',
      created_by: meta.createdBy,
      created_at: meta.now,
      updated_at: meta.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [modulePosition, module] of course.modules.entries()) {
    const { id: moduleId } = await db.insertInto('course_modules').values({ course_id: id, position: modulePosition, title: module.title }).returning('id').executeTakeFirstOrThrow();
    if (module.lessons.length === 0) continue;
    await db
      .insertInto('lessons')
      .values(
        module.lessons.map((lesson, position) => ({
          course_id: id,
          module_id: moduleId,
          position,
          title: lesson.title,
          body: lesson.body,
          estimated_minutes: lesson.estimatedMinutes,
          competences: JSON.stringify(lesson.competences),
          required: lesson.required ? 1 : 0,
          created_at: meta.now,
          updated_at: meta.now,
        })),
      )
      .execute();
  }
  return id;
}

/** The draft as a document, ids included, modules and lessons in order. */
export async function loadCourseDraft(db: DbOrTx, courseId: CourseId): Promise<(CourseDocument & { id: CourseId }) | undefined> {
  const course = await db.selectFrom('courses').selectAll().where('id', '=', courseId).executeTakeFirst();
  if (!course) return undefined;
  const modules = await db.selectFrom('course_modules').select(['id', 'title']).where('course_id', '=', courseId).orderBy('position').execute();
  const lessons = await db
    .selectFrom('lessons')
    .select(['id', 'module_id', 'title', 'body', 'estimated_minutes', 'competences', 'required'])
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
        .map((l) => ({ id: l.id, title: l.title, body: l.body, estimatedMinutes: l.estimated_minutes, competences: JSON.parse(l.competences), required: l.required === 1 })),
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
  course: Insertable<PublishedCoursesTable>;
  lessons: Insertable<PublishedLessonsTable>[];
  tags: string[];
}

/** Replaces what learners see of a course with a new published version. */
export async function replacePublishedCourse(db: DbOrTx, rows: PublishedCourseRows): Promise<void> {
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

export interface CatalogFilter {
  /** Folded words; every one must appear in the course's text. */
  words: string[];
  foldedQuery: string;
  /** Every one must be on the course: audiences and competence codes. */
  tags: readonly string[];
  limit: number;
  offset: number;
}

const catalogColumns = [
  'pc.course_id',
  'pc.title',
  'pc.summary',
  'pc.cover_image',
  'pc.estimated_minutes',
  'pc.audiences',
  'pc.competences',
  'pc.module_count',
  'pc.lesson_count',
  'pc.language',
] as const;

export async function searchPublishedCourses(db: DbOrTx, filter: CatalogFilter) {
  let query = db.selectFrom('published_courses as pc');
  for (const word of filter.words) {
    query = query.where('pc.search_text', 'like', sql<string>`${`%${escapeLikePattern(word)}%`} escape '\\'`);
  }
  for (const tag of filter.tags) {
    query = query.where((eb) => eb.exists(eb.selectFrom('course_tags as t').select('t.tag').whereRef('t.course_id', '=', 'pc.course_id').where('t.tag', '=', tag)));
  }
  const [count, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    query
      .select(catalogColumns)
      // Courses whose title holds the words come before those that only mention them inside.
      .orderBy(sql`case when pc.title_search like ${`%${escapeLikePattern(filter.foldedQuery)}%`} escape '\\' then 0 else 1 end`)
      .orderBy('pc.published_at', 'desc')
      .orderBy('pc.course_id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
  ]);
  return { total: Number(count.total), rows };
}

export async function findPublishedCourse(db: DbOrTx, courseId: CourseId) {
  return db
    .selectFrom('published_courses as pc')
    .select([...catalogColumns, 'pc.requires_order', 'pc.required_lesson_count', 'pc.version_id', 'pc.published_at'])
    .where('pc.course_id', '=', courseId)
    .executeTakeFirst();
}

export async function findPublishedOutline(db: DbOrTx, courseId: CourseId) {
  return db
    .selectFrom('published_lessons')
    .select(['lesson_id', 'module_id', 'module_title', 'module_position', 'sequence', 'title', 'estimated_minutes', 'required'])
    .where('course_id', '=', courseId)
    .orderBy('sequence')
    .execute();
}

export async function findCourseIdBySlug(db: DbOrTx, slug: string): Promise<CourseId | undefined> {
  return (await db.selectFrom('courses').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
}
