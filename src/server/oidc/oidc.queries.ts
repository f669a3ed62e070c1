import type { UserId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import type { OidcLoginsTable, OidcPendingTable } from './oidc.table.js';

export async function insertLogin(db: DbOrTx, login: OidcLoginsTable): Promise<void> {
  await db.insertInto('oidc_logins').values(login).execute();
}

/**
 * Takes a sign-in in flight for its one and only use: of two callbacks with the same state
 * (a replay, or two processes at once) exactly one gets the row.
 */
export async function consumeLogin(db: DbOrTx, stateHash: string, now: number): Promise<OidcLoginsTable | undefined> {
  const result = await db
    .updateTable('oidc_logins')
    .set({ used_at: now })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return db.selectFrom('oidc_logins').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
}

export async function saveTestClaims(db: DbOrTx, stateHash: string, claims: string): Promise<void> {
  await db.updateTable('oidc_logins').set({ test_claims: claims }).where('state_hash', '=', stateHash).execute();
}

export async function findTestClaims(db: DbOrTx, stateHash: string, testerUserId: UserId, now: number) {
  return db
    .selectFrom('oidc_logins')
    .select(['provider', 'test_claims'])
    .where('state_hash', '=', stateHash)
    .where('tester_user_id', '=', testerUserId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function findIdentity(db: DbOrTx, provider: string, subject: string) {
  return db.selectFrom('oidc_identities').select(['id', 'user_id']).where('provider', '=', provider).where('subject', '=', subject).executeTakeFirst();
}

export async function findIdentityOfUser(db: DbOrTx, provider: string, userId: UserId) {
  return db.selectFrom('oidc_identities').select(['id', 'subject']).where('provider', '=', provider).where('user_id', '=', userId).executeTakeFirst();
}

export async function insertIdentity(db: DbOrTx, identity: { userId: UserId; provider: string; subject: string; linkedBy: string; now: number }): Promise<void> {
  await db
    .insertInto('oidc_identities')
    .values({ user_id: identity.userId, provider: identity.provider, subject: identity.subject, linked_by: identity.linkedBy, created_at: identity.now, last_sign_in_at: identity.now })
    .execute();
}

export async function touchIdentity(db: DbOrTx, id: number, now: number): Promise<void> {
  await db.updateTable('oidc_identities').set({ last_sign_in_at: now }).where('id', '=', id).execute();
}

export async function insertPending(db: DbOrTx, pending: OidcPendingTable): Promise<void> {
  await db.insertInto('oidc_pending').values(pending).execute();
}

export async function findPending(db: DbOrTx, tokenHash: string, now: number) {
  return db.selectFrom('oidc_pending').selectAll().where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
}

export async function deletePending(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.deleteFrom('oidc_pending').where('token_hash', '=', tokenHash).execute();
}

export async function insertOidcSession(db: DbOrTx, row: { sessionId: string; userId: UserId; provider: string; idToken: string }): Promise<void> {
  await db.insertInto('oidc_sessions').values({ session_id: row.sessionId, user_id: row.userId, provider: row.provider, id_token: row.idToken }).execute();
}

export async function findOidcSession(db: DbOrTx, sessionId: string) {
  return db.selectFrom('oidc_sessions').select(['provider', 'id_token']).where('session_id', '=', sessionId).executeTakeFirst();
}

export async function deleteExpiredOidcRows(db: DbOrTx, now: number): Promise<void> {
  await db.deleteFrom('oidc_logins').where('expires_at', '<=', now).execute();
  await db.deleteFrom('oidc_pending').where('expires_at', '<=', now).execute();
}


export const oidcIdentitiesPersonalData: PersonalDataHandler = {
  table: 'oidc_identities',
  export: (db, userId) => db.selectFrom('oidc_identities').select(['provider', 'subject', 'linked_by', 'created_at', 'last_sign_in_at']).where('user_id', '=', userId).execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('oidc_identities').where('user_id', '=', userId).execute();
  },
};

export const oidcSessionsPersonalData: PersonalDataHandler = {
  table: 'oidc_sessions',
  // The ID token is a credential for the provider's logout, not information about the person: not exported.
  export: (db, userId) => db.selectFrom('oidc_sessions').select(['provider']).where('user_id', '=', userId).execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('oidc_sessions').where('user_id', '=', userId).execute();
  },
};

export const oidcTestSignInsPersonalData: PersonalDataHandler = {
  table: 'oidc_logins',
  // Only an admin's test sign-ins name a person: the claims their provider account sent.
  export: (db, userId) => db.selectFrom('oidc_logins').select(['provider', 'test_claims', 'created_at']).where('tester_user_id', '=', userId).execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('oidc_logins').where('tester_user_id', '=', userId).execute();
  },
};
