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
import type { Compilable, Kysely } from 'kysely';
import type { Database, DbOrTx } from './database.js';
import { isPostgres } from './dialect.js';
import { type Compiled, compileWithStandIns, runCompiled, standIn } from './precompiled.js';

interface Waiting<K, R> {
  key: K;
  resolve: (rows: R[]) => void;
  reject: (error: unknown) => void;
}

export interface CoalescedRead<K, R> {
  /** What identifies a request's key, and the key a row belongs to: the same text for both. */
  keyOf: (key: K) => string;
  rowKeyOf: (row: R) => string;
  /**
   * The query for the rows of every key at once (inside a transaction, of the one key asked). It must put each key
   * (or each field of an object key) into the query as a parameter, unchanged: it is built and compiled once per
   * engine and number of keys, with stand-ins in their places (db/precompiled.ts). Building and compiling a Kysely
   * query costs more than running it on SQLite.
   */
  query: (db: Kysely<Database>, keys: K[]) => Compilable<R>;
}

// Large enough for a launch's burst, small enough that one query's parameters stay well under PostgreSQL's limit.
const maxBatch = 500;

export function coalesced<K, R>(read: CoalescedRead<K, R>): (db: DbOrTx, key: K) => Promise<R[]> {
  const pendingOf = new WeakMap<object, Map<string, Waiting<K, R>[]>>();
  const compiledBySize = new Map<string, Compiled>();

  // Async: a query that cannot be built or compiled rejects every waiting request instead of leaving them waiting.
  const many = async (db: Kysely<Database>, keys: K[]): Promise<R[]> => {
    // An object key ({ userId, courseId }) is its fields, in a fixed order; a plain key is itself.
    const fields = typeof keys[0] === 'object' && keys[0] !== null ? Object.keys(keys[0]).sort() : null;
    const values = fields ? keys.flatMap((key) => fields.map((field) => (key as Record<string, unknown>)[field])) : keys;
    const size = `${isPostgres(db)}:${keys.length}`;
    let compiled = compiledBySize.get(size);
    if (!compiled) {
      let next = 0;
      const standIns = keys.map(() => (fields ? Object.fromEntries(fields.map((field) => [field, standIn(next++)])) : standIn(next++)) as K);
      compiled = compileWithStandIns(read.query(db, standIns), values.length);
      compiledBySize.set(size, compiled);
    }
    return runCompiled<R>(db, compiled, values);
  };

  const flush = (db: Kysely<Database>) => {
    const pending = pendingOf.get(db)!;
    pendingOf.delete(db);
    const groups = [...pending.values()];
    for (let start = 0; start < groups.length; start += maxBatch) {
      const batch = groups.slice(start, start + maxBatch);
      many(db, batch.map((waiting) => waiting[0]!.key)).then(
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
    if (db.isTransaction) return many(db, [key]);
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
