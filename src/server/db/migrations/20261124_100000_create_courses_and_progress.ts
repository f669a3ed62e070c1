import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  // What authors edit: the draft of each course.
  await withIdColumn(db, db.schema.createTable('courses'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('owner_unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('cover_image', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('estimated_minutes', 'integer', (c) => c.notNull())
    .addColumn('audiences', 'text', (c) => c.notNull())
    .addColumn('competences', 'text', (c) => c.notNull())
    .addColumn('requires_order', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await withIdColumn(db, db.schema.createTable('course_modules'))
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('course_modules_course_idx').on('course_modules').columns(['course_id', 'position']).execute();

  await withIdColumn(db, db.schema.createTable('lessons'))
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('module_id', 'bigint', (c) => c.notNull().references('course_modules.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('estimated_minutes', 'integer', (c) => c.notNull())
    .addColumn('competences', 'text', (c) => c.notNull())
    .addColumn('required', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lessons_module_idx').on('lessons').columns(['module_id', 'position']).execute();

  // Each publication: an immutable snapshot of the whole course.
  await withIdColumn(db, db.schema.createTable('course_versions'))
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .addColumn('published_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addUniqueConstraint('course_versions_number_unique', ['course_id', 'number'])
    .execute();

  // What learners read: the current published version, rendered and indexed for reading and search.
  await db.schema
    .createTable('published_courses')
    .addColumn('course_id', 'bigint', (c) => c.primaryKey().references('courses.id').onDelete('cascade'))
    .addColumn('version_id', 'bigint', (c) => c.notNull().references('course_versions.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('cover_image', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('estimated_minutes', 'integer', (c) => c.notNull())
    .addColumn('audiences', 'text', (c) => c.notNull())
    .addColumn('competences', 'text', (c) => c.notNull())
    .addColumn('requires_order', 'integer', (c) => c.notNull())
    .addColumn('module_count', 'integer', (c) => c.notNull())
    .addColumn('lesson_count', 'integer', (c) => c.notNull())
    .addColumn('required_lesson_count', 'integer', (c) => c.notNull())
    .addColumn('title_search', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('published_lessons')
    .addColumn('lesson_id', 'bigint', (c) => c.primaryKey())
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('published_courses.course_id').onDelete('cascade'))
    .addColumn('version_id', 'bigint', (c) => c.notNull())
    .addColumn('module_id', 'bigint', (c) => c.notNull())
    .addColumn('module_title', 'text', (c) => c.notNull())
    .addColumn('module_position', 'integer', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('estimated_minutes', 'integer', (c) => c.notNull())
    .addColumn('required', 'integer', (c) => c.notNull())
    .addColumn('previous_lesson_id', 'bigint')
    .addColumn('next_lesson_id', 'bigint')
    .execute();
  await db.schema.createIndex('published_lessons_course_idx').on('published_lessons').columns(['course_id', 'sequence']).execute();

  await db.schema
    .createTable('course_tags')
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('published_courses.course_id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('course_tags_pk', ['course_id', 'tag'])
    .execute();
  await db.schema.createIndex('course_tags_tag_idx').on('course_tags').column('tag').execute();

  await db.schema
    .createTable('enrollments')
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('enrolled_at', 'bigint', (c) => c.notNull())
    .addColumn('last_lesson_id', 'bigint', (c) => c.notNull())
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_lessons', 'integer', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addPrimaryKeyConstraint('enrollments_pk', ['user_id', 'course_id'])
    .execute();
  await db.schema.createIndex('enrollments_course_idx').on('enrollments').column('course_id').execute();

  await db.schema
    .createTable('lesson_progress')
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('lesson_id', 'bigint', (c) => c.notNull())
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addPrimaryKeyConstraint('lesson_progress_pk', ['user_id', 'lesson_id'])
    .execute();
  await db.schema.createIndex('lesson_progress_course_idx').on('lesson_progress').columns(['user_id', 'course_id']).execute();

  // Append-only: every event a client sent, with the answer it got, so a replay gets the same answer.
  await withIdColumn(db, db.schema.createTable('progress_events'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('lesson_id', 'bigint', (c) => c.notNull())
    .addColumn('course_id', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('client_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addUniqueConstraint('progress_events_client_id_unique', ['user_id', 'event_id'])
    .execute();
}
