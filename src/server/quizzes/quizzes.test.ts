import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse, type CourseShape } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { QuizId } from '../../shared/ids.js';
import type { QuestionDocument } from './quizzes.schema.js';

/** One question of every type, with its right answer in the form a learner sends it. */
const bank: QuestionDocument[] = [
  { id: 'q-single', type: 'single', prompt: 'Ai hỏi mã OTP của bạn?', options: ['Ngân hàng', 'Kẻ lừa đảo', 'Bưu điện'], answer: 1, explanation: 'Ngân hàng không bao giờ hỏi OTP.', competences: ['4.2'] },
  { id: 'q-multiple', type: 'multiple', prompt: 'Dấu hiệu lừa đảo?', options: ['Giục gấp', 'Tên miền .gov.vn', 'Đòi chuyển tiền'], answer: [0, 2], competences: ['4.2'] },
  { id: 'q-true-false', type: 'true_false', prompt: 'Nên cho người lạ mượn căn cước.', answer: false, competences: ['4.1'] },
  { id: 'q-ordering', type: 'ordering', prompt: 'Sắp xếp các bước trả tiền.', items: ['Mở ứng dụng', 'Quét mã', 'Kiểm tra tên', 'Xác nhận'], competences: ['4.1'] },
  { id: 'q-matching', type: 'matching', prompt: 'Nối tình huống với việc nên làm.', pairs: [['Tin nhắn rác', 'Báo 5656'], ['Lỡ chuyển tiền', 'Gọi ngân hàng'], ['Web giả', 'Báo canhbao']], competences: ['1.1'] },
  { id: 'q-short', type: 'short_text', prompt: 'Dừng lại — Kiểm tra — Không chuyển …', answers: ['tiền'], ignoreDiacritics: true, competences: ['1.1'] },
];
const right: Record<string, unknown> = { 'q-single': 1, 'q-multiple': [2, 0], 'q-true-false': false, 'q-ordering': [0, 1, 2, 3], 'q-matching': [0, 1, 2], 'q-short': '  TIEN ' };
/** What the server keeps: multiple-choice answers sorted. */
const stored = (key: string) => (key === 'q-multiple' ? [0, 2] : right[key]);
const wrong: Record<string, unknown> = { 'q-single': 0, 'q-multiple': [0], 'q-true-false': true, 'q-ordering': [1, 0, 2, 3], 'q-matching': [1, 0, 2], 'q-short': 'vàng' };

type Choice = { id: string; text: string };
type Shown = { id: number; questions: { key: string; options?: Choice[]; items?: Choice[]; right?: Choice[] }[] };

/** An answer written by indexes into the question's document, in the opaque ids this attempt shows for those texts. */
function shownAs(question: Shown['questions'][number], doc: QuestionDocument, answer: unknown): unknown {
  const idOf = (choices: Choice[] | undefined, text: string | undefined) => choices!.find((c) => c.text === text)!.id;
  switch (doc.type) {
    case 'single':
      return idOf(question.options, doc.options[answer as number]);
    case 'multiple':
      // As the server gives them back: in the order of the ids, which says nothing.
      return (answer as number[]).map((i) => idOf(question.options, doc.options[i])).sort();
    case 'ordering':
      return (answer as number[]).map((i) => idOf(question.items, doc.items[i]));
    case 'matching':
      return (answer as (number | null)[]).map((i) => (i === null ? null : idOf(question.right, doc.pairs[i]![1])));
    default:
      return answer;
  }
}

function shownIn(attempt: Shown, answers: Record<string, unknown>, docs: readonly QuestionDocument[] = bank): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(answers).map(([key, answer]) => {
      const question = attempt.questions.find((q) => q.key === key);
      const doc = docs.find((d) => d.id === key);
      return [key, question && doc && answer !== null ? shownAs(question, doc, answer) : answer];
    }),
  );
}

