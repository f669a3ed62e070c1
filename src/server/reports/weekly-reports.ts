/**
 * Weekly reports: a manager schedules one for a unit; on the chosen weekday
 * the report of the 7 days before is made in the background, as the dashboard's
 * Excel workbook, and kept for download. Several server processes may run the
 * job: claiming a schedule for the day is one conditional update, so exactly
 * one of them makes each report.
 */
import type { UserId } from '../../shared/ids.js';
import { watcherRoles } from '../../shared/limits.js';
import type { Db, DbOrTx } from '../db/database.js';
import { forbidden, notFound } from '../errors.js';
import { grantsReach, type ScopedGrant } from '../grants/grants.service.js';
import { dashboardWorkbook } from '../rollups/dashboard-export.js';
import { unitDashboard } from '../rollups/dashboard.js';
import { dayOf, isoOfDay } from '../../shared/days.js';
import type { UnitRow } from '../units/units.queries.js';

/** 1 = Monday … 7 = Sunday; day 0 (1970-01-01) was a Thursday. */
export const weekdayOf = (day: number) => ((day + 3) % 7) + 1;

export async function scheduleWeeklyReport(db: Db, unit: UnitRow, weekday: number, actor: { userId: UserId; now: number }) {
  await db
    .insertInto('report_schedules')
    .values({ unit_id: unit.id, weekday, created_by: actor.userId, created_at: actor.now, last_run_day: null })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet({ weekday, created_by: actor.userId }))
    .execute();
  return { weekday };
}

/** Makes every report due today; returns how many this call made. */
export async function runDueReports(db: Db, now: number): Promise<number> {
  const today = dayOf(now);
  const due = await db
    .selectFrom('report_schedules')
    .select(['id', 'unit_id'])
    .where('weekday', '=', weekdayOf(today))
    .where((eb) => eb.or([eb('last_run_day', 'is', null), eb('last_run_day', '<', today)]))
    .execute();
  let made = 0;
  for (const schedule of due) {
    const claimed = await db
      .updateTable('report_schedules')
      .set({ last_run_day: today })
      .where('id', '=', schedule.id)
      .where((eb) => eb.or([eb('last_run_day', 'is', null), eb('last_run_day', '<', today)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) continue;
    const unit = await db.selectFrom('units').selectAll().where('id', '=', schedule.unit_id).executeTakeFirstOrThrow();
    const view = await unitDashboard(db, unit as UnitRow, { from: isoOfDay(today - 7), to: isoOfDay(today - 1), now });
    await db
      .insertInto('reports')
      .values({ schedule_id: schedule.id, unit_id: schedule.unit_id, period_from: today - 7, period_to: today - 1, created_at: now, content: await dashboardWorkbook(view, now) })
      .execute();
    made++;
  }
  return made;
}

export async function listReports(db: DbOrTx, unit: UnitRow) {
  const [schedule, reports] = await Promise.all([
    db.selectFrom('report_schedules').select('weekday').where('unit_id', '=', unit.id).executeTakeFirst(),
    db.selectFrom('reports').select(['id', 'period_from', 'period_to', 'created_at']).where('unit_id', '=', unit.id).orderBy('created_at', 'desc').limit(52).execute(),
  ]);
  return {
    weekday: schedule?.weekday ?? null,
    reports: reports.map((r) => ({ id: r.id, from: isoOfDay(r.period_from), to: isoOfDay(r.period_to), createdAt: new Date(r.created_at).toISOString() })),
  };
}

/** A report, for a manager of its unit or above; anyone else is refused, even knowing its number. */
export async function reportFile(db: DbOrTx, id: number, grants: readonly ScopedGrant[]) {
  const report = await db
    .selectFrom('reports as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.content', 'r.period_from', 'u.code', 'u.path'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!report) throw notFound('report_not_found');
  if (!watcherRoles.some((role) => grantsReach(grants, role, report.path))) throw forbidden();
  return { content: Buffer.from(report.content), name: `bao-cao-tuan-${report.code}-${isoOfDay(report.period_from)}.xlsx` };
}

/** Checks for due reports now and then; several processes may do this at once. */
export function startReportScheduler(db: Db, clock: { now(): number }, onError: (error: unknown) => void, everyMs = 15 * 60_000): { stop(): void } {
  const tick = () => void runDueReports(db, clock.now()).catch(onError);
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

