import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * In-person classes (buổi học trực tiếp) a helper team runs, the lessons each covers, the helpers present and who
 * attended; and, on each lesson mark, who completed it first: the learner ('self') or a class ('class').
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('classes'))
    .addColumn('team_id', 'bigint', (c) => c.notNull().references('helper_teams.id'))
    // Where it takes place: a hamlet, or the commune as a whole. Scope (who may see it) follows this unit.
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('place_name', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id'))
    // As published when the class was scheduled: the sheet shows what was taught even after a new version.
    .addColumn('course_title', 'text', (c) => c.notNull())
    .addColumn('leader_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'bigint', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('classes_unit_idx').on('classes').columns(['unit_id', 'starts_at']).execute();
  await db.schema.createIndex('classes_team_idx').on('classes').columns(['team_id', 'starts_at']).execute();

  await db.schema
    .createTable('class_lessons')
    .addColumn('class_id', 'bigint', (c) => c.notNull().references('classes.id'))
    .addColumn('lesson_id', 'bigint', (c) => c.notNull().references('lessons.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('class_lessons_pk', ['class_id', 'lesson_id'])
    .execute();

  await db.schema
    .createTable('class_helpers')
    .addColumn('class_id', 'bigint', (c) => c.notNull().references('classes.id'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('class_helpers_pk', ['class_id', 'user_id'])
    .execute();
  await db.schema.createIndex('class_helpers_user_idx').on('class_helpers').column('user_id').execute();

  // One row per attendee: a second scan of the same card finds the row and changes nothing.
  await db.schema
    .createTable('class_attendance')
    .addColumn('class_id', 'bigint', (c) => c.notNull().references('classes.id'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    // card, phone or signup (a walk-in signed up on the spot)
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addColumn('credited_at', 'bigint')
    .addPrimaryKeyConstraint('class_attendance_pk', ['class_id', 'user_id'])
    .execute();
  await db.schema.createIndex('class_attendance_user_idx').on('class_attendance').column('user_id').execute();

  // Who completed the lesson first; never changed afterwards, so what a learner did alone stays theirs.
  await db.schema.alterTable('lesson_progress').addColumn('source', 'text', (c) => c.notNull().defaultTo('self')).execute();
}
