import type { UnitId, UserId } from '../../shared/ids.js';
import type { Db, DbOrTx, Tx } from '../db/database.js';

export async function upsertReportSchedule(db: Db, schedule: { unitId: UnitId; weekday: number; userId: UserId; now: number }): Promise<void> {
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

export async function insertReport(db: DbOrTx, report: { scheduleId: number; unitId: UnitId; periodFrom: number; periodTo: number; now: number; content: Buffer }): Promise<void> {
  await db
    .insertInto('reports')
    .values({ schedule_id: report.scheduleId, unit_id: report.unitId, period_from: report.periodFrom, period_to: report.periodTo, created_at: report.now, content: report.content })
    .execute();
}

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
