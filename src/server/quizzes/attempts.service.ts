/**
 * Taking a quiz. Starting returns the learner's open attempt if there is one
 * (a reload or a dropped connection resumes it), else draws a new paper. Each
 * answer is saved as it is given; the time limit is the server's clock, with a
 * short grace for the network. Submitting grades on the server, once: a replayed
 * submit gets the same result. An attempt left open past its time is graded
 * with what was saved, the next time it is looked at.
 */
import type { AttemptId, CourseId, QuizId, UserId } from '../../shared/ids.js';
import type { CertificateSigner } from '../certificates/certificates.service.js';
import { publishEvent } from '../integrations/integrations.service.js';
import { recordFinalPass } from '../progress/progress.service.js';
import type { Clock } from '../clock.js';
import { coalesced } from '../db/coalesce.js';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import { isUniqueViolation } from '../db/dialect.js';
import { AppError, badRequest, conflict, notFound } from '../errors.js';
import { type Answer, canonicalAnswer, choiceCount, expectedAnswer, type GradedQuestion, grade, type PaperQuestion, type PoolQuestion, presentQuestion, shownAnswer } from '../../shared/quiz-grading.js';
import { buildPaper } from './grading.js';
import type { QuizSettings } from './quizzes.schema.js';
import type { QuizAttemptsTable } from './quizzes.table.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import type { Selectable } from 'kysely';
import { filledAnswer, type OpenAttemptAnswers } from './open-attempts.js';

export interface QuizDeps {
  db: Db;
  clock: Clock;
  signer: CertificateSigner;
}

type PublishedSettings = QuizSettings & { fixed: boolean; count: number };
type AttemptRow = Selectable<QuizAttemptsTable>;

/** Answers that left the phone just before the bell still count. */
const answerGraceMs = 10_000;

async function findPublishedQuiz(db: DbOrTx, quizId: QuizId) {
  const row = await db.selectFrom('published_quizzes').selectAll().where('quiz_id', '=', quizId).executeTakeFirst();
  return row && { ...row, settings: JSON.parse(row.settings) as PublishedSettings };
}

type PublishedQuiz = NonNullable<Awaited<ReturnType<typeof findPublishedQuiz>>>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface AttemptTerms {
  title: string;
  passPercent: number;
  showAnswers: boolean;
}

function attemptView(attempt: AttemptRow, now: number) {
  const terms = JSON.parse(attempt.terms) as AttemptTerms;
  const paper = JSON.parse(attempt.paper) as PaperQuestion[];
  const answers = JSON.parse(attempt.answers) as Record<string, Answer>;
  const submitted = attempt.status === 'submitted';
  const graded = submitted ? new Map((JSON.parse(attempt.result!) as GradedQuestion[]).map((g) => [g.key, g])) : undefined;
  const showAnswers = terms.showAnswers;
  return {
    id: attempt.id,
    quizId: attempt.quiz_id,
    courseId: attempt.course_id,
    quizTitle: terms.title,
    kind: attempt.kind,
    number: attempt.number,
    status: attempt.status,
    startedAt: iso(attempt.started_at)!,
    deadlineAt: iso(attempt.deadline_at),
    submittedAt: iso(attempt.submitted_at),
    serverNow: iso(now)!,
    passPercent: terms.passPercent,
    questions: paper.map((p) => ({ ...presentQuestion(p), answer: shownAnswer(p, answers[p.question.id]) })),
    result: submitted
      ? {
          score: attempt.score!,
          maxScore: attempt.max_score,
          percent: percentOf(attempt.score!, attempt.max_score),
          passed: attempt.passed === 1,
          showAnswers,
          questions: paper.map((p) => ({
            key: p.question.id,
            correct: graded!.get(p.question.id)?.correct ?? false,
            given: shownAnswer(p, answers[p.question.id]),
            expected: showAnswers ? shownAnswer(p, expectedAnswer(p.question)) : null,
            explanation: showAnswers ? (p.question.explanation ?? null) : null,
          })),
        }
      : null,
  };
}

export type AttemptView = ReturnType<typeof attemptView>;

const percentOf = (score: number, max: number) => (max === 0 ? 0 : Math.floor((100 * score) / max));

/**
 * Learners' open attempts at quizzes still published, without their papers (the large part, which never changes);
 * the reads of one event-loop turn leave as one query (db/coalesce.ts), as the other pages' own-state reads do.
 */
