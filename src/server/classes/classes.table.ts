import type { Generated } from 'kysely';
import type { ClassId, CourseId, LessonId, TeamId, UnitId, UserId } from '../../shared/ids.js';

/** An in-person class a helper team runs. Status follows from the times: cancelled, closed, or before/after its start. */
export interface ClassesTable {
  id: Generated<ClassId>;
  team_id: TeamId;
  unit_id: UnitId;
  place_name: string;
  starts_at: number;
  duration_minutes: number;
  course_id: CourseId;
  course_title: string;
  leader_id: UserId;
  created_at: number;
  updated_at: number;
  cancelled_at: number | null;
  closed_at: number | null;
  closed_by: UserId | null;
}

export interface ClassLessonsTable {
  class_id: ClassId;
  lesson_id: LessonId;
  position: number;
  title: string;
}

export interface ClassHelpersTable {
  class_id: ClassId;
  user_id: UserId;
}

export type AttendanceMethod = 'card' | 'phone' | 'signup';

export interface ClassAttendanceTable {
  class_id: ClassId;
  user_id: UserId;
  method: AttendanceMethod;
  recorded_by: UserId;
  recorded_at: number;
  /** When the class's lessons were credited to this attendee (null until the class is closed). */
  credited_at: number | null;
}
