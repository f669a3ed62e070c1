import type { Generated } from 'kysely';
import type { CourseId, LessonId, UserId } from '../../shared/ids.js';
import type { ProgressEventType } from '../../shared/limits.js';

export interface EnrollmentsTable {
  user_id: UserId;
  course_id: CourseId;
  enrolled_at: number;
  last_lesson_id: LessonId;
  last_activity_at: number;
  /** Required lessons of the current published version completed; recounted when a new version is published. */
  completed_lessons: number;
  /** Set once, never cleared: when the course's completion rule was first met. */
  completed_at: number | null;
  /** When the final quiz was first passed. */
  final_passed_at: number | null;
}

export interface LessonProgressTable {
  user_id: UserId;
  lesson_id: LessonId;
  course_id: CourseId;
  opened_at: number;
  /** Set once, never cleared: completion never goes backwards. */
  completed_at: number | null;
  /** Who completed the lesson first: the learner, or a class a helper ran. Set with completed_at, never changed. */
  source: Generated<ProgressSource>;
}

export type ProgressSource = 'self' | 'class';

export interface ProgressEventsTable {
  id: Generated<number>;
  user_id: UserId;
  /** Chosen by the client; the idempotency key. */
  event_id: string;
  lesson_id: LessonId;
  course_id: CourseId;
  type: ProgressEventType;
  client_at: number;
  received_at: number;
  /** JSON of the answer given the first time, returned again on replay. */
  result: string;
}
