/**
 * Queries on the hottest paths (the session of every request, reading a lesson,
 * recording progress) are compiled to SQL once per engine, then run with new
 * parameters. Building and compiling a Kysely query costs more than running a
 * point lookup in SQLite; the SQL itself is the same on every call.
 *
 * The query is built once with stand-in values; their places among the compiled
 * parameters tell where each real argument goes.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database, DbOrTx } from './database.js';
import { isPostgres } from './dialect.js';

const marker = '\u0000precompiled-';
const standIn = (index: number) => `${marker}${index}\u0000`;

interface Compiled {
  sql: string;
  parameters: readonly unknown[];
  /** For each compiled parameter, the argument it takes, or -1 for a constant. */
  places: number[];
}

export interface Precompiled<Args extends unknown[], Row> {
  all(db: DbOrTx, ...args: Args): Promise<Row[]>;
  first(db: DbOrTx, ...args: Args): Promise<Row | undefined>;
}

export function precompiled<Args extends unknown[], Row>(
  arity: Args['length'],
  build: (db: Kysely<Database>, ...standIns: string[]) => Compilable<Row>,
): Precompiled<Args, Row> {
  const byEngine = new Map<boolean, Compiled>();
  const compiledFor = (db: DbOrTx): Compiled => {
    const postgres = isPostgres(db);
    let compiled = byEngine.get(postgres);
    if (!compiled) {
      const query = build(db, ...Array.from({ length: arity }, (_, i) => standIn(i))).compile();
      const places = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(marker) ? Number(p.slice(marker.length, -1)) : -1));
      if (new Set(places.filter((p) => p >= 0)).size !== arity) throw new Error(`precompiled: expected ${arity} parameters in ${query.sql}`);
      compiled = { sql: query.sql, parameters: query.parameters, places };
      byEngine.set(postgres, compiled);
    }
    return compiled;
  };
  const run = async (db: DbOrTx, args: unknown[]): Promise<Row[]> => {
    const { sql, parameters, places } = compiledFor(db);
    return (await db.executeQuery<Row>(CompiledQuery.raw(sql, parameters.map((fixed, i) => (places[i]! >= 0 ? args[places[i]!] : fixed))))).rows;
  };
  return {
    all: (db, ...args) => run(db, args),
    first: async (db, ...args) => (await run(db, args))[0],
  };
}
