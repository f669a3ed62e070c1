import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * Which version of each shipped course package (content/<slug>/) became which course: the admin screen lists
 * the packages as not imported, imported (this version) or with a newer version available. A version is a
 * fingerprint of the package's files.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('shipped_course_imports'))
    .addColumn('package', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('course_id', 'bigint', (c) => c.notNull().references('courses.id'))
    .addColumn('imported_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shipped_course_imports_package_idx').on('shipped_course_imports').columns(['package', 'imported_at']).execute();
}
