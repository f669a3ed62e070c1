import { sql } from 'kysely';
import type { CourseId, LessonId, ModuleId, UnitId, UserId } from '../../shared/ids.js';
import { escapeLikePattern } from '../../shared/text.js';
import type { CompletionRule } from '../courses/courses.schema.js';
import type { ReviewStatus } from './authoring.table.js';
import type { CourseDocument } from './course-document.js';
import type { Database, DbOrTx, Tx } from '../db/database.js';

type UnitKind = Database['units']['kind'];

export interface AuthoredCourse {
  id: CourseId;
  slug: string;
  title: string;
  summary: string;
  cover_image: string | null;
  language: string;
  audiences: string;
  competences: string;
  requires_order: number;
  requires_review: number;
  completion_rule: CompletionRule;
  review_status: ReviewStatus;
  review_requested_by: UserId | null;
  approved_revision: number | null;
  draft_revision: number;
  published_revision: number | null;
  updated_at: number;
  owner_unit_id: UnitId;
  unit_code: string;
  unit_name: string;
  unit_full_name: string;
  unit_kind: UnitKind;
  unit_path: string;
  unit_parent_id: UnitId | null;
}

const courseColumns = [
  'courses.id',
  'courses.slug',
  'courses.title',
  'courses.summary',
  'courses.cover_image',
  'courses.language',
  'courses.audiences',
  'courses.competences',
  'courses.requires_order',
  'courses.requires_review',
  'courses.completion_rule',
  'courses.review_status',
  'courses.review_requested_by',
  'courses.approved_revision',
  'courses.draft_revision',
  'courses.published_revision',
  'courses.updated_at',
  'courses.owner_unit_id',
  'units.code as unit_code',
  'units.name as unit_name',
  'units.full_name as unit_full_name',
  'units.kind as unit_kind',
  'units.path as unit_path',
  'units.parent_id as unit_parent_id',
] as const;

/** A course that has not been deleted, with its owner unit. */
export async function findAuthoredCourse(db: DbOrTx, courseId: CourseId): Promise<AuthoredCourse | undefined> {
  return db
    .selectFrom('courses')
    .innerJoin('units', 'units.id', 'courses.owner_unit_id')
    .select(courseColumns)
    .where('courses.id', '=', courseId)
    .where('courses.deleted_at', 'is', null)
    .executeTakeFirst() as Promise<AuthoredCourse | undefined>;
}

/** Courses owned by units inside any of the given subtrees, newest change first. */
export async function findCoursesUnder(db: DbOrTx, unitPaths: readonly string[]) {
  if (unitPaths.length === 0) return [];
  return db
    .selectFrom('courses')
    .innerJoin('units', 'units.id', 'courses.owner_unit_id')
    .leftJoin('published_courses as pc', 'pc.course_id', 'courses.id')
    .leftJoin('course_versions as cv', 'cv.id', 'pc.version_id')
    .select([...courseColumns, 'cv.number as published_version'])
    .select((eb) => eb.selectFrom('lessons').select((l) => l.fn.countAll<number>().as('n')).whereRef('lessons.course_id', '=', 'courses.id').as('lesson_count'))
    .where('courses.deleted_at', 'is', null)
    .where((eb) => eb.or(unitPaths.map((p) => eb('units.path', 'like', `${escapeLikePattern(p)}%`))))
    .orderBy('courses.updated_at', 'desc').orderBy('courses.id', 'desc').limit(500).execute();
}

export async function findPublishedVersionNumber(db: DbOrTx, courseId: CourseId): Promise<number | null> {
  const row = await db
    .selectFrom('published_courses as pc')
    .innerJoin('course_versions as cv', 'cv.id', 'pc.version_id')
    .select('cv.number')
    .where('pc.course_id', '=', courseId)
    .executeTakeFirst();
  return row?.number ?? null;
}

