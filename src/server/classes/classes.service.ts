/**
 * In-person classes (buổi học trực tiếp). A helper of a team schedules a class in the team's commune, takes
 * attendance (a card scan, a phone, or a walk-in just signed up), and closes it: each attendee is then credited
 * with the lessons the class covered through the progress writer, as the learner's own events are, with a fixed
 * event id per (class, lesson, attendee), so closing again or a late attendee never counts anything twice.
 */
import type { ClassId, CourseId, LessonId, TeamId, UserId } from '../../shared/ids.js';
import { dayOf } from '../../shared/days.js';
import { formatPhoneNational, normalizeVietnameseMobile } from '../../shared/phone.js';
import { recordAudit, recordPersonalDataRead } from '../audit/audit.service.js';
import { findCardHolder } from '../cards/cards.service.js';
import type { Clock } from '../clock.js';
import { describeCourse } from '../courses/courses.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { AppError, badRequest, conflict, notFound, tooManyRequests } from '../errors.js';
import { grantsReach, type ScopedGrant } from '../grants/grants.service.js';
import { consumeRateLimit } from '../http/rate-limits.js';
import { type ProgressWriter, type PublishedLessonCache, recordCredits } from '../progress/progress.service.js';
import { helperTeamAt, membersOfTeams, teamsOfHelper } from '../teams/teams.service.js';
import { findUnitByCode, type UnitRow } from '../units/units.service.js';
import { listHamlets } from '../units/hamlets.service.js';
import type { AttendanceBody, ClassDetail, ClassListQuery, ClassPatchBody, ClassSummary, NewClassBody } from './classes.schema.js';
import {
  type AttendeeRow,
  type ClassRow,
  countAttendees,
  deleteAttendance,
  findAttendance,
  findAttendees,
  findClass,
  findClassesUnder,
  findHeldClassesOfTeams,
  findHelpersOf,
  findLessonsOf,
  findPersonById,
  findPersonByPhone,
  findUnitCodeOfClass,
  insertAttendance,
  insertClass,
  markCredited,
  replaceHelpers,
  replaceLessons,
  updateClass,
} from './classes.queries.js';
import type { AttendanceMethod } from './classes.table.js';

export { classesPersonalData } from './classes.queries.js';

export interface ClassesDeps {
  db: Db;
  clock: Clock;
  writer: ProgressWriter;
  lessons: PublishedLessonCache;
}

/** Who is asking: their grants decide what they may see (managers see phones), their teams what they may do. */
export interface ClassViewer {
  userId: UserId;
  grants: readonly ScopedGrant[];
  ip: string;
}

const dayMs = 86_400_000;
const minuteMs = 60_000;
// Card and phone look-ups name people: a helper gets enough for a large class, not for trawling a commune.
const lookupWindowMs = 15 * minuteMs;
const lookupsPerWindow = 120;

const iso = (ms: number) => new Date(ms).toISOString();

function statusOf(row: Pick<ClassRow, 'cancelled_at' | 'closed_at' | 'starts_at'>, now: number): ClassSummary['status'] {
  if (row.cancelled_at !== null) return 'cancelled';
  if (row.closed_at !== null) return 'closed';
  return now < row.starts_at ? 'scheduled' : 'started';
}

/** 0912 *** 678, as the managers' list of people shows a number to those who may not see it whole. */
function maskPhone(phone: string): string {
  const national = formatPhoneNational(phone);
  return `${national.slice(0, 4)} *** ${national.slice(-3)}`;
}

/** When the lessons count as completed: the end of the class, or its closing if that came first. Fixed once closed. */
function creditTime(row: Pick<ClassRow, 'starts_at' | 'duration_minutes' | 'closed_at'>): number {
  return Math.min(row.starts_at + row.duration_minutes * minuteMs, row.closed_at ?? Number.POSITIVE_INFINITY);
}

