/**
 * Point reads that many requests make at the same moment (each learner's own state on the pages they open, their
 * profile and roles) go to the database as one query. On PostgreSQL a round trip through the driver and the server
 * costs far more than the row; on SQLite each statement is its own read transaction on the event loop. A launch
 * hour is thousands of the same small read. The reads that arrive in one turn of the event loop are sent together
 * at its end (setImmediate), each request getting back exactly its own rows.
 *
 * Nothing is kept: every read is made after it was asked for, so a learner's state is as current as with a query
 * of its own. Inside a transaction the read is made on the transaction, alone.
 */
import type { Kysely } from 'kysely';
import type { Database, DbOrTx } from './database.js';

interface Waiting<K, R> {
  key: K;
  resolve: (rows: R[]) => void;
  reject: (error: unknown) => void;
}

export interface CoalescedRead<K, R> {
  /** What identifies a request's key, and the key a row belongs to: the same text for both. */
  keyOf: (key: K) => string;
  rowKeyOf: (row: R) => string;
  /** The rows of every key at once (inside a transaction, of the one key asked). */
  many: (db: Kysely<Database>, keys: K[]) => Promise<R[]>;
}

// Large enough for a launch's burst, small enough that one query's parameters stay well under PostgreSQL's limit.
const maxBatch = 500;

export function coalesced<K, R>(read: CoalescedRead<K, R>): (db: DbOrTx, key: K) => Promise<R[]> {
  const pendingOf = new WeakMap<object, Map<string, Waiting<K, R>[]>>();

  const flush = (db: Kysely<Database>) => {
    const pending = pendingOf.get(db)!;
    pendingOf.delete(db);
    const groups = [...pending.values()];
    for (let start = 0; start < groups.length; start += maxBatch) {
      const batch = groups.slice(start, start + maxBatch);
      read.many(db, batch.map((waiting) => waiting[0]!.key)).then(
        (rows) => {
          const byKey = new Map<string, R[]>();
          for (const row of rows) {
            const key = read.rowKeyOf(row);
            const list = byKey.get(key);
            if (list) list.push(row);
            else byKey.set(key, [row]);
          }
          for (const waiting of batch) {
            const own = byKey.get(read.keyOf(waiting[0]!.key)) ?? [];
            for (const w of waiting) w.resolve(own);
          }
        },
        (error: unknown) => {
          for (const waiting of batch) for (const w of waiting) w.reject(error);
        },
      );
    }
  };

  return (db, key) => {
    if (db.isTransaction) return read.many(db, [key]);
    const root = db as Kysely<Database>;
    let pending = pendingOf.get(root);
    if (!pending) {
      pending = new Map();
      pendingOf.set(root, pending);
      setImmediate(() => flush(root));
    }
    const text = read.keyOf(key);
    return new Promise<R[]>((resolve, reject) => {
      const waiting = pending.get(text);
      if (waiting) waiting.push({ key, resolve, reject });
      else pending.set(text, [{ key, resolve, reject }]);
    });
  };
}
