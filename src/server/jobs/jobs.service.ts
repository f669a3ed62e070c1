/**
 * A small durable job queue in the database. A request enqueues a job in its own
 * transaction and kicks the runner, which does the work after the answer has
 * left: a slow SMS gateway then shows in no response time. Every process runs a
 * runner; a job is claimed with a lease, so only one process runs it, and a job
 * whose process died is taken again once its lease has expired. Failures are
 * retried with growing waits, a few times.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { abandonJob, claimJob, deleteAbandonedJobs, deleteJob, findDueJobIds, jobQueueByKind, scheduleJobRetry } from './jobs.queries.js';

export type { JobQueueKind } from './jobs.queries.js';
/** The queue's depth and oldest due job per kind, across every process (the metrics read it). */
export const jobQueueDepth = jobQueueByKind;

/** Does the work of one job; a throw means "try again later". `attempt` counts from 1. */
export type JobHandler = (payload: unknown, job: { attempt: number }) => Promise<void>;

/**
 * A kind of job with its own retry schedule (webhooks retry for a day, not five times):
 * `retryDelayMs(attempt)` is the wait after failed attempt `attempt`, or null to give up.
 */
export interface JobKind {
  run: JobHandler;
  retryDelayMs: (attempt: number) => number | null;
}

/**
 * Exponential backoff with ±20 % jitter (so that many deliveries failing together do not retry
 * together), giving up after `attempts` tries: from 45 s, 12 tries span about a day.
 */
export function backoffWithJitter(firstMs: number, attempts: number, random: () => number = Math.random): (attempt: number) => number | null {
  return (attempt) => (attempt >= attempts ? null : Math.round(firstMs * 2 ** (attempt - 1) * (0.8 + 0.4 * random())));
}

export interface JobRunnerOptions {
  db: Db;
  clock: Clock;
  handlers: Readonly<Record<string, JobHandler | JobKind>>;
  onError: (error: unknown, job?: { id: number; kind: string; attempts: number }) => void;
  /** How long a claimed job is ours; longer than any job takes (the SMS gateway times out after 10 s). */
  leaseMs?: number;
  /** How often to look for jobs other processes enqueued, retries that came due and expired leases. */
  pollMs?: number;
  maxAttempts?: number;
  /** The first retry waits this long, each later one twice as long as the one before. */
  retryAfterMs?: number;
}

const dayMs = 24 * 60 * 60_000;

export class JobRunner {
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private readonly retryAfterMs: number;
  private readonly kinds: string[];
  private running: Promise<void> | null = null;
  private kickedWhileRunning = false;
  private started = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private cleanedAt = 0;

  constructor(private readonly options: JobRunnerOptions) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 5_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryAfterMs = options.retryAfterMs ?? 30_000;
    this.kinds = Object.keys(options.handlers);
  }

  /** Only the serving process starts it (main.ts): a built app, a CLI command or a script runs no jobs. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    // Jobs left by a previous run or another process start now.
    this.kick();
  }

  /** Runs due jobs now, in the background; call it after the transaction that enqueued one has committed. */
  kick(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.kickedWhileRunning = true;
      return;
    }
    this.running = this.runDueJobs()
      .catch((error) => this.options.onError(error))
      .finally(() => {
        this.running = null;
        if (this.kickedWhileRunning) {
          this.kickedWhileRunning = false;
          this.kick();
        }
      });
  }

  /** Runs the jobs due now in the caller's turn, and resolves when none is left (a scheduler's tick, a test). */
  async runDue(): Promise<void> {
    // A run the queue started by itself may hold a claimed job: everything due is done only once it has finished too.
    await this.idle();
    await this.runDueJobs();
    await this.idle();
  }

  /** Resolves once this process has no job running and none due that it was told about. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Lets a running job finish; jobs still waiting stay in the table for the next start or another process. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.idle();
  }

  private async runDueJobs(): Promise<void> {
    // Let the answer that kicked us leave first.
    await new Promise((resolve) => setImmediate(resolve));
    const { db, clock } = this.options;
    if (clock.now() - this.cleanedAt > dayMs) {
      this.cleanedAt = clock.now();
      await deleteAbandonedJobs(db, clock.now() - 30 * dayMs);
    }
    while (!this.stopped) {
      const now = clock.now();
      let claimed;
      // Another process may take a candidate between our read and our claim: then try the next one.
      for (const id of await findDueJobIds(db, this.kinds, now, 10)) {
        claimed = await claimJob(db, id, now, this.leaseMs);
        if (claimed) break;
      }
      if (!claimed) return;
      await this.run(claimed);
    }
  }

  private async run(job: { id: number; kind: string; payload: string; attempts: number }): Promise<void> {
    const { db, clock } = this.options;
    const handler = this.options.handlers[job.kind]!;
    try {
      await (typeof handler === 'function' ? handler : handler.run)(JSON.parse(job.payload), { attempt: job.attempts });
    } catch (error) {
      // Never the payload: it may hold a one-time code.
      this.options.onError(error, { id: job.id, kind: job.kind, attempts: job.attempts });
      const message = error instanceof Error ? error.message : String(error);
      const wait =
        typeof handler === 'function' ? (job.attempts >= this.maxAttempts ? null : this.retryAfterMs * 2 ** (job.attempts - 1)) : handler.retryDelayMs(job.attempts);
      if (wait === null) await abandonJob(db, job.id, clock.now(), message);
      else await scheduleJobRetry(db, job.id, clock.now() + wait, message);
      return;
    }
    // Done jobs go at once: a text's payload holds a one-time code that must not linger.
    await deleteJob(db, job.id);
  }
}
