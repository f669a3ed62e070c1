import Type from 'typebox';
import { audiences, limits } from '../../shared/limits.js';
import type { CourseId, LessonId, ModuleId, QuestionId, QuizId } from '../../shared/ids.js';
import { exampleUnits, Id, Int32, IsoTime, Nullable, UnitRef } from '../http/schemas.js';
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
}, {
  examples: [
    {
      courses: [
        { id: 12, title: 'Dịch vụ công trực tuyến cho người dân', unit: exampleUnits.province, status: 'changed', publishedVersion: 3, reviewStatus: 'in_review', requiresReview: true, lessonCount: 9, updatedAt: '2026-12-01T03:20:00.000Z' },
        { id: 15, title: 'Bán nông sản trên sàn thương mại điện tử', unit: exampleUnits.myHoaHung, status: 'draft', publishedVersion: null, reviewStatus: 'none', requiresReview: false, lessonCount: 4, updatedAt: '2026-11-28T09:00:00.000Z' },
      ],
    },
  ],
});

export const NewCourseBody = Type.Object(
  { title: Title, summary: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false, examples: [{ title: 'Bán nông sản trên sàn thương mại điện tử', summary: 'Chụp ảnh, đăng bán và giao hàng gạo, xoài, cá tra qua sàn.' }] },
);
export const Created = Type.Object({ id: Type.Integer() }, { examples: [{ id: 15 }] });

const exampleDraftLesson = {
  id: 43,
  title: 'Tìm thủ tục cần làm',
  body: '## Tìm theo tên thủ tục\n\nGõ “đăng ký khai sinh” vào ô tìm kiếm, rồi chọn **Tỉnh An Giang**.\n\n![Ô tìm kiếm](tim-kiem.webp)',
  estimatedMinutes: 5,
  competences: ['1.1'],
  required: true,
  translations: { km: { title: 'ស្វែងរកនីតិវិធីដែលត្រូវធ្វើ', body: '## ស្វែងរកតាមឈ្មោះនីតិវិធី\n\nវាយ “ចុះសំបុត្រកំណើត” ក្នុងប្រអប់ស្វែងរក។' } },
  revision: 8,
  updatedAt: '2026-12-01T03:20:00.000Z',
};

export const DraftLesson = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  body: Type.String({ description: 'Markdown' }),
  estimatedMinutes: Type.Integer(),
  competences: Type.Array(Type.String()),
  required: Type.Boolean(),
  translations: Type.Object(
    { km: Type.Optional(Type.Object({ title: Type.String(), body: Type.String({ description: 'Markdown' }) })) },
    { description: 'The lesson in other languages (Khmer); published with the course' },
  ),
  revision: Type.Integer({ description: 'Send it back as baseRevision when saving' }),
  updatedAt: IsoTime,
}, { examples: [exampleDraftLesson] });

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
}, {
  examples: [
    {
      id: 12,
      title: 'Dịch vụ công trực tuyến cho người dân',
      summary: 'Nộp hồ sơ, theo dõi và nhận kết quả thủ tục hành chính trên Cổng dịch vụ công, từng bước trên điện thoại.',
      coverImage: 'bia-dich-vu-cong.webp',
      language: 'vi',
      audiences: ['citizens', 'elderly'],
      competences: ['1.1', '4.2'],
      requiresOrder: true,
      requiresReview: true,
      completionRule: 'lessons_and_final',
      unit: exampleUnits.province,
      status: 'changed',
      publishedVersion: 3,
      draftRevision: 41,
      reviewStatus: 'in_review',
      approvedRevision: null,
      modules: [{ id: 31, title: 'Làm quen với Cổng dịch vụ công', lessons: [exampleDraftLesson] }],
      media: [
        { id: 88, name: 'tim-kiem.webp', kind: 'image', mime: 'image/webp', bytes: 48213, alt: 'Ô tìm kiếm thủ tục trên Cổng dịch vụ công', width: 1080, height: 720, sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
      ],
      comments: [
        { id: 5, kind: 'request', body: 'Nhờ anh xem giúp bài 2, em đã thêm ảnh chụp màn hình.', draftRevision: 41, author: { id: 2048, fullName: 'Lê Thị Thu Hà' }, createdAt: '2026-12-01T03:25:00.000Z' },
      ],
      versions: [{ number: 3, publishedAt: '2026-11-20T08:00:00.000Z', publishedBy: 'Phạm Minh Tuấn' }],
    },
  ],
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
  { additionalProperties: false, examples: [{ title: 'Dịch vụ công trực tuyến cho người dân', audiences: ['citizens', 'elderly'], requiresOrder: true }] },
);

export const TitleBody = Type.Object({ title: Title }, { additionalProperties: false, examples: [{ title: 'Nộp hồ sơ và nhận kết quả' }] });

export const LessonPatchBody = Type.Object(
  {
    baseRevision: Int32({ minimum: 1, description: 'The revision the edit started from' }),
    title: Type.Optional(Title),
    body: Type.Optional(Type.String({ maxLength: 200_000 })),
    estimatedMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 600 })),
    competences: Type.Optional(Competences),
    required: Type.Optional(Type.Boolean()),
    translations: Type.Optional(
      Type.Object(
        { km: Type.Optional(Type.Union([Type.Object({ title: Title, body: Type.String({ maxLength: 200_000 }) }, { additionalProperties: false }), Type.Null()])) },
        { additionalProperties: false, description: "A language's version to save, or null to remove it; languages not named are kept" },
      ),
    ),
  },
  { additionalProperties: false, examples: [{ baseRevision: 8, title: 'Tìm thủ tục cần làm', body: '## Tìm theo tên thủ tục\n\nGõ “đăng ký khai sinh” vào ô tìm kiếm.', estimatedMinutes: 5 }] },
);

