import type { TeamId, UnitId, UserId } from '../../shared/ids.js';
import type { Language } from '../../shared/limits.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { escapeLikePattern } from '../../shared/text.js';
import { type Kysely, sql } from 'kysely';
import type { Database, DbOrTx } from '../db/database.js';
import { coalesced } from '../db/coalesce.js';
import type { UnitKind } from '../../shared/units.js';
import type { PersonalDataHandler } from '../db/personal-data.js';

export interface Credentials {
  id: UserId;
  password_hash: string;
  disabled_at: number | null;
}

export async function findCredentialsByPhone(db: DbOrTx, phone: PhoneNumber): Promise<Credentials | undefined> {
  return db.selectFrom('users').select(['id', 'password_hash', 'disabled_at']).where('phone', '=', phone).executeTakeFirst();
}

export async function findCredentialsById(db: DbOrTx, id: UserId): Promise<Credentials | undefined> {
  return db.selectFrom('users').select(['id', 'password_hash', 'disabled_at']).where('id', '=', id).executeTakeFirst();
}

export async function phoneIsRegistered(db: DbOrTx, phone: PhoneNumber): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirst()) !== undefined;
}

export interface ProfileRow {
  id: UserId;
  phone: PhoneNumber;
  full_name: string;
  birth_year: number;
  language: Language;
  large_text: number;
  created_at: number;
  disabled_at: number | null;
  /** Empty once the account is erased. */
  full_name_search: string;
  home_unit_id: UnitId;
  unit_code: string;
  unit_name: string;
  unit_full_name: string;
  unit_kind: string;
  unit_path: string;
}

function profiles(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.home_unit_id')
    .select([
      'users.id',
      'users.phone',
      'users.full_name',
      'users.birth_year',
      'users.language',
      'users.large_text',
      'users.created_at',
      'users.disabled_at',
      'users.full_name_search',
      'users.home_unit_id',
      'units.code as unit_code',
      'units.name as unit_name',
      'units.full_name as unit_full_name',
      'units.kind as unit_kind',
      'units.path as unit_path',
    ]);
}

// Asked by every page that shows who is signed in: read together with other requests' (db/coalesce.ts).
const profilesById = coalesced<UserId, ProfileRow>({
  keyOf: String,
  rowKeyOf: (row) => String(row.id),
  query: (db, ids) => profiles(db).where('users.id', 'in', ids),
});

export async function findProfile(db: DbOrTx, id: UserId): Promise<ProfileRow | undefined> {
  return (await profilesById(db, id))[0];
}

export interface NewUser {
  phone: PhoneNumber;
  passwordHash: string;
  fullName: string;
  fullNameSearch: string;
  birthYear: number;
  homeUnitId: UnitId;
  language: Language;
  now: number;
  /** The team whose helper made the account by assisted sign-up. */
  assistedTeamId?: TeamId;
  /** Made by a manager from a members list: counted "on the list" until its owner first signs in. */
  fromList?: boolean;
}

/** Adds the account. The caller counts it as registered (rollups' countRegistration): the core knows no counters. */
export async function insertUser(db: DbOrTx, user: NewUser): Promise<UserId> {
  const row = await db
    .insertInto('users')
    .values({
      phone: user.phone,
      password_hash: user.passwordHash,
      full_name: user.fullName,
      full_name_search: user.fullNameSearch,
      birth_year: user.birthYear,
      home_unit_id: user.homeUnitId,
      language: user.language,
      large_text: 0,
      created_at: user.now,
      updated_at: user.now,
      password_changed_at: user.now,
      disabled_at: null,
      ...(user.assistedTeamId === undefined ? {} : { assisted_team_id: user.assistedTeamId }),
      ...(user.fromList ? { from_list: 1 } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ProfilePatch {
  full_name?: string;
  full_name_search?: string;
  birth_year?: number;
  home_unit_id?: UnitId;
  language?: Language;
  large_text?: number;
}

export async function updateProfileRow(db: DbOrTx, id: UserId, patch: ProfilePatch, now: number): Promise<void> {
  await db.updateTable('users').set({ ...patch, updated_at: now }).where('id', '=', id).execute();
}

export async function updatePasswordHash(db: DbOrTx, id: UserId, passwordHash: string, now: number): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now, updated_at: now }).where('id', '=', id).execute();
}

export async function setDisabled(db: DbOrTx, id: UserId, disabledAt: number | null, now: number): Promise<void> {
  await db.updateTable('users').set({ disabled_at: disabledAt, updated_at: now }).where('id', '=', id).execute();
}

export interface PersonRow {
  id: UserId;
  full_name: string;
  phone: PhoneNumber;
  birth_year: number;
  created_at: number;
  unit_code: string;
  unit_name: string;
}

/** People whose home unit lies in a subtree, optionally filtered by a folded name. */
export async function findPeopleInSubtree(
  db: DbOrTx,
  filter: { unitPath: string; foldedName: string; limit: number; offset: number },
): Promise<{ total: number; rows: PersonRow[] }> {
  let base = db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.home_unit_id')
    .where('units.path', 'like', `${escapeLikePattern(filter.unitPath)}%`)
    .where('users.disabled_at', 'is', null);
  if (filter.foldedName) base = base.where('users.full_name_search', 'like', sql<string>`${`%${escapeLikePattern(filter.foldedName)}%`} escape '\\'`);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    base
      .select(['users.id', 'users.full_name', 'users.phone', 'users.birth_year', 'users.created_at', 'units.code as unit_code', 'units.name as unit_name'])
      .orderBy('users.full_name_search')
      .orderBy('users.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
  ]);
  return { total: Number(count.total), rows };
}

