/**
 * Publishing: the draft becomes a new immutable version, rendered once, and
 * replaces what learners read. Lessons keep their ids across versions, so a
 * learner's progress carries over; counts are redone for the new lesson set.
 */
import type { CourseId, CourseVersionId, LessonId, UserId } from '../../shared/ids.js';
import { foldForSearch } from '../../shared/text.js';
import type { Tx } from '../db/database.js';
import { notFound } from '../errors.js';
import { courseMediaResolver, mediaUrl } from '../media/media.service.js';
import { lessonPlainText, renderLessonHtml, renderTranslations } from './markdown.js';
import { insertCourseVersion, loadCourseDraft, nextVersionNumber, recountCompletedLessons, replacePublishedCourse } from './publishing.queries.js';
import { snapshotQuizzes } from './question-bank.js';
import { publishQuizzes } from './quiz-publishing.js';

export async function publishCourse(trx: Tx, courseId: CourseId, publishedBy: UserId | null, now: number): Promise<CourseVersionId> {
  const draft = await loadCourseDraft(trx, courseId);
  if (!draft) throw notFound('course_not_found');
  const number = await nextVersionNumber(trx, courseId);
  const versionId = await insertCourseVersion(trx, { courseId, number, snapshot: JSON.stringify({ schema: 'hoctap.snapshot/1', ...draft, ...(await snapshotQuizzes(trx, courseId)) }), publishedBy, now });

  const media = await courseMediaResolver(trx, courseId);
  const cover = draft.coverImage ? media(draft.coverImage) : undefined;
  const sequence = draft.modules.flatMap((module, modulePosition) => module.lessons.map((lesson) => ({ module, modulePosition, lesson })));
  const lessons = sequence.map(({ module, modulePosition, lesson }, index) => ({
    lesson_id: lesson.id as LessonId,
    course_id: courseId,
    version_id: versionId,
    module_id: module.id as never,
    module_title: module.title,
    module_position: modulePosition,
    sequence: index + 1,
    title: lesson.title,
    html: renderLessonHtml(lesson.body, media),
    translations: JSON.stringify(renderTranslations(lesson.translations ?? {}, media)),
    estimated_minutes: lesson.estimatedMinutes,
    required: lesson.required ? 1 : 0,
    previous_lesson_id: (sequence[index - 1]?.lesson.id ?? null) as LessonId | null,
    next_lesson_id: (sequence[index + 1]?.lesson.id ?? null) as LessonId | null,
  }));
  const searchText = [draft.title, draft.summary, ...sequence.flatMap(({ module, lesson }) => [module.title, lesson.title, lessonPlainText(lesson.body)])].join(' ');

  await replacePublishedCourse(trx, {
    course: {
      course_id: courseId,
      version_id: versionId,
      title: draft.title,
      summary: draft.summary,
      cover_image: cover?.kind === 'image' ? mediaUrl(cover, 'w960.webp') : null,
      language: draft.language,
      estimated_minutes: lessons.reduce((sum, l) => sum + l.estimated_minutes, 0),
      audiences: JSON.stringify(draft.audiences),
      competences: JSON.stringify(draft.competences),
      requires_order: draft.requiresOrder ? 1 : 0,
      module_count: draft.modules.length,
      lesson_count: lessons.length,
      required_lesson_count: lessons.filter((l) => l.required === 1).length,
      title_search: foldForSearch(draft.title),
      search_text: foldForSearch(searchText),
      published_at: now,
    },
    lessons,
    // A competence taught in any lesson finds the course too.
    tags: [...new Set([...draft.audiences, ...draft.competences, ...sequence.flatMap(({ lesson }) => lesson.competences)])],
  });
  const finalQuizId = await publishQuizzes(trx, courseId, versionId);
  await trx.updateTable('published_courses').set({ completion_rule: draft.completionRule, final_quiz_id: finalQuizId }).where('course_id', '=', courseId).execute();
  await recountCompletedLessons(trx, courseId);
  return versionId;
}
