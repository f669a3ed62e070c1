/**
 * Published lessons, kept in memory for a few seconds (db/short-cache.ts says
 * how stale they can be). Each entry holds the
 * part of the lesson answer that is the same for every learner, already in
 * JSON, so that reading a lesson costs the learner's own state and no more.
 */
import type { CourseId, LessonId } from '../../shared/ids.js';
import type { Clock } from '../clock.js';
import type { DbOrTx } from '../db/database.js';
import type { OutlineLesson } from '../../shared/progress-rules.js';
import { ShortCache } from '../db/short-cache.js';
import { findCourseOutline, findReadableLesson } from './lessons.queries.js';

export interface PublishedLesson {
  lessonId: LessonId;
  courseId: CourseId;
  title: string;
  sequence: number;
  required: boolean;
  requiresOrder: boolean;
  requiredLessonCount: number;
  /** The lesson answer without its learner state, in UTF-8 bytes as answers send it: `{"id":…,"next":…` with no closing brace. */
  sharedJsonPrefix: Buffer;
}

export class PublishedLessonCache {
  readonly #lessons: ShortCache<LessonId, PublishedLesson | null>;
  readonly #outlines: ShortCache<CourseId, OutlineLesson[]>;
  readonly #forgetters: (() => void)[] = [];

  constructor(clock: Clock, ttlMs = 5_000) {
    this.#lessons = new ShortCache(clock, ttlMs);
    this.#outlines = new ShortCache(clock, ttlMs);
  }

  async lesson(db: DbOrTx, lessonId: LessonId): Promise<PublishedLesson | null> {
    return this.#lessons.get(lessonId, async () => {
      const row = await findReadableLesson(db, lessonId);
      if (!row) return null;
      const shared = {
        id: row.lesson_id,
        title: row.title,
        html: row.html,
        translations: JSON.parse(row.translations) as unknown,
        estimatedMinutes: row.estimated_minutes,
        position: row.sequence,
        lessonCount: row.lesson_count,
        module: { id: row.module_id, title: row.module_title },
        course: { id: row.course_id, title: row.course_title, requiresOrder: row.requires_order === 1 },
        previous: row.previous_id ? { id: row.previous_id, title: row.previous_title! } : null,
        next: row.next_id ? { id: row.next_id, title: row.next_title! } : null,
      };
      return {
        lessonId: row.lesson_id,
        courseId: row.course_id,
        title: row.title,
        sequence: row.sequence,
        required: row.required === 1,
        requiresOrder: row.requires_order === 1,
        requiredLessonCount: row.required_lesson_count,
        sharedJsonPrefix: Buffer.from(JSON.stringify(shared).slice(0, -1)),
      };
    });
  }

  async outline(db: DbOrTx, courseId: CourseId): Promise<OutlineLesson[]> {
    return this.#outlines.get(courseId, () => findCourseOutline(db, courseId));
  }

  /** After a publication in this process, others catch up within ttlMs. */
  forget(): void {
    this.#lessons.clear();
    this.#outlines.clear();
    for (const forget of this.#forgetters) forget();
  }

  /** Other copies of published content (the course pages and the catalog) are forgotten with these. */
  alsoForget(forget: () => void): void {
    this.#forgetters.push(forget);
  }
}
