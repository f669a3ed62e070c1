/**
 * Drawing an attempt's paper (its grading is src/shared/quiz-grading.ts, which the phone uses too). The paper is drawn and shuffled once,
 * when the attempt starts, and stored with it: a reload or a dropped connection
 * resumes the same questions in the same order, and grading reads nothing else.
 * What the browser gets is the paper without its keys. Options, items and
 * matching sides carry ids drawn at random for each attempt and kept with its
 * paper: their order says nothing of the answer. Answers are stored and graded
 * as the original indexes (what item statistics read); ids are only the
 * browser's side of them.
 */
import { randomInt } from 'node:crypto';
import { choiceCount, type PaperQuestion, type PoolQuestion } from '../../shared/quiz-grading.js';


function shuffled(length: number): number[] {
  const order = Array.from({ length }, (_, i) => i);
  for (let i = length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

const inOrder = (order: readonly number[]) => order.every((v, i) => v === i);

const idAlphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

/** `count` distinct random ids of 6 characters. */
function opaqueIds(count: number): string[] {
  const ids = new Set<string>();
  while (ids.size < count) ids.add(Array.from({ length: 6 }, () => idAlphabet[randomInt(idAlphabet.length)]).join(''));
  return [...ids];
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
    if (n === 0) return { question, order };
    const ids = opaqueIds(question.type === 'matching' ? 2 * n : n);
    return { question, order, ids: ids.slice(0, n), ...(question.type === 'matching' ? { leftIds: ids.slice(n) } : {}) };
  });
}

