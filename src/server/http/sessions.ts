/**
 * Sessions live in the database (a second app process sees them) behind an
 * HttpOnly, SameSite=Lax cookie that holds a random 256-bit token; the table
 * keeps only its SHA-256. Each session carries its own idle timeout so that
 * staff sessions expire sooner than a citizen's.
 */
import { hash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserId } from '../../shared/ids.js';
import type { Config } from '../config.js';
import type { DbOrTx } from '../db/database.js';
import { precompiled } from '../db/precompiled.js';
import type { PersonalDataHandler } from '../db/personal-data.js';

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
  // One-shot: on every signed-in request, and less than half the time of createHash().update().digest().
  return hash('sha256', token, 'hex');
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

// Runs on every signed-in request. No join with users: locking or deleting an account deletes its sessions.
const sessionById = precompiled<[string], { user_id: UserId; last_seen_at: number; expires_at: number; idle_timeout_ms: number }>(1, (db, id) =>
  db.selectFrom('sessions').select(['user_id', 'last_seen_at', 'expires_at', 'idle_timeout_ms']).where('id', '=', id!),
);

interface KnownSession {
  userId: UserId;
  lastSeenAt: number;
  expiresAt: number;
  idleTimeoutMs: number;
  checkedAt: number;
}

/**
 * Sessions this process looked up in the last `sessionRecheckMs`. Looking a
 * session up in the database on every request cost more than everything else a
 * lesson read does. Revocation in this process (sign-out, password change, lock,
 * deletion) removes the entry at once; a session revoked by another process is
 * refused here once the entry is older than `sessionRecheckMs`.
 */
export const sessionRecheckMs = 2_000;
const knownSessionsLimit = 100_000;
// One memory per database connection, as a process would have: keyed by the Kysely adapter,
// which a database handle and its transactions share.
const knownByDatabase = new WeakMap<object, Map<string, KnownSession>>();

function knownSessionsOf(db: DbOrTx): Map<string, KnownSession> {
  const key = db.getExecutor().adapter;
  let known = knownByDatabase.get(key);
  if (!known) knownByDatabase.set(key, (known = new Map()));
  return known;
}

function forgetSessionsOf(db: DbOrTx, userId: UserId): void {
  const knownSessions = knownSessionsOf(db);
  for (const [id, known] of knownSessions) if (known.userId === userId) knownSessions.delete(id);
}

/** The session behind a cookie token if it is alive; expired ones are removed. */
export async function findLiveSession(db: DbOrTx, token: string, now: number): Promise<LiveSession | null> {
  const sessionId = hashToken(token);
  const knownSessions = knownSessionsOf(db);
  let known = knownSessions.get(sessionId);
  if (!known || now - known.checkedAt >= sessionRecheckMs) {
    const row = await sessionById.first(db, sessionId);
    if (!row) {
      knownSessions.delete(sessionId);
      return null;
    }
    known = { userId: row.user_id, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at, idleTimeoutMs: row.idle_timeout_ms, checkedAt: now };
    if (knownSessions.size >= knownSessionsLimit) knownSessions.delete(knownSessions.keys().next().value!);
    knownSessions.set(sessionId, known);
  }
  if (now >= known.expiresAt || now >= known.lastSeenAt + known.idleTimeoutMs) {
    await revokeSession(db, sessionId);
    return null;
  }
  if (now - known.lastSeenAt > touchIntervalMs) {
    known.lastSeenAt = now;
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sessionId).execute();
  }
  return { id: sessionId, userId: known.userId };
}

export async function revokeSession(db: DbOrTx, sessionId: string): Promise<void> {
  knownSessionsOf(db).delete(sessionId);
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function revokeSessionByToken(db: DbOrTx, token: string): Promise<void> {
  await revokeSession(db, hashToken(token));
}

/** Signs a person out everywhere, except the session they are using when one is given. */
export async function revokeAllSessionsOf(db: DbOrTx, userId: UserId, keepSessionId?: string): Promise<void> {
  forgetSessionsOf(db, userId);
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

const cookiePattern = new RegExp(`(?:^|;\\s*)${sessionCookieName}=([A-Za-z0-9_-]{20,100})(?:;|$)`);

/** The session token the browser sent, if any; one cookie is all the platform sets. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  return header ? cookiePattern.exec(header)?.[1] : undefined;
}

/**
 * Where the platform's public address is https, the cookie is Secure whatever the request came over (a proxy may not say).
 * When the super-app may frame the PWA (EMBED_ALLOWED_ORIGINS), the frame is a cross-site context where browsers keep a
 * SameSite=Lax cookie back: the cookie becomes SameSite=None, which browsers accept only with Secure, and Partitioned, so
 * that browsers blocking third-party cookies still keep it, for that super-app alone. Cross-site forgery is then stopped
 * by the Origin check of every state-changing request (hooks.ts), which the frame's own requests pass: they are same-origin.
 */
export type CookieSettings = Pick<Config, 'publicUrl' | 'embedAllowedOrigins'>;

/** A Set-Cookie value for any of the platform's HttpOnly cookies, with the attributes above (the sign-in cookies of OIDC too). */
export function cookieHeader(request: FastifyRequest, settings: CookieSettings, value: string, maxAgeSeconds: number, name = sessionCookieName, path = '/'): string {
  const base = `${name}=${value}; Max-Age=${maxAgeSeconds}; Path=${path}; HttpOnly`;
  if (settings.embedAllowedOrigins.length > 0) return `${base}; SameSite=None; Secure; Partitioned`;
  const secure = request.protocol === 'https' || (settings.publicUrl?.startsWith('https://') ?? false);
  return `${base}; SameSite=Lax${secure ? '; Secure' : ''}`;
}

// An answer that sets the session cookie (and holds the person's profile) is never cached.
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, settings: CookieSettings, token: string, lifetime: SessionLifetime): void {
  reply.header('set-cookie', cookieHeader(request, settings, token, Math.floor(lifetime.maxMs / 1000))).header('cache-control', 'no-store');
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, settings: CookieSettings): void {
  reply.header('set-cookie', cookieHeader(request, settings, '', 0)).header('cache-control', 'no-store');
}

export const sessionsPersonalData: PersonalDataHandler = {
  table: 'sessions',
  export: (db, userId) =>
    db.selectFrom('sessions').select(['created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent']).where('user_id', '=', userId).execute(),
  erase: async (trx, userId) => {
    forgetSessionsOf(trx, userId);
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  },
};
