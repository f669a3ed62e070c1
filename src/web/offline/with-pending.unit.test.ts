import { describe, expect, it } from 'vitest';
import type { LessonId } from '../../shared/ids.js';
import type { PendingEvent } from './outbox.js';
import { finishedOnPhone, learningWithPending, outlineWithPending } from './with-pending.js';

const lesson = (id: number, state: 'locked' | 'available' | 'opened' | 'completed', required = true) => ({ id, title: `Bài ${id}`, estimatedMinutes: 5, required, state });
const course = {
  id: 7,
  title: 'Kỹ năng số cơ bản',
  summary: '',
  coverImage: null,
  language: 'vi',
  estimatedMinutes: 50,
  audiences: [],
  competences: [],
  moduleCount: 2,
  lessonCount: 4,
  requiresOrder: true,
  modules: [
    { id: 1, title: 'Chương 1', lessons: [lesson(11, 'completed'), lesson(12, 'opened')] },
    { id: 2, title: 'Chương 2', lessons: [lesson(13, 'locked'), lesson(14, 'locked')] },
  ],
  progress: { percent: 25, completedLessons: 1, requiredLessons: 4, completedAt: null, continueLessonId: 12 },
};
let n = 0;
const event = (lessonId: number, type: PendingEvent['type'], next: { id: number; title: string } | null = null): PendingEvent => ({
  eventId: `event-${++n}`,
  lessonId: lessonId as LessonId,
  type,
  at: '2026-12-03T00:00:00.000Z',
  context: { courseId: 7, next },
});

describe('outlineWithPending', () => {
  it('marks a lesson finished on the phone, counts it, unlocks the next and continues there', () => {
    const merged = outlineWithPending(course, [event(12, 'completed')]);
    expect(merged.modules.flatMap((m) => m.lessons.map((l) => l.state))).toEqual(['completed', 'completed', 'available', 'locked']);
    expect(merged.progress).toMatchObject({ completedLessons: 2, percent: 50, continueLessonId: 13 });
  });

  it('changes nothing for events the answer already counts, or of other courses', () => {
    expect(outlineWithPending(course, [event(11, 'completed'), event(11, 'opened')])).toEqual({ ...course, progress: { ...course.progress, continueLessonId: 12 } });
    expect(outlineWithPending(course, [event(99, 'completed')])).toBe(course);
  });

  it('counts a course first opened offline from an answer kept before enrolling', () => {
    const visitor = { ...course, progress: null, modules: course.modules.map((m) => ({ ...m, lessons: m.lessons.map((l) => ({ ...l, state: 'available' as const })) })) };
    const merged = outlineWithPending(visitor, [event(11, 'opened'), event(11, 'completed')]);
    expect(merged.progress).toMatchObject({ completedLessons: 1, requiredLessons: 4, percent: 25, continueLessonId: 12 });
  });
});

describe('learningWithPending', () => {
  const learning = {
    courses: [
      {
        id: 7,
        title: 'Kỹ năng số cơ bản',
        coverImage: null,
        percent: 25,
        completedLessons: 1,
        requiredLessons: 4,
        completedAt: null,
        lastActivityAt: '2026-12-02T00:00:00.000Z',
        continueLesson: { id: 12, title: 'Bài 12', position: 2 },
      },
    ],
  };

  it('moves "continue" past the lessons finished on the phone, along the next links the lesson pages saw', () => {
    const merged = learningWithPending(learning, [event(12, 'opened', { id: 13, title: 'Bài 13' }), event(12, 'completed', { id: 13, title: 'Bài 13' }), event(13, 'completed', { id: 14, title: 'Bài 14' })]);
    expect(merged.courses[0]).toMatchObject({ completedLessons: 3, percent: 75, continueLesson: { id: 14, title: 'Bài 14', position: 4 } });
  });

  it('does not count a lesson the answer no longer offers to continue (already counted)', () => {
    expect(learningWithPending(learning, [event(11, 'completed', { id: 12, title: 'Bài 12' })]).courses[0]).toEqual(learning.courses[0]);
  });
});

it('finishedOnPhone tells whether a completion of the lesson waits', () => {
  expect(finishedOnPhone(12, [event(12, 'opened')])).toBe(false);
  expect(finishedOnPhone(12, [event(12, 'opened'), event(12, 'completed')])).toBe(true);
});
