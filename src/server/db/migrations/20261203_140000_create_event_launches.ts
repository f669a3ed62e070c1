import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * The launch button of an event and its big screens: what the launch does (courses to publish, a campaign to set
 * live), who presses, how many presses are needed, when it happened; and the tokens that open a big screen without
 * signing in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_launches')
    .addColumn('event_id', 'bigint', (c) => c.primaryKey().references('events.id'))
    .addColumn('presses_needed', 'integer', (c) => c.notNull())
    // The planned moment, for the big screen's countdown.
    .addColumn('planned_at', 'bigint')
    // JSON array of course ids published at the launch.
    .addColumn('course_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('campaign_id', 'bigint', (c) => c.references('campaigns.id'))
    // The organiser who set what the launch does; it acts on their behalf (they held the author and campaign-lead grants).
    .addColumn('configured_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    // Set once, by the press that completes the count (a conditional update: exactly one launch).
    .addColumn('launched_at', 'bigint')
    .execute();

  await db.schema
    .createTable('event_launch_leaders')
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('events.id'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('pressed_at', 'bigint')
    .addPrimaryKeyConstraint('event_launch_leaders_pk', ['event_id', 'user_id'])
    .execute();
  await db.schema.createIndex('event_launch_leaders_user_idx').on('event_launch_leaders').column('user_id').execute();

  await withIdColumn(db, db.schema.createTable('event_screen_tokens'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('events.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // SHA-256 of the token; the token itself is shown once.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('event_screen_tokens_event_idx').on('event_screen_tokens').column('event_id').execute();
}
