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
export const standIn = (index: number) => `${marker}${index}\u0000`;
// Exactly a stand-in: a query that changed one (concatenated, added to) has lost its place and is refused below.
const standInPattern = /^\u0000precompiled-\d+\u0000$/;

export interface Compiled {
  sql: string;
  parameters: readonly unknown[];
  /** For each compiled parameter, the argument it takes, or -1 for a constant. */
  places: number[];
}

export interface Precompiled<Args extends unknown[], Row> {
  all(db: DbOrTx, ...args: Args): Promise<Row[]>;
  first(db: DbOrTx, ...args: Args): Promise<Row | undefined>;
}

/**
 * Compiles a query built with `standIns` stand-in arguments (strings put where the real values go) and records, for
 * each compiled parameter, the stand-in it came from (or -1 for a constant of the query itself).
 */
export function compileWithStandIns<Row>(query: Compilable<Row>, standIns: number): Compiled {
  const compiled = query.compile();
  const places = compiled.parameters.map((p) => (typeof p === 'string' && standInPattern.test(p) ? Number(p.slice(marker.length, -1)) : -1));
  if (new Set(places.filter((p) => p >= 0)).size !== standIns) throw new Error(`precompiled: expected ${standIns} parameters in ${compiled.sql}`);
  return { sql: compiled.sql, parameters: compiled.parameters, places };
}

/** Runs a compiled query with `values[i]` in the places of stand-in i. */
export async function runCompiled<Row>(db: DbOrTx, { sql, parameters, places }: Compiled, values: readonly unknown[]): Promise<Row[]> {
  return (await db.executeQuery<Row>(CompiledQuery.raw(sql, parameters.map((fixed, i) => (places[i]! >= 0 ? values[places[i]!] : fixed))))).rows;
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
      compiled = compileWithStandIns(build(db, ...Array.from({ length: arity }, (_, i) => standIn(i))), arity);
      byEngine.set(postgres, compiled);
    }
    return compiled;
  };
  return {
    all: (db, ...args) => runCompiled(db, compiledFor(db), args),
    first: async (db, ...args) => (await runCompiled<Row>(db, compiledFor(db), args))[0],
  };
}
