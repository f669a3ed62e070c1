/**
 * The rules of a learner's way through a course, in one place: which lessons
 * are open, which is next, how far along they are. Pure functions over the
 * published outline and the learner's lesson progress.
 */
import type { LessonId } from './ids.js';

export interface OutlineLesson {
  lesson_id: LessonId;
  title: string;
  sequence: number;
  required: number;
}

export interface LessonMark {
  opened_at: number;
  completed_at: number | null;
}

export type LessonState = 'locked' | 'available' | 'opened' | 'completed';

/** In a course taken in order, a lesson opens once every required lesson before it is done. */
export function lessonStates(outline: readonly OutlineLesson[], marks: ReadonlyMap<LessonId, LessonMark>, requiresOrder: boolean): Map<LessonId, LessonState> {
  const states = new Map<LessonId, LessonState>();
  let blocked = false;
  for (const lesson of outline) {
    const mark = marks.get(lesson.lesson_id);
    if (mark?.completed_at != null) states.set(lesson.lesson_id, 'completed');
    else if (requiresOrder && blocked) states.set(lesson.lesson_id, 'locked');
    else states.set(lesson.lesson_id, mark ? 'opened' : 'available');
    if (lesson.required === 1 && mark?.completed_at == null) blocked = true;
  }
  return states;
}

/** The first required lesson before this one that is still unfinished, which must come first. */
export function blockingLesson(outline: readonly OutlineLesson[], marks: ReadonlyMap<LessonId, LessonMark>, lessonId: LessonId): OutlineLesson | undefined {
  for (const lesson of outline) {
    if (lesson.lesson_id === lessonId) return undefined;
    if (lesson.required === 1 && marks.get(lesson.lesson_id)?.completed_at == null) return lesson;
  }
  return undefined;
}

/**
 * Where to pick up: the lesson last worked on if unfinished; otherwise the next
 * unfinished lesson after it, then the first unfinished one; none when all are done.
 */
export function lessonToContinue(outline: readonly OutlineLesson[], marks: ReadonlyMap<LessonId, LessonMark>, lastLessonId: LessonId | null): OutlineLesson | undefined {
  const unfinished = (l: OutlineLesson) => marks.get(l.lesson_id)?.completed_at == null;
  const last = outline.find((l) => l.lesson_id === lastLessonId);
  if (last && unfinished(last)) return last;
  return outline.find((l) => unfinished(l) && (!last || l.sequence > last.sequence)) ?? outline.find(unfinished);
}

export function percentComplete(completedRequired: number, requiredTotal: number): number {
  if (requiredTotal === 0) return 0;
  // Floor: 100 % only once everything is done.
  return Math.min(100, Math.floor((100 * completedRequired) / requiredTotal));
}
