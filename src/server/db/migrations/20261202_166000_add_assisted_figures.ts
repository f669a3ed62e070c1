import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * The assisted dimension of the figures (issue 13): rollup counters for learners whose account a helper made
 * (users.assisted_team_id), counters per team, and the call-back verification of assisted sign-ups.
 * No backfill: accounts get assisted_team_id from the release that adds this migration on, so every count so far
 * is self-served.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Of the counts already there, those of assisted learners; self-served = total − assisted.
  for (const column of ['registered_assisted', 'last_active_assisted']) {
    await db.schema.alterTable('unit_daily').addColumn(column, 'integer', (c) => c.notNull().defaultTo(0)).execute();
  }
  for (const column of ['enrolled_assisted', 'completed_assisted', 'certified_assisted']) {
    await db.schema.alterTable('unit_course_daily').addColumn(column, 'integer', (c) => c.notNull().defaultTo(0)).execute();
  }
  // Per team that signed the learners up, wherever they live now.
  await db.schema
    .createTable('team_daily')
    .addColumn('team_id', 'bigint', (c) => c.notNull().references('helper_teams.id'))
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('registered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('completed', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('team_daily_pk', ['team_id', 'day'])
    .execute();

  // A sign-up drawn for a call-back to the person, and what the call found. One draw per sign-up (unique).
  await withIdColumn(db, db.schema.createTable('assisted_callbacks'))
    .addColumn('signup_id', 'bigint', (c) => c.notNull().references('assisted_signups.id'))
    .addColumn('drawn_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('drawn_at', 'bigint', (c) => c.notNull())
    // null until called: confirmed, not_reachable or denied.
    .addColumn('outcome', 'text')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'bigint')
    .execute();
  await db.schema.createIndex('assisted_callbacks_signup_idx').on('assisted_callbacks').column('signup_id').unique().execute();
}
