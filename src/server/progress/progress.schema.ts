import { Id, IsoTime } from '../http/schemas.js';
import type { LessonId } from '../../shared/ids.js';
import type { ProgressEventType } from '../../shared/limits.js';
import Type from 'typebox';
import { progressEventTypes } from '../../shared/limits.js';

export const ProgressBody = Type.Object(
  {
    eventId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'Made by the client (e.g. a UUID), unique per event; sending it again changes nothing' }),
    lessonId: Id<LessonId>(),
    type: Type.Enum(progressEventTypes),
    at: Type.String({ format: 'date-time', maxLength: 40, description: "When it happened on the learner's device" }),
  },
  { additionalProperties: false, examples: [{ eventId: '5b1f0c9e-2d4a-4f7b-9a61-0c3e8d2f7a14', lessonId: 43, type: 'completed', at: '2026-12-01T01:12:30.000Z' }] },
);

const IsoOrNull = Type.Union([IsoTime, Type.Null()]);

export const ProgressReceipt = Type.Object({
  eventId: Type.String(),
  lessonId: Type.Integer(),
  courseId: Type.Integer(),
  type: Type.Enum(progressEventTypes),
  at: IsoTime,
  lesson: Type.Object({ openedAt: IsoTime, completedAt: IsoOrNull }),
  course: Type.Object({ percent: Type.Integer(), completedLessons: Type.Integer(), requiredLessons: Type.Integer(), completedAt: IsoOrNull }),
}, {
  examples: [
    {
      eventId: '5b1f0c9e-2d4a-4f7b-9a61-0c3e8d2f7a14',
      lessonId: 43,
      courseId: 12,
      type: 'completed',
      at: '2026-12-01T01:12:30.000Z',
      lesson: { openedAt: '2026-12-01T01:05:00.000Z', completedAt: '2026-12-01T01:12:30.000Z' },
      course: { percent: 22, completedLessons: 2, requiredLessons: 9, completedAt: null },
    },
  ],
});

export const MyLearning = Type.Object({
  courses: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      coverImage: Type.Union([Type.String(), Type.Null()]),
      percent: Type.Integer(),
      completedLessons: Type.Integer(),
      requiredLessons: Type.Integer(),
      completedAt: IsoOrNull,
      lastActivityAt: IsoTime,
      continueLesson: Type.Union([Type.Object({ id: Type.Integer(), title: Type.String(), position: Type.Integer() }), Type.Null()]),
    }),
  ),
}, {
  examples: [
    {
      courses: [
        {
          id: 12,
          title: 'Dịch vụ công trực tuyến cho người dân',
          coverImage: '/media/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08/bia-dich-vu-cong.webp',
          percent: 22,
          completedLessons: 2,
          requiredLessons: 9,
          completedAt: null,
          lastActivityAt: '2026-12-01T01:12:30.000Z',
          continueLesson: { id: 44, title: 'Chuẩn bị giấy tờ', position: 3 },
        },
      ],
    },
  ],
});

export interface ProgressInput {
  eventId: string;
  lessonId: LessonId;
  type: ProgressEventType;
  at: string;
}

export interface ProgressResult {
  eventId: string;
  lessonId: number;
  courseId: number;
  type: ProgressEventType;
  at: string;
  lesson: { openedAt: string; completedAt: string | null };
  course: { percent: number; completedLessons: number; requiredLessons: number; completedAt: string | null };
}