async function summaries(db: DbOrTx, rows: readonly ClassRow[], now: number): Promise<ClassSummary[]> {
  const ids = rows.map((r) => r.id);
  const [lessons, helpers, counts] = await Promise.all([findLessonsOf(db, ids), findHelpersOf(db, ids), countAttendees(db, ids)]);
  return rows.map((r) => ({
    id: r.id,
    status: statusOf(r, now),
    placeName: r.place_name,
    unit: { code: r.unit_code, name: r.unit_name, fullName: r.unit_full_name, kind: r.unit_kind },
    team: { id: r.team_id, name: r.team_name },
    startsAt: iso(r.starts_at),
    durationMinutes: r.duration_minutes,
    course: { id: r.course_id, title: r.course_title },
    lessons: lessons.filter((l) => l.class_id === r.id).map((l) => ({ id: l.lesson_id, title: l.title })),
    leader: { id: r.leader_id, fullName: r.leader_name },
    helpers: helpers.filter((h) => h.class_id === r.id).map((h) => ({ id: h.user_id, fullName: h.full_name })),
    attendeeCount: counts.get(r.id) ?? 0,
  }));
}

function attendeeView(row: AttendeeRow, showPhone: boolean): ClassDetail['attendees'][number] {
  return {
    userId: row.user_id,
    fullName: row.full_name,
    birthYear: row.birth_year,
    place: row.home_name,
    phone: showPhone ? formatPhoneNational(row.phone) : maskPhone(row.phone),
    method: row.method,
    recordedAt: iso(row.recorded_at),
    creditedAt: row.credited_at === null ? null : iso(row.credited_at),
  };
}

/** Managers over the class's unit see whole phone numbers; helpers see the last digits, enough to tell two people apart. */
const seesPhones = (viewer: ClassViewer, row: ClassRow) => grantsReach(viewer.grants, 'manager', row.unit_path);

async function isTeamHelper(db: DbOrTx, viewer: ClassViewer, row: ClassRow): Promise<boolean> {
  if (!grantsReach(viewer.grants, 'helper', row.unit_path)) return false;
  return (await teamsOfHelper(db, viewer.userId)).some((t) => t.id === row.team_id);
}

async function loadClass(db: DbOrTx, id: ClassId): Promise<ClassRow> {
  const row = await findClass(db, id);
  if (!row) throw notFound('class_not_found');
  return row;
}

async function detail(db: DbOrTx, row: ClassRow, viewer: ClassViewer, now: number): Promise<ClassDetail> {
  const [[summary], attendees, canManage] = await Promise.all([summaries(db, [row], now), findAttendees(db, row.id), isTeamHelper(db, viewer, row)]);
  const showPhone = seesPhones(viewer, row);
  return { ...summary!, attendees: attendees.map((a) => attendeeView(a, showPhone)), canManage, walkInPath: `/helper/signup?class=${row.id}` };
}

/** The class, for one of its team's helpers to change; 403 for anyone else. */
async function classToManage(db: DbOrTx, id: ClassId, viewer: ClassViewer): Promise<ClassRow> {
  const row = await loadClass(db, id);
  if (!(await isTeamHelper(db, viewer, row))) throw new AppError('class_team_required', 403);
  return row;
}

/** The unit a class takes place in, for the route policies (404 for an unknown class). */
export async function unitCodeOfClass(db: DbOrTx, id: ClassId | undefined): Promise<string> {
  const code = id === undefined ? undefined : await findUnitCodeOfClass(db, id);
  if (code === undefined) throw notFound('class_not_found');
  return code;
}

/** The teams a helper may schedule classes for, with their hamlets and members (the scheduling form's choices). */
export async function schedulingChoices(db: Db, viewer: ClassViewer) {
  const teams = (await teamsOfHelper(db, viewer.userId)).filter((t) => grantsReach(viewer.grants, 'helper', t.unit_path));
  return {
    teams: await Promise.all(
      teams.map(async (t) => {
        const [live, members, unit] = await Promise.all([listHamlets(db, t.unit_code), membersOfTeams(db, [t.id]), describeUnitRef(db, t.unit_code)]);
        return {
          id: t.id,
          name: t.name,
          unit,
          hamlets: live.hamlets.map(({ code, name, fullName }) => ({ code, name, fullName, kind: 'hamlet' as const })),
          members: members.map((m) => ({ id: m.user_id, fullName: m.full_name })),
        };
      }),
    ),
  };
}

async function describeUnitRef(db: Db, code: string) {
  const unit = (await findUnitByCode(db, code))!;
  return { code: unit.code, name: unit.name, fullName: unit.full_name, kind: unit.kind };
}

