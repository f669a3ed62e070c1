import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';

const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

function randomIds(count: number): string[] {
  const ids = new Set<string>();
  while (ids.size < count) ids.add(Array.from({ length: 6 }, () => alphabet[randomInt(alphabet.length)]).join(''));
  return [...ids];
}

interface StoredPaperQuestion {
  question: { type: string };
  order: number[];
  ids?: string[];
  leftIds?: string[];
}

export async function up(db: Kysely<any>): Promise<void> {
  // Choice ids used to be the original indexes, which gave ordering and matching answers away. Attempts still
  // open get random ids now (answers stay stored by index, so nothing saved changes meaning); submitted ones keep
  // showing the indexes, whose answers are known by then anyway.
  const open = await db.selectFrom('quiz_attempts').select(['id', 'paper']).where('status', '=', 'open').execute();
  for (const attempt of open) {
    const paper = JSON.parse(attempt.paper) as StoredPaperQuestion[];
    for (const p of paper) {
      const n = p.order.length;
      if (n === 0 || p.ids) continue;
      const ids = randomIds(p.question.type === 'matching' ? 2 * n : n);
      p.ids = ids.slice(0, n);
      if (p.question.type === 'matching') p.leftIds = ids.slice(n);
    }
    await db.updateTable('quiz_attempts').set({ paper: JSON.stringify(paper) }).where('id', '=', attempt.id).execute();
  }
}
