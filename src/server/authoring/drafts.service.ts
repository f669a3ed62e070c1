/**
 * Drafts: what an author does to a course's draft (course, modules, lessons).
 * Learners never see a draft; every change moves its revision on (touchDraft),
 * so an approval given to an earlier revision lapses.
 */
import { randomBytes } from 'node:crypto';
import type { CourseId, LessonId, ModuleId, UnitId, UserId } from '../../shared/ids.js';
import { translate } from '../../shared/i18n/translate.js';
import { type Audience, audiences as knownAudiences } from '../../shared/limits.js';
import { foldForSearch, normalizeLine } from '../../shared/text.js';
import { recordAudit } from '../audit/audit.service.js';
import { isCompetenceCode } from '../competences/competences.service.js';
import type { CompletionRule } from '../courses/courses.schema.js';
import type { Db, DbOrTx } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import { reachRoots, type ScopedGrant } from '../grants/grants.service.js';
import { findCourseMedia } from '../media/media.service.js';
import { type CourseDocument, type LessonTranslations, parseLessonTranslations } from './course-document.js';
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
  insertCourseDraft,
  insertLesson,
  insertModule,
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

export async function createCourse(db: Db, unit: { id: UnitId }, input: { title: string; summary?: string }, actor: Actor): Promise<CourseId> {
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
    audiences: json(course.audiences) as Audience[],
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
  /** A language's version to write, or null to remove it; languages not named stay as they are. */
  translations?: { [L in keyof LessonTranslations]?: { title: string; body: string } | null };
}

function patchTranslations(current: string, patch: NonNullable<LessonPatch['translations']>): string {
  const next: Record<string, { title: string; body: string }> = parseLessonTranslations(current);
  for (const [language, version] of Object.entries(patch)) {
    if (version === null) delete next[language];
    else if (version) next[language] = { title: normalizeLine(version.title), body: version.body.normalize('NFC') };
  }
  return JSON.stringify(next);
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
    ...(patch.translations !== undefined ? { translations: patchTranslations(lesson.translations, patch.translations) } : {}),
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
  l: Pick<DraftLessonRow, 'id' | 'title' | 'body' | 'estimated_minutes' | 'competences' | 'required' | 'translations' | 'revision' | 'updated_at'>,
) {
  return {
    id: l.id,
    title: l.title,
    body: l.body,
    estimatedMinutes: l.estimated_minutes,
    competences: json(l.competences),
    required: l.required === 1,
    translations: parseLessonTranslations(l.translations),
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

/** The course whose owner unit decides who may act on it, for route policies. */
export async function ownerUnitCode(db: DbOrTx, courseId: CourseId): Promise<string | undefined> {
  return (await findAuthoredCourse(db, courseId))?.unit_code;
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
