/**
 * Weekly reports: a manager or a campaign lead schedules one for a unit; on the
 * chosen weekday the report of the 7 days before is made in the background, as
 * the dashboard's Excel workbook, and kept for download. It is delivered: each
 * person who scheduled it finds a notice on their home page (and, with
 * REPORT_SMS, a text message with the link), made in the report's transaction. Several server processes may run the
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
import { grantsReach, type ScopedGrant, viewerGrantsOf } from '../grants/grants.service.js';
import { enqueueJob } from '../jobs/jobs.queries.js';
import { type JobHandler, JobRunner } from '../jobs/jobs.service.js';
import { dashboardWorkbook, unitDashboard } from '../dashboards/dashboards.service.js';
import { dayOf, isoOfDay } from '../../shared/days.js';
import { findDueSchedules, findReportFile, findReportsOf, findScheduledUnit, findSubscribers, findUnreadNotices, hasReport, insertNotice, insertReport, insertSubscriber, markNoticeRead, markScheduleQueued, upsertReportSchedule } from './reports.queries.js';
import type { ReportList, ReportNotices } from './reports.schema.js';
import { enqueueTextMessage } from '../messages/text-messages.js';
import { formatDate } from '../../shared/i18n/format.js';

export { reportNoticesPersonalData } from './reports.queries.js';

/** 1 = Monday … 7 = Sunday; day 0 (1970-01-01) was a Thursday. */
export const weekdayOf = (day: number) => ((day + 3) % 7) + 1;

export const weeklyReportJob = 'weekly_report';

/** Draws the report's file; replaceable so that a test can make it fail. */
export type ReportRenderer = typeof dashboardWorkbook;

/** How made reports are delivered (from the configuration). */
export interface ReportDelivery {
  /** SMALL_GROUP_MIN: the report's figures are suppressed as the dashboard's are. */
  smallGroupMin: number;
  /** REPORT_SMS: also a text message to each subscriber. */
  textMessages: boolean;
  /** Where the text's link points (PUBLIC_URL). */
  origin: string;
}

/** Sets the unit's weekday and adds the person to those the reports are delivered to. */
export async function scheduleWeeklyReport(db: Db, unit: { id: UnitId }, weekday: number, actor: { userId: UserId; now: number }) {
  await db.transaction().execute(async (trx) => {
    await upsertReportSchedule(trx, { unitId: unit.id, weekday, userId: actor.userId, now: actor.now });
    await insertSubscriber(trx, unit.id, actor.userId, actor.now);
  });
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

/**
 * Makes the report of the 7 days before `day` and delivers it, in one transaction: a notice to each subscriber who
 * still watches the unit, and their text message if configured (sent by the job queue after the commit). A retry
 * after a crash that had already stored it does nothing.
 */
export function weeklyReportHandler(db: Db, clock: Clock, delivery: ReportDelivery, render: ReportRenderer = dashboardWorkbook, onMade?: () => void): JobHandler {
  return async (payload) => {
    const { scheduleId, day } = payload as { scheduleId: number; day: number };
    const unit = await findScheduledUnit(db, scheduleId);
    // The schedule (or its unit) is gone: nothing to make.
    if (!unit || (await hasReport(db, scheduleId, day - 7))) return;
    const now = clock.now();
    const view = await unitDashboard(db, { ...unit, id: unit.unit_id }, { from: isoOfDay(day - 7), to: isoOfDay(day - 1), now, smallGroupMin: delivery.smallGroupMin });
    const content = await render(view, now);
    const subscribers = await findSubscribers(db, scheduleId);
    // Someone who has since lost their grant over the unit gets nothing.
    const reach = await Promise.all(subscribers.map(async (person) => { const grants = await viewerGrantsOf(db, person.id); return watcherRoles.some((role) => grantsReach(grants, role, unit.path)); }));
    await db.transaction().execute(async (trx) => {
      const reportId = await insertReport(trx, { scheduleId, unitId: unit.unit_id, periodFrom: day - 7, periodTo: day - 1, now, content });
      for (const [i, person] of subscribers.entries()) {
        if (!reach[i]) continue;
        await insertNotice(trx, { userId: person.id, reportId, now });
        if (delivery.textMessages) {
          const params = { unit: unit.name, from: formatDate(person.language, isoOfDay(day - 7)), to: formatDate(person.language, isoOfDay(day - 1)), link: `${delivery.origin}/api/reports/${reportId}` };
          await enqueueTextMessage(trx, { to: person.phone, userId: person.id, language: person.language, key: 'sms.weekly_report', params, now });
        }
      }
    });
    onMade?.();
  };
}

/**
 * Queues the reports due now and makes them in this process, through the jobs
 * table (claims and leases as in production); returns how many it made. For
 * tests and the CLI; the server does the same through startWeeklyReports.
 */
export async function runDueReports(db: Db, now: number, render?: ReportRenderer, delivery: ReportDelivery = { smallGroupMin: 5, textMessages: false, origin: '' }): Promise<number> {
  await enqueueDueReports(db, now);
  let made = 0;
  const clock = { now: () => now };
  const runner = new JobRunner({ db, clock, handlers: { [weeklyReportJob]: weeklyReportHandler(db, clock, delivery, render, () => made++) }, onError: () => {} });
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

/** The person's unread report notices, newest first (the home page shows them). */
export async function reportNotices(db: DbOrTx, userId: UserId): Promise<ReportNotices> {
  const rows = await findUnreadNotices(db, userId);
  return {
    notices: rows.map((r) => ({ id: r.id, reportId: r.report_id, unit: { code: r.code, fullName: r.full_name }, from: isoOfDay(r.period_from), to: isoOfDay(r.period_to), createdAt: new Date(r.created_at).toISOString() })),
  };
}

/** Marks the person's notice of a report read (again: no change); a report with no notice for them is a 404. */
export async function readReportNotice(db: DbOrTx, userId: UserId, reportId: number, now: number): Promise<void> {
  if (!(await markNoticeRead(db, userId, reportId, now))) throw notFound('notice_not_found');
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
