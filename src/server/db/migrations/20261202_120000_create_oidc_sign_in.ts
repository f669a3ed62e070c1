import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  // Sign-ins in flight at an identity provider: in the database, so that the process that gets the
  // callback need not be the one that started it. Keyed by a hash of `state`; used once, then kept
  // only until it expires (a test sign-in's claims wait here for the admin who asked).
  await db.schema
    .createTable('oidc_logins')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    // Hash of a cookie set at start: the callback must come back to the browser that started it.
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('return_path', 'text', (c) => c.notNull())
    .addColumn('silent', 'integer', (c) => c.notNull())
    .addColumn('tester_user_id', 'bigint', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('test_claims', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('oidc_logins_expiry_idx').on('oidc_logins').column('expires_at').execute();

  // Which provider account (issuer's subject) signs in as which platform account.
  await withIdColumn(db, db.schema.createTable('oidc_identities'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('oidc_identities_subject_key', ['provider', 'subject'])
    .addUniqueConstraint('oidc_identities_user_key', ['user_id', 'provider'])
    .execute();

  // A first sign-in that has no account yet: nothing is created before the person's own consent.
  await db.schema
    .createTable('oidc_pending')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    // Only a number the provider says it verified; otherwise null.
    .addColumn('verified_phone', 'text')
    .addColumn('return_path', 'text', (c) => c.notNull())
    .addColumn('id_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oidc_pending_expiry_idx').on('oidc_pending').column('expires_at').execute();

  // Sessions that began at a provider: which one, and the ID token to hint at its logout.
  await db.schema
    .createTable('oidc_sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('id_token', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oidc_sessions_user_idx').on('oidc_sessions').column('user_id').execute();
}
