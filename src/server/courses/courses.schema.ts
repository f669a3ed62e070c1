import Type from 'typebox';
import type { CourseId } from '../../shared/ids.js';
import { Id, Offset } from '../http/schemas.js';
import { audiences, limits } from '../../shared/limits.js';

// A column type other features name (the table file itself stays internal).
export type { CompletionRule } from './courses.table.js';

export const CatalogQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: limits.searchQueryMaxLength, description: 'Words from the title, summary or lessons, with or without diacritics' })),
    tag: Type.Optional(
      Type.String({ maxLength: 100, description: `Audiences (${audiences.join(', ')}) and competence codes such as 4.2, comma-separated; a course must have all of them` }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);

const CourseCard = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  summary: Type.String(),
  coverImage: Type.Union([Type.String(), Type.Null()]),
  language: Type.String(),
  estimatedMinutes: Type.Integer(),
  audiences: Type.Array(Type.String()),
  competences: Type.Array(Type.String()),
  moduleCount: Type.Integer(),
  lessonCount: Type.Integer(),
});

const exampleCard = {
  id: 12,
  title: 'Dịch vụ công trực tuyến cho người dân',
  summary: 'Nộp hồ sơ, theo dõi và nhận kết quả thủ tục hành chính trên Cổng dịch vụ công, từng bước trên điện thoại.',
  coverImage: '/media/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08/bia-dich-vu-cong.webp',
  language: 'vi',
  estimatedMinutes: 45,
  audiences: ['citizens', 'elderly'],
  competences: ['1.1', '4.2'],
  moduleCount: 3,
  lessonCount: 9,
};

export const Catalog = Type.Object({ total: Type.Integer(), courses: Type.Array(CourseCard) }, { examples: [{ total: 1, courses: [exampleCard] }] });

export const CourseParams = Type.Object({ id: Id<CourseId>() });

export const CourseOutline = Type.Object({
  ...CourseCard.properties,
  requiresOrder: Type.Boolean(),
  modules: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      lessons: Type.Array(
        Type.Object({
          id: Type.Integer(),
          title: Type.String(),
          estimatedMinutes: Type.Integer(),
          required: Type.Boolean(),
          state: Type.Enum(['locked', 'available', 'opened', 'completed'], { description: 'For the signed-in learner; "available" or "locked" for visitors' }),
        }),
      ),
    }),
  ),
  progress: Type.Union([
    Type.Object({
      percent: Type.Integer(),
      completedLessons: Type.Integer(),
      requiredLessons: Type.Integer(),
      completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      continueLessonId: Type.Union([Type.Integer(), Type.Null()]),
    }),
    Type.Null(),
  ]),
}, {
  examples: [
    {
      ...exampleCard,
      requiresOrder: true,
      modules: [
        {
          id: 31,
          title: 'Làm quen với Cổng dịch vụ công',
          lessons: [
            { id: 42, title: 'Tạo tài khoản bằng VNeID', estimatedMinutes: 5, required: true, state: 'completed' },
            { id: 43, title: 'Tìm thủ tục cần làm', estimatedMinutes: 5, required: true, state: 'available' },
          ],
        },
      ],
      progress: { percent: 11, completedLessons: 1, requiredLessons: 9, completedAt: null, continueLessonId: 43 },
    },
  ],
});
