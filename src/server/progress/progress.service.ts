/**
 * Recording progress. A client sends events (opened, completed) with ids it
 * made itself, possibly hours later from an offline queue, possibly twice.
 * An event is applied once: lesson progress only moves forward, completion is
 * recorded once, and the answer given the first time is stored with the event
 * and given again to any replay. A replayed id with a different body is 409.
 */
import type { CourseId, LessonId, UserId } from '../../shared/ids.js';
import type { ProgressEventType } from '../../shared/limits.js';
import type { Clock } from '../clock.js';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import { AppError, badRequest, conflict } from '../errors.js';
import { openableLesson } from '../lessons/lessons.service.js';
import { findCourseOutline, findLessonMarks } from '../lessons/lessons.queries.js';
import { lessonToContinue, percentComplete } from './progress-rules.js';
import {
  findEnrollment,
  findLessonMark,
  findMyEnrollments,
  findStoredEvent,
  insertEnrollment,
  insertEvent,
  insertLessonMark,
  updateEnrollment,
  updateLessonMark,
} from './progress.queries.js';
import type { ProgressWriter } from './progress.writer.js';

export interface ProgressInput {
  eventId: string;
  lessonId: number;
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

/** An event checked against the published course, ready to apply. */
export interface AcceptedEvent {
  userId: UserId;
  eventId: string;
  lessonId: LessonId;
  courseId: CourseId;
  type: ProgressEventType;
  clientAt: number;
  receivedAt: number;
  lessonRequired: boolean;
  requiredLessons: number;
}

export type ApplyOutcome = { result: ProgressResult } | { conflict: true };

// Phones' clocks drift; a few minutes ahead is a wrong clock, not a lie.
const allowedClockSkewMs = 5 * 60_000;
const platformEpoch = Date.UTC(2025, 0, 1);

const iso = (ms: number) => new Date(ms).toISOString();

function sameEvent(stored: { lesson_id: number; type: string; client_at: number }, event: { lessonId: number; type: string; clientAt: number }): boolean {
  return stored.lesson_id === event.lessonId && stored.type === event.type && stored.client_at === event.clientAt;
}

export async function recordProgress(deps: { db: Db; clock: Clock; writer: ProgressWriter }, userId: UserId, input: ProgressInput): Promise<ProgressResult> {
  const now = deps.clock.now();
  const clientAt = Date.parse(input.at);
  if (Number.isNaN(clientAt)) throw badRequest('invalid_input', {}, 'at');

  // A replay is answered before anything else is checked: the lesson may have been locked or unpublished since.
  const stored = await findStoredEvent(deps.db, userId, input.eventId);
  if (stored) {
    if (!sameEvent(stored, { lessonId: input.lessonId, type: input.type, clientAt })) throw conflict('event_conflict', {}, 'eventId');
    return JSON.parse(stored.result) as ProgressResult;
  }
  if (clientAt > now + allowedClockSkewMs) throw new AppError('progress_in_future', 400, {}, { at: { key: 'error.progress_in_future' } });
  if (clientAt < platformEpoch) throw new AppError('progress_too_old', 400, {}, { at: { key: 'error.progress_too_old' } });

  const lesson = await openableLesson(deps.db, userId, input.lessonId as LessonId);
  const outcome = await deps.writer.submit({
    userId,
    eventId: input.eventId,
    lessonId: lesson.lesson_id,
    courseId: lesson.course_id,
    type: input.type,
    clientAt,
    receivedAt: now,
    lessonRequired: lesson.required === 1,
    requiredLessons: lesson.required_lesson_count,
  });
  if ('conflict' in outcome) throw conflict('event_conflict', {}, 'eventId');
  return outcome.result;
}

/** Applies one event inside the writer's transaction. */
export async function applyEvent(trx: Tx, event: AcceptedEvent): Promise<ApplyOutcome> {
  // Two copies of one event can be in flight at once; the first to commit wins, the second is a replay.
  const stored = await findStoredEvent(trx, event.userId, event.eventId);
  if (stored) return sameEvent(stored, event) ? { result: JSON.parse(stored.result) } : { conflict: true };

  const mark = await findLessonMark(trx, event.userId, event.lessonId);
  const completing = event.type === 'completed';
  const newlyCompleted = completing && mark?.completed_at == null;
  const lessonMark = {
    opened_at: Math.min(mark?.opened_at ?? event.clientAt, event.clientAt),
    completed_at: mark?.completed_at ?? (completing ? event.clientAt : null),
  };
  if (!mark) await insertLessonMark(trx, { userId: event.userId, lessonId: event.lessonId, courseId: event.courseId, openedAt: lessonMark.opened_at, completedAt: lessonMark.completed_at });
  else if (lessonMark.opened_at !== mark.opened_at || lessonMark.completed_at !== mark.completed_at) await updateLessonMark(trx, event.userId, event.lessonId, lessonMark);

  const enrollment = await findEnrollment(trx, event.userId, event.courseId);
  const completedLessons = (enrollment?.completed_lessons ?? 0) + (newlyCompleted && event.lessonRequired ? 1 : 0);
  const latest = !enrollment || event.clientAt >= enrollment.last_activity_at;
  const next = {
    enrolled_at: Math.min(enrollment?.enrolled_at ?? event.clientAt, event.clientAt),
    last_lesson_id: latest ? event.lessonId : enrollment!.last_lesson_id,
    last_activity_at: latest ? event.clientAt : enrollment!.last_activity_at,
    completed_lessons: completedLessons,
    // Recorded once, at the moment the last required lesson was done.
    completed_at: enrollment?.completed_at ?? (completedLessons >= event.requiredLessons && event.requiredLessons > 0 ? event.clientAt : null),
  };
  if (!enrollment) await insertEnrollment(trx, event.userId, event.courseId, next);
  else await updateEnrollment(trx, event.userId, event.courseId, next);

  const result: ProgressResult = {
    eventId: event.eventId,
    lessonId: event.lessonId,
    courseId: event.courseId,
    type: event.type,
    at: iso(event.clientAt),
    lesson: { openedAt: iso(lessonMark.opened_at), completedAt: lessonMark.completed_at === null ? null : iso(lessonMark.completed_at) },
    course: {
      percent: percentComplete(completedLessons, event.requiredLessons),
      completedLessons,
      requiredLessons: event.requiredLessons,
      completedAt: next.completed_at === null ? null : iso(next.completed_at),
    },
  };
  await insertEvent(trx, { ...event, result: JSON.stringify(result) });
  return { result };
}

/** Enrolled courses with how far along the learner is and the lesson to continue. */
export async function myLearning(db: DbOrTx, userId: UserId) {
  const enrollments = await findMyEnrollments(db, userId);
  const courses = await Promise.all(
    enrollments.map(async (e) => {
      const [outline, marks] = await Promise.all([findCourseOutline(db, e.course_id), findLessonMarks(db, userId, e.course_id)]);
      const next = lessonToContinue(outline, marks, e.last_lesson_id);
      return {
        id: e.course_id,
        title: e.title,
        coverImage: e.cover_image,
        percent: percentComplete(e.completed_lessons, e.required_lesson_count),
        completedLessons: e.completed_lessons,
        requiredLessons: e.required_lesson_count,
        completedAt: e.completed_at === null ? null : iso(e.completed_at),
        lastActivityAt: iso(e.last_activity_at),
        continueLesson: next ? { id: next.lesson_id, title: next.title, position: next.sequence } : null,
      };
    }),
  );
  return { courses };
}
