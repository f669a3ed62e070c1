/**
 * Recording progress. A client sends events (opened, completed) with ids it
 * made itself, possibly hours later from an offline queue, possibly twice.
 * An event is applied once: lesson progress only moves forward, completion is
 * recorded once, and the answer given the first time is stored with the event
 * and given again to any replay. A replayed id with a different body is 409.
 */
import type { CourseId, LessonId, UserId } from '../../shared/ids.js';
import type { ProgressEventType } from '../../shared/limits.js';
import type { ProgressInput, ProgressResult } from './progress.schema.js';
import type { Clock } from '../clock.js';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import { AppError, badRequest, conflict, notFound } from '../errors.js';
import { lessonBlocking, type PublishedLessonCache } from '../lessons/lessons.service.js';
import { type LessonMark, lessonToContinue, percentComplete } from '../../shared/progress-rules.js';
import type { Insertable } from 'kysely';
import type { CertificateSigner } from '../certificates/certificates.service.js';
import { completeEnrollments, type Completion } from './completion.js';
import { type BatchObserver, GroupCommitWriter } from '../db/group-commit.js';
import { dayOf } from '../../shared/days.js';
import { publishEvent } from '../integrations/integrations.service.js';
import { homeUnitsOf, RollupDeltas, recordActivity } from '../rollups/rollups.service.js';
import {
  type EnrollmentRow,
  findEnrollmentsOf,
  findLessonMarksOf,
  findCourseState,
  findMyLearning,
  findStoredEvent,
  findStoredEvents,
  insertEvents,
  upsertEnrollments,
  upsertLessonMarks,
} from './progress.queries.js';
import type { LessonProgressTable, ProgressSource } from './progress.table.js';

export type { ProgressSource } from './progress.table.js';

export { recordFinalPass } from './completion.js';
export type { PublishedLessonCache };
// Courses show a learner's enrollment; members count past completions; privacy exports and erases what progress keeps.
export { findCompletionsOf, findEnrollmentSummaries, progressPersonalData } from './progress.queries.js';

/** Progress events share commits (see db/group-commit.ts); a learner's events always take the same lane. */
export type ProgressWriter = GroupCommitWriter<AcceptedEvent, ApplyOutcome>;

/**
 * `lessonEvents`: record a lesson.completed integration event per first completion. Only the learning record
 * store wants them (webhooks take course-level events), and each costs a job row in the hot write path, so
 * the app turns them on only when an LRS is configured.
 */
export function createProgressWriter(db: Db, signer: CertificateSigner, lanes = 1, lessonEvents = true, observer?: BatchObserver): ProgressWriter {
  return new GroupCommitWriter({ db, lanes, observer, laneKey: (event: AcceptedEvent) => event.userId, apply: (trx, events) => applyBatch(trx, events, signer, lessonEvents) });
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
  /** Who completed it, when not the learner in the app (see recordCredits). */
  source?: ProgressSource;
}

export type ApplyOutcome = { result: ProgressResult } | { conflict: true };

// Phones' clocks drift; a few minutes ahead is a wrong clock, not a lie.
const allowedClockSkewMs = 5 * 60_000;
const platformEpoch = Date.UTC(2025, 0, 1);

const iso = (ms: number) => new Date(ms).toISOString();

function replayed(stored: { lesson_id: number; type: string; client_at: number; result: string }, event: { lessonId: number; type: string; clientAt: number }): ProgressResult {
  if (!sameEvent(stored, event)) throw conflict('event_conflict', {}, 'eventId');
  return JSON.parse(stored.result) as ProgressResult;
}

function sameEvent(stored: { lesson_id: number; type: string; client_at: number }, event: { lessonId: number; type: string; clientAt: number }): boolean {
  return stored.lesson_id === event.lessonId && stored.type === event.type && stored.client_at === event.clientAt;
}

