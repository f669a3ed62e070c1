import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  // The draft: a course's question bank and its quizzes, each kept as its document (quiz-documents.ts).
  await withIdColumn(db, db.schema.createTable('questions'))
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('questions_course_key_unique', ['course_id', 'key'])
    .execute();

  await withIdColumn(db, db.schema.createTable('quizzes'))
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    // A practice quiz closes its module; null is the course's end (where the final quiz sits).
    .addColumn('module_id', 'bigint', (c) => c.references('course_modules.id').onDelete('set null'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quizzes_course_idx').on('quizzes').column('course_id').execute();

  await db.schema.alterTable('courses').addColumn('completion_rule', 'text', (c) => c.notNull().defaultTo('lessons')).execute();
  await db.schema.alterTable('published_courses').addColumn('completion_rule', 'text', (c) => c.notNull().defaultTo('lessons')).execute();
  await db.schema.alterTable('published_courses').addColumn('final_quiz_id', 'bigint').execute();

  // What learners take: each published quiz with its question pool, answer keys included (never sent out).
  await db.schema
    .createTable('published_quizzes')
    .addColumn('quiz_id', 'bigint', (c) => c.primaryKey())
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('published_courses.course_id').onDelete('cascade'))
    .addColumn('version_id', 'bigint', (c) => c.notNull())
    .addColumn('module_id', 'bigint')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('pool', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('published_quizzes_course_idx').on('published_quizzes').column('course_id').execute();

  await withIdColumn(db, db.schema.createTable('quiz_attempts'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('quiz_id', 'bigint', (c) => c.notNull())
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('deadline_at', 'bigint')
    .addColumn('submitted_at', 'bigint')
    // The questions as drawn and shuffled for this attempt, with their keys: grading reads only this.
    .addColumn('paper', 'text', (c) => c.notNull())
    // The quiz's title, pass mark and feedback setting as they were at the start: a republished quiz does not change them.
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('max_score', 'integer', (c) => c.notNull())
    .addColumn('passed', 'integer')
    .addColumn('result', 'text')
    .addUniqueConstraint('quiz_attempts_number_unique', ['user_id', 'quiz_id', 'number'])
    .execute();
  await db.schema.createIndex('quiz_attempts_quiz_idx').on('quiz_attempts').columns(['quiz_id', 'status']).execute();

  await db.schema.alterTable('enrollments').addColumn('final_passed_at', 'bigint').execute();

  // Who signs the certificates of a unit's courses; inherited by the units below.
  await db.schema.alterTable('units').addColumn('certificate_issuer', 'text').execute();
  await db.schema.alterTable('units').addColumn('certificate_signatory_name', 'text').execute();
  await db.schema.alterTable('units').addColumn('certificate_signatory_title', 'text').execute();

  await withIdColumn(db, db.schema.createTable('certificates'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id'))
    .addColumn('learner_name', 'text', (c) => c.notNull())
    .addColumn('course_title', 'text', (c) => c.notNull())
    .addColumn('competences', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('issuer_unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('issuer_name', 'text', (c) => c.notNull())
    .addColumn('signatory_name', 'text', (c) => c.notNull())
    .addColumn('signatory_title', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_reason', 'text')
    .addColumn('revoked_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addUniqueConstraint('certificates_user_course_unique', ['user_id', 'course_id'])
    .execute();
}
