import Type from 'typebox';
import type { LessonId } from '../../shared/ids.js';
import { Id } from '../http/schemas.js';

const LessonLink = Type.Union([Type.Object({ id: Type.Integer(), title: Type.String() }), Type.Null()]);

export const LessonParams = Type.Object({ id: Id<LessonId>() });

export const LessonView = Type.Object({
  id: Id<LessonId>(),
  title: Type.String(),
  html: Type.String({ description: 'Sanitized HTML rendered from the lesson Markdown' }),
  translations: Type.Object(
    { km: Type.Optional(Type.Object({ title: Type.String(), html: Type.String() })) },
    { description: 'The lesson in other languages (Khmer), when its authors wrote one: the reader offers it' },
  ),
  estimatedMinutes: Type.Integer(),
  position: Type.Integer({ description: '1-based place of the lesson in the course' }),
  lessonCount: Type.Integer(),
  module: Type.Object({ id: Type.Integer(), title: Type.String() }),
  course: Type.Object({ id: Type.Integer(), title: Type.String(), requiresOrder: Type.Boolean() }),
  previous: LessonLink,
  next: LessonLink,
  state: Type.Object({
    openedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  }),
}, {
  examples: [
    {
      id: 43,
      title: 'Tìm thủ tục cần làm',
      html: '<h2>Tìm theo tên thủ tục</h2><p>Gõ “đăng ký khai sinh” vào ô tìm kiếm, rồi chọn <strong>Tỉnh An Giang</strong>.</p>',
      translations: { km: { title: 'ស្វែងរកនីតិវិធីដែលត្រូវធ្វើ', html: '<h2>ស្វែងរកតាមឈ្មោះនីតិវិធី</h2><p>វាយ “ចុះសំបុត្រកំណើត” ក្នុងប្រអប់ស្វែងរក។</p>' } },
      estimatedMinutes: 5,
      position: 2,
      lessonCount: 9,
      module: { id: 31, title: 'Làm quen với Cổng dịch vụ công' },
      course: { id: 12, title: 'Dịch vụ công trực tuyến cho người dân', requiresOrder: true },
      previous: { id: 42, title: 'Tạo tài khoản bằng VNeID' },
      next: { id: 44, title: 'Chuẩn bị giấy tờ' },
      state: { openedAt: '2026-12-01T01:05:00.000Z', completedAt: null },
    },
  ],
});
