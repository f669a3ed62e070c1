import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db, Engine } from './database.js';
import { HoctapSqliteDialect } from './sqlite-driver.js';

export type ConnectionChange = { state: 'lost'; error: unknown } | { state: 'restored' };

export interface DatabaseHandle {
  db: Db;
  engine: Engine;
  /** Where the data lives, safe to print (no password). */
  location: string;
  /** The raw SQLite connection, for backups; absent on PostgreSQL. */
  sqlite?: SqliteDatabase.Database;
  /**
   * Tells when the connection to the database is lost and when it is back:
   * once each per outage, however many connections fail meanwhile (an SQLite
   * file is never lost). Returns the way to stop listening.
   */
  onConnectionChange(listener: (change: ConnectionChange) => void): () => void;
  /** Connections of this process at this moment, for the metrics. */
  poolUsage(): PoolUsage;
  close(): Promise<void>;
}

export interface PoolUsage {
  /** Connections open (idle or in use), at most `max`. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  max: number;
}

export interface ConnectOptions {
  databaseUrl: string | null;
  sqlitePath: string;
  poolSize: number;
}

export function connectDatabase(options: ConnectOptions): DatabaseHandle {
  return options.databaseUrl ? connectPostgres(options.databaseUrl, options.poolSize) : connectSqlite(options.sqlitePath);
}

function connectSqlite(file: string): DatabaseHandle {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we acknowledge it, even across a power cut.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const dialect = new HoctapSqliteDialect(sqlite);
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    engine: 'sqlite',
    location: path.resolve(file),
    sqlite,
    onConnectionChange: () => () => {},
    // One connection, always open: in use while a query or transaction holds it, others wait their turn.
    poolUsage: () => {
      const { busy, waiting } = dialect.usage();
      return { total: 1, idle: busy ? 0 : 1, waiting, max: 1 };
    },
    close: () => db.destroy(),
  };
}

// Node's errors for a server that cannot be reached or dropped the connection.
const socketErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// PostgreSQL going down or not up yet: admin_shutdown, crash_shutdown, cannot_connect_now; and too_many_connections.
// Class 08 (connection_exception) is matched as a whole below.
const serverErrorCodes = new Set(['57P01', '57P02', '57P03', '53300']);
// pg and pg-pool say these without a code: a connection that ended, or none to be had within the connect timeout.
const driverMessages = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)/;

/**
 * Whether an error means the database cannot be reached right now (as opposed
 * to a bad query): the request may succeed if sent again later.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (socketErrorCodes.has(code) || serverErrorCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (driverMessages.test(error.message)) return true;
  // Node reports a host with several addresses as one AggregateError.
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}

const poolWaitTimeout = (error: unknown) => error instanceof Error && error.message.startsWith('timeout exceeded when trying to connect');

/**
 * Turns a storm of connection failures into one "lost" and one "restored" per
 * outage. Connections opened before the last restore may still report their
 * end afterwards; that is the outage already told, not a new one.
 */
class ConnectionWatch {
  #up = true;
  /** Counts restores; a connection remembers the one it was opened in. */
  #generation = 0;
  readonly #listeners = new Set<(change: ConnectionChange) => void>();

  get generation(): number {
    return this.#generation;
  }

  listen(listener: (change: ConnectionChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  lost(error: unknown, openedIn = this.#generation): void {
    if (!this.#up || openedIn < this.#generation) return;
    this.#up = false;
    for (const listener of this.#listeners) listener({ state: 'lost', error });
  }

  restored(): void {
    if (this.#up) return;
    this.#up = true;
    this.#generation += 1;
    for (const listener of this.#listeners) listener({ state: 'restored' });
  }
}

const int8Oid = 20;
// Long enough for a busy pool to hand out a connection; short enough that a request during an outage
// answers 503 rather than hanging (an unreachable host would otherwise hold it for the TCP timeout).
const connectTimeoutMs = 5_000;

function connectPostgres(url: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    // Every bigint we store (ids, epoch milliseconds, counts) fits in a double.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === int8Oid ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const watch = new ConnectionWatch();
  // A connection the server drops (a restart, pg_terminate_backend) emits 'error' on its client, idle in the pool
  // or in use; unheard, that event ends the process. The pool discards the dead client, the query in flight fails
  // with the error, and the next request connects afresh.
  pool.on('error', () => {
    // Told by the client's own listener below; this one keeps the pool's 'error' from ending the process.
  });
  pool.on('connect', (client) => {
    // A new connection that got through: the server is back.
    watch.restored();
    const openedIn = watch.generation;
    client.on('error', (error) => watch.lost(error, openedIn));
  });
  const watchedPool = {
    connect: async () => {
      try {
        return await pool.connect();
      } catch (error) {
        // Waiting too long for a free connection is a busy pool, not a lost database (still a 503).
        if (isDatabaseUnavailable(error) && !poolWaitTimeout(error)) watch.lost(error);
        throw error;
      }
    },
    end: () => pool.end(),
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: watchedPool }) });
  const parsed = new URL(url);
  return {
    db,
    engine: 'postgres',
    location: `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    onConnectionChange: (listener) => watch.listen(listener),
    poolUsage: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize }),
    close: () => db.destroy(),
  };
}
