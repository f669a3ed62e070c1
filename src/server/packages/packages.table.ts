import type { Generated } from 'kysely';
import type { CourseId, UserId } from '../../shared/ids.js';

/** Which version of a shipped course package (content/<package>/) became which course, and when. */
export interface ShippedCourseImportsTable {
  id: Generated<number>;
  package: string;
  /** A fingerprint of the package's files (shipped-courses.ts packageVersion). */
  version: string;
  course_id: CourseId;
  imported_by: UserId | null;
  imported_at: number;
}
