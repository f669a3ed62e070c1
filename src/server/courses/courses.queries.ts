import type { CourseId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';

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

/** Which version of which course is published: a short answer, asked every few seconds to know whether the catalog changed. */
export async function findPublishedVersions(db: DbOrTx) {
  return db.selectFrom('published_courses').select(['course_id', 'version_id']).orderBy('course_id').execute();
}

/** Every published course with its folded text and tags, newest publication first. */
export async function findCatalogIndex(db: DbOrTx) {
  const [courses, tags] = await Promise.all([
    db
      .selectFrom('published_courses as pc')
      .select([...catalogColumns, 'pc.title_search', 'pc.search_text'])
      .orderBy('pc.published_at', 'desc')
      .orderBy('pc.course_id')
      .execute(),
    db.selectFrom('course_tags').select(['course_id', 'tag']).execute(),
  ]);
  return { courses, tags };
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
    .select(['lesson_id', 'version_id', 'module_id', 'module_title', 'module_position', 'sequence', 'title', 'estimated_minutes', 'required'])
    .where('course_id', '=', courseId)
    .orderBy('sequence')
    .execute();
}

