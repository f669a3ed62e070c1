/**
 * Publication: how a draft becomes what learners read. Publishing makes a new
 * immutable version; every publication, unpublication, rollback and deletion
 * is audited. A course that requires review is published only once approved
 * at its current revision.
 */
import type { CourseId, LessonId, ModuleId } from '../../shared/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import type { CompletionRule } from '../courses/courses.schema.js';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import { AppError, documentProblems, notFound, type PlacedProblem } from '../errors.js';
import type { PublishedLessonCache } from '../lessons/lessons.service.js';
import { courseMediaResolver } from '../media/media.service.js';
import { findAuthoredCourse, findDraftOutline, findPublishedVersionNumber, findVersionSnapshot, removePublication, touchDraft } from './authoring.queries.js';
import { type Actor, lessonOf, loadCourse } from './drafts.service.js';
import { type LessonDocument, parseLessonTranslations } from './course-document.js';
import { type LessonProblem, lessonProblems, renderLessonHtml, renderTranslations } from './markdown.js';
import { restoreQuizzes, type snapshotQuizzes } from './question-bank.js';
import { quizPublicationProblems } from './quiz-publishing.js';
import { publishCourse } from './publishing.js';

/** Markdown rendered exactly as learners will get it, with what would stop publication. */
export async function previewMarkdown(db: DbOrTx, courseId: CourseId, markdown: string): Promise<{ html: string; problems: LessonProblem[] }> {
  const media = await courseMediaResolver(db, courseId);
  return { html: renderLessonHtml(markdown, media), problems: lessonProblems(markdown, media) };
}

async function publicationProblems(trx: Tx, courseId: CourseId): Promise<PlacedProblem[]> {
  const [{ lessons }, media, course] = await Promise.all([findDraftOutline(trx, courseId), courseMediaResolver(trx, courseId), findAuthoredCourse(trx, courseId)]);
  if (lessons.length === 0) return [{ place: { key: 'place.course' }, problem: { key: 'error.course_has_no_lessons' } }];
  const problems: PlacedProblem[] = lessons.flatMap((lesson) =>
    [{ title: lesson.title, body: lesson.body }, ...Object.values(parseLessonTranslations(lesson.translations))].flatMap(({ title, body }) =>
      lessonProblems(body, media).map((p) => ({ place: { key: 'place.lesson_line', params: { lesson: title, line: p.line } }, problem: { key: p.key, params: p.params } })),
    ),
  );
  if (course?.cover_image && media(course.cover_image)?.kind !== 'image') {
    problems.push({ place: { key: 'place.course' }, problem: { key: 'error.media_missing', params: { name: course.cover_image } } });
  }
  problems.push(...(await quizPublicationProblems(trx, courseId, course?.completion_rule ?? 'lessons')));
  return problems;
}

/**
 * Publishes the draft inside the caller's transaction (the launch button publishes its courses with the rest of the
 * launch); the caller forgets the published-lesson cache after the commit.
 */
export async function publishDraftIn(trx: Tx, courseId: CourseId, actor: Actor, action = 'course.publish', details: Record<string, string | number | boolean | null> = {}) {
  const course = await loadCourse(trx, courseId);
  if (course.requires_review === 1 && action === 'course.publish' && !(course.review_status === 'approved' && course.approved_revision === course.draft_revision)) {
    throw new AppError('course_needs_approval', 409);
  }
  const problems = await publicationProblems(trx, courseId);
  if (problems.length > 0) throw documentProblems('course_not_publishable', problems);
  await publishCourse(trx, courseId, actor.userId, actor.now);
  await trx.updateTable('courses').set({ published_revision: course.draft_revision }).where('id', '=', courseId).execute();
  const version = (await findPublishedVersionNumber(trx, courseId))!;
  await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action, unitId: course.owner_unit_id, details: { course: courseId, version, ...details }, ip: actor.ip });
  return { version, publishedAt: new Date(actor.now).toISOString() };
}

export async function publish(db: Db, lessons: PublishedLessonCache, courseId: CourseId, actor: Actor, action = 'course.publish') {
  const result = await db.transaction().execute((trx) => publishDraftIn(trx, courseId, actor, action));
  lessons.forget();
  return result;
}

