import type { CourseId, UnitId } from '../../shared/ids.js';
import type { MemberGroup } from '../members/members.schema.js';

/** Per unit and day (Vietnam time): accounts registered, and learners whose latest activity was that day. */
export interface UnitDailyTable {
  unit_id: UnitId;
  day: number;
  registered: number;
  last_active: number;
}

/** Per unit, course and day: enrollments, completions and certificates. */
export interface UnitCourseDailyTable {
  unit_id: UnitId;
  course_id: CourseId;
  day: number;
  enrolled: number;
  completed: number;
  certified: number;
}

/** Per unit (where they are members), group and day: memberships added. */
export interface MemberDailyTable {
  unit_id: UnitId;
  member_group: MemberGroup;
  day: number;
  members: number;
}

/** Per unit (where they are members), group, course and day: completions by members. */
export interface MemberCourseDailyTable {
  unit_id: UnitId;
  member_group: MemberGroup;
  course_id: CourseId;
  day: number;
  completed: number;
}
