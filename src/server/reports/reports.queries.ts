import type { UnitId, UserId } from '../../shared/ids.js';
import type { DbOrTx, Tx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';

export async function upsertReportSchedule(db: DbOrTx, schedule: { unitId: UnitId; weekday: number; userId: UserId; now: number }): Promise<void> {
  await db
    .insertInto('report_schedules')
    .values({ unit_id: schedule.unitId, weekday: schedule.weekday, created_by: schedule.userId, created_at: schedule.now, last_run_day: null })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet({ weekday: schedule.weekday, created_by: schedule.userId }))
    .execute();
}

/** Schedules of this weekday not yet queued for `today`. */
export async function findDueSchedules(db: DbOrTx, weekday: number, today: number) {
  return db
    .selectFrom('report_schedules')
    .select(['id', 'unit_id'])
    .where('weekday', '=', weekday)
    .where((eb) => eb.or([eb('last_run_day', 'is', null), eb('last_run_day', '<', today)]))
    .execute();
}

/** One conditional update: of several processes, exactly one queues the day's report. */
export async function markScheduleQueued(trx: Tx, scheduleId: number, today: number): Promise<boolean> {
  const claimed = await trx
    .updateTable('report_schedules')
    .set({ last_run_day: today })
    .where('id', '=', scheduleId)
    .where((eb) => eb.or([eb('last_run_day', 'is', null), eb('last_run_day', '<', today)]))
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) > 0;
}

export async function findScheduledUnit(db: DbOrTx, scheduleId: number) {
  return db
    .selectFrom('report_schedules as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.unit_id', 'u.code', 'u.name', 'u.full_name', 'u.kind', 'u.path'])
    .where('s.id', '=', scheduleId)
    .executeTakeFirst();
}

export async function hasReport(db: DbOrTx, scheduleId: number, periodFrom: number): Promise<boolean> {
  return (await db.selectFrom('reports').select('id').where('schedule_id', '=', scheduleId).where('period_from', '=', periodFrom).executeTakeFirst()) !== undefined;
}

export async function insertReport(db: DbOrTx, report: { scheduleId: number; unitId: UnitId; periodFrom: number; periodTo: number; now: number; content: Buffer }): Promise<number> {
  const row = await db
    .insertInto('reports')
    .values({ schedule_id: report.scheduleId, unit_id: report.unitId, period_from: report.periodFrom, period_to: report.periodTo, created_at: report.now, content: report.content })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function insertSubscriber(db: DbOrTx, unitId: UnitId, userId: UserId, now: number): Promise<void> {
  const schedule = await db.selectFrom('report_schedules').select('id').where('unit_id', '=', unitId).executeTakeFirstOrThrow();
  await db
    .insertInto('report_subscribers')
    .values({ schedule_id: schedule.id, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(['schedule_id', 'user_id']).doNothing())
    .execute();
}

/** Who asked for a schedule's reports, with what a text to them needs. */
export async function findSubscribers(db: DbOrTx, scheduleId: number) {
  return db
    .selectFrom('report_subscribers as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.phone', 'u.language'])
    .where('s.schedule_id', '=', scheduleId)
    .execute();
}

export async function insertNotice(trx: Tx, notice: { userId: UserId; reportId: number; now: number }): Promise<void> {
  await trx.insertInto('report_notices').values({ user_id: notice.userId, report_id: notice.reportId, created_at: notice.now, read_at: null }).execute();
}

/** A person's unread notices, newest first, with the report they announce. */
export async function findUnreadNotices(db: DbOrTx, userId: UserId) {
  return db
    .selectFrom('report_notices as n')
    .innerJoin('reports as r', 'r.id', 'n.report_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['n.id', 'n.report_id', 'n.created_at', 'r.period_from', 'r.period_to', 'u.code', 'u.full_name'])
    .where('n.user_id', '=', userId)
    .where('n.read_at', 'is', null)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(20)
    .execute();
}

/** Marks the person's notice of a report read; false when there is none for them. */
export async function markNoticeRead(db: DbOrTx, userId: UserId, reportId: number, now: number): Promise<boolean> {
  const result = await db.updateTable('report_notices').set({ read_at: now }).where('report_id', '=', reportId).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) > 0) return true;
  return (await db.selectFrom('report_notices').select('id').where('report_id', '=', reportId).where('user_id', '=', userId).executeTakeFirst()) !== undefined;
}

export const reportNoticesPersonalData: PersonalDataHandler[] = [
  {
    table: 'report_notices',
    export: (db, userId) =>
      db
        .selectFrom('report_notices as n')
        .innerJoin('reports as r', 'r.id', 'n.report_id')
        .innerJoin('units as u', 'u.id', 'r.unit_id')
        .select(['u.code as unit_code', 'r.period_from', 'n.created_at', 'n.read_at'])
        .where('n.user_id', '=', userId)
        .execute(),
    erase: async (trx, userId) => {
      await trx.deleteFrom('report_notices').where('user_id', '=', userId).execute();
    },
  },
  {
    table: 'report_subscribers',
    export: (db, userId) =>
      db
        .selectFrom('report_subscribers as s')
        .innerJoin('report_schedules as r', 'r.id', 's.schedule_id')
        .innerJoin('units as u', 'u.id', 'r.unit_id')
        .select(['u.code as unit_code', 'r.weekday', 's.created_at'])
        .where('s.user_id', '=', userId)
        .execute(),
    erase: async (trx, userId) => {
      await trx.deleteFrom('report_subscribers').where('user_id', '=', userId).execute();
    },
  },
];

export async function findReportsOf(db: DbOrTx, unitId: UnitId) {
  return Promise.all([
    db.selectFrom('report_schedules').select('weekday').where('unit_id', '=', unitId).executeTakeFirst(),
    db.selectFrom('reports').select(['id', 'period_from', 'period_to', 'created_at']).where('unit_id', '=', unitId).orderBy('created_at', 'desc').limit(52).execute(),
  ]);
}

export async function findReportFile(db: DbOrTx, id: number) {
  return db
    .selectFrom('reports as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.content', 'r.period_from', 'u.code', 'u.path'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}
