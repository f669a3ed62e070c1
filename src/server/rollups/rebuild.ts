/**
 * Rebuilds the rollups from the raw rows in a few set-wise statements: after a
 * bulk load (seed:scale), or if they were ever doubted. The same definitions as
 * recomputeRollups(), in SQL, so that millions of learners never pass through
 * the process's memory.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

// A day in Vietnam time (UTC+7), as an integer: the same as dayOf() in rollups.ts.
const day = (column: string) => sql.raw(`(${column} + 25200000) / 86400000`);
const assisted = (users: string) => sql.raw(`case when ${users}.assisted_team_id is null then 0 else 1 end`);

export async function rebuildRollups(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('unit_daily').execute();
    await trx.deleteFrom('unit_course_daily').execute();
    await trx.deleteFrom('member_daily').execute();
    await trx.deleteFrom('member_course_daily').execute();
    await trx.deleteFrom('team_daily').execute();
    await sql`update users set last_active_day = (select max(${day('pe.client_at')}) from progress_events pe where pe.user_id = users.id)`.execute(trx);

    // `a` is 1 for an account a helper made (assisted): the _assisted counters sum it.
    // An account made from a members list is "listed" from the day it was made and registered from its first sign-in.
    await sql`insert into unit_daily (unit_id, day, registered, last_active, registered_assisted, last_active_assisted, listed)
      select unit_id, day, sum(registered), sum(last_active), sum(registered * a), sum(last_active * a), sum(listed) from (
        select home_unit_id as unit_id, ${day('created_at')} as day, 1 as registered, 0 as last_active, ${assisted('users')} as a, 0 as listed from users where from_list = 0
        union all
        select home_unit_id, ${day('claimed_at')}, 1, 0, ${assisted('users')}, -1 from users where from_list = 1 and claimed_at is not null
        union all
        select home_unit_id, ${day('created_at')}, 0, 0, ${assisted('users')}, 1 from users where from_list = 1
        union all
        select home_unit_id, last_active_day, 0, 1, ${assisted('users')}, 0 from users where last_active_day is not null
      ) counts group by unit_id, day`.execute(trx);

    await sql`insert into unit_course_daily (unit_id, course_id, day, enrolled, completed, certified, enrolled_assisted, completed_assisted, certified_assisted)
      select unit_id, course_id, day, sum(enrolled), sum(completed), sum(certified), sum(enrolled * a), sum(completed * a), sum(certified * a) from (
        select u.home_unit_id as unit_id, e.course_id, ${day('e.enrolled_at')} as day, 1 as enrolled, 0 as completed, 0 as certified, ${assisted('u')} as a
          from enrollments e join users u on u.id = e.user_id
        union all
        select u.home_unit_id, e.course_id, ${day('e.completed_at')}, 0, 1, 0, ${assisted('u')}
          from enrollments e join users u on u.id = e.user_id where e.completed_at is not null
        union all
        select u.home_unit_id, c.course_id, ${day('c.issued_at')}, 0, 0, 1, ${assisted('u')}
          from certificates c join users u on u.id = c.user_id
        union all
        select u.home_unit_id, c.course_id, ${day('c.revoked_at')}, 0, 0, -1, ${assisted('u')}
          from certificates c join users u on u.id = c.user_id where c.revoked_at is not null
      ) counts group by unit_id, course_id, day`.execute(trx);

    await sql`insert into team_daily (team_id, day, registered, last_active, completed)
      select team_id, day, sum(registered), sum(last_active), sum(completed) from (
        select assisted_team_id as team_id, ${day('created_at')} as day, 1 as registered, 0 as last_active, 0 as completed from users where assisted_team_id is not null
        union all
        select assisted_team_id, last_active_day, 0, 1, 0 from users where assisted_team_id is not null and last_active_day is not null
        union all
        select u.assisted_team_id, ${day('e.completed_at')}, 0, 0, 1
          from enrollments e join users u on u.id = e.user_id where u.assisted_team_id is not null and e.completed_at is not null
      ) counts group by team_id, day`.execute(trx);

    await sql`insert into member_daily (unit_id, member_group, day, members)
      select unit_id, member_group, ${day('added_at')}, count(*) from memberships group by unit_id, member_group, ${day('added_at')}`.execute(trx);
    await sql`insert into member_course_daily (unit_id, member_group, course_id, day, completed)
      select m.unit_id, m.member_group, e.course_id, ${day('e.completed_at')}, count(*)
        from memberships m join enrollments e on e.user_id = m.user_id
        where e.completed_at is not null
        group by m.unit_id, m.member_group, e.course_id, ${day('e.completed_at')}`.execute(trx);
  });
}