describe.each(engines)('quizzes on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  const quizOf = async (courseId: number, kind = 'practice') => {
    const { quizzes } = (await anonymous(t).get(`/api/courses/${courseId}/quizzes`)).json();
    return quizzes.find((q: { kind: string }) => q.kind === kind).id as number;
  };
  const courseWith = (quiz: NonNullable<CourseShape['quizzes']>[number], shape: CourseShape = {}) => buildCourse(t.db, { questions: bank, quizzes: [quiz], ...shape });
  const start = (learner: Actor, quizId: number) => learner.post(`/api/quizzes/${quizId}/attempts`);
  const saveRaw = (learner: Actor, attemptId: number, answers: Record<string, unknown>) => learner.request('PUT', `/api/attempts/${attemptId}/answers`, { answers });
  // Answers are written by indexes into the question documents and sent in the ids the attempt shows, chosen by their texts as a learner would.
  const save = (learner: Actor, attempt: Shown, answers: Record<string, unknown>) => saveRaw(learner, attempt.id, shownIn(attempt, answers));
  const submit = (learner: Actor, attempt: Shown, answers?: Record<string, unknown>) => learner.post(`/api/attempts/${attempt.id}/submit`, answers ? { answers: shownIn(attempt, answers) } : {});
  const completeLessons = async (learner: Actor, lessonIds: number[]) => {
    for (const lessonId of lessonIds) {
      const response = await learner.post('/api/progress', { eventId: randomUUID(), lessonId, type: 'completed', at: new Date(t.clock.now()).toISOString() });
      expect(response.statusCode).toBe(200);
    }
  };

  describe('taking a quiz', () => {
    it('never sends answer keys before submitting, and grades every question type on the server', async () => {
      const course = await courseWith({ kind: 'practice', questions: bank.map((q) => q.id), module: 0 });
      const quizId = await quizOf(course.id);
      const learner = await signedInWith(t);
      const started = await start(learner, quizId);
      expect(started.statusCode).toBe(200);
      const raw = started.body;
      for (const secret of ['explanation', '"answers"', 'ignoreDiacritics', 'Ngân hàng không bao giờ', 'pairs']) expect(raw).not.toContain(secret);
      const attempt = started.json();
      expect(attempt).toMatchObject({ status: 'open', number: 1, result: null, deadlineAt: null });
      expect(attempt.questions.map((q: { key: string }) => q.key)).toEqual(bank.map((q) => q.id));
      // Ordering items and matching answers never come in their right order.
      const ordering = attempt.questions.find((q: { key: string }) => q.key === 'q-ordering');
      expect(ordering.items.map((i: Choice) => i.text)).not.toEqual((bank[3] as { items: string[] }).items);

      const graded = (await submit(learner, attempt, right)).json();
      expect(graded.result).toMatchObject({ score: 6, maxScore: 6, percent: 100, passed: true, showAnswers: true });
      expect(graded.result.questions.every((q: { correct: boolean }) => q.correct)).toBe(true);
      const inIds = shownIn(attempt, right);
      expect(graded.result.questions[0]).toMatchObject({ key: 'q-single', given: inIds['q-single'], expected: inIds['q-single'], explanation: 'Ngân hàng không bao giờ hỏi OTP.' });
      // The right answer comes back for every type, in this attempt's ids: what the review shows.
      expect(Object.fromEntries(graded.result.questions.map((q: { key: string; expected: unknown }) => [q.key, q.expected]))).toEqual({ ...inIds, 'q-short': 'tiền' });

      const second = (await start(learner, quizId)).json();
      expect(second.number).toBe(2);
      const failed = (await submit(learner, second, wrong)).json();
      expect(failed.result).toMatchObject({ score: 0, percent: 0, passed: false });
      const multiple = second.questions.find((q: { key: string }) => q.key === 'q-multiple');
      expect(failed.result.questions.find((q: { key: string }) => q.key === 'q-multiple')).toMatchObject({ correct: false, given: shownAs(multiple, bank[1]!, [0]), expected: shownAs(multiple, bank[1]!, [0, 2]) });
    });

    it('gives choices ids that say nothing of the answer: answers built from the ids alone score no better than chance', async () => {
      // Right answers first, in order: exactly what ids carrying the original index would give away.
      const blind: QuestionDocument[] = [
        { id: 'b-single', type: 'single', prompt: 'Chọn một', options: ['Đúng', 'Sai một', 'Sai hai', 'Sai ba'], answer: 0 },
        { id: 'b-multiple', type: 'multiple', prompt: 'Chọn các ý đúng', options: ['Đúng một', 'Đúng hai', 'Sai một', 'Sai hai'], answer: [0, 1] },
        { id: 'b-ordering', type: 'ordering', prompt: 'Sắp xếp', items: ['Một', 'Hai', 'Ba', 'Bốn'] },
        { id: 'b-matching', type: 'matching', prompt: 'Nối', pairs: [['A', 'Một'], ['B', 'Hai'], ['C', 'Ba'], ['D', 'Bốn']] },
      ];
      const course = await buildCourse(t.db, { questions: blind, quizzes: [{ kind: 'practice', questions: blind.map((q) => q.id), shuffleOptions: false }] });
      const quizId = await quizOf(course.id);
      const learner = await signedInWith(t);
      const ascending = (choices: Choice[]) => choices.map((c) => c.id).sort();
      const rounds = 200;
      const right = new Map<string, number>();
      const seen = new Set<string>();
      for (let i = 0; i < rounds; i++) {
        const attempt = (await start(learner, quizId)).json();
        const shown = (key: string) => attempt.questions.find((q: { key: string }) => q.key === key);
        const matching = shown('b-matching');
        const answers = {
          'b-single': ascending(shown('b-single').options)[0],
          'b-multiple': ascending(shown('b-multiple').options).slice(0, 2),
          'b-ordering': ascending(shown('b-ordering').items),
          // The identity pairing: the n-th left id with the n-th right id.
          'b-matching': matching.left.map((l: Choice) => ascending(matching.right)[ascending(matching.left).indexOf(l.id)]),
        };
        for (const q of attempt.questions) for (const c of [...(q.options ?? []), ...(q.items ?? []), ...(q.left ?? []), ...(q.right ?? [])]) seen.add(c.id);
        const graded = await learner.post(`/api/attempts/${attempt.id}/submit`, { answers });
        expect(graded.statusCode).toBe(200);
        for (const q of graded.json().result.questions) if (q.correct) right.set(q.key, (right.get(q.key) ?? 0) + 1);
      }
      const share = (key: string) => (right.get(key) ?? 0) / rounds;
      // Chance is 1/4, 1/6, 1/24 and 1/24; ids carrying the answer would give 100 %.
      expect(share('b-single')).toBeGreaterThan(0.1);
      expect(share('b-single')).toBeLessThan(0.45);
      expect(share('b-multiple')).toBeLessThan(0.35);
      expect(share('b-ordering')).toBeLessThan(0.15);
      expect(share('b-matching')).toBeLessThan(0.15);
      // Fresh ids for every attempt.
      expect(seen.size).toBeGreaterThan(16 * 50);
    });

    it.each([
      ['tiền', true],
      ['  TIỀN  ', true],
      ['tie\u0302\u0300n', true],
      ['tien', true],
      ['tiến', true],
      ['', false],
      ['tiền mặt', false],
    ])('matches the short answer %j after NFC, case, space and (when asked) diacritic folding: %s', async (given, correct) => {
      const course = await courseWith({ kind: 'practice', questions: ['q-short'] });
      const learner = await signedInWith(t);
      const attempt = (await start(learner, await quizOf(course.id))).json();
      expect((await submit(learner, attempt, { 'q-short': given })).json().result.questions[0].correct).toBe(correct);
    });

    it('keeps diacritics significant unless the author said to ignore them', async () => {
      const strict: QuestionDocument = { id: 'q-strict', type: 'short_text', prompt: 'Thủ phủ An Giang?', answers: ['Long Xuyên'] };
      const course = await buildCourse(t.db, { questions: [strict], quizzes: [{ kind: 'practice', questions: ['q-strict'] }] });
      const learner = await signedInWith(t);
      const quizId = await quizOf(course.id);
      const first = (await start(learner, quizId)).json();
      expect((await submit(learner, first, { 'q-strict': 'long xuyen' })).json().result.score).toBe(0);
      const second = (await start(learner, quizId)).json();
      expect((await submit(learner, second, { 'q-strict': ' LONG   XUYÊN ' })).json().result.score).toBe(1);
    });

    it('resumes the same attempt, questions, order and saved answers after a reload', async () => {
      const course = await courseWith({ kind: 'practice', draw: { count: 4 } });
      const learner = await signedInWith(t);
      const quizId = await quizOf(course.id);
      const first = (await start(learner, quizId)).json();
      const [a, b] = first.questions;
      expect((await save(learner, first, { [a.key]: right[a.key] })).json()).toMatchObject({ answered: 1 });
      expect((await save(learner, first, { [b.key]: right[b.key] })).json()).toMatchObject({ answered: 2 });
      const resumed = (await start(learner, quizId)).json();
      expect(resumed.id).toBe(first.id);
      expect(resumed.questions.map((q: { key: string; options?: unknown }) => [q.key, q.options])).toEqual(first.questions.map((q: { key: string; options?: unknown }) => [q.key, q.options]));
      expect(resumed.questions[0].answer).toEqual(shownIn(first, { [a.key]: stored(a.key) })[a.key]);
      expect((await learner.get(`/api/attempts/${first.id}`)).json().questions[1].answer).toEqual(shownIn(first, { [b.key]: stored(b.key) })[b.key]);
      // Clearing an answer.
      expect((await save(learner, first, { [b.key]: null })).json()).toMatchObject({ answered: 1 });
    });

    it('resumes from the copy the process keeps with the very answer the long way gives: own paper, own answers, the current time', async () => {
      const course = await courseWith({ kind: 'practice', questions: bank.map((q) => q.id) });
      const quizId = await quizOf(course.id);
      const [ana, binh] = [await signedInWith(t), await signedInWith(t)];
      const anaFirst = (await start(ana, quizId)).json();
      const binhFirst = (await start(binh, quizId)).json();
      // The long way (GET /api/attempts/:id builds the view from the stored paper), without the clock's reading.
      const longWay = async (learner: Actor, attemptId: number) => {
        const { serverNow: _, ...view } = (await learner.get(`/api/attempts/${attemptId}`)).json();
        return view;
      };
      const resume = async (learner: Actor) => {
        const response = await start(learner, quizId);
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
        const { serverNow, ...view } = response.json();
        expect(serverNow).toBe(new Date(t.clock.now()).toISOString());
        return view;
      };
      expect((await save(ana, anaFirst, right)).json()).toMatchObject({ answered: bank.length });
      // The first resume keeps the copy, the next ones fill it in: both equal the long way, every question type answered.
      for (let i = 0; i < 2; i++) {
        const resumed = await resume(ana);
        expect(resumed).toEqual(await longWay(ana, anaFirst.id));
        expect(Object.fromEntries(resumed.questions.map((q: { key: string; answer: unknown }) => [q.key, q.answer]))).toEqual(shownIn(anaFirst, Object.fromEntries(bank.map((q) => [q.id, stored(q.id)]))));
        t.clock.advance(1_000);
      }
      // A changed and a cleared answer show at once.
      await save(ana, anaFirst, { 'q-single': wrong['q-single'], 'q-short': null });
      const changed = await resume(ana);
      expect(changed).toEqual(await longWay(ana, anaFirst.id));
      expect(changed.questions.find((q: { key: string }) => q.key === 'q-single').answer).toBe(shownIn(anaFirst, { 'q-single': 0 })['q-single']);
      expect(changed.questions.find((q: { key: string }) => q.key === 'q-short').answer).toBeNull();
      // Bình, at the same quiz after Ana's copy was kept, gets his own attempt: his ids, none of Ana's answers.
      const binhResumed = await resume(binh);
      expect(binhResumed).toEqual(await longWay(binh, binhFirst.id));
      expect(binhResumed.id).toBe(binhFirst.id);
      expect(binhResumed.questions.every((q: { answer: unknown }) => q.answer === null)).toBe(true);
      const idsOf = (view: Shown) => view.questions.flatMap((q) => [...(q.options ?? []), ...(q.items ?? []), ...(q.right ?? [])].map((c) => c.id));
      expect(idsOf(binhResumed as Shown).some((id) => idsOf(anaFirst).includes(id))).toBe(false);
      // Submitted: the next start opens a new attempt, not the kept one.
      expect((await submit(ana, anaFirst)).statusCode).toBe(200);
      const second = (await start(ana, quizId)).json();
      expect(second.id).not.toBe(anaFirst.id);
      expect(second.number).toBe(2);
      // A quiz no longer published is not resumed from the copy.
      await t.db.deleteFrom('published_quizzes').where('quiz_id', '=', quizId as QuizId).execute();
      const gone = await start(binh, quizId);
      expect(gone.statusCode).toBe(404);
      expect(gone.json().error.code).toBe('quiz_not_found');
    });

    it('gives an attempt left open from before ids were random its own ids at the upgrade, keeping its saved answers', async () => {
      const { up } = await import('../db/migrations/20261202_110000_give_open_attempts_random_choice_ids.js');
      const course = await courseWith({ kind: 'practice', questions: ['q-single', 'q-ordering', 'q-matching'] });
      const learner = await signedInWith(t);
      const attempt = (await start(learner, await quizOf(course.id))).json();
      await save(learner, attempt, { 'q-single': 1 });
      // As such a paper was stored: no ids, the indexes stood for them.
      const row = await t.db.selectFrom('quiz_attempts').select('paper').where('id', '=', attempt.id).executeTakeFirstOrThrow();
      const legacy = (JSON.parse(row.paper) as { ids?: string[]; leftIds?: string[] }[]).map(({ ids: _, leftIds: __, ...p }) => p);
      await t.db.updateTable('quiz_attempts').set({ paper: JSON.stringify(legacy) }).where('id', '=', attempt.id).execute();
      expect((await learner.get(`/api/attempts/${attempt.id}`)).json().questions[1].items.map((i: Choice) => i.id).sort()).toEqual(['0', '1', '2', '3']);
      await up(t.db);
      const upgraded = (await learner.get(`/api/attempts/${attempt.id}`)).json();
      for (const q of upgraded.questions) for (const c of [...(q.options ?? []), ...(q.items ?? []), ...(q.left ?? []), ...(q.right ?? [])]) expect(c.id).toMatch(/^[a-z2-9]{6}$/);
      expect(upgraded.questions[0].answer).toBe(shownIn(upgraded, { 'q-single': 1 })['q-single']);
      expect((await submit(learner, upgraded, { 'q-ordering': right['q-ordering'], 'q-matching': right['q-matching'] })).json().result.score).toBe(3);
    });

    it('draws the asked number of distinct questions from the tagged pool', async () => {
      const course = await courseWith({ kind: 'practice', draw: { count: 2, competences: ['4.2'] } });
      const learner = await signedInWith(t);
      const attempt = (await start(learner, await quizOf(course.id))).json();
      expect(attempt.questions.map((q: { key: string }) => q.key).sort()).toEqual(['q-multiple', 'q-single']);
    });

    it('enforces the time limit on the server: late answers are refused, saved ones are graded', async () => {
      const course = await courseWith({ kind: 'practice', questions: ['q-single', 'q-true-false'], timeLimitMinutes: 1 });
      const learner = await signedInWith(t);
      const attempt = (await start(learner, await quizOf(course.id))).json();
      expect(Date.parse(attempt.deadlineAt) - Date.parse(attempt.startedAt)).toBe(60_000);
      t.clock.advance(30_000);
      expect((await save(learner, attempt, { 'q-single': 1 })).statusCode).toBe(200);
      t.clock.advance(5 * 60_000);
      const late = await save(learner, attempt, { 'q-true-false': false });
      expect(late.statusCode).toBe(409);
      expect(late.json().error.code).toBe('attempt_time_up');
      const graded = (await submit(learner, attempt, { 'q-true-false': false })).json();
      expect(graded.result).toMatchObject({ score: 1, maxScore: 2 });
      expect(Date.parse(graded.submittedAt)).toBeLessThanOrEqual(Date.parse(attempt.deadlineAt) + 10_000);
    });

    it('grades an attempt left open past its time when it is next looked at', async () => {
      const course = await courseWith({ kind: 'practice', questions: ['q-single'], timeLimitMinutes: 2 });
      const learner = await signedInWith(t);
      const quizId = await quizOf(course.id);
      const attempt = (await start(learner, quizId)).json();
      await save(learner, attempt, { 'q-single': 1 });
      t.clock.advance(10 * 60_000);
      expect((await learner.get(`/api/attempts/${attempt.id}`)).json()).toMatchObject({ status: 'submitted', result: { score: 1, passed: true } });
      expect((await start(learner, quizId)).json().number).toBe(2);
    });

    it('refuses answers to questions outside the attempt, answers of the wrong shape, and other people’s attempts', async () => {
      const course = await courseWith({ kind: 'practice', questions: ['q-single', 'q-ordering'] });
      const learner = await signedInWith(t);
      const attempt = (await start(learner, await quizOf(course.id))).json();
      const outside = await save(learner, attempt, { 'q-matching': [0, 1, 2] });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error).toMatchObject({ code: 'question_not_in_attempt', message: 'Câu hỏi «q-matching» không có trong lượt làm bài này.' });
      for (const bad of [{ 'q-single': 7 }, { 'q-single': 'một' }, { 'q-ordering': [0, 0, 1, 2] }, { 'q-ordering': [0, 1] }]) {
        const response = await saveRaw(learner, attempt.id, bad);
        expect(response.statusCode).toBe(400);
        expect(response.json().error.code).toBe('answer_invalid');
      }
      const stranger = await signedInWith(t);
      expect((await stranger.get(`/api/attempts/${attempt.id}`)).statusCode).toBe(404);
      expect((await save(stranger, attempt, { 'q-single': 1 })).statusCode).toBe(404);
      expect((await submit(stranger, attempt)).statusCode).toBe(404);
      expect((await anonymous(t).post(`/api/attempts/${attempt.id}/submit`)).statusCode).toBe(401);
    });

    it('grades a submission once: a replay gets the same result and cannot change it', async () => {
      const course = await courseWith({ kind: 'practice', questions: ['q-single', 'q-true-false'] });
      const learner = await signedInWith(t);
      const attempt = (await start(learner, await quizOf(course.id))).json();
      const first = (await submit(learner, attempt, { 'q-single': 0, 'q-true-false': false })).json();
      const [replay, other] = await Promise.all([submit(learner, attempt, { 'q-single': 0, 'q-true-false': false }), submit(learner, attempt, { 'q-single': 1 })]);
      expect(replay.json().result).toEqual(first.result);
      expect(other.json().result).toEqual(first.result);
      expect((await save(learner, attempt, { 'q-single': 1 })).json().error.code).toBe('attempt_submitted');

      // A submit retried from a flaky network, several copies at once: one grading, every copy answered with it.
      const next = (await start(learner, await quizOf(course.id))).json();
      const copies = await Promise.all(Array.from({ length: 6 }, () => submit(learner, next, { 'q-single': 1, 'q-true-false': false })));
      expect(copies.map((c) => c.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(new Set(copies.map((c) => JSON.stringify(c.json().result))).size).toBe(1);
      expect(copies[0]!.json().result.score).toBe(2);
    });

    it('limits attempts and makes the learner wait between them', async () => {
      const course = await courseWith({ kind: 'practice', questions: ['q-single'], maxAttempts: 2, cooldownMinutes: 10 });
      const learner = await signedInWith(t);
      const quizId = await quizOf(course.id);
      await submit(learner, (await start(learner, quizId)).json(), { 'q-single': 0 });
      const waiting = await start(learner, quizId);
      expect(waiting.statusCode).toBe(409);
      expect(waiting.json().error).toMatchObject({ code: 'quiz_cooldown', message: 'Bạn có thể làm lại sau 10 phút nữa. Hãy ôn lại bài trong lúc chờ.' });
      expect(waiting.headers['retry-after']).toBe('600');
      t.clock.advance(10 * 60_000 + 1);
      await submit(learner, (await start(learner, quizId)).json(), { 'q-single': 1 });
      t.clock.advance(60 * 60_000);
      const used = await start(learner, quizId);
      expect(used.statusCode).toBe(409);
      expect(used.json().error).toMatchObject({ code: 'quiz_no_attempts_left', message: 'Bạn đã dùng hết 2 lượt làm bài này.' });
      const { quizzes } = (await learner.get(`/api/courses/${course.id}/quizzes`)).json();
      expect(quizzes[0]).toMatchObject({ attemptsUsed: 2, bestPercent: 100, passed: true, maxAttempts: 2 });
    });

    it('hides right answers and explanations of a final exam that says so', async () => {
      const course = await courseWith({ kind: 'final', questions: ['q-single'], showAnswers: false });
      const learner = await signedInWith(t);
      const attempt = (await start(learner, await quizOf(course.id, 'final'))).json();
      const graded = await submit(learner, attempt, { 'q-single': 0 });
      expect(graded.json().result).toMatchObject({ showAnswers: false, questions: [{ key: 'q-single', correct: false, given: shownIn(attempt, { 'q-single': 0 })['q-single'], expected: null, explanation: null }] });
      expect(graded.body).not.toContain('Ngân hàng không bao giờ');
    });
  });

  describe('completion and certificates', () => {
    const myCertificates = async (learner: Actor) => (await learner.get('/api/me/certificates')).json().certificates as { code: string; courseTitle: string; verifyUrl: string; learnerName: string }[];
    const enrollment = (userId: number, courseId: number) =>
      t.db.selectFrom('enrollments').select(['completed_at', 'final_passed_at']).where('user_id', '=', userId as never).where('course_id', '=', courseId as never).executeTakeFirst();

    it('completes a lessons-only course with its last lesson and issues the certificate at once', async () => {
      const course = await buildCourse(t.db);
      const learner = await signedInWith(t, { fullName: 'Nguyễn Thị Hồng Nhung' });
      await completeLessons(learner, course.lessonIds.slice(0, 2));
      expect(await myCertificates(learner)).toEqual([]);
      await completeLessons(learner, course.lessonIds.slice(2));
      const [certificate] = await myCertificates(learner);
      expect(certificate).toMatchObject({ learnerName: 'Nguyễn Thị Hồng Nhung', code: expect.stringMatching(/^HT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/) });
      expect((await enrollment(learner.userId!, course.id))!.completed_at).toBe(t.clock.now());
    });

    it('needs the final quiz passed as well when the course says so, whichever comes first', async () => {
      const course = await courseWith({ kind: 'final', questions: ['q-single', 'q-true-false'], passPercent: 100 }, { completionRule: 'lessons_and_final' });
      const finalQuiz = await quizOf(course.id, 'final');

      const lessonsFirst = await signedInWith(t);
      await completeLessons(lessonsFirst, course.lessonIds);
      expect((await enrollment(lessonsFirst.userId!, course.id))!.completed_at).toBeNull();
      const failed = (await submit(lessonsFirst, (await start(lessonsFirst, finalQuiz)).json(), { 'q-single': 1 })).json();
      expect(failed.result.passed).toBe(false);
      expect(await myCertificates(lessonsFirst)).toEqual([]);
      t.clock.advance(60_000);
      await submit(lessonsFirst, (await start(lessonsFirst, finalQuiz)).json(), { 'q-single': 1, 'q-true-false': false });
      expect((await enrollment(lessonsFirst.userId!, course.id))!.completed_at).toBe(t.clock.now());
      expect(await myCertificates(lessonsFirst)).toHaveLength(1);

      const quizFirst = await signedInWith(t);
      await submit(quizFirst, (await start(quizFirst, finalQuiz)).json(), { 'q-single': 1, 'q-true-false': false });
      expect(await enrollment(quizFirst.userId!, course.id)).toMatchObject({ completed_at: null, final_passed_at: t.clock.now() });
      expect(await myCertificates(quizFirst)).toEqual([]);
      await completeLessons(quizFirst, course.lessonIds);
      expect(await myCertificates(quizFirst)).toHaveLength(1);
      // Completion is recorded once; passing again changes nothing.
      const completedAt = (await enrollment(quizFirst.userId!, course.id))!.completed_at;
      t.clock.advance(60_000);
      await submit(quizFirst, (await start(quizFirst, finalQuiz)).json(), { 'q-single': 1, 'q-true-false': false });
      expect((await enrollment(quizFirst.userId!, course.id))!.completed_at).toBe(completedAt);
      expect(await myCertificates(quizFirst)).toHaveLength(1);
    });

    it('verifies a certificate publicly: valid, tampered, revoked, unknown', async () => {
      const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
      const learner = await signedInWith(t, { fullName: 'Trần Văn Ẩn' });
      await completeLessons(learner, course.lessonIds);
      const [certificate] = await myCertificates(learner);
      const url = new URL(certificate!.verifyUrl);
      expect(url.pathname).toBe(`/verify/${certificate!.code}`);
      const token = url.hash.slice(1);
      const check = async (code: string, tokenText?: string) =>
        (await anonymous(t).get(`/api/verify/${code}${tokenText === undefined ? '' : `?token=${encodeURIComponent(tokenText)}`}`)).json();

      expect(await check(certificate!.code, token)).toMatchObject({ status: 'valid', signature: 'valid', certificate: { learnerName: 'Trần Văn Ẩn' } });
      expect(await check(certificate!.code)).toMatchObject({ status: 'valid', signature: 'absent' });
      // Every single changed character of the token fails, and then the answer is never "valid".
      for (const at of [0, 5, token.length - 1]) {
        const changed = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
        expect(await check(certificate!.code, changed), `character ${at}`).toMatchObject({ status: 'invalid', signature: 'invalid' });
      }
      expect((await check('HT-0000-0000-0000')).status).toBe('unknown');
      expect((await check('HT-0000-0000-0000', token)).status).toBe('invalid');

      const learnerRevoking = await learner.post(`/api/certificates/${certificate!.code}/revoke`, { reason: 'Thử' });
      expect(learnerRevoking.statusCode).toBe(403);
      const wardAdmin = await signedInWith(t, { role: 'admin', unit: '30307' });
      expect((await wardAdmin.post(`/api/certificates/${certificate!.code}/revoke`, { reason: 'Thử' })).statusCode).toBe(403);
      const admin = await signedInWith(t, { role: 'admin', unit: '91' });
      const revoked = await admin.post(`/api/certificates/${certificate!.code}/revoke`, { reason: 'Cấp nhầm người' });
      expect(revoked.json()).toMatchObject({ status: 'revoked', revokedReason: 'Cấp nhầm người', revokedAt: new Date(t.clock.now()).toISOString() });
      expect(await check(certificate!.code, token)).toMatchObject({ status: 'revoked', signature: 'valid', certificate: { revokedReason: 'Cấp nhầm người' } });
      const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'certificate.revoke').execute();
      expect(audit.length).toBeGreaterThan(0);
    });

    it('lets anyone verify the signed payload of an older QR link offline with the published public key alone', async () => {
      const { createPublicKey, verify } = await import('node:crypto');
      const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
      const learner = await signedInWith(t, { fullName: 'Lê Thị Ửng' });
      await completeLessons(learner, course.lessonIds);
      const [certificate] = await myCertificates(learner);
      const { keys } = (await anonymous(t).get('/.well-known/hoctap-certificate-keys.json')).json();
      const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: keys[0].x }, format: 'jwk' });
      // QR links printed before the short ones carried this payload.signature, still kept with the certificate.
      const { payload, signature } = await t.db.selectFrom('certificates').select(['payload', 'signature']).where('code', '=', certificate!.code).executeTakeFirstOrThrow();
      const bytes = Buffer.from(payload, 'base64url');
      expect(verify(null, bytes, key, Buffer.from(signature, 'base64url'))).toBe(true);
      expect(JSON.parse(bytes.toString('utf8'))).toMatchObject({ v: 1, code: certificate!.code, name: 'Lê Thị Ửng', course: certificate!.courseTitle, kid: keys[0].kid });
      const forged = Buffer.from(bytes.toString('utf8').replace('Lê Thị Ửng', 'Lê Thị Ưng'));
      expect(verify(null, forged, key, Buffer.from(signature, 'base64url'))).toBe(false);
    });

    it('gives the holder an Open Badges 3.0 credential whose eddsa-jcs-2022 proof checks out', async () => {
      const { createHash, createPublicKey, verify } = await import('node:crypto');
      const { canonicalJson } = await import('../certificates/open-badge.js');
      const course = await buildCourse(t.db, { modules: [['Bài duy nhất']], competences: ['1.1', '4.2'] });
      const learner = await signedInWith(t, { fullName: 'Phạm Minh Đức' });
      await completeLessons(learner, course.lessonIds);
      const [certificate] = await myCertificates(learner);
      const response = await learner.get(`/api/certificates/${certificate!.code}/badge.json`);
      expect(response.statusCode).toBe(200);
      const {
        proof: [proof],
        ...credential
      } = response.json();
      expect(credential).toMatchObject({ type: ['VerifiableCredential', 'OpenBadgeCredential'], credentialSubject: { name: 'Phạm Minh Đức', achievement: { alignment: [{ targetCode: '1.1' }, { targetCode: '4.2' }] } } });
      expect(proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', proofPurpose: 'assertionMethod' });
      const { keys } = (await anonymous(t).get('/.well-known/hoctap-certificate-keys.json')).json();
      expect(proof.verificationMethod).toMatch(new RegExp(`/\\.well-known/hoctap-certificate-keys\\.json#${keys[0].kid}$`));
      const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: keys[0].x }, format: 'jwk' });
      const { proofValue, ...options } = proof;
      const base58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
      const decode = (text: string) => Buffer.from([...text].reduce((n, c) => n * 58n + BigInt(base58.indexOf(c)), 0n).toString(16).padStart(128, '0'), 'hex');
      const hashOf = (value: unknown) => createHash('sha256').update(canonicalJson(value as never)).digest();
      const signed = (doc: unknown) => Buffer.concat([hashOf({ ...options, '@context': credential['@context'] }), hashOf(doc)]);
      expect(verify(null, signed(credential), key, decode(proofValue.slice(1)))).toBe(true);
      const tampered = { ...credential, credentialSubject: { ...credential.credentialSubject, name: 'Người khác' } };
      expect(verify(null, signed(tampered), key, decode(proofValue.slice(1)))).toBe(false);
    });

    it('lets only the holder (or an admin above the issuer) download the certificate', async () => {
      const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
      const learner = await signedInWith(t, { fullName: 'Võ Thị Sáu' });
      await completeLessons(learner, course.lessonIds);
      const [certificate] = await myCertificates(learner);
      const pdf = await learner.get(`/api/certificates/${certificate!.code}/certificate.pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const png = await learner.get(`/api/certificates/${certificate!.code}/image.png`);
      expect(png.headers['content-type']).toBe('image/png');
      const stranger = await signedInWith(t);
      for (const file of ['certificate.pdf', 'image.png', 'badge.json', '']) {
        expect((await stranger.get(`/api/certificates/${certificate!.code}/${file}`.replace(/\/$/, ''))).statusCode).toBe(404);
      }
      const admin = await signedInWith(t, { role: 'admin', unit: '91' });
      expect((await admin.get(`/api/certificates/${certificate!.code}/certificate.pdf`)).statusCode).toBe(200);
    });

    it('keeps the certificate on one A4 landscape page for a 200-character name with emoji and Khmer, and signs the exact name', async () => {
      const name = `Nguyễn Thị Hồng Nhung 🌸 សុខ ចាន់ធី ${'Trương Ngọc Ẩn '.repeat(20)}`.slice(0, 200).trim();
      const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
      const learner = await signedInWith(t);
      await t.db.updateTable('users').set({ full_name: name }).where('id', '=', learner.userId!).execute();
      await completeLessons(learner, course.lessonIds);
      const [certificate] = await myCertificates(learner);
      expect(certificate!.learnerName).toBe(name);
      const legacy = await t.db.selectFrom('certificates').select(['payload', 'signature']).where('code', '=', certificate!.code).executeTakeFirstOrThrow();
      const token = `${legacy.payload}.${legacy.signature}`;
      expect((await anonymous(t).get(`/api/verify/${certificate!.code}?token=${encodeURIComponent(token)}`)).json().claims.name).toBe(name);
      const pdf = (await learner.get(`/api/certificates/${certificate!.code}/certificate.pdf`)).rawPayload;
      const dir = mkdtempSync(path.join(tmpdir(), 'certificate-'));
      const file = path.join(dir, 'c.pdf');
      writeFileSync(file, pdf);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/^Pages:\s+1$/m);
      expect(info).toMatch(/^Page size:\s+841\.89 x 595\.28 pts/m);
      expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('Nguyễn Thị Hồng Nhung');
      rmSync(dir, { recursive: true });
    });

    it('signs certificates as the unit configured above the course owner says', async () => {
      const admin = await signedInWith(t, { role: 'admin', unit: '91' });
      const settings = { issuer: 'Sở Giáo dục và Đào tạo tỉnh An Giang', signatoryName: 'Nguyễn Văn Bình', signatoryTitle: 'Giám đốc' };
      expect((await admin.request('PUT', '/api/units/91/certificate-issuer', settings)).json()).toEqual(settings);
      const wardAdmin = await signedInWith(t, { role: 'admin', unit: '30307' });
      expect((await wardAdmin.request('PUT', '/api/units/91/certificate-issuer', settings)).statusCode).toBe(403);
      const course = await buildCourse(t.db, { modules: [['Bài duy nhất']], ownerUnit: '30307' });
      const learner = await signedInWith(t);
      await completeLessons(learner, course.lessonIds);
      const [certificate] = (await learner.get('/api/me/certificates')).json().certificates;
      expect(certificate.issuer).toEqual({ name: settings.issuer, signatoryName: settings.signatoryName, signatoryTitle: settings.signatoryTitle });
    });
  });
});
