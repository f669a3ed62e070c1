import { Id, IsoTime, Nullable } from '../http/schemas.js';
import Type from 'typebox';
import type { AttemptId, CourseId, QuizId } from '../../shared/ids.js';
import type { PoolQuestion } from '../../shared/quiz-grading.js';


export const CourseIdParams = Type.Object({ id: Id<CourseId>() });
export const QuizIdParams = Type.Object({ id: Id<QuizId>() });
export const AttemptIdParams = Type.Object({ id: Id<AttemptId>() });

const Choice = Type.Object({ id: Type.String({ description: 'Drawn at random for each attempt: says nothing of the answer' }), text: Type.String() });

export const AnswerSchema = Type.Unknown({
  description:
    "single: option id; multiple: option ids; true_false: boolean; ordering: item ids in order; matching: for each left item (by position) the id of the right one, or null; short_text: text. Ids are the attempt's own (opaque strings).",
});

export const AttemptView = Type.Object({
  id: Type.Integer(),
  quizId: Type.Integer(),
  courseId: Type.Integer(),
  quizTitle: Type.String(),
  kind: Type.String({ description: 'practice or final' }),
  number: Type.Integer({ description: 'Which attempt of the learner at this quiz' }),
  status: Type.String({ description: 'open or submitted' }),
  startedAt: IsoTime,
  deadlineAt: Nullable(IsoTime),
  submittedAt: Nullable(IsoTime),
  serverNow: IsoTime,
  passPercent: Type.Integer(),
  questions: Type.Array(
    Type.Object({
      key: Type.String(),
      type: Type.String(),
      prompt: Type.String(),
      media: Nullable(Type.Object({ url: Type.String(), kind: Type.String(), alt: Type.String() })),
      options: Type.Optional(Type.Array(Choice)),
      items: Type.Optional(Type.Array(Choice)),
      left: Type.Optional(Type.Array(Choice)),
      right: Type.Optional(Type.Array(Choice)),
      answer: AnswerSchema,
    }),
  ),
  result: Nullable(
    Type.Object({
      score: Type.Integer(),
      maxScore: Type.Integer(),
      percent: Type.Integer(),
      passed: Type.Boolean(),
      showAnswers: Type.Boolean(),
      questions: Type.Array(
        Type.Object({ key: Type.String(), correct: Type.Boolean(), given: AnswerSchema, expected: AnswerSchema, explanation: Nullable(Type.String()) }),
      ),
    }),
  ),
}, {
  examples: [
    {
      id: 5120,
      quizId: 7,
      courseId: 12,
      quizTitle: 'Kiểm tra cuối khóa: Dịch vụ công trực tuyến',
      kind: 'final',
      number: 1,
      status: 'submitted',
      startedAt: '2026-12-01T02:00:00.000Z',
      deadlineAt: '2026-12-01T02:15:00.000Z',
      submittedAt: '2026-12-01T02:09:41.000Z',
      serverNow: '2026-12-01T02:09:41.000Z',
      passPercent: 70,
      questions: [
        {
          key: 'q-vneid',
          type: 'single',
          prompt: 'Để nộp hồ sơ trên Cổng dịch vụ công, bà con đăng nhập bằng gì?',
          media: null,
          options: [
            { id: 'k3f9', text: 'Tài khoản định danh điện tử VNeID' },
            { id: 'p2x7', text: 'Số điện thoại của cán bộ xã' },
          ],
          answer: 'k3f9',
        },
        { key: 'q-phi', type: 'true_false', prompt: 'Mọi thủ tục trực tuyến đều phải nộp phí.', media: null, answer: false },
      ],
      result: {
        score: 2,
        maxScore: 2,
        percent: 100,
        passed: true,
        showAnswers: true,
        questions: [
          { key: 'q-vneid', correct: true, given: 'k3f9', expected: 'k3f9', explanation: 'VNeID mức 2 dùng để đăng nhập mọi dịch vụ công.' },
          { key: 'q-phi', correct: true, given: false, expected: false, explanation: null },
        ],
      },
    },
  ],
});

export const AnswersBody = Type.Object(
  { answers: Type.Record(Type.String({ maxLength: 40 }), AnswerSchema, { maxProperties: 200, description: 'By question key; null clears an answer' }) },
  { additionalProperties: false, examples: [{ answers: { 'q-vneid': 'k3f9', 'q-phi': false, 'q-thu-tu': null } }] },
);

export const SubmitBody = Type.Object(
  { answers: Type.Optional(AnswersBody.properties.answers) },
  { additionalProperties: false, examples: [{ answers: { 'q-phi': false } }, {}] },
);

