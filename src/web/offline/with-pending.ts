/**
 * Offline, a page shows the server's last answer kept by the service worker, which does not know what the person
 * did since: the lessons finished while waiting in the outbox. These functions lay the outbox over that answer
 * (with the same rules the server uses, shared/progress-rules.ts), so what a page shows is never older than what
 * the person did. They are idempotent: an event the answer already counts changes nothing.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Static } from 'typebox';
import type { CourseOutline } from '../../server/courses/courses.schema.js';
import type { MyLearning } from '../../server/progress/progress.schema.js';
import type { LessonId } from '../../shared/ids.js';
import { type LessonMark, lessonStates, lessonToContinue, type OutlineLesson, percentComplete } from '../../shared/progress-rules.js';
import { deliveredVersion, type PendingEvent, pendingEvents } from './outbox.js';

type Outline = Static<typeof CourseOutline>;
type Learning = Static<typeof MyLearning>;

/** The course page's outline with the person's waiting events applied: lesson marks, x/y done, the lesson to continue. */
export function outlineWithPending(course: Outline, events: readonly PendingEvent[]): Outline {
  const lessons = course.modules.flatMap((m) => m.lessons);
  const ids = new Set(lessons.map((l) => l.id));
  const mine = events.filter((e) => ids.has(e.lessonId));
  if (mine.length === 0) return course;
  // Opened for the first time offline: the kept answer is from before the person enrolled.
  const progress = course.progress ?? { percent: 0, completedLessons: 0, requiredLessons: lessons.filter((l) => l.required).length, completedAt: null, continueLessonId: null };

  const outline: OutlineLesson[] = lessons.map((l, index) => ({ lesson_id: l.id as LessonId, title: l.title, sequence: index + 1, required: l.required ? 1 : 0 }));
  const marks = new Map<LessonId, LessonMark>();
  for (const l of lessons) {
    if (l.state === 'completed') marks.set(l.id as LessonId, { opened_at: 0, completed_at: 0 });
    else if (l.state === 'opened') marks.set(l.id as LessonId, { opened_at: 0, completed_at: null });
  }
  for (const e of mine) {
    const mark = marks.get(e.lessonId) ?? { opened_at: 0, completed_at: null };
    marks.set(e.lessonId, e.type === 'completed' ? { ...mark, completed_at: 0 } : mark);
  }
  const states = lessonStates(outline, marks, course.requiresOrder);
  const completedLessons = outline.filter((l) => l.required === 1 && marks.get(l.lesson_id)?.completed_at != null).length;
  const next = lessonToContinue(outline, marks, mine.at(-1)!.lessonId);
  return {
    ...course,
    modules: course.modules.map((m) => ({ ...m, lessons: m.lessons.map((l) => ({ ...l, state: states.get(l.id as LessonId) ?? l.state })) })),
    progress: {
      ...progress,
      completedLessons: Math.max(progress.completedLessons, completedLessons),
      percent: Math.max(progress.percent, percentComplete(completedLessons, progress.requiredLessons)),
      continueLessonId: next?.lesson_id ?? null,
    },
  };
}

/**
 * "My learning" with the waiting events applied. Its answer lists no lessons, so it relies on what the lesson page
 * knew when the event was made (its course and next lesson) and on the answer's own "continue" lesson: a finished
 * lesson that the answer still offers to continue is not counted there yet.
 */
export function learningWithPending(learning: Learning, events: readonly PendingEvent[]): Learning {
  if (events.length === 0) return learning;
  return {
    courses: learning.courses.map((course) => {
      const mine = events.filter((e) => e.context?.courseId === course.id);
      if (mine.length === 0) return course;
      const finished = new Set(mine.filter((e) => e.type === 'completed').map((e) => e.lessonId as number));
      let continueLesson = course.continueLesson;
      let completedLessons = course.completedLessons;
      // Walk along the "next" links the lesson pages saw, past every lesson finished on the phone.
      for (let steps = 0; continueLesson && finished.has(continueLesson.id) && steps < finished.size; steps++) {
        const from = continueLesson;
        const next = mine.find((e) => e.lessonId === from.id && e.context)?.context?.next ?? null;
        completedLessons = Math.min(course.requiredLessons, completedLessons + 1);
        continueLesson = next && { id: next.id, title: next.title, position: from.position + 1 };
      }
      return { ...course, completedLessons, continueLesson, percent: Math.max(course.percent, percentComplete(completedLessons, course.requiredLessons)) };
    }),
  };
}

/** True when the lesson was finished on this phone and the event still waits. */
export function finishedOnPhone(lessonId: number, events: readonly PendingEvent[]): boolean {
  return events.some((e) => e.lessonId === lessonId && e.type === 'completed');
}

/**
 * A page's server answer with the outbox laid over it. Events stay applied until the page has a newer answer
 * (the page loads one again as soon as the outbox delivered), so nothing flickers back to the older state.
 */
export function useWithPending<T>(answer: { data: T | undefined; reload(): void }, merge: (data: T, events: readonly PendingEvent[]) => T): T | undefined {
  const applied = useRef<{ data: T | undefined; events: Map<string, PendingEvent> }>({ data: undefined, events: new Map() });
  if (applied.current.data !== answer.data) applied.current = { data: answer.data, events: new Map() };
  for (const event of pendingEvents.value) applied.current.events.set(event.eventId, event);
  const delivered = deliveredVersion.value;
  const first = useRef(delivered);
  useEffect(() => {
    if (delivered !== first.current) answer.reload();
  }, [delivered]);
  return answer.data === undefined ? undefined : merge(answer.data, [...applied.current.events.values()]);
}
