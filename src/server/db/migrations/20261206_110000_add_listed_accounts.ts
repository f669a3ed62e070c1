import { type Kysely, sql } from 'kysely';

/**
 * Accounts a manager made from a members list (issue 16): "on the list, not yet signed in" is a figure of its own,
 * and such an account counts as registered only from the day its owner first signs in.
 *
 *   users.from_list    1 for an account made from a members list
 *   users.claimed_at   when its owner first signed in (null: not yet)
 *   unit_daily.listed  +1 on the day such an account was made, −1 on the day it was first signed in to
 *
 * Backfill: accounts that still have no password, were made in the same instant as a membership, and whose owner has
 * agreed to nothing (a members list records no consent; every other way of making an account does) are marked, and
 * their count moves from "registered" to "listed" on the day they were made. Accounts already claimed keep counting
 * as registered from the day they were made.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('from_list', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('claimed_at', 'bigint').execute();
  await db.schema.alterTable('unit_daily').addColumn('listed', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await sql`update users set from_list = 1
    where password_hash = '!' and assisted_team_id is null
      and exists (select 1 from memberships m where m.user_id = users.id and m.added_at = users.created_at)
      and not exists (select 1 from consents c where c.user_id = users.id)`.execute(db);
  // A day in Vietnam time (UTC+7), as in rollups/rebuild.ts.
  const listedThere = sql`(select count(*) from users u where u.from_list = 1 and u.home_unit_id = unit_daily.unit_id and (u.created_at + 25200000) / 86400000 = unit_daily.day)`;
  await sql`update unit_daily set registered = registered - ${listedThere}, listed = listed + ${listedThere}
    where exists (select 1 from users u where u.from_list = 1 and u.home_unit_id = unit_daily.unit_id and (u.created_at + 25200000) / 86400000 = unit_daily.day)`.execute(db);
}
