/**
 * Authoring: what an author does to a course's draft, and how a draft becomes
 * what learners read. Learners never see a draft; publishing makes a new
 * immutable version. Every publication, unpublication, rollback and deletion
 * is audited. A course may require review: then only a draft approved, at its
 * current revision, by an author of a parent unit can be published.
 */
import { randomBytes } from 'node:crypto';
import type { CourseId, LessonId, ModuleId, UserId } from '../../shared/ids.js';
import { translate } from '../../shared/i18n/translate.js';
import { type Audience, audiences as knownAudiences } from '../../shared/limits.js';
import { foldForSearch, normalizeLine } from '../../shared/text.js';
import { recordAudit } from '../audit/audit.service.js';
import { isCompetenceCode } from '../competences/competences.service.js';
import type { CourseDocument } from '../courses/course-document.js';
import { insertCourseDraft } from '../courses/courses.queries.js';
import { type LessonProblem, lessonProblems, renderLessonHtml } from '../courses/markdown.js';
import { publishCourse } from '../courses/publishing.js';
import type { Db, DbOrTx } from '../db/database.js';
import { AppError, documentProblems, notFound, type PlacedProblem } from '../errors.js';
import { reachRoots, type ScopedGrant } from '../grants/grants.service.js';
import type { PublishedLessonCache } from '../lessons/lesson-cache.js';
import { courseMediaResolver, findCourseMedia } from '../media/media.queries.js';
import type { UnitRow } from '../units/units.queries.js';
import { quizPublicationProblems } from '../quizzes/quiz-publishing.js';
import { restoreQuizzes, type snapshotQuizzes } from '../quizzes/question-bank.js';
import type { CompletionRule } from '../courses/courses.table.js';
import {
  type AuthoredCourse,
  findAuthoredCourse,
  findCoursesUnder,
  findDraftLesson,
  findDraftOutline,
  findModule,
  findPublishedVersionNumber,
  findReviewComments,
  findVersions,
  findVersionSnapshot,
  insertLesson,
  insertModule,
  insertReviewComment,
  removePublication,
  saveLessonIfUnchanged,
  setOutlinePosition,
  touchDraft,
} from './authoring.queries.js';

export interface Actor {
  userId: UserId;
  ip: string;
  now: number;
}

const json = (text: string) => JSON.parse(text) as string[];

export type CourseStatus = 'draft' | 'published' | 'changed' | 'unpublished';

export function courseStatus(course: { published_revision: number | null; draft_revision: number }, publishedVersion: number | null): CourseStatus {
  if (publishedVersion === null) return course.published_revision === null ? 'draft' : 'unpublished';
  return course.published_revision === course.draft_revision ? 'published' : 'changed';
}

export async function listCoursesFor(db: Db, grants: readonly ScopedGrant[], query: { q?: string }) {
  const folded = foldForSearch(query.q ?? '');
  const rows = await findCoursesUnder(db, reachRoots(grants, 'author'));
  return {
    courses: rows
      .filter((c) => !folded || foldForSearch(c.title).includes(folded))
      .map((c) => ({
        id: c.id,
        title: c.title,
        unit: { code: c.unit_code, name: c.unit_name, fullName: c.unit_full_name, kind: c.unit_kind },
        status: courseStatus(c, c.published_version ?? null),
        publishedVersion: c.published_version ?? null,
        reviewStatus: c.review_status,
        requiresReview: c.requires_review === 1,
        lessonCount: Number(c.lesson_count ?? 0),
        updatedAt: new Date(c.updated_at).toISOString(),
      })),
  };
}

export async function loadCourse(db: DbOrTx, courseId: CourseId): Promise<AuthoredCourse> {
  const course = await findAuthoredCourse(db, courseId);
  if (!course) throw notFound('course_not_found');
  return course;
}

export function slugFor(title: string): string {
  const base = foldForSearch(title).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'khoa-hoc';
  return `${base}-${randomBytes(3).toString('hex')}`;
}

