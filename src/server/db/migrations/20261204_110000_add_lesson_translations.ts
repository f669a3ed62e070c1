import type { Kysely } from 'kysely';

/**
 * A lesson may have versions in other languages (Khmer first): JSON `{"km": {"title", "body"}}` on the draft lesson,
 * and `{"km": {"title", "html"}}` on the published one, so that the reader's cached answer carries them. A column
 * rather than a table: a translation lives and dies with its lesson, is saved with it (one revision) and is never
 * queried by language.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('lessons').addColumn('translations', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('published_lessons').addColumn('translations', 'text', (c) => c.notNull().defaultTo('{}')).execute();
}