export async function unpublish(db: Db, lessons: PublishedLessonCache, courseId: CourseId, actor: Actor, action = 'course.unpublish'): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const course = await loadCourse(trx, courseId);
    await removePublication(trx, courseId);
    if (action === 'course.delete') await trx.updateTable('courses').set({ deleted_at: actor.now }).where('id', '=', courseId).execute();
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action, unitId: course.owner_unit_id, details: { course: courseId }, ip: actor.ip });
  });
  lessons.forget();
}

/**
 * Deleting keeps the course's rows (learners' progress and certificates point at
 * them) but takes it from learners and from authors' lists.
 */
export const deleteCourse = (db: Db, lessons: PublishedLessonCache, courseId: CourseId, actor: Actor) => unpublish(db, lessons, courseId, actor, 'course.delete');

interface Snapshot extends Partial<Awaited<ReturnType<typeof snapshotQuizzes>>> {
  modules: { id: number; title: string; lessons: (Required<Pick<LessonDocument, 'id'>> & LessonDocument)[] }[];
  completionRule?: CompletionRule;
}

/**
 * Rolls back: the draft becomes version N again, lesson ids included (so
 * progress still matches), and is published at once as a new version. No
 * review is needed: that content was published before.
 */
export async function rollback(db: Db, lessons: PublishedLessonCache, courseId: CourseId, number: number, actor: Actor) {
  const snapshotText = await findVersionSnapshot(db, courseId, number);
  if (!snapshotText) throw notFound('version_not_found');
  const snapshot = JSON.parse(snapshotText) as Snapshot;
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('lessons').where('course_id', '=', courseId).execute();
    await trx.deleteFrom('course_modules').where('course_id', '=', courseId).execute();
    for (const [position, module] of snapshot.modules.entries()) {
      await trx.insertInto('course_modules').values({ id: module.id as ModuleId, course_id: courseId, title: module.title, position }).execute();
      for (const [lessonPosition, lesson] of module.lessons.entries()) {
        await trx
          .insertInto('lessons')
          .values({
            id: lesson.id as LessonId,
            course_id: courseId,
            module_id: module.id as ModuleId,
            position: lessonPosition,
            title: lesson.title,
            body: lesson.body,
            estimated_minutes: lesson.estimatedMinutes,
            competences: JSON.stringify(lesson.competences),
            required: lesson.required ? 1 : 0,
            // Versions published before translations existed have none.
            translations: JSON.stringify(lesson.translations ?? {}),
            created_at: actor.now,
            updated_at: actor.now,
          })
          .execute();
      }
    }
    await restoreQuizzes(trx, courseId, { questions: snapshot.questions ?? [], quizzes: snapshot.quizzes ?? [] }, actor.now);
    await trx.updateTable('courses').set({ completion_rule: snapshot.completionRule ?? 'lessons' }).where('id', '=', courseId).execute();
    await touchDraft(trx, courseId, actor.now);
  });
  return publish(db, lessons, courseId, actor, 'course.rollback');
}

/** A draft lesson as a learner would see it once published: same rendering, same neighbours. */
export async function previewLesson(db: DbOrTx, lessonId: LessonId) {
  const lesson = await lessonOf(db, lessonId);
  const course = await loadCourse(db, lesson.course_id);
  const [outline, media] = await Promise.all([findDraftOutline(db, lesson.course_id), courseMediaResolver(db, lesson.course_id)]);
  const ordered = outline.modules.flatMap((m) => outline.lessons.filter((l) => l.module_id === m.id));
  const index = ordered.findIndex((l) => l.id === lessonId);
  const link = (l: (typeof ordered)[number] | undefined) => (l ? { id: l.id, title: l.title } : null);
  const module = outline.modules.find((m) => m.id === lesson.module_id)!;
  return {
    id: lesson.id,
    title: lesson.title,
    html: renderLessonHtml(lesson.body, media),
    translations: renderTranslations(parseLessonTranslations(lesson.translations), media),
    estimatedMinutes: lesson.estimated_minutes,
    position: index + 1,
    lessonCount: ordered.length,
    module: { id: module.id, title: module.title },
    course: { id: course.id, title: course.title, requiresOrder: course.requires_order === 1 },
    previous: link(ordered[index - 1]),
    next: link(ordered[index + 1]),
    state: { openedAt: null, completedAt: null },
  };
}
