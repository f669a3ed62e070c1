/**
 * Group commit. An answer may only leave once its write is on disk (SQLite
 * synchronous=FULL, PostgreSQL synchronous commit), and one disk flush per
 * write would cap a phone-heavy launch hour at a few hundred writes a second.
 * So items arriving together wait for the commit in flight, then share the
 * next one: one transaction, one flush, many answers.
 *
 * On PostgreSQL several batches commit at once, in lanes: the caller picks an
 * item's lane so that items touching the same rows always take the same lane
 * (concurrent batches never touch the same rows, and each key's items stay in
 * order). SQLite has one connection, hence one lane.
 *
 * The feature supplies `apply`, which writes a batch inside the given
 * transaction and returns one outcome per item, in order.
 */
import { isDatabaseUnavailable } from './connect.js';
import type { Db, Tx } from './database.js';

export interface GroupCommitOptions<Item, Outcome> {
  db: Db;
  apply: (trx: Tx, items: readonly Item[]) => Promise<Outcome[]>;
  /** Items with the same key share a lane. */
  laneKey: (item: Item) => number;
  lanes?: number;
  /** Told of each batch as its transaction starts (the metrics). */
  observer?: BatchObserver;
}

export interface BatchObserver {
  /** `waitedMs`: for each item, the time from its submission to the start of its batch's transaction. */
  batch(size: number, waitedMs: readonly number[]): void;
}

interface Waiting<Item, Outcome> {
  item: Item;
  submittedAt: number;
  resolve(outcome: Outcome): void;
  reject(error: unknown): void;
}

const maxBatch = 500;

export class GroupCommitWriter<Item, Outcome> {
  readonly #lanes: Lane<Item, Outcome>[];
  readonly #laneKey: (item: Item) => number;

  constructor(options: GroupCommitOptions<Item, Outcome>) {
    this.#laneKey = options.laneKey;
    this.#lanes = Array.from({ length: Math.max(1, options.lanes ?? 1) }, () => new Lane(options.db, options.apply, options.observer));
  }

  submit(item: Item): Promise<Outcome> {
    return this.#lanes[this.#laneKey(item) % this.#lanes.length]!.submit(item);
  }

  /** Resolves once every item submitted so far is committed (used at shutdown). */
  async drain(): Promise<void> {
    await Promise.all(this.#lanes.map((lane) => lane.drain()));
  }
}

class Lane<Item, Outcome> {
  #queue: Waiting<Item, Outcome>[] = [];
  #committing: Promise<void> | null = null;
  #scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly apply: (trx: Tx, items: readonly Item[]) => Promise<Outcome[]>,
    private readonly observer?: BatchObserver,
  ) {}

  submit(item: Item): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, submittedAt: performance.now(), resolve, reject });
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

  async #commit(batch: Waiting<Item, Outcome>[]): Promise<void> {
    if (this.observer) {
      const now = performance.now();
      this.observer.batch(batch.length, batch.map((waiting) => now - waiting.submittedAt));
    }
    try {
      const outcomes = await this.db.transaction().execute((trx) => this.apply(trx, batch.map((w) => w.item)));
      batch.forEach((waiting, i) => waiting.resolve(outcomes[i]!));
    } catch (error) {
      // The database is away: nothing was acknowledged, each request answers 503 and its phone sends the item
      // again (a commit that did land is then recognised as a replay). Retrying one by one would only make
      // every request wait for a database that is not there.
      if (isDatabaseUnavailable(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      // One bad item (or a copy committed meanwhile by another process) must not fail its neighbours:
      // retry each on its own.
      for (const waiting of batch) {
        try {
          const [outcome] = await this.db.transaction().execute((trx) => this.apply(trx, [waiting.item]));
          waiting.resolve(outcome!);
        } catch (error) {
          waiting.reject(error);
        }
      }
    }
  }
}
