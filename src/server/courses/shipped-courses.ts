/** The curriculum that ships with the project (content/), published as courses of a unit. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UnitId, UserId } from '../../shared/ids.js';
import type { Db } from '../db/database.js';
import { readCourseFolder } from './course-document.js';
import { insertCourseDraft } from './courses.queries.js';
import { publishCourse } from './publishing.js';

export const contentDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../content');

export async function publishShippedCourses(db: Db, owner: { unitId: UnitId; authorId: UserId | null }, now: number): Promise<void> {
  for (const slug of readdirSync(contentDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    const document = readCourseFolder(path.join(contentDir, slug));
    await db.transaction().execute(async (trx) => {
      const courseId = await insertCourseDraft(trx, document, { slug, ownerUnitId: owner.unitId, createdBy: owner.authorId, now });
      await publishCourse(trx, courseId, owner.authorId, now);
    });
  }
}