export async function recordProgress(
  deps: { db: Db; clock: Clock; writer: ProgressWriter; lessons: PublishedLessonCache },
  userId: UserId,
  input: ProgressInput,
): Promise<ProgressResult> {
  const now = deps.clock.now();
  const clientAt = Date.parse(input.at);
  if (Number.isNaN(clientAt)) throw badRequest('invalid_input', {}, 'at');

  const lesson = await deps.lessons.lesson(deps.db, input.lessonId);
  const blocking = lesson ? await lessonBlocking(deps.db, deps.lessons, userId, lesson) : undefined;
  if (!lesson || blocking) {
    // A replay still gets its first answer after the lesson was unpublished or a new version locked it.
    const stored = await findStoredEvent(deps.db, userId, input.eventId);
    if (stored) return replayed(stored, { lessonId: input.lessonId, type: input.type, clientAt });
    if (!lesson) throw notFound('lesson_not_found');
    throw new AppError('lesson_locked', 403, { title: blocking!.title });
  }
  if (clientAt > now + allowedClockSkewMs) throw new AppError('progress_in_future', 400, {}, { at: { key: 'error.progress_in_future' } });
  if (clientAt < platformEpoch) throw new AppError('progress_too_old', 400, {}, { at: { key: 'error.progress_too_old' } });

  // Replays are recognised inside the writer's transaction, where two copies in flight cannot both pass.
  const outcome = await deps.writer.submit({
    userId,
    eventId: input.eventId,
    lessonId: lesson.lessonId,
    courseId: lesson.courseId,
    type: input.type,
    clientAt,
    receivedAt: now,
    lessonRequired: lesson.required,
    requiredLessons: lesson.requiredLessonCount,
  });
  if ('conflict' in outcome) throw conflict('event_conflict', {}, 'eventId');
  return outcome.result;
}

/** A lesson completed for a learner outside the app (in a class), at a time the caller fixes. */
export interface CreditedCompletion {
  userId: UserId;
  lessonId: LessonId;
  /** Must contain ':', which client event ids cannot, so that it never meets a learner's own event. */
  eventId: string;
  at: number;
}

/**
 * Completions recorded for learners by someone else (a class's helpers), through the same writer as the learner's
 * own events, so the same rules hold: the same event id again changes nothing, completion never goes backwards, the
 * course completes by its usual rule (a final quiz still counts). `source` stays on the lesson mark only when this
 * completes the lesson first. Lessons no longer published are skipped (null); no lock applies, the class taught them.
 */
export async function recordCredits(
  deps: { db: Db; clock: Clock; writer: ProgressWriter; lessons: PublishedLessonCache },
  credits: readonly CreditedCompletion[],
  source: Exclude<ProgressSource, 'self'>,
): Promise<(ProgressResult | null)[]> {
  const now = deps.clock.now();
  return Promise.all(
    credits.map(async (credit) => {
      if (!credit.eventId.includes(':')) throw new Error('a credited event id must contain ":"');
      const lesson = await deps.lessons.lesson(deps.db, credit.lessonId);
      if (!lesson) return null;
      const outcome = await deps.writer.submit({
        userId: credit.userId,
        eventId: credit.eventId,
        lessonId: lesson.lessonId,
        courseId: lesson.courseId,
        type: 'completed',
        clientAt: credit.at,
        receivedAt: now,
        lessonRequired: lesson.required,
        requiredLessons: lesson.requiredLessonCount,
        source,
      });
      if ('conflict' in outcome) throw conflict('event_conflict');
      return outcome.result;
    }),
  );
}

const pair = (a: number, b: number | string) => `${a}:${b}`;
const unique = <T>(items: readonly T[]) => [...new Set(items)];

/**
 * Applies a batch of events, in order, inside the writer's transaction: three
 * reads for what the batch touches, the rules applied in memory (so a later
 * event of the batch sees an earlier one), three writes.
 */
