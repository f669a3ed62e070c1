import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db, Engine } from './database.js';
import { HoctapSqliteDialect } from './sqlite-driver.js';

export interface DatabaseHandle {
  db: Db;
  engine: Engine;
  /** Where the data lives, safe to print (no password). */
  location: string;
  /** The raw SQLite connection, for backups; absent on PostgreSQL. */
  sqlite?: SqliteDatabase.Database;
  close(): Promise<void>;
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
  const db = new Kysely<Database>({ dialect: new HoctapSqliteDialect(sqlite) });
  return {
    db,
    engine: 'sqlite',
    location: path.resolve(file),
    sqlite,
    close: () => db.destroy(),
  };
}

const int8Oid = 20;

function connectPostgres(url: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // Every bigint we store (ids, epoch milliseconds, counts) fits in a double.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === int8Oid ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  return {
    db,
    engine: 'postgres',
    location: `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    close: () => db.destroy(),
  };
}
