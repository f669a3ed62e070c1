import type { CourseId, LessonId, UserId } from '../../shared/ids.js';
import { foldForSearch } from '../../shared/text.js';
import type { DbOrTx } from '../db/database.js';
import { notFound } from '../errors.js';
import { findLessonMarks } from '../lessons/lessons.service.js';
import { findEnrollment } from '../progress/progress.service.js';
import { type LessonMark, type LessonState, lessonStates, lessonToContinue, percentComplete } from '../../shared/progress-rules.js';
import { findPublishedCourse, findPublishedOutline, searchPublishedCourses } from './courses.queries.js';

type CardRow = Awaited<ReturnType<typeof searchPublishedCourses>>['rows'][number];

const card = (c: CardRow) => ({
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

export async function browseCatalog(db: DbOrTx, query: { q?: string; tag?: string; limit?: number; offset?: number }) {
  const foldedQuery = foldForSearch(query.q ?? '');
  const { total, rows } = await searchPublishedCourses(db, {
    words: foldedQuery.split(' ').filter(Boolean),
    foldedQuery,
    tags: (query.tag ?? '').split(',').map((tag) => tag.trim()).filter(Boolean).slice(0, 5),
    limit: query.limit ?? 20,
    offset: query.offset ?? 0,
  });
  return { total, courses: rows.map(card) };
}

/** The course outline; for a signed-in learner, with the state of every lesson and their progress. */
export async function describeCourse(db: DbOrTx, courseId: CourseId, userId: UserId | null) {
  const course = await findPublishedCourse(db, courseId);
  if (!course) throw notFound('course_not_found');
  const [outline, marks, enrollment] = await Promise.all([
    findPublishedOutline(db, courseId),
    userId ? findLessonMarks(db, userId, courseId) : new Map<LessonId, LessonMark>(),
    userId ? findEnrollment(db, userId, courseId) : undefined,
  ]);
  const states = lessonStates(outline, marks, course.requires_order === 1);
  const modules: { id: number; title: string; lessons: { id: number; title: string; estimatedMinutes: number; required: boolean; state: LessonState }[] }[] = [];
  for (const lesson of outline) {
    if (modules.at(-1)?.id !== lesson.module_id) modules.push({ id: lesson.module_id, title: lesson.module_title, lessons: [] });
    modules.at(-1)!.lessons.push({
      id: lesson.lesson_id,
      title: lesson.title,
      estimatedMinutes: lesson.estimated_minutes,
      required: lesson.required === 1,
      state: states.get(lesson.lesson_id)!,
    });
  }
  const next = enrollment ? lessonToContinue(outline, marks, enrollment.last_lesson_id) : outline[0];
  return {
    ...card(course),
    requiresOrder: course.requires_order === 1,
    modules,
    progress: enrollment
      ? {
          percent: percentComplete(enrollment.completed_lessons, course.required_lesson_count),
          completedLessons: enrollment.completed_lessons,
          requiredLessons: course.required_lesson_count,
          completedAt: enrollment.completed_at === null ? null : new Date(enrollment.completed_at).toISOString(),
          continueLessonId: next?.lesson_id ?? null,
        }
      : null,
  };
}
