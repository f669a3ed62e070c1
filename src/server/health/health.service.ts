import { sql } from 'kysely';
import type { Clock } from '../clock.js';
import { type DatabaseHandle, isDatabaseUnavailable } from '../db/connect.js';
import type { Health } from './health.schema.js';

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
