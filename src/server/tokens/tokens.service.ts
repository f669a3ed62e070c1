/**
 * API tokens: how another system (the SmartAnGiang super-app's back end) calls the API without a person's
 * session. A token is bound to a unit (reaching its subtree) and to scopes; routes say which scope they accept
 * (http/policies.ts allow.orToken) and the request hook (http/hooks.ts) checks it through `apiTokenAccess`.
 *
 * The secret is `hts_` + 32 random bytes (base64url), shown once. Only its SHA-256 is kept: a password hash
 * (slow, salted) protects low-entropy secrets people choose, while 256 random bits cannot be guessed or
 * brute-forced from a hash, and a plain hash lets the hook find the row by an index in one query. Looking the
 * secret up by its hash also means no comparison of secrets whose timing could leak anything.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiTokenId, UserId } from '../../shared/ids.js';
import { type ApiTokenScope, apiTokenScopes } from '../../shared/limits.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { forbidden, notFound } from '../errors.js';
import type { AccessLookups, ApiTokenEvent, ApiTokenIdentity, AuthorizedUnit } from '../http/access.js';
import { grantsReach, reachRoots, type ScopedGrant } from '../grants/grants.service.js';
import type { ApiTokenView } from './tokens.schema.js';
import { type ApiTokenRow, findApiTokenByHash, findApiTokenById, findApiTokensUnder, insertApiToken, markApiTokenRevoked, touchApiToken } from './tokens.queries.js';

const prefix = 'hts_';
const secretPattern = /^hts_[A-Za-z0-9_-]{43}$/;
const dayMs = 24 * 60 * 60 * 1000;
// Writing last use on every request would turn every read into a write.
const touchIntervalMs = 60_000;

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const scopesOf = (row: { scopes: string }) => row.scopes.split(',').filter((s): s is ApiTokenScope => (apiTokenScopes as readonly string[]).includes(s));

function present(row: ApiTokenRow, now: number): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    unit: { code: row.unit_code, fullName: row.unit_full_name },
    scopes: scopesOf(row),
    hint: `${prefix}…${row.hint}`,
    status: row.revoked_at !== null ? 'revoked' : row.expires_at <= now ? 'expired' : 'active',
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at)!,
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
    useCount: row.use_count,
  };
}

interface Admin {
  userId: UserId;
  grants: readonly ScopedGrant[];
  ip: string;
  now: number;
}

/**
 * Makes a token on a unit the admin reaches (the policy checked that), with scopes from the fixed list,
 * and returns its secret this once.
 */
export async function createApiToken(db: Db, unit: AuthorizedUnit, input: { name: string; scopes: readonly ApiTokenScope[]; expiresInDays: number }, admin: Admin) {
  // The policy let the admin in on this unit; a token never reaches beyond its creator's own reach.
  if (!grantsReach(admin.grants, 'admin', unit.path)) throw forbidden();
  const secret = prefix + randomBytes(32).toString('base64url');
  const scopes = apiTokenScopes.filter((s) => input.scopes.includes(s));
  const id = await db.transaction().execute(async (tx) => {
    const tokenId = await insertApiToken(tx, {
      unit_id: unit.id,
      name: input.name.trim(),
      scopes: scopes.join(','),
      secret_hash: hashOf(secret),
      hint: secret.slice(-4),
      created_by: admin.userId,
      created_at: admin.now,
      expires_at: admin.now + input.expiresInDays * dayMs,
    });
    await recordAudit(tx, { at: admin.now, actorUserId: admin.userId, action: 'api_token.created', unitId: unit.id, ip: admin.ip, details: { tokenId, scopes: scopes.join(','), expiresInDays: input.expiresInDays } });
    return tokenId;
  });
  return { token: present((await findApiTokenById(db, id))!, admin.now), secret };
}

/** Tokens on the units the admin reaches, newest first; never a secret (none is kept). */
export async function listApiTokens(db: Db, admin: Pick<Admin, 'grants' | 'now'>) {
  const rows = await findApiTokensUnder(db, reachRoots(admin.grants, 'admin'), 500);
  return { tokens: rows.map((row) => present(row, admin.now)) };
}