export async function createCourse(db: Db, unit: UnitRow, input: { title: string; summary?: string }, actor: Actor): Promise<CourseId> {
  const document: CourseDocument = {
    title: normalizeLine(input.title),
    summary: normalizeLine(input.summary ?? ''),
    language: 'vi',
    coverImage: null,
    estimatedMinutes: 0,
    audiences: ['citizens'],
    competences: [],
    requiresOrder: false,
    modules: [{ title: translate('vi', 'author.firstModule'), lessons: [] }],
  };
  return db.transaction().execute(async (trx) => {
    const id = await insertCourseDraft(trx, document, { slug: slugFor(input.title), ownerUnitId: unit.id, createdBy: actor.userId, now: actor.now });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'course.create', unitId: unit.id, details: { course: id }, ip: actor.ip });
    return id;
  });
}

export async function describeDraft(db: Db, courseId: CourseId) {
  const course = await loadCourse(db, courseId);
  const [outline, media, comments, versions, publishedVersion] = await Promise.all([
    findDraftOutline(db, courseId),
    findCourseMedia(db, courseId),
    findReviewComments(db, courseId),
    findVersions(db, courseId),
    findPublishedVersionNumber(db, courseId),
  ]);
  return {
    id: course.id,
    title: course.title,
    summary: course.summary,
    coverImage: course.cover_image,
    language: course.language,
    audiences: json(course.audiences),
    competences: json(course.competences),
    requiresOrder: course.requires_order === 1,
    requiresReview: course.requires_review === 1,
    completionRule: course.completion_rule,
    unit: { code: course.unit_code, name: course.unit_name, fullName: course.unit_full_name, kind: course.unit_kind },
    status: courseStatus(course, publishedVersion),
    publishedVersion,
    draftRevision: course.draft_revision,
    reviewStatus: course.review_status,
    approvedRevision: course.approved_revision,
    modules: outline.modules.map((m) => ({
      id: m.id,
      title: m.title,
      lessons: outline.lessons
        .filter((l) => l.module_id === m.id)
        .map(presentLesson),
    })),
    media: media.map((m) => ({ id: m.id, name: m.name, kind: m.kind, mime: m.mime, bytes: Number(m.bytes), alt: m.alt, width: m.width, height: m.height, sha256: m.sha256 })),
    comments: comments.map((c) => ({
      id: c.id,
      kind: c.kind,
      body: c.body,
      draftRevision: c.draft_revision,
      author: c.user_id ? { id: c.user_id, fullName: c.full_name! } : null,
      createdAt: new Date(c.created_at).toISOString(),
    })),
    versions: versions.map((v) => ({ number: v.number, publishedAt: new Date(v.published_at).toISOString(), publishedBy: v.published_by_name })),
  };
}

function checkTags(patch: { audiences?: string[]; competences?: string[] }): void {
  for (const code of patch.competences ?? []) {
    if (!isCompetenceCode(code)) throw new AppError('invalid_competence', 400, { code }, { competences: { key: 'error.invalid_competence', params: { code } } });
  }
  for (const audience of patch.audiences ?? []) {
    if (!(knownAudiences as readonly string[]).includes(audience)) throw new AppError('invalid_input', 400, {}, { audiences: { key: 'field.invalid' } });
  }
}

export interface CoursePatch {
  title?: string;
  summary?: string;
  coverImage?: string | null;
  audiences?: Audience[];
  competences?: string[];
  requiresOrder?: boolean;
  requiresReview?: boolean;
  completionRule?: CompletionRule;
}