export async function applyBatch(trx: Tx, events: readonly AcceptedEvent[], signer: CertificateSigner, lessonEvents: boolean): Promise<ApplyOutcome[]> {
  const userIds = unique(events.map((e) => e.userId));
  const [storedRows, markRows, enrollmentRows] = await Promise.all([
    findStoredEvents(trx, userIds, unique(events.map((e) => e.eventId))),
    findLessonMarksOf(trx, userIds, unique(events.map((e) => e.lessonId))),
    findEnrollmentsOf(trx, userIds, unique(events.map((e) => e.courseId))),
  ]);
  const stored = new Map(storedRows.map((r) => [pair(r.user_id, r.event_id), r]));
  const marks = new Map(markRows.map((r) => [pair(r.user_id, r.lesson_id), { opened_at: r.opened_at, completed_at: r.completed_at, source: r.source }]));
  const enrollments = new Map(enrollmentRows.map((r) => [pair(r.user_id, r.course_id), r as EnrollmentRow]));
  const enrollmentsBefore = new Map(enrollments);
  const completedBefore = new Set(markRows.filter((r) => r.completed_at !== null).map((r) => pair(r.user_id, r.lesson_id)));

  const changedMarks = new Map<string, Insertable<LessonProgressTable>>();
  const changedEnrollments = new Map<string, { row: EnrollmentRow; completedNow: number; userId: UserId; courseId: CourseId }>();
  const candidates = new Map<string, Completion>();
  const inBatch = new Map<string, ProgressResult>();
  const fresh: { event: AcceptedEvent; result: ProgressResult }[] = [];

  const outcomes = events.map((event): ApplyOutcome => {
    const eventKey = pair(event.userId, event.eventId);
    const prior = stored.get(eventKey);
    if (prior) return sameEvent(prior, event) ? { result: inBatch.get(eventKey) ?? JSON.parse(prior.result) } : { conflict: true };

    const markKey = pair(event.userId, event.lessonId);
    const mark = marks.get(markKey);
    const completing = event.type === 'completed';
    const newlyCompleted = completing && mark?.completed_at == null;
    const nextMark = {
      opened_at: Math.min(mark?.opened_at ?? event.clientAt, event.clientAt),
      completed_at: mark?.completed_at ?? (completing ? event.clientAt : null),
      // Whoever completes the lesson first keeps it: a class never takes over what the learner did alone.
      source: newlyCompleted ? (event.source ?? 'self') : (mark?.source ?? 'self'),
    };
    if (!mark || nextMark.opened_at !== mark.opened_at || nextMark.completed_at !== mark.completed_at || nextMark.source !== mark.source) {
      marks.set(markKey, nextMark);
      changedMarks.set(markKey, { user_id: event.userId, lesson_id: event.lessonId, course_id: event.courseId, ...nextMark });
    }

    const enrollmentKey = pair(event.userId, event.courseId);
    const enrollment = enrollments.get(enrollmentKey);
    const completedLessons = (enrollment?.completed_lessons ?? 0) + (newlyCompleted && event.lessonRequired ? 1 : 0);
    const latest = !enrollment || event.clientAt >= enrollment.last_activity_at;
    const nextEnrollment: EnrollmentRow = {
      enrolled_at: Math.min(enrollment?.enrolled_at ?? event.clientAt, event.clientAt),
      last_lesson_id: latest ? event.lessonId : enrollment!.last_lesson_id,
      last_activity_at: latest ? event.clientAt : enrollment!.last_activity_at,
      completed_lessons: completedLessons,
      // Set below by completeEnrollments, which also knows about the final quiz.
      completed_at: enrollment?.completed_at ?? null,
    };
    if (nextEnrollment.completed_at === null && completedLessons >= event.requiredLessons && event.requiredLessons > 0) {
      candidates.set(enrollmentKey, { userId: event.userId, courseId: event.courseId, at: event.clientAt, recordedAt: event.receivedAt });
    }
    enrollments.set(enrollmentKey, nextEnrollment);
    const change = changedEnrollments.get(enrollmentKey);
    changedEnrollments.set(enrollmentKey, {
      row: nextEnrollment,
      completedNow: (change?.completedNow ?? 0) + (completedLessons - (enrollment?.completed_lessons ?? 0)),
      userId: event.userId,
      courseId: event.courseId,
    });

    const result: ProgressResult = {
      eventId: event.eventId,
      lessonId: event.lessonId,
      courseId: event.courseId,
      type: event.type,
      at: iso(event.clientAt),
      lesson: { openedAt: iso(nextMark.opened_at), completedAt: nextMark.completed_at === null ? null : iso(nextMark.completed_at) },
      course: {
        percent: percentComplete(completedLessons, event.requiredLessons),
        completedLessons,
        requiredLessons: event.requiredLessons,
        completedAt: nextEnrollment.completed_at === null ? null : iso(nextEnrollment.completed_at),
      },
    };
    // Stored (for replays) once completion is known.
    stored.set(eventKey, { user_id: event.userId, event_id: event.eventId, lesson_id: event.lessonId, type: event.type, client_at: event.clientAt, result: '' });
    fresh.push({ event, result });
    inBatch.set(eventKey, result);
    return { result };
  });

  // Rollups: a new enrollment counts on its day (an earlier offline event moves it), and each learner's latest active day.
  const homes = await homeUnitsOf(trx, userIds);
  const deltas = new RollupDeltas();
  for (const [key, { row, userId, courseId }] of changedEnrollments) {
    const before = enrollmentsBefore.get(key);
    const home = homes.get(userId)!;
    if (before && dayOf(before.enrolled_at) === dayOf(row.enrolled_at)) continue;
    if (before) deltas.course(home, courseId, dayOf(before.enrolled_at), 'enrolled', -1);
    deltas.course(home, courseId, dayOf(row.enrolled_at), 'enrolled', 1);
  }
  const activity = new Map<UserId, number>();
  for (const { event } of fresh) activity.set(event.userId, Math.max(activity.get(event.userId) ?? 0, dayOf(event.clientAt)));
  await recordActivity(trx, deltas, activity, homes);
  await deltas.write(trx);

  await upsertLessonMarks(trx, [...changedMarks.values()]);
  // Lessons completed for the first time, for the learning record store.
  for (const { event } of fresh) {
    const mark = changedMarks.get(pair(event.userId, event.lessonId));
    if (lessonEvents && event.type === 'completed' && mark?.completed_at === event.clientAt && !completedBefore.has(pair(event.userId, event.lessonId))) {
      completedBefore.add(pair(event.userId, event.lessonId));
      await publishEvent(trx, { type: 'lesson.completed', userId: event.userId, courseId: event.courseId, lessonId: event.lessonId, at: event.clientAt }, event.receivedAt);
    }
  }
  await upsertEnrollments(
    trx,
    [...changedEnrollments.values()].map(({ row, completedNow, userId, courseId }) => ({ user_id: userId, course_id: courseId, ...row, completed_lessons: completedNow })),
  );
  const completed = await completeEnrollments(trx, signer, [...candidates.values()]);
  for (const { event, result } of fresh) {
    const at = completed.find((c) => c.userId === event.userId && c.courseId === event.courseId)?.at;
    if (at !== undefined && result.course.completedAt === null && result.course.completedLessons >= result.course.requiredLessons) result.course.completedAt = iso(at);
  }
  await insertEvents(
    trx,
    fresh.map(({ event, result }) => ({
      user_id: event.userId,
      event_id: event.eventId,
      lesson_id: event.lessonId,
      course_id: event.courseId,
      type: event.type,
      client_at: event.clientAt,
      received_at: event.receivedAt,
      result: JSON.stringify(result),
    })),
  );
  return outcomes;
}