const openAttempts = coalesced<{ userId: UserId; quizId: QuizId }, OpenAttemptRow>({
  keyOf: (k) => `${k.userId}:${k.quizId}`,
  rowKeyOf: (r) => `${r.user_id}:${r.quiz_id}`,
  query: (db, keys) =>
    db
      .selectFrom('quiz_attempts')
      .select(['id', 'user_id', 'quiz_id', 'course_id', 'number', 'kind', 'status', 'started_at', 'deadline_at', 'submitted_at', 'terms', 'answers', 'client_id'])
      .where((eb) => eb(eb.refTuple('user_id', 'quiz_id'), 'in', keys.map((k) => eb.tuple(k.userId, k.quizId))))
      .where('status', '=', 'open')
      .where((eb) => eb.exists(eb.selectFrom('published_quizzes').select('published_quizzes.quiz_id').whereRef('published_quizzes.quiz_id', '=', 'quiz_attempts.quiz_id'))),
});
type OpenAttemptRow = Omit<AttemptRow, 'paper' | 'score' | 'max_score' | 'passed' | 'result'>;

/** The learner's open attempt at a quiz that is still published (at most one: a start settles any other). */
async function findOpenAttempt(db: DbOrTx, userId: UserId, quizId: QuizId): Promise<OpenAttemptRow | undefined> {
  return (await openAttempts(db, { userId, quizId }))[0];
}

/**
 * Resuming, which is what most quiz starts do (every opening of a quiz page while an attempt is open): the open
 * attempt's answer as JSON, from the copy this process keeps of it (open-attempts.ts) with the saved answers and
 * the time filled in; one short read, no transaction (a snapshot of an open attempt is what the learner would have
 * got a moment earlier). Undefined when there is none to resume: `startAttempt` then goes the long way.
 * `serialize` is the route's own serializer, so that the answer has exactly the declared shape.
 */
export async function resumeAttemptJson(deps: QuizDeps, kept: OpenAttemptAnswers, userId: UserId, quizId: QuizId, serialize: (view: AttemptView) => string): Promise<Buffer | undefined> {
  const now = deps.clock.now();
  const open = await findOpenAttempt(deps.db, userId, quizId);
  if (!open || timedOut(open, now)) return undefined;
  let answer = kept.get(open.id);
  if (!answer) {
    const { paper } = await deps.db.selectFrom('quiz_attempts').select('paper').where('id', '=', open.id).executeTakeFirstOrThrow();
    const questions = JSON.parse(paper) as PaperQuestion[];
    answer = kept.keep(open.id, questions, ['now', ...questions.map((_, i) => i)], (markOf) => {
      const view = attemptView({ ...open, paper, score: null, max_score: questions.length, passed: null, result: null }, now);
      view.serverNow = markOf('now');
      view.questions.forEach((question, i) => {
        question.answer = markOf(i);
      });
      return serialize(view);
    });
    if (!answer) return undefined;
  }
  const { paper } = answer;
  const answers = JSON.parse(open.answers) as Record<string, Answer>;
  return filledAnswer(answer, (gap) => JSON.stringify(gap === 'now' ? iso(now) : shownAnswer(paper[gap]!, answers[paper[gap]!.question.id])));
}

async function findAttempt(db: DbOrTx, attemptId: AttemptId, userId: UserId): Promise<AttemptRow> {
  // Someone else's attempt is as unknown as a missing one.
  const attempt = await db.selectFrom('quiz_attempts').selectAll().where('id', '=', attemptId).where('user_id', '=', userId).executeTakeFirst();
  if (!attempt) throw notFound('attempt_not_found');
  return attempt;
}

/** Grades an open attempt with the answers it has; a final quiz passed may complete the course. */
async function finish(trx: Tx, signer: CertificateSigner, attempt: AttemptRow, now: number): Promise<AttemptRow> {
  const { passPercent } = JSON.parse(attempt.terms) as AttemptTerms;
  const paper = JSON.parse(attempt.paper) as PaperQuestion[];
  const { score, graded } = grade(paper, JSON.parse(attempt.answers));
  const passed = percentOf(score, paper.length) >= passPercent;
  // The deadline, not the late arrival, is when a timed-out attempt ended.
  const submittedAt = attempt.deadline_at !== null ? Math.min(now, attempt.deadline_at + answerGraceMs) : now;
  const updated = await trx
    .updateTable('quiz_attempts')
    .set({ status: 'submitted', submitted_at: submittedAt, score, passed: passed ? 1 : 0, result: JSON.stringify(graded) })
    .where('id', '=', attempt.id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) {
    await publishEvent(
      trx,
      { type: 'quiz.submitted', userId: attempt.user_id, courseId: attempt.course_id, quizId: attempt.quiz_id, attemptId: attempt.id, score, maxScore: paper.length, passed, at: submittedAt },
      now,
    );
    if (passed && attempt.kind === 'final') await recordFinalPass(trx, signer, attempt.user_id, attempt.course_id, submittedAt);
  }
  return trx.selectFrom('quiz_attempts').selectAll().where('id', '=', attempt.id).executeTakeFirstOrThrow();
}

