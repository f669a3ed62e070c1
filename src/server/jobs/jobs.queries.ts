import type { UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';

export interface NewJob {
  kind: string;
  payload: unknown;
  userId: UserId | null;
  now: number;
}

export interface ClaimedJob {
  id: number;
  kind: string;
  payload: string;
  attempts: number;
}

/** Called inside the caller's transaction: the job exists if and only if what asked for it was committed. */
export async function enqueueJob(db: DbOrTx, job: NewJob): Promise<void> {
  await db
    .insertInto('jobs')
    .values({ kind: job.kind, payload: JSON.stringify(job.payload), user_id: job.userId, created_at: job.now, run_after: job.now, lease_until: null, done_at: null, last_error: null })
    .execute();
}

export async function findDueJobIds(db: DbOrTx, kinds: readonly string[], now: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('jobs')
    .select('id')
    .where('done_at', 'is', null)
    .where('run_after', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .where('kind', 'in', kinds)
    .orderBy('run_after')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}

/**
 * Takes the job for `leaseMs`. The update succeeds only while nobody else holds
 * the job, so of several processes racing for it exactly one gets it back.
 */
export async function claimJob(db: DbOrTx, id: number, now: number, leaseMs: number): Promise<ClaimedJob | undefined> {
  const row = await db
    .updateTable('jobs')
    .set((eb) => ({ lease_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('done_at', 'is', null)
    .where('run_after', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .returning(['id', 'kind', 'payload', 'attempts'])
    .executeTakeFirst();
  return row ? { ...row, id: Number(row.id) } : undefined;
}

export interface JobQueueKind {
  kind: string;
  /** Jobs not yet done (due, running or waiting for a retry); abandoned ones are not counted. */
  pending: number;
  /** When the longest-waiting job that is due now became due (epoch ms); null when none is due. */
  oldestDueAt: number | null;
}

/** One aggregate over the jobs not yet done, per kind (a handful): the queue's depth and its oldest due job. */
export async function jobQueueByKind(db: DbOrTx, now: number): Promise<JobQueueKind[]> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => ['kind', eb.fn.countAll<number>().as('pending'), eb.fn.min(eb.case().when('run_after', '<=', now).then(eb.ref('run_after')).end()).as('oldest_due_at')])
    .where('done_at', 'is', null)
    .groupBy('kind')
    .execute();
  return rows.map((r) => ({ kind: r.kind, pending: Number(r.pending), oldestDueAt: r.oldest_due_at === null ? null : Number(r.oldest_due_at) }));
}

export async function deleteJob(db: DbOrTx, id: number): Promise<void> {
  await db.deleteFrom('jobs').where('id', '=', id).execute();
}

export async function scheduleJobRetry(db: DbOrTx, id: number, runAfter: number, error: string): Promise<void> {
  await db.updateTable('jobs').set({ run_after: runAfter, lease_until: null, last_error: error.slice(0, 500) }).where('id', '=', id).execute();
}

/** A job that failed too often stays for the operator to see, without its payload (which may hold a code). */
export async function abandonJob(db: DbOrTx, id: number, now: number, error: string): Promise<void> {
  await db.updateTable('jobs').set({ done_at: now, lease_until: null, payload: '{}', last_error: error.slice(0, 500) }).where('id', '=', id).execute();
}

export async function deleteAbandonedJobs(db: DbOrTx, before: number): Promise<void> {
  await db.deleteFrom('jobs').where('done_at', '<', before).execute();
}

export const jobsPersonalData: PersonalDataHandler = {
  table: 'jobs',
  // The payload may hold a one-time code: what is pending is shown, not what it says.
  export: (db, userId) => db.selectFrom('jobs').select(['kind', 'created_at', 'run_after', 'attempts', 'done_at']).where('user_id', '=', userId).execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('jobs').where('user_id', '=', userId).execute();
  },
};