export const SavedAnswers = Type.Object(
  { savedAt: IsoTime, answered: Type.Integer(), deadlineAt: Nullable(IsoTime) },
  { examples: [{ savedAt: '2026-12-01T02:05:12.000Z', answered: 2, deadlineAt: '2026-12-01T02:15:00.000Z' }] },
);

export const CourseQuizzes = Type.Object({
  quizzes: Type.Array(
    Type.Object({
      id: Type.Integer(),
      moduleId: Nullable(Type.Integer()),
      title: Type.String(),
      kind: Type.String(),
      questionCount: Type.Integer(),
      timeLimitMinutes: Nullable(Type.Integer()),
      maxAttempts: Nullable(Type.Integer()),
      passPercent: Type.Integer(),
      attemptsUsed: Type.Integer(),
      inProgress: Type.Boolean(),
      bestPercent: Nullable(Type.Integer()),
      passed: Type.Boolean(),
    }),
  ),
  completionRule: Type.String(),
}, {
  examples: [
    {
      quizzes: [
        { id: 6, moduleId: 31, title: 'Ôn tập: Làm quen với Cổng dịch vụ công', kind: 'practice', questionCount: 5, timeLimitMinutes: null, maxAttempts: null, passPercent: 60, attemptsUsed: 2, inProgress: false, bestPercent: 80, passed: true },
        { id: 7, moduleId: null, title: 'Kiểm tra cuối khóa: Dịch vụ công trực tuyến', kind: 'final', questionCount: 10, timeLimitMinutes: 15, maxAttempts: 3, passPercent: 70, attemptsUsed: 0, inProgress: false, bestPercent: null, passed: false },
      ],
      completionRule: 'lessons_and_final',
    },
  ],
});

/** A question as a document lives with the grading rule the phone shares (src/shared/quiz-grading.ts). */
export type { QuestionDocument } from '../../shared/quiz-grading.js';

export interface QuizSettings {
  /** Shuffle the options of each question (and the questions when drawn at random). */
  shuffleOptions: boolean;
  timeLimitMinutes: number | null;
  maxAttempts: number | null;
  cooldownMinutes: number;
  passPercent: number;
  /** After submitting, show the right answers and explanations (final exams may hide them). */
  showAnswers: boolean;
}

export interface QuizDocument extends QuizSettings {
  title: string;
  kind: 'practice' | 'final';
  /** Fixed questions, by key, in this order… */
  questions?: string[];
  /** …or this many drawn at random for each attempt, from questions tagged with one of these competences (any, if none). */
  draw?: { count: number; competences?: string[] };
}

/** A practice quiz with its answer keys, for a phone to take offline (final quizzes never: see attempts.service practicePaper). */
export const PracticePaper = Type.Object(
  {
    quizId: Type.Integer(),
    courseId: Type.Integer(),
    title: Type.String(),
    passPercent: Type.Integer(),
    showAnswers: Type.Boolean(),
    shuffleOptions: Type.Boolean(),
    draw: Nullable(Type.Integer({ description: 'How many questions each attempt draws at random; null: all, in this order' })),
    questions: Type.Array(Type.Unsafe<PoolQuestion>(Type.Object({}, { additionalProperties: true, description: 'A question document with its answer key (hoctap.questions/1), and its media as mediaView' }))),
  },
  {
    examples: [
      {
        quizId: 6,
        courseId: 12,
        title: 'Ôn tập: Làm quen với Cổng dịch vụ công',
        passPercent: 60,
        showAnswers: true,
        shuffleOptions: false,
        draw: null,
        questions: [{ id: 'q-phi', type: 'true_false', prompt: 'Mọi thủ tục trực tuyến đều phải nộp phí.', answer: false, explanation: 'Nhiều thủ tục được miễn phí.' }],
      },
    ],
  },
);

export const OfflineAttemptBody = Type.Object(
  {
    clientId: Type.String({ format: 'uuid', description: 'Made on the phone: sending the same attempt again records it once' }),
    takenAt: IsoTime,
    questions: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 200, description: 'The keys of the questions the phone drew, in order' }),
    answers: Type.Record(Type.String({ maxLength: 40 }), AnswerSchema, { maxProperties: 200, description: "By question key; choices are named by their index in the question ('0', '1', …)" }),
  },
  { additionalProperties: false, examples: [{ clientId: '0b9f6c1e-3d4a-4e8b-9c2f-7a1d5e6b8c90', takenAt: '2026-12-01T02:05:00.000Z', questions: ['q-1'], answers: { 'q-1': true } }] },
);
