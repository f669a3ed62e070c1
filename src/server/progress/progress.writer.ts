/**
 * Group commit for progress events. An answer may only leave once its event is
 * on disk (SQLite synchronous=FULL, PostgreSQL synchronous commit), and one
 * disk flush per event would cap a phone-heavy launch hour at a few hundred
 * events a second. So events arriving together wait for the commit in flight,
 * then share the next one: one transaction, one flush, many answers.
 *
 * On PostgreSQL several batches commit at once, in lanes: a learner's events
 * always take the same lane (every row an event touches belongs to its
 * learner), so concurrent batches never touch the same rows and each learner's
 * events stay in order. SQLite has one connection, hence one lane.
 */
import type { CertificateSigner } from '../certificates/certificate-signing.js';
import { isDatabaseUnavailable } from '../db/connect.js';
import type { Db } from '../db/database.js';
import { type AcceptedEvent, type ApplyOutcome, applyBatch } from './progress.service.js';

interface Waiting {
  event: AcceptedEvent;
  resolve(outcome: ApplyOutcome): void;
  reject(error: unknown): void;
}

const maxBatch = 500;

export class ProgressWriter {
  readonly #lanes: Lane[];

  constructor(db: Db, signer: CertificateSigner, lanes = 1) {
    this.#lanes = Array.from({ length: Math.max(1, lanes) }, () => new Lane(db, signer));
  }

  submit(event: AcceptedEvent): Promise<ApplyOutcome> {
    return this.#lanes[event.userId % this.#lanes.length]!.submit(event);
  }

  /** Resolves once every event submitted so far is committed (used at shutdown). */
  async drain(): Promise<void> {
    await Promise.all(this.#lanes.map((lane) => lane.drain()));
  }
}

class Lane {
  #queue: Waiting[] = [];
  #committing: Promise<void> | null = null;
  #scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly signer: CertificateSigner,
  ) {}

  submit(event: AcceptedEvent): Promise<ApplyOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ event, resolve, reject });
      this.#schedule();
    });
  }

  async drain(): Promise<void> {
    while (this.#committing || this.#queue.length > 0) {
      this.#schedule();
      await (this.#committing ?? new Promise((resolve) => setImmediate(resolve)));
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#committing) return;
    this.#scheduled = true;
    // After the I/O callbacks of this turn: every request that arrived together joins the batch.
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#queue.length === 0 || this.#committing) return;
      this.#committing = this.#commit(this.#queue.splice(0, maxBatch)).finally(() => {
        this.#committing = null;
        if (this.#queue.length > 0) this.#schedule();
      });
    });
  }

  async #commit(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.db.transaction().execute((trx) => applyBatch(trx, batch.map((w) => w.event), this.signer));
      batch.forEach((waiting, i) => waiting.resolve(outcomes[i]!));
    } catch (error) {
      // The database is away: nothing was acknowledged, each request answers 503 and its phone sends the event
      // again (a commit that did land is then recognised as a replay). Retrying one by one would only make
      // every request wait for a database that is not there.
      if (isDatabaseUnavailable(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      // One bad event (or a copy committed meanwhile by another process) must not fail its neighbours:
      // retry each on its own.
      for (const waiting of batch) {
        try {
          const [outcome] = await this.db.transaction().execute((trx) => applyBatch(trx, [waiting.event], this.signer));
          waiting.resolve(outcome!);
        } catch (error) {
          waiting.reject(error);
        }
      }
    }
  }
}
