import { DEFAULT_MIGRATION_TABLE, sql } from 'kysely';
import type { Clock } from '../clock.js';
import { type DatabaseHandle, isDatabaseUnavailable } from '../db/connect.js';
import { migrations } from '../db/migrations.js';
import type { Draining } from '../http/hooks.js';
import type { Health, Readiness } from './health.schema.js';

/** A database round trip; `failure` is set when it failed for another reason than an outage (worth a log line). */
export async function checkHealth(deps: { database: DatabaseHandle; clock: Clock }): Promise<{ health: Health; failure?: unknown }> {
  const time = new Date(deps.clock.now()).toISOString();
  try {
    await sql`select 1`.execute(deps.database.db);
    return { health: { status: 'ok', engine: deps.database.engine, database: 'ok', time } };
  } catch (error) {
    return { health: { status: 'unavailable', engine: deps.database.engine, database: 'unreachable', time }, failure: isDatabaseUnavailable(error) ? undefined : error };
  }
}

/**
 * Whether this instance should get traffic: not draining, the database answers, and it has every migration this
 * build lists in db/migrations.ts (as kysely's Migrator would count them, without its schema introspection:
 * one small query per probe). `failure` as for checkHealth.
 */
export async function checkReadiness(deps: { database: DatabaseHandle; clock: Clock; draining: Draining }): Promise<{ readiness: Readiness; failure?: unknown }> {
  const time = new Date(deps.clock.now()).toISOString();
  if (deps.draining.active) return { readiness: { status: 'unavailable', reason: 'draining', time } };
  let applied: Set<string>;
  try {
    const rows = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(deps.database.db);
    applied = new Set(rows.rows.map((row) => row.name));
  } catch (error) {
    // Either the database is away, or it answers but has no migration table yet (never prepared).
    const reachable = !isDatabaseUnavailable(error) && (await checkHealth(deps)).health.status === 'ok';
    if (reachable) return { readiness: { status: 'unavailable', reason: 'migrations_pending', pendingMigrations: Object.keys(migrations).length, time } };
    return { readiness: { status: 'unavailable', reason: 'database_unreachable', time }, failure: isDatabaseUnavailable(error) ? undefined : error };
  }
  const pending = Object.keys(migrations).filter((name) => !applied.has(name)).length;
  if (pending > 0) return { readiness: { status: 'unavailable', reason: 'migrations_pending', pendingMigrations: pending, time } };
  return { readiness: { status: 'ready', time } };
}
