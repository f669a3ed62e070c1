import { Id, IsoTime, Nullable } from '../http/schemas.js';
import Type from 'typebox';
import type { AttemptId, CourseId, QuizId } from '../../shared/ids.js';


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
});

export const AnswersBody = Type.Object(
  { answers: Type.Record(Type.String({ maxLength: 40 }), AnswerSchema, { maxProperties: 200, description: 'By question key; null clears an answer' }) },
  { additionalProperties: false },
);

export const SubmitBody = Type.Object({ answers: Type.Optional(AnswersBody.properties.answers) }, { additionalProperties: false });

export const SavedAnswers = Type.Object({ savedAt: IsoTime, answered: Type.Integer(), deadlineAt: Nullable(IsoTime) });

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
});

/** A question and a quiz as documents (authoring/quiz-documents.ts checks them); attempts and grading read them too. */
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
