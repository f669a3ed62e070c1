import type { GrantId, UnitId, UserId } from '../../shared/ids.js';
import type { Role } from '../../shared/limits.js';
import type { Kysely } from 'kysely';
import { coalesced } from '../db/coalesce.js';
import type { Database, DbOrTx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import type { UnitKind } from '../units/units.table.js';

export interface GrantRow {
  id: GrantId;
  user_id: UserId;
  role: Role;
  unit_id: UnitId;
  unit_code: string;
  unit_name: string;
  unit_full_name: string;
  unit_kind: UnitKind;
  unit_path: string;
}

const grantColumns = [
  'role_grants.id',
  'role_grants.user_id',
  'role_grants.role',
  'role_grants.unit_id',
  'units.code as unit_code',
  'units.name as unit_name',
  'units.full_name as unit_full_name',
  'units.kind as unit_kind',
  'units.path as unit_path',
] as const;

const grantsOf = (db: Kysely<Database>) => db.selectFrom('role_grants').innerJoin('units', 'units.id', 'role_grants.unit_id').select(grantColumns).orderBy('role_grants.id');
// Asked whenever a route needs the viewer's roles, and by every page that shows them: read together with other
// requests' (db/coalesce.ts).
const grantsOfUsers = coalesced<UserId, GrantRow>({
  keyOf: String,
  rowKeyOf: (row) => String(row.user_id),
  query: (db, userIds) => grantsOf(db).where('role_grants.user_id', 'in', userIds),
});

export async function findGrantsOfUser(db: DbOrTx, userId: UserId): Promise<GrantRow[]> {
  return grantsOfUsers(db, userId);
}

export async function findGrantById(db: DbOrTx, id: GrantId): Promise<GrantRow | undefined> {
  return db.selectFrom('role_grants').innerJoin('units', 'units.id', 'role_grants.unit_id').select(grantColumns).where('role_grants.id', '=', id).executeTakeFirst();
}

/** Grants on units inside a subtree, with the holder's name. */
export async function findGrantsInSubtree(db: DbOrTx, unitPath: string, limit: number): Promise<(GrantRow & { full_name: string; phone: string })[]> {
  return db
    .selectFrom('role_grants')
    .innerJoin('units', 'units.id', 'role_grants.unit_id')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .select([...grantColumns, 'users.full_name', 'users.phone'])
    .where('units.path', 'like', `${unitPath}%`)
    .orderBy('units.path')
    .orderBy('role_grants.role')
    .limit(limit)
    .execute();
}

export async function insertGrant(db: DbOrTx, grant: { userId: UserId; role: Role; unitId: UnitId; grantedBy: UserId | null; now: number }): Promise<GrantId> {
  const row = await db
    .insertInto('role_grants')
    .values({ user_id: grant.userId, role: grant.role, unit_id: grant.unitId, granted_by: grant.grantedBy, created_at: grant.now })
    .onConflict((oc) => oc.columns(['user_id', 'role', 'unit_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id as GrantId;
}

export async function deleteGrant(db: DbOrTx, id: GrantId): Promise<void> {
  await db.deleteFrom('role_grants').where('id', '=', id).execute();
}

export async function findGrantId(db: DbOrTx, userId: UserId, role: Role, unitId: UnitId): Promise<GrantId | undefined> {
  const row = await db
    .selectFrom('role_grants')
    .select('id')
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return row?.id;
}

export const grantsPersonalData: PersonalDataHandler = {
  table: 'role_grants',
  export: (db, userId) =>
    db
      .selectFrom('role_grants')
      .innerJoin('units', 'units.id', 'role_grants.unit_id')
      .select(['role_grants.role', 'units.code as unit_code', 'role_grants.created_at'])
      .where('role_grants.user_id', '=', userId)
      .execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('role_grants').where('user_id', '=', userId).execute();
  },
};

export async function anyGrantOf(db: DbOrTx, role: Role): Promise<boolean> {
  return (await db.selectFrom('role_grants').select('id').where('role', '=', role).limit(1).executeTakeFirst()) !== undefined;
}
