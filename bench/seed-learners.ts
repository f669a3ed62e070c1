/**
 * Bulk learners with progress, for benchmarks: accounts spread over the real
 * communes, some enrolled in the shipped courses with a few lessons done each.
 */
import type { CourseId, LessonId, UnitId, UserId } from '../src/shared/ids.js';
import type { PhoneNumber } from '../src/shared/phone.js';
import { foldForSearch } from '../src/shared/text.js';
import type { ProgressBar } from '../src/server/cli-progress.js';
import type { Insertable } from 'kysely';
import type { Db } from '../src/server/db/database.js';
import type { EnrollmentsTable, LessonProgressTable, ProgressEventsTable } from '../src/server/progress/progress.table.js';
import { hashPassword } from '../src/server/auth/passwords.js';
import { prepareDatabase } from '../src/server/bootstrap/prepare.js';
import { systemClock } from '../src/server/clock.js';
import { loadConfig } from '../src/server/config.js';
import type { DatabaseHandle } from '../src/server/db/connect.js';
import { createSession } from '../src/server/http/sessions.js';
import { MediaStore } from '../src/server/media/media-store.js';
import { publishShippedCourses } from '../src/server/packages/shipped-courses.js';
import { findUnitByCode } from '../src/server/units/units.queries.js';

// A deterministic generator, so that runs are comparable.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const familyNames = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Phan', 'Trương', 'Đặng', 'Chau', 'Thạch', 'Danh'];
const givenNames = ['Văn An', 'Thị Lan', 'Minh Tuấn', 'Thị Hồng', 'Quốc Bảo', 'Thị Mai', 'Sóc Kha', 'Thị Ngọc', 'Văn Hùng', 'Thị Thu'];

export interface SeedOptions {
  count: number;
  passwordHash: string;
  courses: { id: CourseId; lessonIds: LessonId[] }[];
  now: number;
  progress?: ProgressBar;
}

export async function seedLearners(db: Db, options: SeedOptions): Promise<UserId[]> {
  const units = (await db.selectFrom('units').select('id').where('kind', 'in', ['commune', 'ward', 'special_zone']).execute()).map((u) => u.id as UnitId);
  const next = random(42);
  const ids: UserId[] = [];
  const batch = 500;
  for (let start = 0; start < options.count; start += batch) {
    await db.transaction().execute(async (trx) => {
      const size = Math.min(batch, options.count - start);
      const users = Array.from({ length: size }, (_, i) => {
        const n = start + i;
        const fullName = `${familyNames[n % familyNames.length]} ${givenNames[Math.floor(n / familyNames.length) % givenNames.length]}`;
        return {
          phone: `+849${String(10_000_000 + n)}` as PhoneNumber,
          password_hash: options.passwordHash,
          full_name: fullName,
          full_name_search: foldForSearch(fullName),
          birth_year: 1940 + Math.floor(next() * 70),
          home_unit_id: units[Math.floor(next() * units.length)]!,
          language: 'vi' as const,
          large_text: 0,
          created_at: options.now - Math.floor(next() * 90) * 86_400_000,
          updated_at: options.now,
          password_changed_at: options.now,
          disabled_at: null,
        };
      });
      const inserted = await trx.insertInto('users').values(users).returning('id').execute();
      const marks: Insertable<LessonProgressTable>[] = [];
      const events: Insertable<ProgressEventsTable>[] = [];
      const enrollments: Insertable<EnrollmentsTable>[] = [];
      for (const { id: userId } of inserted) {
        ids.push(userId);
        for (const course of options.courses) {
          if (next() < 0.4) continue;
          const done = Math.floor(next() * (course.lessonIds.length + 1));
          const begun = options.now - Math.floor(next() * 30 * 86_400_000);
          const touched = course.lessonIds.slice(0, Math.min(course.lessonIds.length, done + 1));
          touched.forEach((lessonId, i) => {
            const at = begun + i * 600_000;
            const completedAt = i < done ? at + 300_000 : null;
            marks.push({ user_id: userId, lesson_id: lessonId, course_id: course.id, opened_at: at, completed_at: completedAt });
            events.push({ user_id: userId, event_id: `seed-${userId}-${lessonId}-o`, lesson_id: lessonId, course_id: course.id, type: 'opened' as const, client_at: at, received_at: at, result: '{}' });
            if (completedAt) events.push({ user_id: userId, event_id: `seed-${userId}-${lessonId}-c`, lesson_id: lessonId, course_id: course.id, type: 'completed' as const, client_at: completedAt, received_at: completedAt, result: '{}' });
          });
          const last = touched.at(-1)!;
          enrollments.push({
            user_id: userId,
            course_id: course.id,
            enrolled_at: begun,
            last_lesson_id: last,
            last_activity_at: begun + touched.length * 600_000,
            completed_lessons: done,
            completed_at: done === course.lessonIds.length ? begun + touched.length * 600_000 : null,
          });
        }
      }
      for (let i = 0; i < marks.length; i += 1000) await trx.insertInto('lesson_progress').values(marks.slice(i, i + 1000)).execute();
      for (let i = 0; i < events.length; i += 1000) await trx.insertInto('progress_events').values(events.slice(i, i + 1000)).execute();
      for (let i = 0; i < enrollments.length; i += 1000) await trx.insertInto('enrollments').values(enrollments.slice(i, i + 1000)).execute();
    });
    options.progress?.tick(Math.min(options.count, start + batch));
  }
  options.progress?.finish();
  return ids;
}

/** The published courses with their lessons in order: what learners are seeded into. */
export async function shippedCourseOutlines(db: Db): Promise<{ id: CourseId; lessonIds: LessonId[] }[]> {
  const courses: { id: CourseId; lessonIds: LessonId[] }[] = [];
  for (const { course_id } of await db.selectFrom('published_courses').select('course_id').orderBy('course_id').execute()) {
    const lessons = await db.selectFrom('published_lessons').select('lesson_id').where('course_id', '=', course_id).orderBy('sequence').execute();
    courses.push({ id: course_id, lessonIds: lessons.map((l) => l.lesson_id) });
  }
  return courses;
}

/**
 * What every benchmark starts from: the database migrated, the shipped courses published by the province, and
 * `count` learners with their progress. `sessionCookie` signs one of them in for a day.
 */
export async function seedBenchPlatform(handle: DatabaseHandle, env: Record<string, string>, options: { count: number; progress?: ProgressBar }) {
  const now = systemClock.now();
  await prepareDatabase(handle, { demo: null, backupDir: null, clock: systemClock });
  const province = (await findUnitByCode(handle.db, '91'))!;
  const config = loadConfig({ ...env, DEMO: '0' });
  await publishShippedCourses({ db: handle.db, store: new MediaStore(config.mediaDir), config }, { unitId: province.id, authorId: null }, now);
  const courses = await shippedCourseOutlines(handle.db);
  const learners = await seedLearners(handle.db, { count: options.count, passwordHash: await hashPassword('bench-password'), courses, now, progress: options.progress });
  const sessionCookie = async (userId: UserId) =>
    `hoctap_session=${(await createSession(handle.db, { userId, lifetime: { idleMs: 86_400_000, maxMs: 86_400_000 }, ip: '127.0.0.1', userAgent: 'bench', now })).token}`;
  return { now, province, config, courses, learners, sessionCookie };
}
