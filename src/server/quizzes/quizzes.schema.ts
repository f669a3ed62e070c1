import { Id, IsoTime, Nullable } from '../http/schemas.js';
import Type from 'typebox';


export const IdParams = Type.Object({ id: Id() });

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

export const QuestionBody = Type.Record(Type.String(), Type.Unknown(), {
  description: 'A question document (hoctap.questions/1): id, type, prompt, the fields of its type and its answer key',
});

export const QuizBody = Type.Record(Type.String(), Type.Unknown(), {
  description: 'A quiz document: title, kind, questions or draw, settings; moduleId places a practice quiz after a module',
});

export const QuizBank = Type.Object({
  questions: Type.Array(Type.Object({ id: Type.Integer(), document: Type.Unknown() })),
  quizzes: Type.Array(Type.Object({ id: Type.Integer(), moduleId: Nullable(Type.Integer()), document: Type.Unknown() })),
});

export const Created = Type.Object({ id: Type.Integer() });

export const ItemStatistics = Type.Object({
  attempts: Type.Integer(),
  items: Type.Array(
    Type.Object({
      key: Type.String(),
      prompt: Type.String(),
      type: Type.String(),
      answered: Type.Integer(),
      difficulty: Type.Number({ description: 'Share answered right, 0–1' }),
      discrimination: Nullable(Type.Number({ description: 'Upper 27 % share right minus lower 27 % share right, −1–1' })),
      mostChosenWrong: Nullable(Type.Object({ answer: Type.String(), count: Type.Integer() })),
    }),
  ),
});