export async function listClasses(db: Db, unit: UnitRow, query: ClassListQuery, now: number) {
  // By default two months either side of today: upcoming classes and those just held.
  const from = query.from ? Date.parse(`${query.from}T00:00:00+07:00`) : now - 60 * dayMs;
  const to = query.to ? Date.parse(`${query.to}T00:00:00+07:00`) + dayMs : now + 60 * dayMs;
  if (from >= to || to - from > 400 * dayMs) throw badRequest('invalid_period', {}, 'from');
  const rows = await findClassesUnder(db, unit.path, from, to);
  return { unit: { code: unit.code, name: unit.name, fullName: unit.full_name, kind: unit.kind }, classes: await summaries(db, rows, now) };
}

interface ClassPlan {
  placeName: string;
  startsAt: number;
  durationMinutes: number;
  lessons: { lessonId: LessonId; title: string }[];
  helperIds: UserId[];
}

async function checkedPlan(
  db: Db,
  team: { id: TeamId },
  courseId: CourseId,
  input: { placeName: string; startsAt: string; durationMinutes: number; lessonIds: readonly LessonId[]; helperIds?: readonly UserId[] },
  leaderId: UserId,
  now: number,
): Promise<ClassPlan & { courseTitle: string }> {
  const startsAt = Date.parse(input.startsAt);
  // A class may be recorded the day after it was held, and planned up to a year ahead.
  if (Number.isNaN(startsAt) || startsAt < now - dayMs || startsAt > now + 366 * dayMs) throw badRequest('class_time_invalid', {}, 'startsAt');
  const placeName = input.placeName.trim().replace(/\s+/g, ' ');
  if (placeName.length < 2) throw badRequest('invalid_input', {}, 'placeName');
  const course = await describeCourse(db, courseId);
  const published = new Map(course.modules.flatMap((m) => m.lessons).map((l) => [l.id, l.title]));
  const lessonIds = [...new Set(input.lessonIds)];
  if (lessonIds.some((id) => !published.has(id))) throw badRequest('class_lesson_not_in_course', {}, 'lessonIds');
  const members = new Set((await membersOfTeams(db, [team.id])).map((m) => m.user_id));
  const helperIds = [...new Set([leaderId, ...(input.helperIds ?? [])])];
  if (helperIds.some((id) => !members.has(id))) throw badRequest('class_helper_not_in_team', {}, 'helperIds');
  return { placeName, startsAt, durationMinutes: input.durationMinutes, lessons: lessonIds.map((id) => ({ lessonId: id, title: published.get(id)! })), helperIds, courseTitle: course.title };
}

/** Schedules a class at a place (a hamlet, or the commune) for the helper's team there. */
export async function scheduleClass(deps: ClassesDeps, place: UnitRow, body: NewClassBody, viewer: ClassViewer): Promise<ClassDetail> {
  const now = deps.clock.now();
  const team = await helperTeamAt(deps.db, viewer.userId, place);
  if (!team) throw new AppError('class_team_required', 403);
  const plan = await checkedPlan(deps.db, team, body.courseId, body, viewer.userId, now);
  const id = await deps.db.transaction().execute(async (trx) => {
    const classId = await insertClass(trx, {
      team_id: team.id,
      unit_id: place.id,
      place_name: plan.placeName,
      starts_at: plan.startsAt,
      duration_minutes: plan.durationMinutes,
      course_id: body.courseId,
      course_title: plan.courseTitle,
      leader_id: viewer.userId,
      created_at: now,
      updated_at: now,
      cancelled_at: null,
      closed_at: null,
      closed_by: null,
    });
    await replaceLessons(trx, classId, plan.lessons);
    await replaceHelpers(trx, classId, plan.helperIds);
    await recordAudit(trx, { at: now, actorUserId: viewer.userId, action: 'class.scheduled', unitId: place.id, details: { classId, teamId: team.id }, ip: viewer.ip });
    return classId;
  });
  return detail(deps.db, await loadClass(deps.db, id), viewer, now);
}

export async function describeClass(deps: ClassesDeps, id: ClassId, viewer: ClassViewer): Promise<ClassDetail> {
  const row = await loadClass(deps.db, id);
  const now = deps.clock.now();
  const view = await detail(deps.db, row, viewer, now);
  // A manager sees the attendees' whole phone numbers: that look is audited (a helper's masked view is their work).
  if (seesPhones(viewer, row) && view.attendees.length > 0) {
    await recordPersonalDataRead(deps.db, { at: now, actorUserId: viewer.userId, ip: viewer.ip, unitId: row.unit_id, list: 'class_attendees', count: view.attendees.length, details: { classId: id } });
  }
  return view;
}

