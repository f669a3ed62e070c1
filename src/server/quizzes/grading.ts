/**
 * An attempt's paper and its grading. The paper is drawn and shuffled once,
 * when the attempt starts, and stored with it: a reload or a dropped connection
 * resumes the same questions in the same order, and grading reads nothing else.
 * What the browser gets is the paper without its keys; options carry their
 * original index as id, so shuffling never changes what an answer means.
 */
import { randomInt } from 'node:crypto';
import { foldForSearch } from '../../shared/text.js';
import type { QuestionDocument } from './quiz-documents.js';

export interface QuestionMedia {
  url: string;
  kind: string;
  alt: string;
}

/** A question as published: its document with its media resolved to a URL. */
export type PoolQuestion = QuestionDocument & { mediaView?: QuestionMedia };

export interface PaperQuestion {
  question: PoolQuestion;
  /** The order the learner sees options, items or (for matching) right-hand answers in. */
  order: number[];
}

export type Answer = number | number[] | boolean | string | (number | null)[];

export interface GradedQuestion {
  key: string;
  correct: boolean;
  given: Answer | null;
}

function shuffled(length: number): number[] {
  const order = Array.from({ length }, (_, i) => i);
  for (let i = length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

const inOrder = (order: readonly number[]) => order.every((v, i) => v === i);

function choiceCount(q: QuestionDocument): number {
  switch (q.type) {
    case 'single':
    case 'multiple':
      return q.options.length;
    case 'ordering':
      return q.items.length;
    case 'matching':
      return q.pairs.length;
    default:
      return 0;
  }
}

export function buildPaper(pool: readonly PoolQuestion[], pick: { fixed: boolean; count: number }, shuffleOptions: boolean): PaperQuestion[] {
  const chosen = pick.fixed ? pool : shuffled(pool.length).slice(0, pick.count).map((i) => pool[i]!);
  return chosen.map((question) => {
    const n = choiceCount(question);
    // Items to order, and matching answers, are always shuffled: in their stored order they would give the answer away.
    const alwaysShuffled = question.type === 'ordering' || question.type === 'matching';
    let order = Array.from({ length: n }, (_, i) => i);
    if (alwaysShuffled || shuffleOptions) {
      do order = shuffled(n);
      while (alwaysShuffled && n > 1 && inOrder(order));
    }
    return { question, order };
  });
}

/** What the browser may see of a question: no answer key, no explanation. */
export function presentQuestion({ question: q, order }: PaperQuestion) {
  const choices = (texts: readonly string[]) => order.map((id) => ({ id, text: texts[id]! }));
  return {
    key: q.id,
    type: q.type,
    prompt: q.prompt,
    media: q.mediaView ?? null,
    options: q.type === 'single' || q.type === 'multiple' ? choices(q.options) : undefined,
    items: q.type === 'ordering' ? choices(q.items) : undefined,
    left: q.type === 'matching' ? q.pairs.map((p, id) => ({ id, text: p[0] })) : undefined,
    right: q.type === 'matching' ? choices(q.pairs.map((p) => p[1])) : undefined,
  };
}

const maxShortAnswer = 200;
const isId = (value: unknown, n: number): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) < n;

/** The answer in its one canonical form, or undefined when its shape does not fit the question. */
export function canonicalAnswer(q: QuestionDocument, raw: unknown): Answer | undefined {
  const n = choiceCount(q);
  switch (q.type) {
    case 'single':
      return isId(raw, n) ? raw : undefined;
    case 'multiple':
      return Array.isArray(raw) && raw.every((v) => isId(v, n)) && new Set(raw).size === raw.length ? [...raw].sort((a, b) => a - b) : undefined;
    case 'true_false':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'ordering':
      return Array.isArray(raw) && raw.length === n && raw.every((v) => isId(v, n)) && new Set(raw).size === n ? raw : undefined;
    case 'matching':
      return Array.isArray(raw) && raw.length === n && raw.every((v) => v === null || isId(v, n)) ? raw : undefined;
    case 'short_text':
      return typeof raw === 'string' && raw.length <= maxShortAnswer ? raw.normalize('NFC') : undefined;
  }
}

/** Short answers match after NFC, case and whitespace folding; diacritics only if the author says so. */
export function foldShortAnswer(text: string, ignoreDiacritics: boolean): string {
  if (ignoreDiacritics) return foldForSearch(text);
  return text.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
}

export function isCorrect(q: QuestionDocument, answer: Answer | null | undefined): boolean {
  if (answer === null || answer === undefined) return false;
  switch (q.type) {
    case 'single':
      return answer === q.answer;
    case 'multiple':
      return Array.isArray(answer) && answer.length === q.answer.length && answer.every((v, i) => v === q.answer[i]);
    case 'true_false':
      return answer === q.answer;
    case 'ordering':
    case 'matching':
      return Array.isArray(answer) && inOrder(answer as number[]);
    case 'short_text': {
      if (typeof answer !== 'string') return false;
      const given = foldShortAnswer(answer, q.ignoreDiacritics === true);
      return given !== '' && q.answers.some((a) => foldShortAnswer(a, q.ignoreDiacritics === true) === given);
    }
  }
}

/** The right answer in the same shape a learner answers in. */
export function expectedAnswer(q: QuestionDocument): Answer {
  switch (q.type) {
    case 'single':
    case 'multiple':
    case 'true_false':
      return q.answer;
    case 'ordering':
    case 'matching':
      return Array.from({ length: choiceCount(q) }, (_, i) => i);
    case 'short_text':
      return q.answers[0]!;
  }
}

export function grade(paper: readonly PaperQuestion[], answers: Readonly<Record<string, Answer>>): { score: number; graded: GradedQuestion[] } {
  const graded = paper.map(({ question }) => {
    const given = answers[question.id] ?? null;
    return { key: question.id, correct: isCorrect(question, given), given };
  });
  return { score: graded.filter((g) => g.correct).length, graded };
}
