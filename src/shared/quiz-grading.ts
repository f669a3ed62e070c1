/**
 * Grading a quiz paper: the one rule the server (quizzes/attempts.service.ts, the truth) and the phone (a practice quiz
 * taken offline, src/web/offline/saved-attempts.ts) both use, so that the phone's verdict is the server's.
 * Pure: no Node or DOM APIs. Drawing a paper at random stays on the server (quizzes/grading.ts).
 */
import { foldForSearch } from './text.js';

/** A question as authored (authoring/quiz-documents.ts checks them); attempts and grading read them. */
interface QuestionBase {
  /** Stable key within the course. */
  id: string;
  prompt: string;
  /** A media name of the course (an image or audio the question shows). */
  media?: string;
  explanation?: string;
  competences?: string[];
}

export type QuestionDocument = QuestionBase &
  (
    | { type: 'single'; options: string[]; answer: number }
    | { type: 'multiple'; options: string[]; answer: number[] }
    | { type: 'true_false'; answer: boolean }
    | { type: 'ordering'; items: string[] }
    | { type: 'matching'; pairs: [string, string][] }
    | { type: 'short_text'; answers: string[]; ignoreDiacritics?: boolean }
  );

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
  /** The id of each option, item or right-hand answer, by original index (papers made before ids: absent). */
  ids?: string[];
  /** The id of each left-hand item of a matching question, by original index. */
  leftIds?: string[];
}

/** An answer as stored and graded: by original index. */
export type Answer = number | number[] | boolean | string | (number | null)[];
/** An answer as the browser gives and gets it: by id. */
export type ShownAnswer = string | string[] | boolean | (string | null)[];

export interface GradedQuestion {
  key: string;
  correct: boolean;
  given: Answer | null;
}

const inOrder = (order: readonly number[]) => order.every((v, i) => v === i);

/** A paper's ids; a paper from before ids were random uses the indexes. */
const choiceIds = (p: PaperQuestion) => p.ids ?? p.order.map((_, i) => String(i));
const leftIdsOf = (p: PaperQuestion) => p.leftIds ?? p.order.map((_, i) => String(i));

export function choiceCount(q: QuestionDocument): number {
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

/** What the browser may see of a question: no answer key, no explanation. */
export function presentQuestion(p: PaperQuestion) {
  const { question: q, order } = p;
  const ids = choiceIds(p);
  const leftIds = leftIdsOf(p);
  const choices = (texts: readonly string[]) => order.map((index) => ({ id: ids[index]!, text: texts[index]! }));
  return {
    key: q.id,
    type: q.type,
    prompt: q.prompt,
    media: q.mediaView ?? null,
    options: q.type === 'single' || q.type === 'multiple' ? choices(q.options) : undefined,
    items: q.type === 'ordering' ? choices(q.items) : undefined,
    left: q.type === 'matching' ? q.pairs.map((pair, index) => ({ id: leftIds[index]!, text: pair[0] })) : undefined,
    right: q.type === 'matching' ? choices(q.pairs.map((p) => p[1])) : undefined,
  };
}

const maxShortAnswer = 200;

/**
 * The answer the browser sent (by id), in its one canonical stored form (by
 * original index), or undefined when its shape does not fit the question.
 */
export function canonicalAnswer(p: PaperQuestion, raw: unknown): Answer | undefined {
  const q = p.question;
  const n = choiceCount(q);
  const ids = choiceIds(p);
  const indexOf = (value: unknown) => (typeof value === 'string' ? ids.indexOf(value) : -1);
  const indexes = (list: unknown) => (Array.isArray(list) ? list.map(indexOf) : []);
  switch (q.type) {
    case 'single':
      return indexOf(raw) >= 0 ? indexOf(raw) : undefined;
    case 'multiple': {
      const chosen = indexes(raw);
      return Array.isArray(raw) && chosen.every((i) => i >= 0) && new Set(chosen).size === chosen.length ? chosen.sort((a, b) => a - b) : undefined;
    }
    case 'true_false':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'ordering': {
      const order = indexes(raw);
      return order.length === n && order.every((i) => i >= 0) && new Set(order).size === n ? order : undefined;
    }
    case 'matching': {
      if (!Array.isArray(raw) || raw.length !== n) return undefined;
      const pairing = raw.map((v) => (v === null ? null : indexOf(v)));
      return pairing.every((i) => i === null || i >= 0) ? pairing : undefined;
    }
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

/** A stored answer as the browser knows it: by this paper's ids (several chosen: in the order of their ids, which says nothing). */
export function shownAnswer(p: PaperQuestion, answer: Answer | null | undefined): ShownAnswer | null {
  if (answer === null || answer === undefined) return null;
  const ids = choiceIds(p);
  switch (p.question.type) {
    case 'single':
      return ids[answer as number]!;
    case 'multiple':
      return (answer as number[]).map((i) => ids[i]!).sort();
    case 'ordering':
      return (answer as number[]).map((i) => ids[i]!);
    case 'matching':
      return (answer as (number | null)[]).map((i) => (i === null ? null : ids[i]!));
    default:
      return answer as boolean | string;
  }
}

export function grade(paper: readonly PaperQuestion[], answers: Readonly<Record<string, Answer>>): { score: number; graded: GradedQuestion[] } {
  const graded = paper.map(({ question }) => {
    const given = answers[question.id] ?? null;
    return { key: question.id, correct: isCorrect(question, given), given };
  });
  return { score: graded.filter((g) => g.correct).length, graded };
}
