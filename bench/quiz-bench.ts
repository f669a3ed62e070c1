/**
 * What the quiz and certificate cases need: a course with one lesson and a
 * 20-question final quiz (one of every question type, over and over), the
 * bench learners' lesson already done, so that passing the quiz completes the
 * course and issues a certificate in the same request; and a certificate for
 * each learner of the first shipped course, to download as a PDF.
 */
import { issueCertificates } from '../src/server/certificates/certificates.service.js';
import { openSigner } from '../src/server/certificates/signing-keys.js';
import { defaultQuizSettings, insertBankAndQuizzes, insertCourseDraft, publishCourse, type QuestionDocument } from '../src/server/authoring/authoring.service.js';
import type { Db } from '../src/server/db/database.js';
import type { CourseId, UnitId, UserId } from '../src/shared/ids.js';

const kinds: ((n: number) => { question: QuestionDocument; answer: unknown })[] = [
  (n) => ({ question: { id: `b-${n}`, type: 'single', prompt: `Câu ${n}: ai hỏi mã OTP?`, options: ['Ngân hàng', 'Kẻ lừa đảo', 'Bưu điện', 'Nhà mạng'], answer: 1 }, answer: 1 }),
  (n) => ({ question: { id: `b-${n}`, type: 'multiple', prompt: `Câu ${n}: dấu hiệu lừa đảo?`, options: ['Giục gấp', 'Tên miền .gov.vn', 'Đòi chuyển tiền'], answer: [0, 2] }, answer: [0, 2] }),
  (n) => ({ question: { id: `b-${n}`, type: 'true_false', prompt: `Câu ${n}: nên cho người lạ mượn căn cước.`, answer: false }, answer: false }),
  (n) => ({ question: { id: `b-${n}`, type: 'ordering', prompt: `Câu ${n}: sắp xếp các bước.`, items: ['Mở ứng dụng', 'Quét mã', 'Kiểm tra tên', 'Xác nhận'] }, answer: [0, 1, 2, 3] }),
  (n) => ({ question: { id: `b-${n}`, type: 'matching', prompt: `Câu ${n}: nối cặp.`, pairs: [['Tin rác', 'Báo 5656'], ['Lỡ chuyển tiền', 'Gọi ngân hàng'], ['Web giả', 'Báo canhbao']] }, answer: [0, 1, 2] }),
  (n) => ({ question: { id: `b-${n}`, type: 'short_text', prompt: `Câu ${n}: Dừng lại — Kiểm tra — Không chuyển …`, answers: ['tiền'], ignoreDiacritics: true }, answer: 'tien' }),
];

type Choice = { id: string; text: string };
/** An attempt as the server shows it: enough to find each choice's id by its text. */
export interface ShownAttempt {
  id: number;
  questions: { key: string; options?: Choice[]; items?: Choice[]; right?: Choice[] }[];
}

/** A right answer (by index into the question) in the ids this attempt shows, found by their texts as a learner would. */
function inIds(question: QuestionDocument, shown: ShownAttempt['questions'][number], answer: unknown): unknown {
  const idOf = (choices: Choice[] | undefined, text: string | undefined) => choices!.find((c) => c.text === text)!.id;
  switch (question.type) {
    case 'single':
      return idOf(shown.options, question.options[answer as number]);
    case 'multiple':
      return (answer as number[]).map((i) => idOf(shown.options, question.options[i]));
    case 'ordering':
      return (answer as number[]).map((i) => idOf(shown.items, question.items[i]));
    case 'matching':
      return (answer as number[]).map((i) => idOf(shown.right, question.pairs[i]![1]));
    default:
      return answer;
  }
}

export interface QuizBench {
  quizId: number;
  /** The right answers in an attempt's own ids: what a learner who passes sends. */
  answersFor(attempt: ShownAttempt): Record<string, unknown>;
  /** Certificate code per bench learner. */
  certificates: Map<UserId, string>;
}

export async function prepareQuizBench(db: Db, options: { ownerUnitId: UnitId; learners: readonly UserId[]; certificateCourse: CourseId; dataDir: string; now: number }): Promise<QuizBench> {
  const drawn = Array.from({ length: 20 }, (_, i) => kinds[i % kinds.length]!(i + 1));
  const courseId = await db.transaction().execute(async (trx) => {
    const id = await insertCourseDraft(
      trx,
      {
        title: 'Bài kiểm tra đo hiệu năng',
        summary: 'Dùng cho npm run bench.',
        language: 'vi',
        coverImage: null,
        estimatedMinutes: 5,
        audiences: ['citizens'],
        competences: ['4.2'],
        requiresOrder: false,
        completionRule: 'lessons_and_final',
        modules: [{ title: 'Chương một', lessons: [{ title: 'Bài duy nhất', body: 'Nội dung.', estimatedMinutes: 5, competences: [], required: true }] }],
      },
      { slug: 'bench-quiz', ownerUnitId: options.ownerUnitId, createdBy: null, now: options.now },
    );
    await insertBankAndQuizzes(trx, id, drawn.map((d) => d.question), [{ moduleIndex: null, document: { ...defaultQuizSettings, title: 'Cuối khóa', kind: 'final', questions: drawn.map((d) => d.question.id) } }], options.now);
    await publishCourse(trx, id, null, options.now);
    return id;
  });
  const lesson = (await db.selectFrom('published_lessons').select('lesson_id').where('course_id', '=', courseId).executeTakeFirstOrThrow()).lesson_id;
  const quizId = (await db.selectFrom('published_quizzes').select('quiz_id').where('course_id', '=', courseId).executeTakeFirstOrThrow()).quiz_id;
  const signer = await openSigner(db, { dataDir: options.dataDir, secretKey: null }, options.now);
  for (let i = 0; i < options.learners.length; i += 500) {
    const chunk = options.learners.slice(i, i + 500);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('lesson_progress').values(chunk.map((user_id) => ({ user_id, lesson_id: lesson, course_id: courseId, opened_at: options.now, completed_at: options.now }))).execute();
      await trx
        .insertInto('enrollments')
        .values(chunk.map((user_id) => ({ user_id, course_id: courseId, enrolled_at: options.now, last_lesson_id: lesson, last_activity_at: options.now, completed_lessons: 1, completed_at: null, final_passed_at: null })))
        .execute();
      await trx.deleteFrom('certificates').where('course_id', '=', options.certificateCourse).where('user_id', 'in', chunk).execute();
      await issueCertificates(trx, signer, chunk.map((userId) => ({ userId, courseId: options.certificateCourse, at: options.now, recordedAt: options.now })));
    });
  }
  const rows = await db.selectFrom('certificates').select(['user_id', 'code']).where('course_id', '=', options.certificateCourse).where('user_id', 'in', [...options.learners]).execute();
  const byKey = new Map(drawn.map((d) => [d.question.id, d]));
  const answersFor = (attempt: ShownAttempt) =>
    Object.fromEntries(attempt.questions.map((q) => [q.key, inIds(byKey.get(q.key)!.question, q, byKey.get(q.key)!.answer)]));
  return { quizId, answersFor, certificates: new Map(rows.map((r) => [r.user_id, r.code])) };
}