export async function findDraftOutline(db: DbOrTx, courseId: CourseId) {
  const [modules, lessons] = await Promise.all([
    db.selectFrom('course_modules').select(['id', 'title', 'position']).where('course_id', '=', courseId).orderBy('position').orderBy('id').execute(),
    db
      .selectFrom('lessons')
      .select(['id', 'module_id', 'title', 'body', 'estimated_minutes', 'competences', 'required', 'translations', 'revision', 'updated_at'])
      .where('course_id', '=', courseId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
  ]);
  return { modules, lessons };
}

/** Every change to a draft goes through here: the revision moves on, and an approval of an older draft lapses. */
export async function touchDraft(db: Tx, courseId: CourseId, now: number): Promise<void> {
  await db
    .updateTable('courses')
    .set((eb) => ({
      draft_revision: eb('draft_revision', '+', 1),
      updated_at: now,
      review_status: sql<ReviewStatus>`case when review_status = 'approved' then 'none' else review_status end`,
    }))
    .where('id', '=', courseId)
    .execute();
}

export async function insertModule(db: DbOrTx, courseId: CourseId, title: string): Promise<ModuleId> {
  const last = await db.selectFrom('course_modules').select((eb) => eb.fn.max('position').as('p')).where('course_id', '=', courseId).executeTakeFirst();
  const { id } = await db
    .insertInto('course_modules')
    .values({ course_id: courseId, title, position: Number(last?.p ?? -1) + 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function findModule(db: DbOrTx, moduleId: ModuleId) {
  return db.selectFrom('course_modules').select(['id', 'course_id', 'title']).where('id', '=', moduleId).executeTakeFirst();
}

export async function insertLesson(db: DbOrTx, lesson: { courseId: CourseId; moduleId: ModuleId; title: string; now: number }): Promise<LessonId> {
  const last = await db.selectFrom('lessons').select((eb) => eb.fn.max('position').as('p')).where('module_id', '=', lesson.moduleId).executeTakeFirst();
  const { id } = await db
    .insertInto('lessons')
    .values({
      course_id: lesson.courseId,
      module_id: lesson.moduleId,
      position: Number(last?.p ?? -1) + 1,
      title: lesson.title,
      body: '',
      estimated_minutes: 5,
      competences: '[]',
      required: 1,
      created_at: lesson.now,
      updated_at: lesson.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function findDraftLesson(db: DbOrTx, lessonId: LessonId) {
  return db
    .selectFrom('lessons')
    .select(['id', 'course_id', 'module_id', 'title', 'body', 'estimated_minutes', 'competences', 'required', 'translations', 'revision', 'updated_at'])
    .where('id', '=', lessonId)
    .executeTakeFirst();
}


/** Saves a lesson only if nobody saved it since `baseRevision`; returns false when someone did. */
export async function saveLessonIfUnchanged(
  db: DbOrTx,
  lessonId: LessonId,
  baseRevision: number,
  patch: { title?: string; body?: string; estimated_minutes?: number; competences?: string; required?: number; translations?: string },
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('lessons')
    .set((eb) => ({ ...patch, revision: eb('revision', '+', 1), updated_at: now }))
    .where('id', '=', lessonId)
    .where('revision', '=', baseRevision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setOutlinePosition(db: DbOrTx, kind: 'module' | 'lesson', id: number, position: number, moduleId?: ModuleId): Promise<void> {
  if (kind === 'module') await db.updateTable('course_modules').set({ position }).where('id', '=', id as ModuleId).execute();
  else await db.updateTable('lessons').set({ position, module_id: moduleId! }).where('id', '=', id as LessonId).execute();
}

export async function findReviewComments(db: DbOrTx, courseId: CourseId) {
  return db
    .selectFrom('review_comments')
    .leftJoin('users', 'users.id', 'review_comments.author_user_id')
    .select(['review_comments.id', 'review_comments.kind', 'review_comments.body', 'review_comments.draft_revision', 'review_comments.created_at', 'users.id as user_id', 'users.full_name'])
    .where('review_comments.course_id', '=', courseId)
    .orderBy('review_comments.id')
    .execute();
}

export async function insertReviewComment(db: DbOrTx, comment: { courseId: CourseId; userId: UserId; kind: string; body: string; draftRevision: number; now: number }): Promise<void> {
  await db
    .insertInto('review_comments')
    .values({ course_id: comment.courseId, author_user_id: comment.userId, kind: comment.kind, body: comment.body, draft_revision: comment.draftRevision, created_at: comment.now })
    .execute();
}

export async function findVersions(db: DbOrTx, courseId: CourseId) {
  return db
    .selectFrom('course_versions')
    .leftJoin('users', 'users.id', 'course_versions.published_by')
    .select(['course_versions.id', 'course_versions.number', 'course_versions.published_at', 'users.full_name as published_by_name'])
    .where('course_versions.course_id', '=', courseId)
    .orderBy('course_versions.number', 'desc')
    .execute();
}

export async function findVersionSnapshot(db: DbOrTx, courseId: CourseId, number: number): Promise<string | undefined> {
  return (await db.selectFrom('course_versions').select('snapshot').where('course_id', '=', courseId).where('number', '=', number).executeTakeFirst())?.snapshot;
}

export async function removePublication(db: DbOrTx, courseId: CourseId): Promise<void> {
  await db.deleteFrom('course_tags').where('course_id', '=', courseId).execute();
  await db.deleteFrom('published_lessons').where('course_id', '=', courseId).execute();
  await db.deleteFrom('published_quizzes').where('course_id', '=', courseId).execute();
  await db.deleteFrom('published_courses').where('course_id', '=', courseId).execute();
}

/** Writes a document as a new draft course; returns its id. */
export async function insertCourseDraft(
  db: Tx,
  course: CourseDocument,
  meta: { slug: string; ownerUnitId: UnitId; createdBy: UserId | null; now: number },
): Promise<CourseId> {
  const { id } = await db
    .insertInto('courses')
    .values({
      slug: meta.slug,
      owner_unit_id: meta.ownerUnitId,
      title: course.title,
      summary: course.summary,
      cover_image: course.coverImage,
      language: course.language,
      estimated_minutes: course.estimatedMinutes,
      audiences: JSON.stringify(course.audiences),
      competences: JSON.stringify(course.competences),
      requires_order: course.requiresOrder ? 1 : 0,
      completion_rule: course.completionRule ?? 'lessons',
      created_by: meta.createdBy,
      created_at: meta.now,
      updated_at: meta.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [modulePosition, module] of course.modules.entries()) {
    const { id: moduleId } = await db.insertInto('course_modules').values({ course_id: id, position: modulePosition, title: module.title }).returning('id').executeTakeFirstOrThrow();
    if (module.lessons.length === 0) continue;
    await db
      .insertInto('lessons')
      .values(
        module.lessons.map((lesson, position) => ({
          course_id: id,
          module_id: moduleId,
          position,
          title: lesson.title,
          body: lesson.body,
          estimated_minutes: lesson.estimatedMinutes,
          competences: JSON.stringify(lesson.competences),
          required: lesson.required ? 1 : 0,
          translations: JSON.stringify(lesson.translations ?? {}),
          created_at: meta.now,
          updated_at: meta.now,
        })),
      )
      .execute();
  }
  return id;
}
