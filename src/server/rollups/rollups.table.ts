import type { CourseId, TeamId, UnitId } from '../../shared/ids.js';
import type { MemberGroup } from '../members/members.schema.js';

/**
 * Per unit and day (Vietnam time): accounts registered, and learners whose latest activity was that day.
 * `_assisted`: of those, accounts a helper made (users.assisted_team_id set); the rest signed up themselves.
 */
export interface UnitDailyTable {
  unit_id: UnitId;
  day: number;
  registered: number;
  last_active: number;
  registered_assisted: number;
  last_active_assisted: number;
  /** Accounts made from a members list: +1 the day one was made, −1 the day its owner first signed in (then registered). */
  listed: number;
}

/** Per unit, course and day: enrollments, completions and certificates; `_assisted` as in unit_daily. */
export interface UnitCourseDailyTable {
  unit_id: UnitId;
  course_id: CourseId;
  day: number;
  enrolled: number;
  completed: number;
  certified: number;
  enrolled_assisted: number;
  completed_assisted: number;
  certified_assisted: number;
}

/** Per team and day: the learners the team signed up, counted as in unit_daily, and their completions. */
export interface TeamDailyTable {
  team_id: TeamId;
  day: number;
  registered: number;
  last_active: number;
  completed: number;
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
