import type { CourseId, UserId } from '../../shared/ids.js';
import { foldForSearch } from '../../shared/text.js';
import type { DbOrTx } from '../db/database.js';
import { notFound } from '../errors.js';
import { courseState } from '../progress/progress.service.js';
import { type LessonState, lessonStates, lessonToContinue, percentComplete } from '../../shared/progress-rules.js';
import { type CatalogEntry, loadCatalog, loadCoursePage, type PublishedCourseCache, type PublishedCoursePage } from './course-cache.js';
import type { Catalog, CourseOutline } from './courses.schema.js';
import type { Static } from 'typebox';

// Made once in app.ts; the lesson cache forgets it with itself at a publication in this process.
export { PublishedCourseCache } from './course-cache.js';

/** The first page of a search, read from the database rather than the cache (the demo seed finds its course so). */
export async function browseCatalog(db: DbOrTx, query: { q: string }): Promise<Static<typeof Catalog>> {
  return JSON.parse(search(await loadCatalog(db), foldForSearch(query.q), [], 20, 0));
}

/**
 * The catalog as JSON, searched in memory: every folded word must be in a course's text and every tag on it;
 * courses whose title holds the words come first, then the newest publications.
 */
export async function browseCatalogJson(db: DbOrTx, courses: PublishedCourseCache, query: { q?: string; tag?: string; limit?: number; offset?: number }): Promise<Buffer> {
  const folded = foldForSearch(query.q ?? '');
  const tags = (query.tag ?? '').split(',').map((tag) => tag.trim()).filter(Boolean).slice(0, 5);
  const { entries, answers } = await courses.catalog(db);
  const key = JSON.stringify([folded, tags, query.limit ?? 20, query.offset ?? 0]);
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = Buffer.from(search(entries, folded, tags, query.limit ?? 20, query.offset ?? 0));
    if (answers.size >= maxRememberedSearches) answers.clear();
    answers.set(key, answer);
  }
  return answer;
}

const maxRememberedSearches = 1_000;

function search(entries: readonly CatalogEntry[], folded: string, tags: readonly string[], limit: number, offset: number): string {
  const words = folded.split(' ').filter(Boolean);
  const found = entries.filter((c) => words.every((w) => c.searchText.includes(w)) && tags.every((t) => c.tags.has(t)));
  const inTitle = found.filter((c) => c.titleSearch.includes(folded));
  const ordered = inTitle.length === found.length ? found : [...inTitle, ...found.filter((c) => !c.titleSearch.includes(folded))];
  return `{"total":${found.length},"courses":[${ordered.slice(offset, offset + limit).map((c) => c.json).join(',')}]}`;
}

/** The course page as JSON: the outline from the cache; for a signed-in learner, with the state of every lesson and their progress (one query). */
export async function describeCourseJson(db: DbOrTx, courses: PublishedCourseCache, courseId: CourseId, userId: UserId | null): Promise<Buffer> {
  return pageWithState(db, await courses.page(db, courseId), userId);
}

/** The outline as a visitor sees it, read from the database rather than the cache, for features that work with it (classes, offline packs). */
export async function describeCourse(db: DbOrTx, courseId: CourseId): Promise<Static<typeof CourseOutline>> {
  return JSON.parse((await pageWithState(db, await loadCoursePage(db, courseId), null)).toString());
}

async function pageWithState(db: DbOrTx, page: PublishedCoursePage | null, userId: UserId | null): Promise<Buffer> {
  if (!page) throw notFound('course_not_found');
  const { enrollment, marks } = userId ? await courseState(db, userId, page.courseId) : { enrollment: undefined, marks: new Map() };
  const states = lessonStates(page.outline, marks, page.requiresOrder);
  const parts: Buffer[] = [];
  page.outline.forEach((lesson, i) => {
    parts.push(page.pieces[i]!, stateJson[states.get(lesson.lesson_id)!]);
  });
  const next = enrollment ? lessonToContinue(page.outline, marks, enrollment.lastLessonId) : undefined;
  const progress = enrollment
    ? {
        percent: percentComplete(enrollment.completedLessons, page.requiredLessonCount),
        completedLessons: enrollment.completedLessons,
        requiredLessons: page.requiredLessonCount,
        completedAt: enrollment.completedAt === null ? null : new Date(enrollment.completedAt).toISOString(),
        continueLessonId: next?.lesson_id ?? null,
      }
    : null;
  parts.push(page.tail, Buffer.from(`${JSON.stringify(progress)}}`));
  return Buffer.concat(parts);
}

/** Each lesson state as a JSON string, in bytes. */
const stateJson: Record<LessonState, Buffer> = { locked: Buffer.from('"locked"'), available: Buffer.from('"available"'), opened: Buffer.from('"opened"'), completed: Buffer.from('"completed"') };
