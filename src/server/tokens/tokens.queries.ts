import { sql } from 'kysely';
import type { ApiTokenId, UnitId, UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';

const columns = [
  'api_tokens.id',
  'api_tokens.name',
  'api_tokens.scopes',
  'api_tokens.hint',
  'api_tokens.created_by',
  'api_tokens.created_at',
  'api_tokens.expires_at',
  'api_tokens.revoked_at',
  'api_tokens.last_used_at',
  'api_tokens.use_count',
  'api_tokens.unit_id',
  'units.code as unit_code',
  'units.full_name as unit_full_name',
  'units.path as unit_path',
] as const;

export async function insertApiToken(
  db: DbOrTx,
  row: { unit_id: UnitId; name: string; scopes: string; secret_hash: string; hint: string; created_by: UserId; created_at: number; expires_at: number },
): Promise<ApiTokenId> {
  const { id } = await db.insertInto('api_tokens').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findApiTokenByHash(db: DbOrTx, secretHash: string) {
  return db.selectFrom('api_tokens').innerJoin('units', 'units.id', 'api_tokens.unit_id').select(columns).where('api_tokens.secret_hash', '=', secretHash).executeTakeFirst();
}

export function findApiTokenById(db: DbOrTx, id: ApiTokenId) {
  return db.selectFrom('api_tokens').innerJoin('units', 'units.id', 'api_tokens.unit_id').select(columns).where('api_tokens.id', '=', id).executeTakeFirst();
}

export type ApiTokenRow = NonNullable<Awaited<ReturnType<typeof findApiTokenById>>>;

/** Tokens on units under any of these paths, newest first. */
export function findApiTokensUnder(db: DbOrTx, unitPaths: readonly string[], limit: number) {
  if (unitPaths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('api_tokens')
    .innerJoin('units', 'units.id', 'api_tokens.unit_id')
    .select(columns)
    .where((eb) => eb.or(unitPaths.map((p) => eb('units.path', 'like', `${p}%`))))
    .orderBy('api_tokens.created_at', 'desc')
    .orderBy('api_tokens.id', 'desc')
    .limit(limit)
    .execute();
}

export async function markApiTokenRevoked(db: DbOrTx, id: ApiTokenId, by: UserId, now: number): Promise<boolean> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: now, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Moves last use forward and adds the uses counted since, unless another process did so less than a minute ago. */
export async function touchApiToken(db: DbOrTx, id: ApiTokenId, uses: number, now: number, intervalMs: number): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ last_used_at: now, use_count: sql<number>`use_count + ${uses}` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', now - intervalMs)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
