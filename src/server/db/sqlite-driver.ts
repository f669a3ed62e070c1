/**
 * The SQLite driver behind Kysely, in place of Kysely's own, for two reasons:
 * - it keeps prepared statements (Kysely's re-prepares every query, a large
 *   share of the cost of a small read on the hot paths);
 * - waiting for the single connection times out with an explanation. SQLite has
 *   one connection, so a query run on the database handle while a transaction
 *   holds it would otherwise wait forever, silently.
 */
import type SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SelectQueryNode,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
} from 'kysely';

const defaultConnectionWaitMs = 15_000;
const statementCacheSize = 500;

class Mutex {
  constructor(private readonly waitMs: number) {}
  #locked = false;
  #waiting: { resolve(): void; timer: NodeJS.Timeout }[] = [];

  lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve,
        timer: setTimeout(() => {
          this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
          reject(new Error(`SQLite connection still busy after ${this.waitMs / 1000} s: a query probably used the database handle inside a transaction instead of the transaction`));
        }, this.waitMs),
      };
      this.#waiting.push(waiter);
    });
  }

  get locked(): boolean {
    return this.#locked;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  unlock(): void {
    const next = this.#waiting.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve();
    } else this.#locked = false;
  }
}

class CachingConnection implements DatabaseConnection {
  readonly #statements = new Map<string, SqliteDatabase.Statement>();

  constructor(private readonly db: SqliteDatabase.Database) {}

  #prepare(sql: string): SqliteDatabase.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.#statements.size >= statementCacheSize) this.#statements.delete(this.#statements.keys().next().value!);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.#prepare(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('SQLite can only stream select queries');
    for (const row of this.#prepare(compiled.sql).iterate(compiled.parameters as unknown[])) yield { rows: [row as R] };
  }
}

class GuardedSqliteDriver implements Driver {
  readonly #mutex: Mutex;
  readonly #connection: CachingConnection;

  constructor(
    private readonly db: SqliteDatabase.Database,
    connectionWaitMs: number,
  ) {
    this.#mutex = new Mutex(connectionWaitMs);
    this.#connection = new CachingConnection(db);
  }

  async init(): Promise<void> {}

  /** Whether a query or transaction holds the connection, and how many wait for it (the metrics' pool usage). */
  usage(): { busy: boolean; waiting: number } {
    return { busy: this.#mutex.locked, waiting: this.#mutex.waiting };
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.db.close();
  }
}

// SQLite runs DDL inside transactions perfectly well; Kysely's adapter just does not claim it,
// and migrations must be all-or-nothing.
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class HoctapSqliteDialect extends SqliteDialect {
  constructor(
    private readonly sqlite: SqliteDatabase.Database,
    private readonly connectionWaitMs = defaultConnectionWaitMs,
  ) {
    super({ database: sqlite } satisfies SqliteDialectConfig);
  }

  #driver: GuardedSqliteDriver | undefined;

  override createDriver(): Driver {
    this.#driver = new GuardedSqliteDriver(this.sqlite, this.connectionWaitMs);
    return this.#driver;
  }

  /** The connection's use right now; idle before the first query. */
  usage(): { busy: boolean; waiting: number } {
    return this.#driver?.usage() ?? { busy: false, waiting: 0 };
  }

  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
