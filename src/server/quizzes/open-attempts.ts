/**
 * Issue 18: a quiz page asks for its open attempt each time it opens (the quiz start resumes it), and the answer is
 * the attempt's paper of some twenty questions. A paper never changes once drawn (attempt ids are never reused),
 * nor do the terms and times of an attempt while it is open: only the saved answers and the server's clock do. So
 * this process keeps, per open attempt, the answer as the route's serializer wrote it, cut where those go, and per
 * request reads the attempt without its paper (one short query, still requiring the quiz to be published) and fills
 * in the gaps.
 */
import { randomBytes } from 'node:crypto';
import type { AttemptId } from '../../shared/ids.js';
import type { PaperQuestion } from '../../shared/quiz-grading.js';

/** What goes into a gap of the kept answer: the server's time, or the saved answer to the question at this index. */
export type Gap = 'now' | number;

interface KeptAnswer {
  /** The answer's bytes between the gaps: one more piece than there are gaps. */
  pieces: Buffer[];
  gaps: Gap[];
  paper: PaperQuestion[];
}

// Kept answers are a few KB each: enough for a launch's quizzes open at once, and a bound on memory.
const maxKept = 5_000;

export class OpenAttemptAnswers {
  readonly #kept = new Map<AttemptId, KeptAnswer>();
  // Marks no question text can hold by chance: control characters around a random word of this process.
  readonly #mark = `\u0001${randomBytes(6).toString('hex')}`;

  get(attemptId: AttemptId): KeptAnswer | undefined {
    return this.#kept.get(attemptId);
  }

  /**
   * Keeps an answer, given as the serializer writes it with `markOf(gap)` in place of each gap; returns undefined (and
   * keeps nothing) when a mark is not found exactly once, so that the answer is then made the ordinary way.
   */
  keep(attemptId: AttemptId, paper: PaperQuestion[], gaps: Gap[], serialize: (markOf: (gap: Gap) => string) => string): KeptAnswer | undefined {
    const text = serialize((gap) => `${this.#mark}:${gap}\u0001`);
    const found = gaps.map((gap) => ({ gap, quoted: JSON.stringify(`${this.#mark}:${gap}\u0001`) })).map(({ gap, quoted }) => ({ gap, quoted, at: text.indexOf(quoted) }));
    if (found.some(({ quoted, at }) => at < 0 || text.indexOf(quoted, at + 1) >= 0)) return undefined;
    found.sort((a, b) => a.at - b.at);
    const pieces: Buffer[] = [];
    let from = 0;
    for (const { quoted, at } of found) {
      pieces.push(Buffer.from(text.slice(from, at)));
      from = at + quoted.length;
    }
    pieces.push(Buffer.from(text.slice(from)));
    const kept = { pieces, gaps: found.map(({ gap }) => gap), paper };
    if (this.#kept.size >= maxKept) this.#kept.delete(this.#kept.keys().next().value!);
    this.#kept.set(attemptId, kept);
    return kept;
  }
}

/** The answer with its gaps filled: `fill` gives each gap's value as JSON. */
export function filledAnswer(kept: KeptAnswer, fill: (gap: Gap) => string): Buffer {
  const parts: Buffer[] = [kept.pieces[0]!];
  kept.gaps.forEach((gap, i) => parts.push(Buffer.from(fill(gap)), kept.pieces[i + 1]!));
  return Buffer.concat(parts);
}