function refuseUnlessBeforeStart(row: ClassRow, now: number): void {
  if (row.cancelled_at !== null) throw conflict('class_cancelled');
  if (row.closed_at !== null || now >= row.starts_at) throw conflict('class_started');
}

/** Changes a class before it starts. */
export async function editClass(deps: ClassesDeps, id: ClassId, patch: ClassPatchBody, viewer: ClassViewer): Promise<ClassDetail> {
  const now = deps.clock.now();
  const row = await classToManage(deps.db, id, viewer);
  refuseUnlessBeforeStart(row, now);
  if (Object.keys(patch).length === 0) return detail(deps.db, row, viewer, now);
  const [current, helpers] = await Promise.all([findLessonsOf(deps.db, [id]), findHelpersOf(deps.db, [id])]);
  const plan = await checkedPlan(
    deps.db,
    { id: row.team_id },
    row.course_id,
    {
      placeName: patch.placeName ?? row.place_name,
      // An unchanged start may lie in the past day's window no longer; only a new one is checked against now.
      startsAt: patch.startsAt ?? iso(Math.max(row.starts_at, now)),
      durationMinutes: patch.durationMinutes ?? row.duration_minutes,
      lessonIds: patch.lessonIds ?? current.map((l) => l.lesson_id),
      helperIds: patch.helperIds ?? helpers.map((h) => h.user_id),
    },
    row.leader_id,
    now,
  );
  await deps.db.transaction().execute(async (trx) => {
    await updateClass(trx, id, {
      place_name: plan.placeName,
      starts_at: patch.startsAt ? plan.startsAt : row.starts_at,
      duration_minutes: plan.durationMinutes,
      updated_at: now,
    });
    if (patch.lessonIds) await replaceLessons(trx, id, plan.lessons);
    if (patch.helperIds) await replaceHelpers(trx, id, plan.helperIds);
    await recordAudit(trx, { at: now, actorUserId: viewer.userId, action: 'class.edited', unitId: row.unit_id, details: { classId: id }, ip: viewer.ip });
  });
  return detail(deps.db, await loadClass(deps.db, id), viewer, now);
}

export async function cancelClass(deps: ClassesDeps, id: ClassId, viewer: ClassViewer): Promise<ClassDetail> {
  const now = deps.clock.now();
  const row = await classToManage(deps.db, id, viewer);
  refuseUnlessBeforeStart(row, now);
  await deps.db.transaction().execute(async (trx) => {
    await updateClass(trx, id, { cancelled_at: now, updated_at: now });
    await recordAudit(trx, { at: now, actorUserId: viewer.userId, action: 'class.cancelled', unitId: row.unit_id, details: { classId: id }, ip: viewer.ip });
  });
  return detail(deps.db, await loadClass(deps.db, id), viewer, now);
}

/** The secret of a card, whether the app sends it alone or the whole address the QR holds (…/the#<secret>). */
const cardSecret = (text: string) => (text.includes('#') ? text.slice(text.lastIndexOf('#') + 1) : text).trim();

async function throttleLookup(db: Db, viewer: ClassViewer, now: number): Promise<void> {
  const state = await consumeRateLimit(db, `class-lookup:${viewer.userId}`, lookupWindowMs, now);
  if (state.hits > lookupsPerWindow) throw tooManyRequests(state.retryAfterSeconds);
}