export async function updateCourse(db: Db, courseId: CourseId, patch: CoursePatch, actor: Actor): Promise<void> {
  checkTags(patch);
  const changes = {
    ...(patch.title !== undefined ? { title: normalizeLine(patch.title) } : {}),
    ...(patch.summary !== undefined ? { summary: normalizeLine(patch.summary) } : {}),
    ...(patch.coverImage !== undefined ? { cover_image: patch.coverImage } : {}),
    ...(patch.audiences !== undefined ? { audiences: JSON.stringify([...new Set(patch.audiences)]) } : {}),
    ...(patch.competences !== undefined ? { competences: JSON.stringify([...new Set(patch.competences)]) } : {}),
    ...(patch.requiresOrder !== undefined ? { requires_order: patch.requiresOrder ? 1 : 0 } : {}),
    ...(patch.requiresReview !== undefined ? { requires_review: patch.requiresReview ? 1 : 0 } : {}),
    ...(patch.completionRule !== undefined ? { completion_rule: patch.completionRule } : {}),
  };
  // An update naming no field (or only unknown ones, which are dropped) changes nothing, not even the draft's revision.
  if (Object.keys(changes).length === 0) return;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('courses').set(changes).where('id', '=', courseId).execute();
    await touchDraft(trx, courseId, actor.now);
  });
}

export async function addModule(db: Db, courseId: CourseId, title: string, actor: Actor): Promise<ModuleId> {
  return db.transaction().execute(async (trx) => {
    const id = await insertModule(trx, courseId, normalizeLine(title));
    await touchDraft(trx, courseId, actor.now);
    return id;
  });
}

export async function moduleOf(db: DbOrTx, moduleId: ModuleId) {
  const module = await findModule(db, moduleId);
  if (!module) throw notFound('module_not_found');
  return module;
}

export async function renameModule(db: Db, moduleId: ModuleId, title: string, actor: Actor): Promise<void> {
  const module = await moduleOf(db, moduleId);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('course_modules').set({ title: normalizeLine(title) }).where('id', '=', moduleId).execute();
    await touchDraft(trx, module.course_id, actor.now);
  });
}

/** Removes a module and its lessons from the draft; learners keep theirs until the next publication. */
export async function removeModule(db: Db, moduleId: ModuleId, actor: Actor): Promise<void> {
  const module = await moduleOf(db, moduleId);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('lessons').where('module_id', '=', moduleId).execute();
    await trx.deleteFrom('course_modules').where('id', '=', moduleId).execute();
    await touchDraft(trx, module.course_id, actor.now);
  });
}

export async function addLesson(db: Db, moduleId: ModuleId, title: string, actor: Actor): Promise<LessonId> {
  const module = await moduleOf(db, moduleId);
  return db.transaction().execute(async (trx) => {
    const id = await insertLesson(trx, { courseId: module.course_id, moduleId, title: normalizeLine(title), now: actor.now });
    await touchDraft(trx, module.course_id, actor.now);
    return id;
  });
}

export async function lessonOf(db: DbOrTx, lessonId: LessonId) {
  const lesson = await findDraftLesson(db, lessonId);
  if (!lesson) throw notFound('lesson_not_found');
  return lesson;
}

export interface LessonPatch {
  baseRevision: number;
  title?: string;
  body?: string;
  estimatedMinutes?: number;
  competences?: string[];
  required?: boolean;
}

/**
 * Autosave. The edit names the revision it started from; if someone saved in
 * between, nothing is overwritten: 409 with the current lesson, and the
 * editor keeps the author's text so that they can choose.
 */
export async function saveLesson(db: Db, lessonId: LessonId, patch: LessonPatch, actor: Actor) {
  checkTags(patch);
  const lesson = await lessonOf(db, lessonId);
  const changes = {
    ...(patch.title !== undefined ? { title: normalizeLine(patch.title) } : {}),
    ...(patch.body !== undefined ? { body: patch.body.normalize('NFC') } : {}),
    ...(patch.estimatedMinutes !== undefined ? { estimated_minutes: patch.estimatedMinutes } : {}),
    ...(patch.competences !== undefined ? { competences: JSON.stringify([...new Set(patch.competences)]) } : {}),
    ...(patch.required !== undefined ? { required: patch.required ? 1 : 0 } : {}),
  };
  // As for courses: an update naming no field changes nothing (and so overwrites nobody).
  if (Object.keys(changes).length === 0) return presentLesson(lesson);
  const saved = await db.transaction().execute(async (trx) => {
    const ok = await saveLessonIfUnchanged(trx, lessonId, patch.baseRevision, changes, actor.now);
    if (ok) await touchDraft(trx, lesson.course_id, actor.now);
    return ok;
  });
  const current = await lessonOf(db, lessonId);
  const view = presentLesson(current);
  if (!saved) throw new AppError('lesson_conflict', 409, {}, {}, {}, [], { current: view });
  return view;
}