/** Past its deadline and the grace after it: what is saved is all that will be graded. */
const timedOut = (attempt: Pick<AttemptRow, 'status' | 'deadline_at'>, now: number) => attempt.status === 'open' && attempt.deadline_at !== null && now > attempt.deadline_at + answerGraceMs;

/**
 * The learner's attempts at a quiz, as few columns as the rules need (papers are
 * large); an attempt whose time ran out is graded now. Returns how many there
 * are, when the last one ended, and the one still open, if any.
 */
async function settleAttempts(trx: Tx, deps: QuizDeps, userId: UserId, quiz: PublishedQuiz) {
  const now = deps.clock.now();
  const attempts = await trx.selectFrom('quiz_attempts').select(['id', 'status', 'deadline_at', 'submitted_at']).where('user_id', '=', userId).where('quiz_id', '=', quiz.quiz_id).execute();
  let open: AttemptRow | undefined;
  let lastEnded = Math.max(0, ...attempts.map((a) => a.submitted_at ?? 0));
  for (const a of attempts.filter((x) => x.status === 'open')) {
    const row = await trx.selectFrom('quiz_attempts').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    if (timedOut(a, now)) lastEnded = Math.max(lastEnded, (await finish(trx, deps.signer, row, now)).submitted_at ?? 0);
    else open = row;
  }
  return { count: attempts.length, lastEnded, open };
}

export async function startAttempt(deps: QuizDeps, userId: UserId, quizId: QuizId): Promise<AttemptView> {
  const now = deps.clock.now();
  const quiz = await findPublishedQuiz(deps.db, quizId);
  if (!quiz) throw notFound('quiz_not_found');
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const { count, lastEnded, open } = await settleAttempts(trx, deps, userId, quiz);
      if (open) return attemptView(open, now);
      const { maxAttempts, cooldownMinutes } = quiz.settings;
      if (maxAttempts !== null && count >= maxAttempts) throw conflict('quiz_no_attempts_left', { max: maxAttempts });
      const waitMs = lastEnded + cooldownMinutes * 60_000 - now;
      if (cooldownMinutes > 0 && waitMs > 0) {
        throw new AppError('quiz_cooldown', 409, { minutes: Math.ceil(waitMs / 60_000) }, {}, { 'retry-after': String(Math.ceil(waitMs / 1000)) }, [], { retryAt: iso(now + waitMs) });
      }
      const paper = buildPaper(JSON.parse(quiz.pool) as PoolQuestion[], quiz.settings, quiz.settings.shuffleOptions);
      const inserted = await trx
        .insertInto('quiz_attempts')
        .values({
          user_id: userId,
          quiz_id: quizId,
          course_id: quiz.course_id,
          number: count + 1,
          kind: quiz.kind,
          status: 'open',
          started_at: now,
          deadline_at: quiz.settings.timeLimitMinutes === null ? null : now + quiz.settings.timeLimitMinutes * 60_000,
          submitted_at: null,
          paper: JSON.stringify(paper),
          terms: JSON.stringify({ title: quiz.title, passPercent: quiz.settings.passPercent, showAnswers: quiz.settings.showAnswers } satisfies AttemptTerms),
          answers: '{}',
          score: null,
          max_score: paper.length,
          passed: null,
          result: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return attemptView(inserted, now);
    });
  } catch (error) {
    // Two taps on "start" at once: the second finds the attempt the first made.
    if (isUniqueViolation(error)) return startAttempt(deps, userId, quizId);
    throw error;
  }
}

export async function viewAttempt(deps: QuizDeps, userId: UserId, attemptId: AttemptId): Promise<AttemptView> {
  return deps.db.transaction().execute(async (trx) => {
    let attempt = await findAttempt(trx, attemptId, userId);
    const now = deps.clock.now();
    if (timedOut(attempt, now)) attempt = await finish(trx, deps.signer, attempt, now);
    return attemptView(attempt, now);
  });
}

function checkedAnswers(attempt: AttemptRow, given: Readonly<Record<string, unknown>>): Record<string, Answer> {
  const paper = new Map((JSON.parse(attempt.paper) as PaperQuestion[]).map((p) => [p.question.id, p]));
  const out: Record<string, Answer> = {};
  for (const [key, raw] of Object.entries(given)) {
    const question = paper.get(key);
    if (!question) throw badRequest('question_not_in_attempt', { key }, key);
    if (raw === null) continue;
    const answer = canonicalAnswer(question, raw);
    if (answer === undefined) throw badRequest('answer_invalid', { key }, key);
    out[key] = answer;
  }
  return out;
}