export const OutlineBody = Type.Object(
  { modules: Type.Array(Type.Object({ id: Id(), lessonIds: Type.Array(Id(), { maxItems: 500 }) }, { additionalProperties: false }), { maxItems: 200 }) },
  { additionalProperties: false, examples: [{ modules: [{ id: 31, lessonIds: [43, 42] }, { id: 32, lessonIds: [44, 45, 46] }] }] },
);

export const PreviewBody = Type.Object(
  { markdown: Type.String({ maxLength: 200_000 }) },
  { additionalProperties: false, examples: [{ markdown: '## Chuẩn bị giấy tờ\n\n- Căn cước công dân\n- Giấy chứng sinh\n\n![Mẫu tờ khai](to-khai.webp)' }] },
);
export const Preview = Type.Object(
  { html: Type.String(), problems: Type.Array(Type.Object({ line: Type.Integer(), message: Type.String() })) },
  {
    examples: [
      {
        html: '<h2>Chuẩn bị giấy tờ</h2><ul><li>Căn cước công dân</li><li>Giấy chứng sinh</li></ul>',
        problems: [{ line: 6, message: 'Tệp “to-khai.webp” chưa được tải lên khóa học.' }],
      },
    ],
  },
);

export const Published = Type.Object({ version: Type.Integer(), publishedAt: IsoTime }, { examples: [{ version: 4, publishedAt: '2026-12-02T08:00:00.000Z' }] });
export const VersionParams = Type.Object({ id: Id<CourseId>(), number: Int32({ minimum: 1 }) });

export const MessageBody = Type.Object(
  { message: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false, examples: [{ message: 'Nhờ anh xem giúp bài 2, em đã thêm ảnh chụp màn hình.' }] },
);
export const CommentBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false, examples: [{ body: 'Bài 3 nên nói rõ lệ phí đăng ký khai sinh là 0 đồng.' }] },
);
export const DecisionBody = Type.Object(
  { decision: Type.Enum(['approved', 'changes_requested']), message: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false, examples: [{ decision: 'changes_requested', message: 'Cần thay ảnh chụp màn hình cũ ở bài 2.' }, { decision: 'approved' }] },
);

export const DraftLessonContext = Type.Object({
  lesson: DraftLesson,
  course: Type.Object({ id: Type.Integer(), title: Type.String() }),
  media: Type.Array(Type.Object({ name: Type.String(), kind: Type.String(), alt: Type.String() })),
}, {
  examples: [
    {
      lesson: exampleDraftLesson,
      course: { id: 12, title: 'Dịch vụ công trực tuyến cho người dân' },
      media: [{ name: 'tim-kiem.webp', kind: 'image', alt: 'Ô tìm kiếm thủ tục trên Cổng dịch vụ công' }],
    },
  ],
});

export const UploadQuery = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), alt: Type.Optional(Type.String({ maxLength: maxAltLength })) },
  { additionalProperties: false },
);
export const AltBody = Type.Object(
  { alt: Type.String({ maxLength: maxAltLength }) },
  { additionalProperties: false, examples: [{ alt: 'Ô tìm kiếm thủ tục trên Cổng dịch vụ công' }] },
);

const exampleQuestion = {
  id: 'q-vneid',
  type: 'single',
  prompt: 'Để nộp hồ sơ trên Cổng dịch vụ công, bà con đăng nhập bằng gì?',
  options: ['Tài khoản định danh điện tử VNeID', 'Số điện thoại của cán bộ xã'],
  answer: 0,
  explanation: 'VNeID mức 2 dùng để đăng nhập mọi dịch vụ công.',
  competences: ['4.2'],
};
const exampleQuiz = {
  title: 'Kiểm tra cuối khóa: Dịch vụ công trực tuyến',
  kind: 'final',
  draw: { count: 10 },
  shuffleOptions: true,
  timeLimitMinutes: 15,
  maxAttempts: 3,
  cooldownMinutes: 60,
  passPercent: 70,
  showAnswers: true,
};

export const QuestionBody = Type.Record(Type.String(), Type.Unknown(), {
  description: 'A question document (hoctap.questions/1): id, type, prompt, the fields of its type and its answer key',
  examples: [exampleQuestion, { id: 'q-phi', type: 'true_false', prompt: 'Mọi thủ tục trực tuyến đều phải nộp phí.', answer: false }],
});

export const QuizBody = Type.Record(Type.String(), Type.Unknown(), {
  description: 'A quiz document: title, kind, questions or draw, settings; moduleId places a practice quiz after a module',
  examples: [exampleQuiz],
});

// The documents were checked by the quiz validator when saved; the schema only carries their type.
export const QuizBank = Type.Object({
  questions: Type.Array(Type.Object({ id: Type.Integer(), document: Type.Unsafe<QuestionDocument>({ description: 'A question document (hoctap.questions/1)' }) })),
  quizzes: Type.Array(Type.Object({ id: Type.Integer(), moduleId: Nullable(Type.Integer()), document: Type.Unsafe<QuizDocument>({ description: 'A quiz document' }) })),
}, { examples: [{ questions: [{ id: 301, document: exampleQuestion }], quizzes: [{ id: 7, moduleId: null, document: exampleQuiz }] }] });

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
}, {
  examples: [
    {
      attempts: 214,
      items: [
        { key: 'q-vneid', prompt: 'Để nộp hồ sơ trên Cổng dịch vụ công, bà con đăng nhập bằng gì?', type: 'single', answered: 214, difficulty: 0.83, discrimination: 0.41, mostChosenWrong: { answer: 'Số điện thoại của cán bộ xã', count: 29 } },
      ],
    },
  ],
});