async function attendeeOf(deps: ClassesDeps, row: ClassRow, body: AttendanceBody, viewer: ClassViewer, now: number): Promise<{ userId: UserId; method: AttendanceMethod }> {
  const given = [body.card, body.phone, body.userId].filter((v) => v !== undefined).length;
  if (given !== 1) throw badRequest('invalid_input', {}, 'card');
  if (body.card !== undefined) {
    await throttleLookup(deps.db, viewer, now);
    const holder = await findCardHolder(deps.db, cardSecret(body.card));
    if (!holder) {
      await recordAudit(deps.db, { at: now, actorUserId: viewer.userId, action: 'class.card_refused', unitId: row.unit_id, details: { classId: row.id }, ip: viewer.ip });
      throw notFound('class_card_unknown');
    }
    const person = await findPersonById(deps.db, holder);
    if (!person || person.disabled_at !== null) throw notFound('class_card_unknown');
    return { userId: holder, method: 'card' };
  }
  if (body.phone !== undefined) {
    const phone = normalizeVietnameseMobile(body.phone);
    if (!phone) throw badRequest('invalid_phone', {}, 'phone');
    await throttleLookup(deps.db, viewer, now);
    const person = await findPersonByPhone(deps.db, phone);
    if (!person || person.disabled_at !== null) throw notFound('class_person_not_found');
    return { userId: person.id, method: 'phone' };
  }
  // A walk-in just signed up: only someone living in the team's commune, so that ids cannot be tried one by one.
  const teamUnitPath = (await teamsOfHelper(deps.db, viewer.userId)).find((t) => t.id === row.team_id)?.unit_path ?? row.unit_path;
  const person = await findPersonById(deps.db, body.userId!);
  if (!person || person.disabled_at !== null || !person.home_path.startsWith(teamUnitPath)) throw notFound('class_person_not_found');
  return { userId: person.id, method: 'signup' };
}

/**
 * Adds an attendee, once: the same card scanned twice (even at the same moment) leaves one row. Attendance opens on
 * the day of the class; after it is closed a late attendee is credited at once.
 */
export async function recordAttendance(deps: ClassesDeps, id: ClassId, body: AttendanceBody, viewer: ClassViewer) {
  const now = deps.clock.now();
  const row = await classToManage(deps.db, id, viewer);
  if (row.cancelled_at !== null) throw conflict('class_cancelled');
  if (dayOf(now) < dayOf(row.starts_at)) throw conflict('class_not_started');
  const { userId, method } = await attendeeOf(deps, row, body, viewer, now);
  const added = await deps.db.transaction().execute(async (trx) => {
    const inserted = await insertAttendance(trx, { class_id: id, user_id: userId, method, recorded_by: viewer.userId, recorded_at: now });
    if (inserted) {
      await recordAudit(trx, { at: now, actorUserId: viewer.userId, action: 'class.attendance_recorded', subjectUserId: userId, unitId: row.unit_id, details: { classId: id, method }, ip: viewer.ip });
    }
    return inserted;
  });
  if (row.closed_at !== null) await credit(deps, row, [userId]);
  const view = await detail(deps.db, row, viewer, now);
  return { added, attendee: view.attendees.find((a) => a.userId === userId)!, class: view };
}

/** Takes someone off the list before they are credited; removing someone not on it changes nothing. */
export async function removeAttendee(deps: ClassesDeps, id: ClassId, userId: UserId, viewer: ClassViewer): Promise<void> {
  const now = deps.clock.now();
  const row = await classToManage(deps.db, id, viewer);
  const present = await findAttendance(deps.db, id, userId);
  if (!present) return;
  if (present.credited_at !== null) throw conflict('class_attendee_credited');
  await deps.db.transaction().execute(async (trx) => {
    if ((await deleteAttendance(trx, id, userId)) === 0) throw conflict('class_attendee_credited');
    await recordAudit(trx, { at: now, actorUserId: viewer.userId, action: 'class.attendance_removed', subjectUserId: userId, unitId: row.unit_id, details: { classId: id }, ip: viewer.ip });
  });
}

/** Credits the class's lessons to these attendees, through the progress writer; a replay of the same ids is a no-op there. */
async function credit(deps: ClassesDeps, row: ClassRow, userIds: readonly UserId[]): Promise<void> {
  const lessons = await findLessonsOf(deps.db, [row.id]);
  const at = creditTime(row);
  await recordCredits(
    deps,
    userIds.flatMap((userId) => lessons.map((l) => ({ userId, lessonId: l.lesson_id, eventId: `class:${row.id}:${l.lesson_id}`, at }))),
    'class',
  );
  await markCredited(deps.db, row.id, userIds, deps.clock.now());
}

/**
 * Closes the class (attendance done) and credits every attendee; closing again credits again, which changes nothing
 * for those already credited. A class nobody attended cannot be closed.
 */
