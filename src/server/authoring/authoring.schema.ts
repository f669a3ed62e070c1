import Type from 'typebox';
import { audiences, limits } from '../../shared/limits.js';
import type { CourseId, LessonId, ModuleId, QuestionId, QuizId } from '../../shared/ids.js';
import { Id, Int32, IsoTime, Nullable, UnitRef } from '../http/schemas.js';
import { maxAltLength } from '../media/media.service.js';
import type { QuestionDocument, QuizDocument } from '../quizzes/quizzes.schema.js';

export const CourseIdParams = Type.Object({ id: Id<CourseId>() });
export const ModuleIdParams = Type.Object({ id: Id<ModuleId>() });
export const LessonIdParams = Type.Object({ id: Id<LessonId>() });
export const MediaIdParams = Type.Object({ id: Id() });
export const QuestionIdParams = Type.Object({ id: Id<QuestionId>() });
export const QuizIdParams = Type.Object({ id: Id<QuizId>() });
const Title = Type.String({ minLength: 1, maxLength: 200 });
const Competences = Type.Array(Type.String({ maxLength: 8 }), { maxItems: 30 });
const CourseStatus = Type.Enum(['draft', 'published', 'changed', 'unpublished'], {
  description: 'draft: never published; published: learners read the draft as it is; changed: the draft has changes not yet published; unpublished',
});
const ReviewStatus = Type.Enum(['none', 'in_review', 'changes_requested', 'approved']);

export const CourseListQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: limits.searchQueryMaxLength })) }, { additionalProperties: false });

const CompletionRuleSchema = Type.Union([Type.Literal('lessons'), Type.Literal('lessons_and_final')], {
  description: 'lessons: all required lessons done; lessons_and_final: and the final quiz passed',
});

export const CourseList = Type.Object({
  courses: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      unit: UnitRef,
      status: CourseStatus,
      publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
      reviewStatus: ReviewStatus,
      requiresReview: Type.Boolean(),
      lessonCount: Type.Integer(),
      updatedAt: IsoTime,
    }),
  ),
});

export const NewCourseBody = Type.Object({ title: Title, summary: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });
export const Created = Type.Object({ id: Type.Integer() });

export const DraftLesson = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  body: Type.String({ description: 'Markdown' }),
  estimatedMinutes: Type.Integer(),
  competences: Type.Array(Type.String()),
  required: Type.Boolean(),
  revision: Type.Integer({ description: 'Send it back as baseRevision when saving' }),
  updatedAt: IsoTime,
});

export const Draft = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  summary: Type.String(),
  coverImage: Type.Union([Type.String({ description: 'A media name of the course' }), Type.Null()]),
  language: Type.String(),
  audiences: Type.Array(Type.Enum(audiences)),
  competences: Type.Array(Type.String()),
  requiresOrder: Type.Boolean(),
  requiresReview: Type.Boolean(),
  completionRule: CompletionRuleSchema,
  unit: UnitRef,
  status: CourseStatus,
  publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
  draftRevision: Type.Integer(),
  reviewStatus: ReviewStatus,
  approvedRevision: Type.Union([Type.Integer(), Type.Null()]),
  modules: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), lessons: Type.Array(DraftLesson) })),
  media: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      kind: Type.String(),
      mime: Type.String(),
      bytes: Type.Integer(),
      alt: Type.String(),
      width: Type.Union([Type.Integer(), Type.Null()]),
      height: Type.Union([Type.Integer(), Type.Null()]),
      sha256: Type.String(),
    }),
  ),
  comments: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String({ description: 'request, comment, approved, changes_requested' }),
      body: Type.String(),
      draftRevision: Type.Integer(),
      author: Type.Union([Type.Object({ id: Type.Integer(), fullName: Type.String() }), Type.Null()]),
      createdAt: IsoTime,
    }),
  ),
  versions: Type.Array(Type.Object({ number: Type.Integer(), publishedAt: IsoTime, publishedBy: Type.Union([Type.String(), Type.Null()]) })),
});

export const CoursePatchBody = Type.Object(
  {
    title: Type.Optional(Title),
    summary: Type.Optional(Type.String({ maxLength: 1000 })),
    coverImage: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    audiences: Type.Optional(Type.Array(Type.Enum(audiences), { maxItems: audiences.length })),
    competences: Type.Optional(Competences),
    requiresOrder: Type.Optional(Type.Boolean()),
    requiresReview: Type.Optional(Type.Boolean()),
    completionRule: Type.Optional(CompletionRuleSchema),
  },
  { additionalProperties: false },
);

export const TitleBody = Type.Object({ title: Title }, { additionalProperties: false });

export const LessonPatchBody = Type.Object(
  {
    baseRevision: Int32({ minimum: 1, description: 'The revision the edit started from' }),
    title: Type.Optional(Title),
    body: Type.Optional(Type.String({ maxLength: 200_000 })),
    estimatedMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 600 })),
    competences: Type.Optional(Competences),
    required: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const OutlineBody = Type.Object(
  { modules: Type.Array(Type.Object({ id: Id(), lessonIds: Type.Array(Id(), { maxItems: 500 }) }, { additionalProperties: false }), { maxItems: 200 }) },
  { additionalProperties: false },
);

export const PreviewBody = Type.Object({ markdown: Type.String({ maxLength: 200_000 }) }, { additionalProperties: false });
export const Preview = Type.Object({ html: Type.String(), problems: Type.Array(Type.Object({ line: Type.Integer(), message: Type.String() })) });

export const Published = Type.Object({ version: Type.Integer(), publishedAt: IsoTime });
export const VersionParams = Type.Object({ id: Id<CourseId>(), number: Int32({ minimum: 1 }) });

export const MessageBody = Type.Object({ message: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const CommentBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
export const DecisionBody = Type.Object(
  { decision: Type.Enum(['approved', 'changes_requested']), message: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const DraftLessonContext = Type.Object({
  lesson: DraftLesson,
  course: Type.Object({ id: Type.Integer(), title: Type.String() }),
  media: Type.Array(Type.Object({ name: Type.String(), kind: Type.String(), alt: Type.String() })),
});

export const UploadQuery = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), alt: Type.Optional(Type.String({ maxLength: maxAltLength })) },
  { additionalProperties: false },
);
export const AltBody = Type.Object({ alt: Type.String({ maxLength: maxAltLength }) }, { additionalProperties: false });

export const QuestionBody = Type.Record(Type.String(), Type.Unknown(), {
  description: 'A question document (hoctap.questions/1): id, type, prompt, the fields of its type and its answer key',
});

export const QuizBody = Type.Record(Type.String(), Type.Unknown(), {
  description: 'A quiz document: title, kind, questions or draw, settings; moduleId places a practice quiz after a module',
});

// The documents were checked by the quiz validator when saved; the schema only carries their type.
export const QuizBank = Type.Object({
  questions: Type.Array(Type.Object({ id: Type.Integer(), document: Type.Unsafe<QuestionDocument>({ description: 'A question document (hoctap.questions/1)' }) })),
  quizzes: Type.Array(Type.Object({ id: Type.Integer(), moduleId: Nullable(Type.Integer()), document: Type.Unsafe<QuizDocument>({ description: 'A quiz document' }) })),
});

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
