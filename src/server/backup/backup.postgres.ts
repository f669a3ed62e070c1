/**
 * A PostgreSQL snapshot without pg_dump: the pg_dump that Debian ships is older than the server we run, and
 * pg_dump refuses a newer server. One REPEATABLE READ transaction sees every table at the same instant; COPY
 * writes each in PostgreSQL's own text format. Restoring rebuilds the schema with our migrations, so the
 * snapshot only carries rows.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { ProgressBar } from '../cli-progress.js';

export interface TableDump {
  name: string;
  /** Stored columns in order (generated ones are left out: COPY cannot write them). */
  columns: string[];
  /** Path of its COPY file inside the archive. */
  file: string;
}

// Kysely's own bookkeeping: restored by the migrator, then overwritten with the original rows.
const migrationTable = 'kysely_migration';
const migrationLock = 'kysely_migration_lock';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function withClient<T>(url: string, task: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await task(client);
  } finally {
    await client.end();
  }
}

async function columnsOf(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns
     where table_schema = current_schema() and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

async function tableNames(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((r) => r.table_name);
}

/** Every table into folder/<table>.copy, all from one snapshot; returns the tables and the last migration applied. */
export async function dumpPostgres(url: string, folder: string, archivePrefix: string, progress: (total: number) => ProgressBar | null): Promise<{ tables: TableDump[]; migration: string }> {
  return withClient(url, async (client) => {
    await client.query('begin isolation level repeatable read read only');
    try {
      const migration = await lastMigration(client);
      const names = (await tableNames(client)).filter((t) => t !== migrationLock);
      const bar = progress(names.length);
      const tables: TableDump[] = [];
      for (const [i, name] of names.entries()) {
        const columns = await columnsOf(client, name);
        const file = `${name}.copy`;
        await pipeline(client.query(copyTo(`copy ${quote(name)} (${columns.map(quote).join(', ')}) to stdout`)), createWriteStream(path.join(folder, file)));
        tables.push({ name, columns, file: `${archivePrefix}/${file}` });
        bar?.tick(i + 1);
      }
      bar?.finish();
      await client.query('commit');
      return { tables, migration };
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    }
  });
}

async function lastMigration(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ name: string }>(`select name from ${migrationTable} order by name desc limit 1`);
  if (!rows[0]) throw new Error('the database has no migrations applied');
  return rows[0].name;
}

export async function postgresHasTables(url: string): Promise<boolean> {
  return withClient(url, async (client) => (await tableNames(client)).length > 0);
}

/**
 * Loads the rows into a database the migrator has just brought to the snapshot's version. Foreign keys are
 * dropped for the load and added back after it, as pg_restore does (some tables refer to each other, so no
 * order of tables would do; deferring them needs a superuser); adding them back checks every row. Then every
 * sequence is set past the largest id. One transaction: a failure leaves the tables empty.
 */
export async function loadPostgres(url: string, folder: string, tables: readonly TableDump[], progress: (total: number) => ProgressBar | null): Promise<void> {
  await withClient(url, async (client) => {
    const bar = progress(tables.length);
    await client.query('begin');
    try {
      const { rows: keys } = await client.query<{ table_name: string; name: string; definition: string }>(
        `select t.relname as table_name, k.conname as name, pg_get_constraintdef(k.oid) as definition
         from pg_constraint k join pg_class t on t.oid = k.conrelid join pg_namespace n on n.oid = t.relnamespace
         where k.contype = 'f' and n.nspname = current_schema()`,
      );
      for (const k of keys) await client.query(`alter table ${quote(k.table_name)} drop constraint ${quote(k.name)}`);
      // The migrator has written its own rows just now; the snapshot's carry the original dates.
      await client.query(`delete from ${migrationTable}`);
      for (const [i, table] of tables.entries()) {
        await pipeline(createReadStream(path.join(folder, table.file)), client.query(copyFrom(`copy ${quote(table.name)} (${table.columns.map(quote).join(', ')}) from stdin`)));
        bar?.tick(i + 1);
      }
      for (const k of keys) await client.query(`alter table ${quote(k.table_name)} add constraint ${quote(k.name)} ${k.definition}`);
      const { rows } = await client.query<{ table_name: string; column_name: string; sequence: string }>(
        `select c.relname as table_name, a.attname as column_name, pg_get_serial_sequence(quote_ident(c.relname), a.attname) as sequence
         from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = current_schema() and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
           and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null`,
      );
      for (const r of rows) {
        await client.query(`select setval($1, coalesce((select max(${quote(r.column_name)}) from ${quote(r.table_name)}), 0) + 1, false)`, [r.sequence]);
      }
      await client.query('commit');
      bar?.finish();
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    }
  });
}