export async function closeClass(deps: ClassesDeps, id: ClassId, viewer: ClassViewer): Promise<ClassDetail> {
  const now = deps.clock.now();
  let row = await classToManage(deps.db, id, viewer);
  if (row.cancelled_at !== null) throw conflict('class_cancelled');
  if (now < row.starts_at) throw conflict('class_not_started');
  const attendees = await findAttendees(deps.db, id);
  if (attendees.length === 0) throw conflict('class_no_attendees');
  if (row.closed_at === null) {
    await deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('classes').set({ closed_at: now, closed_by: viewer.userId, updated_at: now }).where('id', '=', id).where('closed_at', 'is', null).execute();
      await recordAudit(trx, { at: now, actorUserId: viewer.userId, action: 'class.closed', unitId: row.unit_id, details: { classId: id, attendees: attendees.length }, ip: viewer.ip });
    });
    row = await loadClass(deps.db, id);
  }
  await credit(deps, row, attendees.map((a) => a.user_id));
  return detail(deps.db, row, viewer, now);
}

/**
 * A class already held, recorded at once with its attendees and credited (the demo seed's past class). The course
 * must be published and the lessons part of it; nothing is checked against the clock.
 */
export async function recordHeldClass(
  deps: ClassesDeps,
  input: { teamId: TeamId; unitId: UnitRow['id']; placeName: string; startsAt: number; durationMinutes: number; courseId: CourseId; lessonCount: number; leaderId: UserId; attendees: readonly UserId[] },
): Promise<ClassId> {
  const course = await describeCourse(deps.db, input.courseId);
  const lessons = course.modules.flatMap((m) => m.lessons).slice(0, input.lessonCount).map((l) => ({ lessonId: l.id as LessonId, title: l.title }));
  const closedAt = input.startsAt + input.durationMinutes * minuteMs;
  const id = await deps.db.transaction().execute(async (trx) => {
    const classId = await insertClass(trx, {
      team_id: input.teamId,
      unit_id: input.unitId,
      place_name: input.placeName,
      starts_at: input.startsAt,
      duration_minutes: input.durationMinutes,
      course_id: input.courseId,
      course_title: course.title,
      leader_id: input.leaderId,
      created_at: input.startsAt,
      updated_at: closedAt,
      cancelled_at: null,
      closed_at: closedAt,
      closed_by: input.leaderId,
    });
    await replaceLessons(trx, classId, lessons);
    await replaceHelpers(trx, classId, [input.leaderId]);
    for (const userId of input.attendees) await insertAttendance(trx, { class_id: classId, user_id: userId, method: 'phone', recorded_by: input.leaderId, recorded_at: input.startsAt });
    return classId;
  });
  await credit(deps, await loadClass(deps.db, id), input.attendees);
  return id;
}

/** The class as its attendance sheet shows it (PDF or Excel); each export is audited. */
export async function classForSheet(deps: ClassesDeps, id: ClassId, viewer: ClassViewer, format: 'pdf' | 'xlsx'): Promise<ClassDetail> {
  const now = deps.clock.now();
  const row = await loadClass(deps.db, id);
  const view = await detail(deps.db, row, viewer, now);
  await recordAudit(deps.db, { at: now, actorUserId: viewer.userId, action: 'class.exported', unitId: row.unit_id, details: { classId: id, format, attendees: view.attendees.length }, ip: viewer.ip });
  return view;
}

export interface HelperClassFigures {
  userId: UserId;
  /** Held classes this helper scheduled. */
  led: number;
  /** Held classes this helper was present at (those led included). */
  present: number;
  /** Attendees of the classes present at. */
  attendees: number;
}

/** Per helper of these teams, the classes held (closed, not cancelled) that started within [from, to): for the credit page. */
export async function classesByHelper(db: DbOrTx, teamIds: readonly TeamId[], from: number, to: number): Promise<HelperClassFigures[]> {
  const rows = await findHeldClassesOfTeams(db, teamIds, from, to);
  const byHelper = new Map<UserId, HelperClassFigures>();
  for (const r of rows) {
    const figures = byHelper.get(r.helper_id) ?? { userId: r.helper_id, led: 0, present: 0, attendees: 0 };
    figures.present += 1;
    figures.attendees += Number(r.attendees ?? 0);
    if (r.leader_id === r.helper_id) figures.led += 1;
    byHelper.set(r.helper_id, figures);
  }
  return [...byHelper.values()].sort((a, b) => a.userId - b.userId);
}
