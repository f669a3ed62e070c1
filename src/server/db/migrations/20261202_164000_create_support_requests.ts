import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * Support requests (yêu cầu hỗ trợ): a citizen, or a helper for them, asks a community digital technology team
 * for help; the teams covering the place at that moment are recorded, so that later changes to a team's hamlets
 * do not move requests already made. Every change of status carries its own time (figures need them).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('support_requests'))
    // Null when a helper asked for someone without an account: then contact_name names them.
    .addColumn('requester_user_id', 'bigint', (c) => c.references('users.id'))
    .addColumn('contact_name', 'text')
    // The number to call back on (the person's own by default).
    .addColumn('contact_phone', 'text', (c) => c.notNull())
    .addColumn('place_unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('preferred_time', 'text', (c) => c.notNull())
    // open, assigned, resolved, duplicate, cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('assigned_to', 'bigint', (c) => c.references('users.id'))
    .addColumn('assigned_at', 'bigint')
    // The first assignment or note: "time to first response" is measured to it.
    .addColumn('first_response_at', 'bigint')
    .addColumn('resolved_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('resolved_at', 'bigint')
    // What the citizen reads once it is resolved.
    .addColumn('resolution', 'text')
    .addColumn('duplicate_of', 'bigint', (c) => c.references('support_requests.id'))
    // When it was closed as a duplicate or cancelled by the person.
    .addColumn('closed_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('support_requests_requester_idx').on('support_requests').columns(['requester_user_id', 'created_at']).execute();
  await db.schema.createIndex('support_requests_place_idx').on('support_requests').columns(['place_unit_id', 'status']).execute();

  await db.schema
    .createTable('support_request_teams')
    .addColumn('request_id', 'bigint', (c) => c.notNull().references('support_requests.id'))
    .addColumn('team_id', 'bigint', (c) => c.notNull().references('helper_teams.id'))
    .addPrimaryKeyConstraint('support_request_teams_pk', ['request_id', 'team_id'])
    .execute();
  await db.schema.createIndex('support_request_teams_team_idx').on('support_request_teams').columns(['team_id', 'request_id']).execute();

  // Helpers' internal notes: never shown to the citizen.
  await withIdColumn(db, db.schema.createTable('support_request_notes'))
    .addColumn('request_id', 'bigint', (c) => c.notNull().references('support_requests.id'))
    .addColumn('author_user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('support_request_notes_request_idx').on('support_request_notes').columns(['request_id', 'created_at']).execute();

  // Open or assigned for longer than this many hours: overdue in the team's figures.
  await db.schema.alterTable('helper_teams').addColumn('request_overdue_hours', 'integer', (c) => c.notNull().defaultTo(48)).execute();
}
