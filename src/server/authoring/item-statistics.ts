/**
 * Item statistics for authors, from submitted attempts (the latest 5,000):
 * - difficulty: the share of learners who answered the question right;
 * - discrimination: that share among the top 27 % of attempts by total score
 *   minus the share among the bottom 27 % (a good question is answered right
 *   more often by those who know the course);
 * - the most chosen wrong answer, which says what learners misunderstand.
 */
import type { QuizId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import { type Answer, foldShortAnswer, type GradedQuestion, type PaperQuestion } from '../quizzes/quizzes.service.js';

const sampleSize = 5_000;
const groupShare = 0.27;

function describeWrong(question: PaperQuestion['question'], given: Answer): string | null {
  switch (question.type) {
    case 'single':
      return question.options[given as number] ?? null;
    case 'multiple':
      return (given as number[]).map((i) => question.options[i]).join(' + ');
    case 'true_false':
      return given ? 'true' : 'false';
    case 'short_text':
      return foldShortAnswer(given as string, question.ignoreDiacritics === true);
    default:
      // An ordering or a matching is wrong in too many ways for one of them to say much.
      return null;
  }
}

export async function itemStatistics(db: DbOrTx, quizId: QuizId) {
  const attempts = await db
    .selectFrom('quiz_attempts')
    .select(['paper', 'result', 'score'])
    .where('quiz_id', '=', quizId)
    .where('status', '=', 'submitted')
    .orderBy('id', 'desc')
    .limit(sampleSize)
    .execute();
  const ranked = attempts.map((a) => ({ score: a.score ?? 0, paper: JSON.parse(a.paper) as PaperQuestion[], graded: JSON.parse(a.result!) as GradedQuestion[] })).sort((a, b) => b.score - a.score);
  const groupSize = Math.floor(ranked.length * groupShare);
  const upper = new Set(ranked.slice(0, groupSize));
  const lower = new Set(ranked.slice(ranked.length - groupSize));

  const items = new Map<string, { prompt: string; type: string; answered: number; correct: number; upper: [number, number]; lower: [number, number]; wrong: Map<string, number> }>();
  for (const attempt of ranked) {
    for (const graded of attempt.graded) {
      const question = attempt.paper.find((p) => p.question.id === graded.key)!.question;
      const item = items.get(graded.key) ?? { prompt: question.prompt, type: question.type, answered: 0, correct: 0, upper: [0, 0], lower: [0, 0], wrong: new Map() };
      items.set(graded.key, item);
      item.answered++;
      if (graded.correct) item.correct++;
      for (const [group, tally] of [
        [upper, item.upper],
        [lower, item.lower],
      ] as const) {
        if (group.has(attempt)) {
          tally[0]++;
          if (graded.correct) tally[1]++;
        }
      }
      if (!graded.correct && graded.given !== null) {
        const wrong = describeWrong(question, graded.given);
        if (wrong !== null) item.wrong.set(wrong, (item.wrong.get(wrong) ?? 0) + 1);
      }
    }
  }
  const share = ([n, right]: readonly [number, number]) => (n === 0 ? null : right / n);
  return {
    attempts: ranked.length,
    items: [...items.entries()].map(([key, item]) => {
      const top = [...item.wrong.entries()].sort((a, b) => b[1] - a[1])[0];
      const up = share(item.upper);
      const low = share(item.lower);
      return {
        key,
        prompt: item.prompt,
        type: item.type,
        answered: item.answered,
        difficulty: item.correct / item.answered,
        discrimination: up === null || low === null ? null : up - low,
        mostChosenWrong: top ? { answer: top[0], count: top[1] } : null,
      };
    }),
  };
}
