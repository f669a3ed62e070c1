/**
 * Group commit for progress events. An answer may only leave once its event is
 * on disk (SQLite synchronous=FULL, PostgreSQL synchronous commit), and one
 * disk flush per event would cap a phone-heavy launch hour at a few hundred
 * events a second. So events arriving together wait for the commit in flight,
 * then share the next one: one transaction, one flush, many answers.
 */
import type { Db } from '../db/database.js';
import { type AcceptedEvent, type ApplyOutcome, applyEvent } from './progress.service.js';

interface Waiting {
  event: AcceptedEvent;
  resolve(outcome: ApplyOutcome): void;
  reject(error: unknown): void;
}

const maxBatch = 500;

export class ProgressWriter {
  #queue: Waiting[] = [];
  #committing: Promise<void> | null = null;
  #scheduled = false;

  constructor(private readonly db: Db) {}

  submit(event: AcceptedEvent): Promise<ApplyOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ event, resolve, reject });
      this.#schedule();
    });
  }

  /** Resolves once every event submitted so far is committed (used at shutdown). */
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
      const outcomes = await this.db.transaction().execute(async (trx) => {
        const results: ApplyOutcome[] = [];
        for (const waiting of batch) results.push(await applyEvent(trx, waiting.event));
        return results;
      });
      batch.forEach((waiting, i) => waiting.resolve(outcomes[i]!));
    } catch {
      // One bad event must not fail its neighbours: retry each on its own.
      for (const waiting of batch) {
        try {
          waiting.resolve(await this.db.transaction().execute((trx) => applyEvent(trx, waiting.event)));
        } catch (error) {
          waiting.reject(error);
        }
      }
    }
  }
}
