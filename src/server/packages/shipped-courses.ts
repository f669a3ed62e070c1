/**
 * The curriculum that ships with the project: content/<slug>/ holds course
 * packages in unpacked form, imported and published here through the same
 * import authors use for zips. content/illustrations/ holds the SVG sources of
 * their pictures (scripts/illustrations.ts), which is no package.
 *
 * Each import of a package is recorded with the package's version (a fingerprint of its files), so that
 * the admin screen can say whether a package is not imported, imported, or has a newer version.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CourseId, UnitId, UserId } from '../../shared/ids.js';
import type { Db } from '../db/database.js';
import { conflict, notFound } from '../errors.js';
import { publishCourse, slugFor } from '../authoring/authoring.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { importFolder, type ImportDeps } from './course-package.js';

export const contentDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../content');

export function shippedPackages(): string[] {
  return readdirSync(contentDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(contentDir, e.name, 'course.json')))
    .map((e) => e.name)
    .sort();
}

/** A fingerprint of every file of a package (names and bytes): any change to a lesson, a question or a picture makes a new version. */
function packageVersion(name: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const relative = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${relative}/`);
      else hash.update(`${relative}\0`).update(readFileSync(path.join(dir, entry.name))).update('\0');
    }
  };
  walk(path.join(contentDir, name), '');
  return hash.digest('hex').slice(0, 12);
}

async function importShipped(deps: ImportDeps, name: string, owner: { unitId: UnitId; by: UserId | null; ip: string | null; now: number; slug: string }): Promise<{ id: CourseId; title: string }> {
  const version = packageVersion(name);
  const course = await importFolder(deps, path.join(contentDir, name), { unitId: owner.unitId, slug: owner.slug, by: owner.by, ip: owner.ip, now: owner.now });
  await publishImported(deps.db, course.id, owner.by, owner.now);
  await deps.db.insertInto('shipped_course_imports').values({ package: name, version, course_id: course.id, imported_by: owner.by, imported_at: owner.now }).execute();
  return course;
}

export async function publishShippedCourses(deps: ImportDeps, owner: { unitId: UnitId; authorId: UserId | null }, now: number): Promise<void> {
  for (const slug of shippedPackages()) await importShipped(deps, slug, { unitId: owner.unitId, by: owner.authorId, ip: null, now, slug });
}

/** Publishes a freshly imported course as its first version (operators and the demo seed; authors go through review). */
export async function publishImported(db: Db, courseId: CourseId, by: UserId | null, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await publishCourse(trx, courseId, by, now);
    await trx.updateTable('courses').set((eb) => ({ published_revision: eb.ref('draft_revision') })).where('id', '=', courseId).execute();
  });
}

type ShippedStatus = 'not_imported' | 'imported' | 'update_available';

async function latestImports(db: Db) {
  const rows = await db.selectFrom('shipped_course_imports').select(['package', 'version', 'course_id', 'imported_at']).orderBy('imported_at').orderBy('id').execute();
  return new Map(rows.map((r) => [r.package, r]));
}

/** Every shipped package with its title and status on this platform (the admin screen's list). */
export async function listShippedCourses(db: Db) {
  const latest = await latestImports(db);
  return {
    packages: shippedPackages().map((name) => {
      const document = JSON.parse(readFileSync(path.join(contentDir, name, 'course.json'), 'utf8')) as { title: string; summary?: string };
      const version = packageVersion(name);
      const imported = latest.get(name);
      const status: ShippedStatus = !imported ? 'not_imported' : imported.version === version ? 'imported' : 'update_available';
      return {
        package: name,
        title: document.title,
        version,
        status,
        imported: imported ? { courseId: imported.course_id, version: imported.version, at: new Date(imported.imported_at).toISOString() } : null,
      };
    }),
  };
}

/**
 * An admin publishes a shipped package through the same import authors use: a new course of their unit
 * (the first admin's: the province), published at once. A newer version becomes a course of its own beside the earlier one (which an author may
 * then unpublish); the version already published is refused (409).
 */
export async function publishShippedCourse(deps: ImportDeps, name: string, unit: { id: UnitId }, actor: { userId: UserId; ip: string; now: number }) {
  if (!shippedPackages().includes(name)) throw notFound('package_not_found');
  const imported = (await latestImports(deps.db)).get(name);
  if (imported && imported.version === packageVersion(name)) throw conflict('package_already_published');
  const course = await importShipped(deps, name, { unitId: unit.id, by: actor.userId, ip: actor.ip, now: actor.now, slug: slugFor(name) });
  await recordAudit(deps.db, { at: actor.now, actorUserId: actor.userId, action: 'course.publish_shipped', unitId: unit.id, details: { package: name, course: course.id }, ip: actor.ip });
  return { id: course.id, title: course.title };
}