type DraftLessonRow = Awaited<ReturnType<typeof lessonOf>>;

export function presentLesson(
  l: Pick<DraftLessonRow, 'id' | 'title' | 'body' | 'estimated_minutes' | 'competences' | 'required' | 'revision' | 'updated_at'>,
) {
  return {
    id: l.id,
    title: l.title,
    body: l.body,
    estimatedMinutes: l.estimated_minutes,
    competences: json(l.competences),
    required: l.required === 1,
    revision: l.revision,
    updatedAt: new Date(l.updated_at).toISOString(),
  };
}

export async function removeLesson(db: Db, lessonId: LessonId, actor: Actor): Promise<void> {
  const lesson = await lessonOf(db, lessonId);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('lessons').where('id', '=', lessonId).execute();
    await touchDraft(trx, lesson.course_id, actor.now);
  });
}

/** The new order of modules and lessons (lessons may change module); it must name exactly the course's own. */
export async function reorderOutline(db: Db, courseId: CourseId, modules: { id: number; lessonIds: number[] }[], actor: Actor): Promise<void> {
  const outline = await findDraftOutline(db, courseId);
  const same = (a: number[], b: number[]) => a.length === b.length && [...a].sort((x, y) => x - y).every((v, i) => v === [...b].sort((x, y) => x - y)[i]);
  if (!same(modules.map((m) => m.id), outline.modules.map((m) => m.id)) || !same(modules.flatMap((m) => m.lessonIds), outline.lessons.map((l) => l.id))) {
    throw new AppError('outline_mismatch', 409);
  }
  await db.transaction().execute(async (trx) => {
    for (const [position, module] of modules.entries()) {
      await setOutlinePosition(trx, 'module', module.id, position);
      for (const [lessonPosition, lessonId] of module.lessonIds.entries()) await setOutlinePosition(trx, 'lesson', lessonId, lessonPosition, module.id as ModuleId);
    }
    await touchDraft(trx, courseId, actor.now);
  });
}

/** Markdown rendered exactly as learners will get it, with what would stop publication. */
export async function previewMarkdown(db: DbOrTx, courseId: CourseId, markdown: string): Promise<{ html: string; problems: LessonProblem[] }> {
  const media = await courseMediaResolver(db, courseId);
  return { html: renderLessonHtml(markdown, media), problems: lessonProblems(markdown, media) };
}

async function publicationProblems(trx: DbOrTx, courseId: CourseId): Promise<PlacedProblem[]> {
  const [{ lessons }, media, course] = await Promise.all([findDraftOutline(trx, courseId), courseMediaResolver(trx, courseId), findAuthoredCourse(trx, courseId)]);
  if (lessons.length === 0) return [{ place: { key: 'place.course' }, problem: { key: 'error.course_has_no_lessons' } }];
  const problems: PlacedProblem[] = lessons.flatMap((lesson) =>
    lessonProblems(lesson.body, media).map((p) => ({ place: { key: 'place.lesson_line', params: { lesson: lesson.title, line: p.line } }, problem: { key: p.key, params: p.params } })),
  );
  if (course?.cover_image && media(course.cover_image)?.kind !== 'image') {
    problems.push({ place: { key: 'place.course' }, problem: { key: 'error.media_missing', params: { name: course.cover_image } } });
  }
  problems.push(...(await quizPublicationProblems(trx, courseId, course?.completion_rule ?? 'lessons')));
  return problems;
}

