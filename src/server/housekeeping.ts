/** Removes what has expired: dead sessions and old throttling counters. Safe to run in every process. */
import { deleteExpiredSmsCodes } from './assisted/assisted.service.js';
import type { Clock } from './clock.js';
import type { Db } from './db/database.js';
import { deleteStaleRateLimits } from './http/rate-limits.js';
import { deleteExpiredSessions } from './http/sessions.js';
import { deleteExpiredOidcRows } from './oidc/oidc.service.js';

const everyTenMinutes = 10 * 60_000;
const dayMs = 24 * 60 * 60_000;

export function startHousekeeping(db: Db, clock: Clock): NodeJS.Timeout {
  const timer = setInterval(() => {
    const now = clock.now();
    Promise.all([deleteExpiredSessions(db, now), deleteStaleRateLimits(db, now - dayMs), deleteExpiredOidcRows(db, now), deleteExpiredSmsCodes(db, now - dayMs)]).catch(() => {
      // The next round tries again; nothing here is urgent.
    });
  }, everyTenMinutes);
  timer.unref();
  return timer;
}
