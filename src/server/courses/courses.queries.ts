import { sql } from 'kysely';
import type { CourseId } from '../../shared/ids.js';
import { escapeLikePattern } from '../../shared/text.js';
import type { DbOrTx } from '../db/database.js';

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

