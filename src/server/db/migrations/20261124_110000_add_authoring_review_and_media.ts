import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('courses').addColumn('draft_revision', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('courses').addColumn('published_revision', 'integer').execute();
  await db.schema.alterTable('courses').addColumn('requires_review', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('courses').addColumn('review_status', 'text', (c) => c.notNull().defaultTo('none')).execute();
  await db.schema.alterTable('courses').addColumn('review_requested_by', 'bigint', (c) => c.references('users.id').onDelete('set null')).execute();
  await db.schema.alterTable('courses').addColumn('approved_revision', 'integer').execute();
  await db.schema.alterTable('courses').addColumn('deleted_at', 'bigint').execute();
  await db.schema.createIndex('courses_owner_idx').on('courses').column('owner_unit_id').execute();

  await db.schema.alterTable('lessons').addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1)).execute();

  await withIdColumn(db, db.schema.createTable('review_comments'))
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('author_user_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('draft_revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_comments_course_idx').on('review_comments').column('course_id').execute();

  // A course's media, by the file name lessons use (media/<name>); the bytes are stored once per content hash.
  await withIdColumn(db, db.schema.createTable('media'))
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('media_course_name_unique', ['course_id', 'name'])
    .execute();
  await db.schema.createIndex('media_sha_idx').on('media').column('sha256').execute();
}
