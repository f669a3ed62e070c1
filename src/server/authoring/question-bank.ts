/**
 * The draft side of quizzes: a course's question bank and its quizzes, edited
 * by its authors. Every change moves the draft's revision on (so an approval
 * lapses) and reaches learners only when the course is published.
 */
import type { CourseId, ModuleId, QuestionId, QuizId } from '../../shared/ids.js';
import { touchDraft } from './authoring.queries.js';
import type { Actor } from './drafts.service.js';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import { isUniqueViolation } from '../db/dialect.js';
import { AppError, conflict, type FieldProblem, notFound } from '../errors.js';
import { checkQuestion, checkQuiz, type DocumentProblem, type QuestionDocument, type QuizDocument } from './quiz-documents.js';

export interface StoredQuiz {
  id: QuizId;
  moduleId: ModuleId | null;
  position: number;
  document: QuizDocument;
}

export async function loadBank(db: DbOrTx, courseId: CourseId): Promise<Map<string, QuestionDocument & { dbId: QuestionId }>> {
  const rows = await db.selectFrom('questions').select(['id', 'document']).where('course_id', '=', courseId).orderBy('position').orderBy('id').execute();
  return new Map(rows.map((r) => {
    const doc = JSON.parse(r.document) as QuestionDocument;
    return [doc.id, { ...doc, dbId: r.id }];
  }));
}

export async function loadQuizzes(db: DbOrTx, courseId: CourseId): Promise<StoredQuiz[]> {
  const rows = await db.selectFrom('quizzes').select(['id', 'module_id', 'position', 'document']).where('course_id', '=', courseId).orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, moduleId: r.module_id, position: r.position, document: JSON.parse(r.document) as QuizDocument }));
}

/** The draft's bank and quizzes, as the authoring page shows them. */
export async function describeBank(db: DbOrTx, courseId: CourseId) {
  const [bank, quizzes] = await Promise.all([loadBank(db, courseId), loadQuizzes(db, courseId)]);
  return {
    questions: [...bank.values()].map(({ dbId, ...document }) => ({ id: dbId, document })),
    quizzes: quizzes.map((q) => ({ id: q.id, moduleId: q.moduleId, document: q.document })),
  };
}

async function mediaNames(db: DbOrTx, courseId: CourseId): Promise<Set<string>> {
  return new Set((await db.selectFrom('media').select('name').where('course_id', '=', courseId).execute()).map((m) => m.name));
}

const refused = (problems: DocumentProblem[]) =>
  new AppError(
    'invalid_input',
    400,
    {},
    Object.fromEntries(problems.map((p): [string, FieldProblem] => [p.field, { key: p.key, params: p.params }])),
  );

const withoutDbId = ({ dbId: _, ...doc }: QuestionDocument & { dbId?: QuestionId }): QuestionDocument => doc;

