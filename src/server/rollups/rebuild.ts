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

export async function rebuildRollups(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('unit_daily').execute();
    await trx.deleteFrom('unit_course_daily').execute();
    await trx.deleteFrom('member_daily').execute();
    await trx.deleteFrom('member_course_daily').execute();
    await sql`update users set last_active_day = (select max(${day('pe.client_at')}) from progress_events pe where pe.user_id = users.id)`.execute(trx);

    await sql`insert into unit_daily (unit_id, day, registered, last_active)
      select unit_id, day, sum(registered), sum(last_active) from (
        select home_unit_id as unit_id, ${day('created_at')} as day, 1 as registered, 0 as last_active from users
        union all
        select home_unit_id, last_active_day, 0, 1 from users where last_active_day is not null
      ) counts group by unit_id, day`.execute(trx);

    await sql`insert into unit_course_daily (unit_id, course_id, day, enrolled, completed, certified)
      select unit_id, course_id, day, sum(enrolled), sum(completed), sum(certified) from (
        select u.home_unit_id as unit_id, e.course_id, ${day('e.enrolled_at')} as day, 1 as enrolled, 0 as completed, 0 as certified
          from enrollments e join users u on u.id = e.user_id
        union all
        select u.home_unit_id, e.course_id, ${day('e.completed_at')}, 0, 1, 0
          from enrollments e join users u on u.id = e.user_id where e.completed_at is not null
        union all
        select u.home_unit_id, c.course_id, ${day('c.issued_at')}, 0, 0, 1
          from certificates c join users u on u.id = c.user_id
      ) counts group by unit_id, course_id, day`.execute(trx);

    await sql`insert into member_daily (unit_id, member_group, day, members)
      select unit_id, member_group, ${day('added_at')}, count(*) from memberships group by unit_id, member_group, ${day('added_at')}`.execute(trx);
    await sql`insert into member_course_daily (unit_id, member_group, course_id, day, completed)
      select m.unit_id, m.member_group, e.course_id, ${day('e.completed_at')}, count(*)
        from memberships m join enrollments e on e.user_id = m.user_id
        where e.completed_at is not null
        group by m.unit_id, m.member_group, e.course_id, ${day('e.completed_at')}`.execute(trx);
  });
}
