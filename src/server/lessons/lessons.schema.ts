import Type from 'typebox';
import type { LessonId } from '../../shared/ids.js';
import { Id } from '../http/schemas.js';

const LessonLink = Type.Union([Type.Object({ id: Type.Integer(), title: Type.String() }), Type.Null()]);

export const LessonParams = Type.Object({ id: Id<LessonId>() });

export const LessonView = Type.Object({
  id: Id<LessonId>(),
  title: Type.String(),
  html: Type.String({ description: 'Sanitized HTML rendered from the lesson Markdown' }),
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
});
