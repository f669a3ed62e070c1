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
  { additionalProperties: false },
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
