/**
 * The curriculum that ships with the project: content/<slug>/ holds course
 * packages in unpacked form, imported and published here through the same
 * import authors use for zips. content/illustrations/ holds the SVG sources of
 * their pictures (scripts/illustrations.ts), which is no package.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CourseId, UnitId, UserId } from '../../shared/ids.js';
import type { Db } from '../db/database.js';
import { publishCourse } from '../authoring/authoring.service.js';
import { importFolder, type ImportDeps } from './course-package.js';

export const contentDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../content');

export function shippedPackages(): string[] {
  return readdirSync(contentDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(contentDir, e.name, 'course.json')))
    .map((e) => e.name)
    .sort();
}

export async function publishShippedCourses(deps: ImportDeps, owner: { unitId: UnitId; authorId: UserId | null }, now: number): Promise<void> {
  for (const slug of shippedPackages()) {
    const { id } = await importFolder(deps, path.join(contentDir, slug), { unitId: owner.unitId, slug, by: owner.authorId, ip: null, now });
    await publishImported(deps.db, id, owner.authorId, now);
  }
}

/** Publishes a freshly imported course as its first version (operators and the demo seed; authors go through review). */
export async function publishImported(db: Db, courseId: CourseId, by: UserId | null, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await publishCourse(trx, courseId, by, now);
    await trx.updateTable('courses').set((eb) => ({ published_revision: eb.ref('draft_revision') })).where('id', '=', courseId).execute();
  });
}