export async function publish(db: Db, lessons: PublishedLessonCache, courseId: CourseId, actor: Actor, action = 'course.publish') {
  const result = await db.transaction().execute(async (trx) => {
    const course = await loadCourse(trx, courseId);
    if (course.requires_review === 1 && action === 'course.publish' && !(course.review_status === 'approved' && course.approved_revision === course.draft_revision)) {
      throw new AppError('course_needs_approval', 409);
    }
    const problems = await publicationProblems(trx, courseId);
    if (problems.length > 0) throw documentProblems('course_not_publishable', problems);
    await publishCourse(trx, courseId, actor.userId, actor.now);
    await trx.updateTable('courses').set({ published_revision: course.draft_revision }).where('id', '=', courseId).execute();
    const version = (await findPublishedVersionNumber(trx, courseId))!;
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action, unitId: course.owner_unit_id, details: { course: courseId, version }, ip: actor.ip });
    return { version, publishedAt: new Date(actor.now).toISOString() };
  });
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
  modules: { id: number; title: string; lessons: { id: number; title: string; body: string; estimatedMinutes: number; competences: string[]; required: boolean }[] }[];
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

export async function requestReview(db: Db, courseId: CourseId, message: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const course = await loadCourse(trx, courseId);
    await trx.updateTable('courses').set({ review_status: 'in_review', review_requested_by: actor.userId }).where('id', '=', courseId).execute();
    await insertReviewComment(trx, { courseId, userId: actor.userId, kind: 'request', body: normalizeLine(message), draftRevision: course.draft_revision, now: actor.now });
  });
}

export async function comment(db: Db, courseId: CourseId, body: string, actor: Actor): Promise<void> {
  const course = await loadCourse(db, courseId);
  await insertReviewComment(db, { courseId, userId: actor.userId, kind: 'comment', body: body.normalize('NFC').trim(), draftRevision: course.draft_revision, now: actor.now });
}

/**
 * A second pair of eyes: an author of a unit above the course's own (for a
 * course of the province itself, another author of the province), never the
 * person who asked for the review.
 */
function mayReview(course: AuthoredCourse, reviewer: UserId, grants: readonly ScopedGrant[]): boolean {
  if (course.review_requested_by === reviewer) return false;
  const authorOn = grants.filter((g) => g.role === 'author').map((g) => g.unitPath);
  if (course.unit_parent_id === null) return authorOn.some((p) => course.unit_path.startsWith(p));
  return authorOn.some((p) => course.unit_path.startsWith(p) && p !== course.unit_path);
}

export async function decideReview(db: Db, courseId: CourseId, decision: 'approved' | 'changes_requested', message: string, actor: Actor & { grants: readonly ScopedGrant[] }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const course = await loadCourse(trx, courseId);
    if (course.review_status !== 'in_review') throw new AppError('review_not_requested', 409);
    if (!mayReview(course, actor.userId, actor.grants)) throw new AppError('reviewer_not_allowed', 403);
    await trx
      .updateTable('courses')
      .set({ review_status: decision, approved_revision: decision === 'approved' ? course.draft_revision : null })
      .where('id', '=', courseId)
      .execute();
    await insertReviewComment(trx, { courseId, userId: actor.userId, kind: decision, body: normalizeLine(message), draftRevision: course.draft_revision, now: actor.now });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: `review.${decision}`, unitId: course.owner_unit_id, details: { course: courseId, revision: course.draft_revision }, ip: actor.ip });
  });
}

/** The course whose owner unit decides who may act on it, for route policies. */
export async function ownerUnitCode(db: DbOrTx, courseId: CourseId): Promise<string | undefined> {
  return (await findAuthoredCourse(db, courseId))?.unit_code;
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

/** A draft lesson with what its editor needs around it: its course and the course's files. */
export async function describeDraftLesson(db: DbOrTx, lessonId: LessonId) {
  const lesson = await lessonOf(db, lessonId);
  const [course, media] = await Promise.all([loadCourse(db, lesson.course_id), findCourseMedia(db, lesson.course_id)]);
  return {
    lesson: presentLesson(lesson),
    course: { id: course.id, title: course.title },
    media: media.map((m) => ({ name: m.name, kind: m.kind, alt: m.alt })),
  };
}