function refuseIfClosed(attempt: AttemptRow, now: number): void {
  if (attempt.status === 'submitted') throw conflict('attempt_submitted');
  if (timedOut(attempt, now)) throw conflict('attempt_time_up');
}

/**
 * Saves answers (null clears one). Compare-and-swap on the stored answers, so
 * two saves racing from two tabs both land instead of one overwriting the other.
 */
export async function saveAnswers(deps: QuizDeps, userId: UserId, attemptId: AttemptId, given: Readonly<Record<string, unknown>>) {
  for (let tries = 0; ; tries++) {
    const attempt = await findAttempt(deps.db, attemptId, userId);
    const now = deps.clock.now();
    refuseIfClosed(attempt, now);
    const answers = { ...(JSON.parse(attempt.answers) as Record<string, Answer>), ...checkedAnswers(attempt, given) };
    for (const [key, value] of Object.entries(given)) if (value === null) delete answers[key];
    const updated = await deps.db
      .updateTable('quiz_attempts')
      .set({ answers: JSON.stringify(answers) })
      .where('id', '=', attemptId)
      .where('status', '=', 'open')
      .where('answers', '=', attempt.answers)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return { savedAt: iso(now)!, answered: Object.keys(answers).length, deadlineAt: iso(attempt.deadline_at) };
    if (tries >= 10) throw conflict('attempt_submitted');
  }
}

/** Grades the attempt, once. Answers sent with the submit are saved first, if still in time. */
export async function submitAttempt(deps: QuizDeps, userId: UserId, attemptId: AttemptId, given: Readonly<Record<string, unknown>> = {}): Promise<AttemptView> {
  const before = await findAttempt(deps.db, attemptId, userId);
  const now = deps.clock.now();
  const inTime = before.status === 'open' && !timedOut(before, now);
  if (inTime && Object.keys(given).length > 0) {
    try {
      await saveAnswers(deps, userId, attemptId, given);
    } catch (error) {
      // The same submit from another tab or a retried request won the race: answer with its result.
      if (!(error instanceof AppError && error.code === 'attempt_submitted')) throw error;
    }
  } else if (before.status === 'open') checkedAnswers(before, given);
  return deps.db.transaction().execute(async (trx) => {
    let attempt = await findAttempt(trx, attemptId, userId);
    if (attempt.status === 'open') attempt = await finish(trx, deps.signer, attempt, deps.clock.now());
    return attemptView(attempt, deps.clock.now());
  });
}

/** The published quizzes of a course with how this learner has done in each. */
export async function quizzesOfCourse(db: DbOrTx, courseId: CourseId, userId: UserId | null) {
  const quizzes = await db.selectFrom('published_quizzes').select(['quiz_id', 'module_id', 'title', 'kind', 'settings', 'position']).where('course_id', '=', courseId).orderBy('position').execute();
  const attempts = userId === null || quizzes.length === 0
    ? []
    : await db.selectFrom('quiz_attempts').select(['quiz_id', 'status', 'score', 'max_score', 'passed', 'submitted_at']).where('user_id', '=', userId).where('course_id', '=', courseId).execute();
  return quizzes.map((q) => {
    const settings = JSON.parse(q.settings) as PublishedSettings;
    const mine = attempts.filter((a) => a.quiz_id === q.quiz_id);
    const submitted = mine.filter((a) => a.status === 'submitted');
    const best = Math.max(-1, ...submitted.map((a) => percentOf(a.score!, a.max_score)));
    return {
      id: q.quiz_id,
      moduleId: q.module_id,
      title: q.title,
      kind: q.kind,
      questionCount: settings.count,
      timeLimitMinutes: settings.timeLimitMinutes,
      maxAttempts: settings.maxAttempts,
      passPercent: settings.passPercent,
      attemptsUsed: mine.length,
      inProgress: mine.some((a) => a.status === 'open'),
      bestPercent: best < 0 ? null : best,
      passed: submitted.some((a) => a.passed === 1),
    };
  });
}

export const attemptsPersonalData: PersonalDataHandler = {
  table: 'quiz_attempts',
  export: (db, userId) =>
    db
      .selectFrom('quiz_attempts')
      .select(['quiz_id', 'course_id', 'number', 'status', 'started_at', 'submitted_at', 'answers', 'score', 'max_score', 'passed'])
      .where('user_id', '=', userId)
      .orderBy('id')
      .execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('quiz_attempts').where('user_id', '=', userId).execute();
  },
};

