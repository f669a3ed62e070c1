import type { ClassId, LessonId, TeamId, UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import type { DbOrTx, Tx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import type { AttendanceMethod, ClassesTable } from './classes.table.js';
import type { Insertable, Updateable } from 'kysely';

const classColumns = [
  'classes.id',
  'classes.team_id',
  'classes.unit_id',
  'classes.place_name',
  'classes.starts_at',
  'classes.duration_minutes',
  'classes.course_id',
  'classes.course_title',
  'classes.leader_id',
  'classes.cancelled_at',
  'classes.closed_at',
  'units.code as unit_code',
  'units.name as unit_name',
  'units.full_name as unit_full_name',
  'units.kind as unit_kind',
  'units.path as unit_path',
  'helper_teams.name as team_name',
  'leader.full_name as leader_name',
] as const;

function classQuery(db: DbOrTx) {
  return db
    .selectFrom('classes')
    .innerJoin('units', 'units.id', 'classes.unit_id')
    .innerJoin('helper_teams', 'helper_teams.id', 'classes.team_id')
    .innerJoin('users as leader', 'leader.id', 'classes.leader_id')
    .select(classColumns);
}

export function findClass(db: DbOrTx, id: ClassId) {
  return classQuery(db).where('classes.id', '=', id).executeTakeFirst();
}

export type ClassRow = NonNullable<Awaited<ReturnType<typeof findClass>>>;

/** Classes taking place in a unit's subtree and starting within [from, to). */
export function findClassesUnder(db: DbOrTx, unitPath: string, from: number, to: number) {
  return classQuery(db)
    .where('units.path', 'like', `${unitPath}%`)
    .where('classes.starts_at', '>=', from)
    .where('classes.starts_at', '<', to)
    .orderBy('classes.starts_at', 'desc')
    .orderBy('classes.id', 'desc')
    .execute();
}

export async function findUnitCodeOfClass(db: DbOrTx, id: ClassId): Promise<string | undefined> {
  const row = await db.selectFrom('classes').innerJoin('units', 'units.id', 'classes.unit_id').select('units.code').where('classes.id', '=', id).executeTakeFirst();
  return row?.code;
}

export async function insertClass(trx: Tx, row: Insertable<ClassesTable>): Promise<ClassId> {
  return (await trx.insertInto('classes').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateClass(trx: Tx, id: ClassId, patch: Updateable<ClassesTable>): Promise<void> {
  await trx.updateTable('classes').set(patch).where('id', '=', id).execute();
}

export async function replaceLessons(trx: Tx, classId: ClassId, lessons: readonly { lessonId: LessonId; title: string }[]): Promise<void> {
  await trx.deleteFrom('class_lessons').where('class_id', '=', classId).execute();
  await trx
    .insertInto('class_lessons')
    .values(lessons.map((l, i) => ({ class_id: classId, lesson_id: l.lessonId, position: i + 1, title: l.title })))
    .execute();
}

export async function replaceHelpers(trx: Tx, classId: ClassId, userIds: readonly UserId[]): Promise<void> {
  await trx.deleteFrom('class_helpers').where('class_id', '=', classId).execute();
  if (userIds.length > 0) await trx.insertInto('class_helpers').values(userIds.map((user_id) => ({ class_id: classId, user_id }))).execute();
}

export function findLessonsOf(db: DbOrTx, classIds: readonly ClassId[]) {
  if (classIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('class_lessons').select(['class_id', 'lesson_id', 'title']).where('class_id', 'in', classIds).orderBy('class_id').orderBy('position').execute();
}

export function findHelpersOf(db: DbOrTx, classIds: readonly ClassId[]) {
  if (classIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('class_helpers')
    .innerJoin('users', 'users.id', 'class_helpers.user_id')
    .select(['class_helpers.class_id', 'class_helpers.user_id', 'users.full_name'])
    .where('class_helpers.class_id', 'in', classIds)
    .orderBy('users.full_name_search')
    .execute();
}

export async function countAttendees(db: DbOrTx, classIds: readonly ClassId[]): Promise<Map<ClassId, number>> {
  if (classIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('class_attendance')
    .select((eb) => ['class_id', eb.fn.countAll<number>().as('count')])
    .where('class_id', 'in', classIds)
    .groupBy('class_id')
    .execute();
  return new Map(rows.map((r) => [r.class_id, Number(r.count)]));
}

export function findAttendees(db: DbOrTx, classId: ClassId) {
  return db
    .selectFrom('class_attendance')
    .innerJoin('users', 'users.id', 'class_attendance.user_id')
    .innerJoin('units as home', 'home.id', 'users.home_unit_id')
    .select([
      'class_attendance.user_id',
      'class_attendance.method',
      'class_attendance.recorded_at',
      'class_attendance.credited_at',
      'users.full_name',
      'users.birth_year',
      'users.phone',
      'home.name as home_name',
    ])
    .where('class_attendance.class_id', '=', classId)
    .orderBy('class_attendance.recorded_at')
    .orderBy('class_attendance.user_id')
    .execute();
}

export type AttendeeRow = Awaited<ReturnType<typeof findAttendees>>[number];

/** A person as attendance needs them: who, and where they live (for the rule on walk-ins by id). */
export function findPersonByPhone(db: DbOrTx, phone: PhoneNumber) {
  return db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.home_unit_id')
    .select(['users.id', 'users.disabled_at', 'units.path as home_path'])
    .where('users.phone', '=', phone)
    .executeTakeFirst();
}

export function findPersonById(db: DbOrTx, id: UserId) {
  return db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.home_unit_id')
    .select(['users.id', 'users.disabled_at', 'units.path as home_path'])
    .where('users.id', '=', id)
    .executeTakeFirst();
}

/** Adds the attendee unless already there (a concurrent second scan loses the race quietly); true when added. */
export async function insertAttendance(db: DbOrTx, row: { class_id: ClassId; user_id: UserId; method: AttendanceMethod; recorded_by: UserId; recorded_at: number }): Promise<boolean> {
  const inserted = await db
    .insertInto('class_attendance')
    .values({ ...row, credited_at: null })
    .onConflict((oc) => oc.columns(['class_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Removes an attendee not yet credited; the number of rows removed. */
export async function deleteAttendance(db: DbOrTx, classId: ClassId, userId: UserId): Promise<number> {
  const result = await db.deleteFrom('class_attendance').where('class_id', '=', classId).where('user_id', '=', userId).where('credited_at', 'is', null).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findAttendance(db: DbOrTx, classId: ClassId, userId: UserId) {
  return db.selectFrom('class_attendance').select(['credited_at']).where('class_id', '=', classId).where('user_id', '=', userId).executeTakeFirst();
}

export async function markCredited(db: DbOrTx, classId: ClassId, userIds: readonly UserId[], at: number): Promise<void> {
  if (userIds.length === 0) return;
  await db.updateTable('class_attendance').set({ credited_at: at }).where('class_id', '=', classId).where('user_id', 'in', userIds).where('credited_at', 'is', null).execute();
}

/** Held classes (closed, not cancelled) of these teams starting within [from, to): who led, who was present, how many came. */
export async function findHeldClassesOfTeams(db: DbOrTx, teamIds: readonly TeamId[], from: number, to: number) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('classes')
    .innerJoin('class_helpers', 'class_helpers.class_id', 'classes.id')
    .select((eb) => [
      'classes.id',
      'classes.leader_id',
      'class_helpers.user_id as helper_id',
      eb.selectFrom('class_attendance').select((a) => a.fn.countAll<number>().as('n')).whereRef('class_attendance.class_id', '=', 'classes.id').as('attendees'),
    ])
    .where('classes.team_id', 'in', teamIds)
    .where('classes.cancelled_at', 'is', null)
    .where('classes.closed_at', 'is not', null)
    .where('classes.starts_at', '>=', from)
    .where('classes.starts_at', '<', to)
    .execute();
}

export const classesPersonalData: PersonalDataHandler[] = [
  {
    table: 'class_attendance',
    export: (db, userId) =>
      db
        .selectFrom('class_attendance')
        .innerJoin('classes', 'classes.id', 'class_attendance.class_id')
        .select(['class_attendance.class_id', 'classes.place_name', 'classes.starts_at', 'classes.course_title', 'class_attendance.method', 'class_attendance.recorded_at', 'class_attendance.credited_at'])
        .where('class_attendance.user_id', '=', userId)
        .orderBy('classes.starts_at')
        .execute(),
    erase: async (trx, userId) => {
      await trx.deleteFrom('class_attendance').where('user_id', '=', userId).execute();
    },
  },
  {
    table: 'class_helpers',
    export: (db, userId) =>
      db
        .selectFrom('class_helpers')
        .innerJoin('classes', 'classes.id', 'class_helpers.class_id')
        .select(['class_helpers.class_id', 'classes.place_name', 'classes.starts_at', 'classes.course_title'])
        .where('class_helpers.user_id', '=', userId)
        .orderBy('classes.starts_at')
        .execute(),
    // A helper's presence is the record of a public service held for others (their attendance and credit rest on
    // it), kept like the audit trail: it names an id, and that account is de-identified.
    erase: async () => {},
  },
];
