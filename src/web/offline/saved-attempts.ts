/**
 * Practice quizzes taken offline from a saved course (issue 15). The phone draws the paper and grades it with the
 * server's own rule (shared/quiz-grading.ts), so the learner sees their result at once; the attempt then waits in a
 * queue of its own person, with an id made on the phone, and is sent when the network is back. The server grades it
 * again, and its result is the one that counts. Final quizzes are never here: their keys never leave the server.
 */
import { signal } from '@preact/signals';
import type { Static } from 'typebox';
import type { AttemptView, OfflineAttemptBody, PracticePaper } from '../../server/quizzes/quizzes.schema.js';
import { canonicalAnswer, choiceCount, expectedAnswer, grade, type PaperQuestion, presentQuestion, type ShownAnswer, shownAnswer } from '../../shared/quiz-grading.js';
import { pageStorage } from './saved-storage.js';
import { api, ApiError } from '../api.js';
import { session } from '../session.js';

export type Practice = Static<typeof PracticePaper>;
type Attempt = Static<typeof AttemptView>;
type Body = Static<typeof OfflineAttemptBody>;

function shuffled(length: number): number[] {
  const order = Array.from({ length }, (_, i) => i);
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** A paper as the server would draw it, but with choices named by their index (what the offline route takes). */
export function drawPaper(practice: Practice): PaperQuestion[] {
  const pool = practice.questions;
  const chosen = practice.draw === null ? pool : shuffled(pool.length).slice(0, practice.draw).map((i) => pool[i]!);
  return chosen.map((question) => {
    const n = choiceCount(question);
    // Items to order and matching answers in their stored order would give the answer away.
    const always = question.type === 'ordering' || question.type === 'matching';
    let order = Array.from({ length: n }, (_, i) => i);
    if (always || practice.shuffleOptions) {
      do order = shuffled(n);
      while (always && n > 1 && order.every((v, i) => v === i));
    }
    return { question, order };
  });
}

export const shownQuestions = (paper: readonly PaperQuestion[]) => paper.map((p) => ({ ...presentQuestion(p), answer: null }));

/** A UUID v4 from getRandomValues, which (unlike randomUUID) also works on plain-HTTP intranet addresses. */
function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Grades on the phone and shapes the result as the server's attempt view, so the same page shows it. */
export function gradeOnPhone(practice: Practice, paper: readonly PaperQuestion[], given: Readonly<Record<string, ShownAnswer | null>>, startedAt: string): { view: Attempt; body: Body } {
  const answers = Object.fromEntries(paper.flatMap((p) => {
    const raw = given[p.question.id];
    const answer = raw === null || raw === undefined ? undefined : canonicalAnswer(p, raw);
    return answer === undefined ? [] : [[p.question.id, answer]];
  }));
  const { score, graded } = grade(paper, answers);
  const percent = paper.length === 0 ? 0 : Math.floor((100 * score) / paper.length);
  const now = new Date().toISOString();
  const view: Attempt = {
    id: 0,
    quizId: practice.quizId,
    courseId: practice.courseId,
    quizTitle: practice.title,
    kind: 'practice',
    number: 0,
    status: 'submitted',
    startedAt,
    deadlineAt: null,
    submittedAt: now,
    serverNow: now,
    passPercent: practice.passPercent,
    questions: paper.map((p) => ({ ...presentQuestion(p), answer: shownAnswer(p, answers[p.question.id]) })),
    result: {
      score,
      maxScore: paper.length,
      percent,
      passed: percent >= practice.passPercent,
      showAnswers: practice.showAnswers,
      questions: paper.map((p, i) => ({
        key: p.question.id,
        correct: graded[i]!.correct,
        given: shownAnswer(p, answers[p.question.id]),
        expected: practice.showAnswers ? shownAnswer(p, expectedAnswer(p.question)) : null,
        explanation: practice.showAnswers ? (p.question.explanation ?? null) : null,
      })),
    },
  };
  const sentAnswers = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== null && value !== undefined));
  return { view, body: { clientId: newClientId(), takenAt: startedAt, questions: paper.map((p) => p.question.id), answers: sentAnswers } };
}

interface Queued {
  quizId: number;
  body: Body;
}

const keyFor = (userId: number) => `hoctap.offline-attempts.${userId}`;

function read(userId: number): Queued[] {
  try {
    return JSON.parse(pageStorage.getItem(keyFor(userId)) ?? '[]') as Queued[];
  } catch {
    return [];
  }
}


const write = (userId: number, queued: Queued[]) => pageStorage.setItem(keyFor(userId), JSON.stringify(queued));

/** The server's grade of attempts sent while the page is open, by the phone's id. */
export const serverResults = signal<Readonly<Record<string, { score: number; maxScore: number }>>>({});

let sending: Promise<void> | null = null;

/**
 * Sends what waits, in order; stops at the first network failure (tried again when the phone is back online) and drops
 * an attempt the server refuses for good (a quiz changed since it was saved), since sending it again cannot succeed.
 */
export function sendQueuedAttempts(userId: number): Promise<void> {
  sending ??= (async () => {
    for (;;) {
      const [next] = read(userId);
      if (!next) return;
      try {
        const attempt = await api('POST /api/quizzes/:id/offline-attempts', { params: { id: next.quizId }, body: next.body });
        serverResults.value = { ...serverResults.value, [next.body.clientId]: { score: attempt.result!.score, maxScore: attempt.result!.maxScore } };
      } catch (error) {
        if (!(error instanceof ApiError) || error.status === 0 || error.status === 401 || error.status === 429 || error.status >= 500) return;
      }
      write(userId, read(userId).filter((q) => q.body.clientId !== next.body.clientId));
    }
  })().finally(() => {
    sending = null;
  });
  return sending;
}

/** Queues an attempt of this person and tries to send it now. */
export function queueAttempt(userId: number, quizId: number, body: Body): Promise<void> {
  write(userId, [...read(userId), { quizId, body }]);
  return sendQueuedAttempts(userId);
}

addEventListener('online', () => {
  const me = session.peek();
  if (me) void sendQueuedAttempts(me.id);
});