/**
 * A practice quiz with its answer keys, for a phone to take and grade offline (issue 15). Acceptable for practice
 * only: a practice attempt completes nothing and earns nothing, so someone reading the keys only cheats themselves,
 * and the server grades what the phone sends again anyway. A final quiz's keys never leave the server.
 */
export async function practicePaper(db: DbOrTx, quizId: QuizId) {
  const quiz = await findPublishedQuiz(db, quizId);
  if (!quiz) throw notFound('quiz_not_found');
  if (quiz.kind !== 'practice') throw new AppError('quiz_needs_network', 403);
  const { shuffleOptions, passPercent, showAnswers, fixed, count } = quiz.settings;
  return {
    quizId: quiz.quiz_id,
    courseId: quiz.course_id,
    title: quiz.title,
    passPercent,
    showAnswers,
    shuffleOptions,
    draw: fixed ? null : count,
    questions: JSON.parse(quiz.pool) as PoolQuestion[],
  };
}

export interface OfflineAttempt {
  clientId: string;
  takenAt: string;
  questions: string[];
  answers: Readonly<Record<string, unknown>>;
}

/**
 * Records a practice attempt taken offline and grades it here, which is the truth (the phone's grade was a preview).
 * Idempotent by the phone's id: the same attempt sent again answers the attempt already recorded.
 * The paper is the questions the phone drew, by key, with the choices' ids being their indexes (what
 * shared/quiz-grading.ts uses for papers without ids).
 */
export async function recordOfflineAttempt(deps: QuizDeps, userId: UserId, quizId: QuizId, sent: OfflineAttempt): Promise<AttemptView> {
  const quiz = await findPublishedQuiz(deps.db, quizId);
  if (!quiz) throw notFound('quiz_not_found');
  if (quiz.kind !== 'practice') throw new AppError('quiz_needs_network', 403);
  const recorded = () => deps.db.selectFrom('quiz_attempts').selectAll().where('user_id', '=', userId).where('client_id', '=', sent.clientId).executeTakeFirst();
  const earlier = await recorded();
  if (earlier) {
    if (earlier.quiz_id !== quizId) throw conflict('offline_attempt_id_taken');
    return attemptView(earlier, deps.clock.now());
  }
  const pool = new Map((JSON.parse(quiz.pool) as PoolQuestion[]).map((q) => [q.id, q]));
  const keys = sent.questions;
  const expectedCount = quiz.settings.fixed ? pool.size : Math.min(quiz.settings.count, pool.size);
  // A paper drawn from an older version of the quiz no longer fits: refused for good (the phone then drops it).
  if (new Set(keys).size !== keys.length || keys.length !== expectedCount || keys.some((key) => !pool.has(key))) throw badRequest('offline_paper_outdated');
  const paper: PaperQuestion[] = keys.map((key) => ({ question: pool.get(key)!, order: Array.from({ length: choiceCount(pool.get(key)!) }, (_, i) => i) }));
  const now = deps.clock.now();
  const draft = { paper: JSON.stringify(paper), answers: '{}' } as AttemptRow;
  const answers = checkedAnswers(draft, sent.answers);
  // The phone's clock may be wrong: never in the future, never before the quiz could have been saved (a month back at most).
  const startedAt = Math.min(now, Math.max(now - 31 * 86_400_000, Date.parse(sent.takenAt) || now));
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const { count } = await trx.selectFrom('quiz_attempts').select((eb) => eb.fn.countAll<number>().as('count')).where('user_id', '=', userId).where('quiz_id', '=', quizId).executeTakeFirstOrThrow();
      const inserted = await trx
        .insertInto('quiz_attempts')
        .values({
          user_id: userId,
          quiz_id: quizId,
          course_id: quiz.course_id,
          number: Number(count) + 1,
          kind: quiz.kind,
          status: 'open',
          started_at: startedAt,
          deadline_at: null,
          submitted_at: null,
          paper: draft.paper,
          terms: JSON.stringify({ title: quiz.title, passPercent: quiz.settings.passPercent, showAnswers: quiz.settings.showAnswers } satisfies AttemptTerms),
          answers: JSON.stringify(answers),
          score: null,
          max_score: paper.length,
          passed: null,
          result: null,
          client_id: sent.clientId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return attemptView(await finish(trx, deps.signer, inserted, now), now);
    });
  } catch (error) {
    // The same attempt sent twice at once: the second answers what the first recorded.
    if (!isUniqueViolation(error)) throw error;
    const first = await recorded();
    if (!first) throw error;
    return attemptView(first, deps.clock.now());
  }
}
