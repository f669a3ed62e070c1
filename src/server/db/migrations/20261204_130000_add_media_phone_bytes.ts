import type { Kysely } from 'kysely';

/**
 * The size of an image's smallest phone variant (w480.webp), so that a lesson read with "Tiết kiệm dữ liệu"
 * can say what a picture costs before it is loaded. Null for other kinds, and for images stored before this
 * (they get it when their course is imported or the file uploaded again).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('media').addColumn('phone_bytes', 'integer').execute();
}
