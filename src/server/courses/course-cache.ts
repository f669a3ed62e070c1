/**
 * Published courses kept in memory for a few seconds (db/short-cache.ts says how stale they can be): each
 * course's page as ready JSON around the places where a learner's lesson states go, and the catalog as a
 * folded index searched in memory. A learner's own state is never kept here; it is read for every request.
 */
import type { CourseId, ModuleId } from '../../shared/ids.js';
import type { OutlineLesson } from '../../shared/progress-rules.js';
import type { Clock } from '../clock.js';
import type { DbOrTx } from '../db/database.js';
import { ShortCache } from '../db/short-cache.js';
import { findCatalogIndex, findPublishedCourse, findPublishedOutline, findPublishedVersions } from './courses.queries.js';

type CourseRow = NonNullable<Awaited<ReturnType<typeof findPublishedCourse>>>;

const card = (c: Omit<CourseRow, 'requires_order' | 'required_lesson_count' | 'version_id' | 'published_at'>) => ({
  id: c.course_id,
  title: c.title,
  summary: c.summary,
  coverImage: c.cover_image,
  language: c.language,
  estimatedMinutes: c.estimated_minutes,
  audiences: JSON.parse(c.audiences) as string[],
  competences: JSON.parse(c.competences) as string[],
  moduleCount: c.module_count,
  lessonCount: c.lesson_count,
});

export interface PublishedCoursePage {
  courseId: CourseId;
  requiresOrder: boolean;
  requiredLessonCount: number;
  outline: (OutlineLesson & { module_id: ModuleId })[];
  /**
   * `pieces[i]` is the page's JSON up to lesson i's `"state":`; `tail` closes the modules and opens `"progress":`.
   * Kept as UTF-8 bytes: a string of Vietnamese text would be encoded again for every answer.
   */
  pieces: Buffer[];
  tail: Buffer;
}

export interface CatalogEntry {
  titleSearch: string;
  searchText: string;
  tags: ReadonlySet<string>;
  /** The course's card as JSON. */
  json: string;
}

export interface Catalog {
  entries: CatalogEntry[];
  /** Answers already given for this catalog, by search: the same few searches come again and again. */
  answers: Map<string, Buffer>;
}

export class PublishedCourseCache {
  readonly #pages: ShortCache<CourseId, PublishedCoursePage | null>;
  #catalog: { versions: string; catalog: Catalog } | null = null;
  #catalogCheck: ShortCache<'versions', Catalog>;

  constructor(clock: Clock, ttlMs = 5_000) {
    this.#pages = new ShortCache(clock, ttlMs);
    this.#catalogCheck = new ShortCache(clock, ttlMs);
  }

  async page(db: DbOrTx, courseId: CourseId): Promise<PublishedCoursePage | null> {
    return this.#pages.get(courseId, () => loadCoursePage(db, courseId));
  }

  /**
   * Every published course, newest publication first, for searching in memory. Whether the set of published
   * versions changed is asked every few seconds (a short query); the index is read again only when it has.
   */
  async catalog(db: DbOrTx): Promise<Catalog> {
    return this.#catalogCheck.get('versions', async () => {
      const versions = (await findPublishedVersions(db)).map((v) => `${v.course_id}:${v.version_id}`).join(',');
      if (this.#catalog?.versions !== versions) this.#catalog = { versions, catalog: { entries: await loadCatalog(db), answers: new Map() } };
      return this.#catalog.catalog;
    });
  }

  forget(): void {
    this.#pages.clear();
    this.#catalogCheck.clear();
  }
}

/** A published course's page without any learner's state; null when the course is not published. */
export async function loadCoursePage(db: DbOrTx, courseId: CourseId): Promise<PublishedCoursePage | null> {
  const { course, outline } = await readCourse(db, courseId);
  if (!course) return null;
  const requiresOrder = course.requires_order === 1;
  let text = `${JSON.stringify({ ...card(course), requiresOrder }).slice(0, -1)},"modules":[`;
  const pieces: Buffer[] = [];
  outline.forEach((lesson, i) => {
    if (i === 0 || outline[i - 1]!.module_id !== lesson.module_id) {
      if (i > 0) text += ']},';
      text += `${JSON.stringify({ id: lesson.module_id, title: lesson.module_title }).slice(0, -1)},"lessons":[`;
    } else text += ',';
    pieces.push(Buffer.from(`${text}${JSON.stringify({ id: lesson.lesson_id, title: lesson.title, estimatedMinutes: lesson.estimated_minutes, required: lesson.required === 1 }).slice(0, -1)},"state":`));
    text = '}';
  });
  return {
    courseId,
    requiresOrder,
    requiredLessonCount: course.required_lesson_count,
    outline: outline.map((l) => ({ lesson_id: l.lesson_id, title: l.title, sequence: l.sequence, required: l.required, module_id: l.module_id })),
    pieces,
    tail: Buffer.from(`${text}${outline.length > 0 ? ']}' : ''}],"progress":`),
  };
}

/** The course and its outline of one and the same version: two reads may straddle a publication, and are then made again. */
async function readCourse(db: DbOrTx, courseId: CourseId) {
  for (let attempt = 0; ; attempt++) {
    const [course, outline] = await Promise.all([findPublishedCourse(db, courseId), findPublishedOutline(db, courseId)]);
    if (!course || outline.every((l) => l.version_id === course.version_id)) return { course, outline };
    if (attempt === 2) throw new Error(`course ${courseId}: its outline keeps changing while being read`);
  }
}

/** Every published course as the catalog searches it, newest publication first. */
export async function loadCatalog(db: DbOrTx): Promise<CatalogEntry[]> {
  const { courses, tags } = await findCatalogIndex(db);
  const tagsOf = new Map<CourseId, Set<string>>();
  for (const t of tags) tagsOf.set(t.course_id, (tagsOf.get(t.course_id) ?? new Set()).add(t.tag));
  return courses.map((c) => ({
    titleSearch: c.title_search,
    // Each word once: a searched word holds no space, so it is found in the text exactly when it is found in one of
    // its words, and the whole lessons' text shrinks to its vocabulary.
    searchText: [...new Set(c.search_text.split(' '))].join(' '),
    tags: tagsOf.get(c.course_id) ?? new Set(),
    json: JSON.stringify(card(c)),
  }));
}

