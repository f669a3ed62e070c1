/**
 * Weekly reports: a manager schedules one for a unit; on the chosen weekday
 * the report of the 7 days before is made in the background, as the dashboard's
 * Excel workbook, and kept for download. Several server processes may run the
 * scheduler: queueing a schedule's report for the day is one conditional
 * update, in the transaction that enqueues the job, so exactly one job is made.
 * The job runner claims it with a lease and deletes it only once the report is
 * stored: a report whose making fails is tried again, and one whose process
 * died is taken up by another once the lease has expired.
 */
import type { UnitId, UserId } from '../../shared/ids.js';
import { watcherRoles } from '../../shared/limits.js';
import type { Clock } from '../clock.js';
import type { Db, DbOrTx } from '../db/database.js';
import { forbidden, notFound } from '../errors.js';
import { grantsReach, type ScopedGrant } from '../grants/grants.service.js';
import { enqueueJob } from '../jobs/jobs.queries.js';
import { type JobHandler, JobRunner } from '../jobs/jobs.service.js';
import { dashboardWorkbook, unitDashboard } from '../dashboards/dashboards.service.js';
import { dayOf, isoOfDay } from '../../shared/days.js';
import { findDueSchedules, findReportFile, findReportsOf, findScheduledUnit, hasReport, insertReport, markScheduleQueued, upsertReportSchedule } from './reports.queries.js';
import type { ReportList } from './reports.schema.js';

/** 1 = Monday … 7 = Sunday; day 0 (1970-01-01) was a Thursday. */
export const weekdayOf = (day: number) => ((day + 3) % 7) + 1;

export const weeklyReportJob = 'weekly_report';

/** Draws the report's file; replaceable so that a test can make it fail. */
export type ReportRenderer = typeof dashboardWorkbook;

export async function scheduleWeeklyReport(db: Db, unit: { id: UnitId }, weekday: number, actor: { userId: UserId; now: number }) {
  await upsertReportSchedule(db, { unitId: unit.id, weekday, userId: actor.userId, now: actor.now });
  return { weekday };
}

/** Queues a job for every report due today that no process has queued yet; returns how many this call queued. */
export async function enqueueDueReports(db: Db, now: number): Promise<number> {
  const today = dayOf(now);
  let queued = 0;
  for (const schedule of await findDueSchedules(db, weekdayOf(today), today)) {
    const mine = await db.transaction().execute(async (trx) => {
      if (!(await markScheduleQueued(trx, schedule.id, today))) return false;
      await enqueueJob(trx, { kind: weeklyReportJob, payload: { scheduleId: schedule.id, day: today }, userId: null, now });
      return true;
    });
    if (mine) queued++;
  }
  return queued;
}

/** Makes the report of the 7 days before `day`; a retry after a crash that had already stored it does nothing. */
export function weeklyReportHandler(db: Db, clock: Clock, render: ReportRenderer = dashboardWorkbook, onMade?: () => void): JobHandler {
  return async (payload) => {
    const { scheduleId, day } = payload as { scheduleId: number; day: number };
    const unit = await findScheduledUnit(db, scheduleId);
    // The schedule (or its unit) is gone: nothing to make.
    if (!unit || (await hasReport(db, scheduleId, day - 7))) return;
    const now = clock.now();
    const view = await unitDashboard(db, { ...unit, id: unit.unit_id }, { from: isoOfDay(day - 7), to: isoOfDay(day - 1), now });
    await insertReport(db, { scheduleId, unitId: unit.unit_id, periodFrom: day - 7, periodTo: day - 1, now, content: await render(view, now) });
    onMade?.();
  };
}

/**
 * Queues the reports due now and makes them in this process, through the jobs
 * table (claims and leases as in production); returns how many it made. For
 * tests and the CLI; the server does the same through startWeeklyReports.
 */
export async function runDueReports(db: Db, now: number, render?: ReportRenderer): Promise<number> {
  await enqueueDueReports(db, now);
  let made = 0;
  const clock = { now: () => now };
  const runner = new JobRunner({ db, clock, handlers: { [weeklyReportJob]: weeklyReportHandler(db, clock, render, () => made++) }, onError: () => {} });
  await runner.runDue();
  return made;
}

export async function listReports(db: DbOrTx, unit: { id: UnitId }): Promise<ReportList> {
  const [schedule, reports] = await findReportsOf(db, unit.id);
  return {
    weekday: schedule?.weekday ?? null,
    reports: reports.map((r) => ({ id: r.id, from: isoOfDay(r.period_from), to: isoOfDay(r.period_to), createdAt: new Date(r.created_at).toISOString() })),
  };
}

/** A report, for a manager of its unit or above; anyone else is refused, even knowing its number. */
export async function reportFile(db: DbOrTx, id: number, grants: readonly ScopedGrant[]) {
  const report = await findReportFile(db, id);
  if (!report) throw notFound('report_not_found');
  if (!watcherRoles.some((role) => grantsReach(grants, role, report.path))) throw forbidden();
  return { content: Buffer.from(report.content), name: `bao-cao-tuan-${report.code}-${isoOfDay(report.period_from)}.xlsx` };
}

/**
 * Started by main.ts: checks for due reports now and then and kicks the job
 * runner, which makes them (its handlers must include weeklyReportHandler).
 * Several processes may do this at once.
 */
export function startWeeklyReports(deps: { db: Db; clock: Clock; jobs: JobRunner }, onError: (error: unknown) => void, everyMs = 15 * 60_000): { stop(): void } {
  const tick = () =>
    void enqueueDueReports(deps.db, deps.clock.now())
      .then((queued) => {
        if (queued > 0) deps.jobs.kick();
      })
      .catch(onError);
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