export const usersPersonalData: PersonalDataHandler = {
  table: 'users',
  export: (db, userId) =>
    db
      .selectFrom('users')
      .select(['phone', 'full_name', 'birth_year', 'home_unit_id', 'language', 'large_text', 'created_at', 'updated_at', 'password_changed_at', 'disabled_at'])
      .where('id', '=', userId)
      .execute(),
  // The row stays, de-identified, so that past figures of the person's commune still add up.
  erase: async (trx, userId, now) => {
    await trx
      .updateTable('users')
      .set({
        phone: `deleted:${userId}` as PhoneNumber,
        full_name: '—',
        full_name_search: '',
        password_hash: '!',
        disabled_at: now,
        updated_at: now,
      })
      .where('id', '=', userId)
      .execute();
  },
};

export interface FoundPersonRow extends PersonRow {
  unit_path: string;
  unit_full_name: string;
  unit_kind: UnitKind;
  disabled_at: number | null;
}

/**
 * People an admin or manager may see: whose home lies under one of `roots` or who hold a role on a unit there.
 * `unitPath` narrows to a unit's subtree in the same two ways; `phone` is an exact number, `foldedName` part of a name.
 */
export async function searchPeopleWithin(
  db: DbOrTx,
  filter: { roots: readonly string[]; unitPath: string | null; phone: PhoneNumber | null; foldedName: string; limit: number; offset: number },
): Promise<{ total: number; rows: FoundPersonRow[] }> {
  if (filter.roots.length === 0) return { total: 0, rows: [] };
  const under = (paths: readonly string[]) =>
    db
      .selectFrom('users as u')
      .innerJoin('units as home', 'home.id', 'u.home_unit_id')
      .select('u.id')
      .where((eb) => eb.or(paths.map((p) => eb('home.path', 'like', `${p}%`))))
      .union(
        db
          .selectFrom('role_grants as g')
          .innerJoin('units as gu', 'gu.id', 'g.unit_id')
          .select('g.user_id as id')
          .where((eb) => eb.or(paths.map((p) => eb('gu.path', 'like', `${p}%`)))),
      );
  let base = db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.home_unit_id')
    .where('users.id', 'in', under(filter.roots))
    .where('users.full_name_search', '!=', '');
  if (filter.unitPath !== null) base = base.where('users.id', 'in', under([filter.unitPath]));
  if (filter.phone) base = base.where('users.phone', '=', filter.phone);
  else if (filter.foldedName) base = base.where('users.full_name_search', 'like', sql<string>`${`%${escapeLikePattern(filter.foldedName)}%`} escape '\\'`);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    base
      .select([
        'users.id',
        'users.full_name',
        'users.phone',
        'users.birth_year',
        'users.created_at',
        'users.disabled_at',
        'units.code as unit_code',
        'units.name as unit_name',
        'units.full_name as unit_full_name',
        'units.kind as unit_kind',
        'units.path as unit_path',
      ])
      .orderBy('users.full_name_search')
      .orderBy('users.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
  ]);
  return { total: Number(count.total), rows };
}