/** Creates a question, or replaces the one with this database id. */
export async function saveQuestion(db: Db, courseId: CourseId, raw: unknown, actor: Actor, questionId?: QuestionId): Promise<QuestionDocument & { dbId: QuestionId }> {
  const names = await mediaNames(db, courseId);
  const { question, problems } = checkQuestion(raw, (name) => names.has(name));
  if (!question) throw refused(problems);
  try {
    return await db.transaction().execute(async (trx) => {
      let id = questionId;
      if (id === undefined) {
        const last = await trx.selectFrom('questions').select((eb) => eb.fn.max('position').as('max')).where('course_id', '=', courseId).executeTakeFirst();
        ({ id } = await trx
          .insertInto('questions')
          .values({ course_id: courseId, key: question.id, position: Number(last?.max ?? -1) + 1, document: JSON.stringify(question), updated_at: actor.now })
          .returning('id')
          .executeTakeFirstOrThrow());
      } else {
        const before = await trx.selectFrom('questions').select('key').where('id', '=', id).executeTakeFirst();
        if (!before) throw notFound('question_not_found');
        if (before.key !== question.id) await refuseIfUsed(trx, courseId, before.key);
        await trx.updateTable('questions').set({ key: question.id, document: JSON.stringify(question), updated_at: actor.now }).where('id', '=', id).execute();
      }
      await touchDraft(trx, courseId, actor.now);
      return { ...question, dbId: id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('question_key_taken', { key: question.id }, 'id');
    throw error;
  }
}

/** A question a fixed quiz names cannot go (or change its key) without the quiz saying so first. */
async function refuseIfUsed(db: DbOrTx, courseId: CourseId, key: string): Promise<void> {
  const user = (await loadQuizzes(db, courseId)).find((q) => q.document.questions?.includes(key));
  if (user) throw conflict('question_in_use', { quiz: user.document.title });
}

export async function deleteQuestion(db: Db, courseId: CourseId, questionId: QuestionId, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('questions').select('key').where('id', '=', questionId).where('course_id', '=', courseId).executeTakeFirst();
    if (!row) throw notFound('question_not_found');
    await refuseIfUsed(trx, courseId, row.key);
    await trx.deleteFrom('questions').where('id', '=', questionId).execute();
    await touchDraft(trx, courseId, actor.now);
  });
}

export async function courseOfQuestion(db: DbOrTx, questionId: QuestionId): Promise<CourseId | undefined> {
  return (await db.selectFrom('questions').select('course_id').where('id', '=', questionId).executeTakeFirst())?.course_id;
}

export async function courseOfQuiz(db: DbOrTx, quizId: QuizId): Promise<CourseId | undefined> {
  return (await db.selectFrom('quizzes').select('course_id').where('id', '=', quizId).executeTakeFirst())?.course_id;
}

/** A course has at most one final quiz: the one its completion rule can ask for. */
function checkPlacement(quizzes: readonly StoredQuiz[], quiz: QuizDocument, quizId: QuizId | undefined): void {
  if (quiz.kind === 'final' && quizzes.some((q) => q.document.kind === 'final' && q.id !== quizId)) throw conflict('quiz_final_exists', {}, 'kind');
}

export async function saveQuiz(db: Db, courseId: CourseId, raw: unknown, moduleId: ModuleId | null, actor: Actor, quizId?: QuizId): Promise<StoredQuiz> {
  return db.transaction().execute(async (trx) => {
    const { quiz, problems } = checkQuiz(raw, await loadBank(trx, courseId));
    if (!quiz) throw refused(problems);
    // An id no module can have (beyond 2^53 − 1, PostgreSQL's bigint) is refused before it reaches a query.
    if (moduleId !== null && (!Number.isSafeInteger(moduleId) || moduleId < 1 || !(await trx.selectFrom('course_modules').select('id').where('id', '=', moduleId).where('course_id', '=', courseId).executeTakeFirst()))) {
      throw new AppError('invalid_input', 400, {}, { moduleId: { key: 'error.module_not_found' } });
    }
    const quizzes = await loadQuizzes(trx, courseId);
    checkPlacement(quizzes, quiz, quizId);
    // The final quiz always closes the course.
    const placedIn = quiz.kind === 'final' ? null : moduleId;
    let id = quizId;
    let position = quizzes.find((q) => q.id === quizId)?.position ?? quizzes.reduce((max, q) => Math.max(max, q.position + 1), 0);
    if (id === undefined) {
      ({ id } = await trx
        .insertInto('quizzes')
        .values({ course_id: courseId, module_id: placedIn, position, document: JSON.stringify(quiz), updated_at: actor.now })
        .returning('id')
        .executeTakeFirstOrThrow());
    } else {
      if (!quizzes.some((q) => q.id === quizId)) throw notFound('quiz_not_found');
      await trx.updateTable('quizzes').set({ module_id: placedIn, document: JSON.stringify(quiz), updated_at: actor.now }).where('id', '=', id).execute();
    }
    await touchDraft(trx, courseId, actor.now);
    return { id, moduleId: placedIn, position, document: quiz };
  });
}

export async function deleteQuiz(db: Db, courseId: CourseId, quizId: QuizId, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom('quizzes').where('id', '=', quizId).where('course_id', '=', courseId).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw notFound('quiz_not_found');
    await touchDraft(trx, courseId, actor.now);
  });
}

/** Questions and quizzes of a new course (a package import), in one go. */
export async function insertBankAndQuizzes(
  trx: Tx,
  courseId: CourseId,
  questions: readonly QuestionDocument[],
  quizzes: readonly { document: QuizDocument; moduleIndex: number | null }[],
  now: number,
): Promise<void> {
  for (const [position, question] of questions.entries()) {
    await trx.insertInto('questions').values({ course_id: courseId, key: question.id, position, document: JSON.stringify(withoutDbId(question)), updated_at: now }).execute();
  }
  if (quizzes.length === 0) return;
  const modules = await trx.selectFrom('course_modules').select('id').where('course_id', '=', courseId).orderBy('position').orderBy('id').execute();
  for (const [position, quiz] of quizzes.entries()) {
    const moduleId = quiz.moduleIndex === null ? null : modules[quiz.moduleIndex]!.id;
    await trx.insertInto('quizzes').values({ course_id: courseId, module_id: moduleId, position, document: JSON.stringify(quiz.document), updated_at: now }).execute();
  }
}

/** For a version snapshot and for rollback: the bank and quizzes exactly as they are. */
export async function snapshotQuizzes(db: DbOrTx, courseId: CourseId) {
  const [bank, quizzes] = await Promise.all([loadBank(db, courseId), loadQuizzes(db, courseId)]);
  return { questions: [...bank.values()].map(withoutDbId), quizzes };
}

export async function restoreQuizzes(trx: Tx, courseId: CourseId, snapshot: Awaited<ReturnType<typeof snapshotQuizzes>>, now: number): Promise<void> {
  await trx.deleteFrom('quizzes').where('course_id', '=', courseId).execute();
  await trx.deleteFrom('questions').where('course_id', '=', courseId).execute();
  for (const [position, question] of snapshot.questions.entries()) {
    await trx.insertInto('questions').values({ course_id: courseId, key: question.id, position, document: JSON.stringify(question), updated_at: now }).execute();
  }
  for (const quiz of snapshot.quizzes) {
    // Same ids as before, so attempts and statistics still point at their quiz.
    await trx.insertInto('quizzes').values({ id: quiz.id, course_id: courseId, module_id: quiz.moduleId, position: quiz.position, document: JSON.stringify(quiz.document), updated_at: now }).execute();
  }
}