/** A learner's enrollment in a course (undefined before the first lesson is opened) and their mark on each lesson. */
export async function courseState(db: DbOrTx, userId: UserId, courseId: CourseId) {
  let enrollment: { lastLessonId: LessonId; completedLessons: number; completedAt: number | null } | undefined;
  const marks = new Map<LessonId, LessonMark>();
  for (const row of await findCourseState(db, { userId, courseId })) {
    if (row.kind === 0) enrollment = { lastLessonId: row.lesson_id, completedLessons: row.completed_lessons, completedAt: row.completed_at };
    else marks.set(row.lesson_id, row);
  }
  return { enrollment, marks };
}

/** Enrolled courses with how far along the learner is and the lesson to continue: one query, and the outlines from the cache. */
export async function myLearning(db: DbOrTx, lessons: PublishedLessonCache, userId: UserId) {
  const rows = await findMyLearning(db, userId);
  const enrollments: { row: (typeof rows)[number]; marks: Map<LessonId, LessonMark> }[] = [];
  for (const row of rows) {
    if (enrollments.at(-1)?.row.course_id !== row.course_id) enrollments.push({ row, marks: new Map() });
    // Only whether a lesson is finished matters to "continue"; the opening time is not read.
    if (row.lesson_id !== null) enrollments.at(-1)!.marks.set(row.lesson_id, { opened_at: 0, completed_at: row.lesson_completed_at });
  }
  const courses = await Promise.all(
    enrollments.map(async ({ row: e, marks }) => {
      const next = lessonToContinue(await lessons.outline(db, e.course_id), marks, e.last_lesson_id);
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
