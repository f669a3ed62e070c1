import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A member is listed under the name the manager entered: someone living outside the manager's
  // unit must not have their own name shown (or be told apart from a new account) by being added.
  await db.schema.alterTable('memberships').addColumn('full_name', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('memberships').addColumn('full_name_search', 'text', (c) => c.notNull().defaultTo('')).execute();
  // Completions before this moment do not count for the unit (0: all do): what such a person learnt
  // before being added stays theirs.
  await db.schema.alterTable('memberships').addColumn('counts_since', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  // Existing members keep the name their managers have been seeing.
  await sql`update memberships set full_name = (select full_name from users where users.id = memberships.user_id),
    full_name_search = (select full_name_search from users where users.id = memberships.user_id)`.execute(db);
}
