/**
 * Sessions live in the database (a second app process sees them) behind an
 * HttpOnly, SameSite=Lax cookie that holds a random 256-bit token; the table
 * keeps only its SHA-256. Each session carries its own idle timeout so that
 * staff sessions expire sooner than a citizen's.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import type { PersonalDataHandler } from '../privacy/personal-data.js';

export const sessionCookieName = 'hoctap_session';
// Writing last_seen_at on every request would turn every read into a write.
const touchIntervalMs = 60_000;

export interface SessionLifetime {
  idleMs: number;
  maxMs: number;
}

export interface LiveSession {
  id: string;
  userId: UserId;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: DbOrTx,
  input: { userId: UserId; lifetime: SessionLifetime; ip: string; userAgent: string; now: number },
): Promise<{ token: string; sessionId: string }> {
  const token = randomBytes(32).toString('base64url');
  const sessionId = hashToken(token);
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: input.userId,
      created_at: input.now,
      last_seen_at: input.now,
      expires_at: input.now + input.lifetime.maxMs,
      idle_timeout_ms: input.lifetime.idleMs,
      ip: input.ip,
      user_agent: input.userAgent.slice(0, 300),
    })
    .execute();
  return { token, sessionId };
}

/** The session behind a cookie token if it is alive and its account enabled; expired ones are removed. */
export async function findLiveSession(db: DbOrTx, token: string, now: number): Promise<LiveSession | null> {
  const sessionId = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.user_id', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.idle_timeout_ms', 'users.disabled_at'])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.disabled_at !== null || now >= row.expires_at || now >= row.last_seen_at + row.idle_timeout_ms) {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    return null;
  }
  if (now - row.last_seen_at > touchIntervalMs) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sessionId).execute();
  }
  return { id: sessionId, userId: row.user_id };
}

export async function revokeSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function revokeSessionByToken(db: DbOrTx, token: string): Promise<void> {
  await revokeSession(db, hashToken(token));
}

/** Signs a person out everywhere, except the session they are using when one is given. */
export async function revokeAllSessionsOf(db: DbOrTx, userId: UserId, keepSessionId?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) query = query.where('id', '!=', keepSessionId);
  await query.execute();
}

export async function deleteExpiredSessions(db: DbOrTx, now: number): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb(eb('last_seen_at', '+', eb.ref('idle_timeout_ms')), '<=', now)]))
    .execute();
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, lifetime: SessionLifetime): void {
  reply.setCookie(sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: Math.floor(lifetime.maxMs / 1000),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName, { httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', path: '/' });
}

export const sessionsPersonalData: PersonalDataHandler = {
  table: 'sessions',
  export: (db, userId) =>
    db.selectFrom('sessions').select(['created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent']).where('user_id', '=', userId).execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  },
};
