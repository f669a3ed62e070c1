/** Builders for what a test needs, each making its own rows. */
import type { CompletionRule } from '../src/server/courses/courses.schema.js';
import { defaultQuizSettings, insertBankAndQuizzes, insertCourseDraft, publishCourse, type CourseDocument, type QuestionDocument, type QuizDocument } from '../src/server/authoring/authoring.service.js';
import { hashPassword } from '../src/server/auth/passwords.js';
import { insertGrant } from '../src/server/grants/grants.queries.js';
import { findUnitByCode } from '../src/server/units/units.queries.js';
import { insertUser } from '../src/server/users/users.queries.js';
import { recordRegistration } from '../src/server/rollups/rollups.service.js';
import { searchableName } from '../src/server/users/users.service.js';
import type { Db } from '../src/server/db/database.js';
import type { CourseId, LessonId, UserId } from '../src/shared/ids.js';
import type { Audience, Role } from '../src/shared/limits.js';
import type { PhoneNumber } from '../src/shared/phone.js';

export const testPassword = 'mat-khau-kiem-thu';
let passwordHash: Promise<string> | undefined;
let phoneCounter = 0;

/** A valid, unused Vietnamese mobile number in E.164. */
export function nextPhone(): PhoneNumber {
  phoneCounter += 1;
  return `+8497${String(process.pid % 1000).padStart(3, '0')}${String(phoneCounter).padStart(4, '0')}` as PhoneNumber;
}

export function nationalForm(phone: PhoneNumber): string {
  return `0${phone.slice(3)}`;
}

export async function unitIdOf(db: Db, code: string) {
  const unit = await findUnitByCode(db, code);
  if (!unit) throw new Error(`no unit ${code}`);
  return unit.id;
}

export async function buildPerson(
  db: Db,
  options: { unitCode?: string; fullName?: string; phone?: PhoneNumber; birthYear?: number; now?: number } = {},
): Promise<{ id: UserId; phone: PhoneNumber }> {
  passwordHash ??= hashPassword(testPassword);
  const phone = options.phone ?? nextPhone();
  const homeUnitId = await unitIdOf(db, options.unitCode ?? '30307');
  const now = options.now ?? Date.UTC(2026, 10, 24);
  const id = await insertUser(db, {
    phone,
    passwordHash: await passwordHash,
    ...searchableName(options.fullName ?? 'Người Kiểm Thử'),
    birthYear: options.birthYear ?? 1980,
    homeUnitId,
    language: 'vi',
    now,
  });
  await recordRegistration(db, homeUnitId, now);
  return { id, phone };
}

export async function grant(db: Db, userId: UserId, role: Role, unitCode: string): Promise<void> {
  await insertGrant(db, { userId, role, unitId: await unitIdOf(db, unitCode), grantedBy: null, now: Date.UTC(2026, 10, 24) });
}

export interface CourseShape {
  title?: string;
  summary?: string;
  requiresOrder?: boolean;
  audiences?: Audience[];
  competences?: string[];
  /** Lesson titles per module; a title ending in "?" is an optional lesson. */
  modules?: string[][];
  bodies?: Record<string, string>;
  /** The question bank and quizzes (module: index of the module a practice quiz closes). */
  questions?: QuestionDocument[];
  quizzes?: (Partial<QuizDocument> & Pick<QuizDocument, 'kind'> & { module?: number })[];
  completionRule?: CompletionRule;
  ownerUnit?: string;
  /** Leave it a draft never published (the launch button publishes it). */
  draft?: boolean;
}

let courseCounter = 0;

/** A published course; returns its id and its lesson ids in course order. */
export async function buildCourse(db: Db, shape: CourseShape = {}): Promise<{ id: CourseId; lessonIds: LessonId[] }> {
  courseCounter += 1;
  const modules = shape.modules ?? [['Bài một', 'Bài hai'], ['Bài ba']];
  const document: CourseDocument = {
    title: shape.title ?? `Khóa học thử ${courseCounter}`,
    summary: shape.summary ?? 'Một khóa học dùng trong kiểm thử.',
    language: 'vi',
    coverImage: null,
    estimatedMinutes: 30,
    audiences: shape.audiences ?? ['citizens'],
    competences: shape.competences ?? ['1.1'],
    requiresOrder: shape.requiresOrder ?? false,
    completionRule: shape.completionRule ?? 'lessons',
    modules: modules.map((lessons, m) => ({
      title: `Chương ${m + 1}`,
      lessons: lessons.map((title) => ({
        title: title.replace(/\?$/, ''),
        body: shape.bodies?.[title] ?? `## ${title}\n\nNội dung của ${title}.`,
        estimatedMinutes: 5,
        competences: [],
        required: !title.endsWith('?'),
      })),
    })),
  };
  const now = Date.UTC(2026, 10, 20);
  const ownerUnitId = await unitIdOf(db, shape.ownerUnit ?? '91');
  const quizzes = (shape.quizzes ?? []).map(({ module, ...quiz }) => ({
    moduleIndex: module ?? null,
    document: { ...defaultQuizSettings, title: quiz.kind === 'final' ? 'Bài kiểm tra cuối khóa' : 'Luyện tập', ...quiz } as QuizDocument,
  }));
  return db.transaction().execute(async (trx) => {
    const id = await insertCourseDraft(trx, document, { slug: `test-course-${process.pid}-${courseCounter}`, ownerUnitId, createdBy: null, now });
    await insertBankAndQuizzes(trx, id, shape.questions ?? [], quizzes, now);
    if (shape.draft) return { id, lessonIds: [] };
    await publishCourse(trx, id, null, now);
    const lessons = await trx.selectFrom('published_lessons').select('lesson_id').where('course_id', '=', id).orderBy('sequence').execute();
    return { id, lessonIds: lessons.map((l) => l.lesson_id) };
  });
}