/** The unit a token is on, for the policy of the revoke route; a missing token is a 404. */
export async function unitCodeOfApiToken(db: Db, id: ApiTokenId | undefined): Promise<string> {
  const row = id === undefined ? undefined : await findApiTokenById(db, id);
  if (!row) throw notFound('api_token_not_found');
  return row.unit_code;
}

/** Revoking twice is harmless: the first revocation stands. */
export async function revokeApiToken(db: Db, id: ApiTokenId, admin: Admin): Promise<void> {
  const row = await findApiTokenById(db, id);
  if (!row) throw notFound('api_token_not_found');
  await db.transaction().execute(async (tx) => {
    if (await markApiTokenRevoked(tx, id, admin.userId, admin.now)) {
      await recordAudit(tx, { at: admin.now, actorUserId: admin.userId, action: 'api_token.revoked', unitId: row.unit_id, ip: admin.ip, details: { tokenId: id } });
    }
  });
}

/** What a calling system may ask about its own token. */
export async function describeOwnToken(db: Db, token: ApiTokenIdentity) {
  const row = (await findApiTokenById(db, token.id))!;
  return { name: row.name, unit: { code: row.unit_code, fullName: row.unit_full_name }, scopes: scopesOf(row), expiresAt: iso(row.expires_at)! };
}

/**
 * The request hook's side of tokens (app.ts hands it to http/ as AccessLookups.apiTokens).
 *
 * Auditing: every refusal (the hook bounds how many: per address for unknown secrets, the first 429 of a
 * window) and every state-changing use gets its own row. Reads do not — a super-app polling a dashboard
 * would write a row per request — but each token's reads are summed into one `api_token.reads` row (count
 * and routes) when its last use is written, at most once a minute per token and process. Counts held in a
 * process between two writes are lost if it crashes: the count is a close figure, not a ledger.
 */
export function apiTokenAccess(db: Db): AccessLookups['apiTokens'] {
  const pending = new Map<ApiTokenId, { uses: number; routes: Set<string>; writtenAt: number }>();

  async function touch(event: ApiTokenEvent & { token: ApiTokenIdentity }): Promise<void> {
    const entry = pending.get(event.token.id) ?? { uses: 0, routes: new Set<string>(), writtenAt: -Infinity };
    pending.set(event.token.id, entry);
    entry.uses += 1;
    if (!event.write) entry.routes.add(`${event.method} ${event.route}`);
    if (event.now - entry.writtenAt < touchIntervalMs) return;
    entry.writtenAt = event.now;
    if (!(await touchApiToken(db, event.token.id, entry.uses, event.now, touchIntervalMs))) return;
    if (entry.routes.size > 0) {
      await recordAudit(db, {
        at: event.now,
        actorUserId: null,
        action: 'api_token.reads',
        unitId: event.token.unitId,
        ip: event.ip,
        details: { tokenId: event.token.id, count: entry.uses, routes: [...entry.routes].join(', ').slice(0, 1000) },
      });
    }
    pending.set(event.token.id, { uses: 0, routes: new Set(), writtenAt: event.now });
  }

  return {
    async find(secret, now) {
      if (!secretPattern.test(secret)) return { refused: 'unknown' };
      const row = await findApiTokenByHash(db, hashOf(secret));
      if (!row) return { refused: 'unknown' };
      if (row.revoked_at !== null) return { refused: 'revoked', tokenId: row.id, unitId: row.unit_id };
      if (row.expires_at <= now) return { refused: 'expired', tokenId: row.id, unitId: row.unit_id };
      return { token: { id: row.id, name: row.name, scopes: scopesOf(row), unitId: row.unit_id, unitCode: row.unit_code, unitPath: row.unit_path, createdBy: row.created_by } };
    },
    async record(event) {
      const tokenId = event.token?.id ?? event.tokenId ?? null;
      const details = { tokenId, method: event.method, route: event.route };
      if (event.outcome === 'refused') {
        await recordAudit(db, { at: event.now, actorUserId: null, action: 'api_token.refused', unitId: event.token?.unitId ?? event.unitId ?? null, ip: event.ip, details: { ...details, reason: event.reason ?? null } });
        return;
      }
      const token = event.token!;
      if (event.write) await recordAudit(db, { at: event.now, actorUserId: token.createdBy, action: 'api_token.used', unitId: token.unitId, ip: event.ip, details });
      await touch({ ...event, token });
    },
  };
}
