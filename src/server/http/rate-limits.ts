/**
 * Fixed-window counters kept in the database, so every app process behind a
 * load balancer counts the same attempts.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { tooManyRequests } from '../errors.js';

export interface RateLimitState {
  hits: number;
  retryAfterSeconds: number;
}

/** Counts one attempt and returns the count in the current window, atomically. */
export async function consumeRateLimit(db: DbOrTx, key: string, windowMs: number, now: number): Promise<RateLimitState> {
  const expiredBefore = now - windowMs;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_started_at: now, hits: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limits.window_started_at <= ${expiredBefore} then 1 else rate_limits.hits + 1 end`,
        window_started_at: sql<number>`case when rate_limits.window_started_at <= ${expiredBefore} then ${now} else rate_limits.window_started_at end`,
      }),
    )
    .returning(['hits', 'window_started_at'])
    .executeTakeFirstOrThrow();
  return { hits: row.hits, retryAfterSeconds: (row.window_started_at + windowMs - now) / 1000 };
}

/** Reads the current count without counting. */
export async function peekRateLimit(db: DbOrTx, key: string, windowMs: number, now: number): Promise<RateLimitState> {
  const row = await db.selectFrom('rate_limits').select(['hits', 'window_started_at']).where('key', '=', key).executeTakeFirst();
  if (!row || row.window_started_at <= now - windowMs) return { hits: 0, retryAfterSeconds: 0 };
  return { hits: row.hits, retryAfterSeconds: (row.window_started_at + windowMs - now) / 1000 };
}

export async function clearRateLimit(db: DbOrTx, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}

export async function deleteStaleRateLimits(db: DbOrTx, olderThan: number): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_started_at', '<', olderThan).execute();
}

/** A key that holds a hash, not the phone number or address itself. */
export function hashedRateLimitKey(kind: string, value: string): string {
  return `${kind}:${createHash('sha256').update(value).digest('base64url').slice(0, 32)}`;
}

/** Counts one attempt; beyond `max` in the window, 429 with Retry-After. */
export async function enforceRateLimit(db: DbOrTx, key: string, windowMs: number, max: number, now: number): Promise<void> {
  const state = await consumeRateLimit(db, key, windowMs, now);
  if (state.hits > max) throw tooManyRequests(state.retryAfterSeconds);
}
