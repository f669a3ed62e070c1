import type { Kysely } from 'kysely';

/**
 * The certificate signing keys, in the database so that every app process (and machine) signs with the same key.
 * Private keys are encrypted with a key derived from the platform secret (SECRET_KEY), never stored in clear.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('signing_keys')
    // 1 for the first key, one more per rotation: the primary key is what makes two processes starting together agree on one key.
    .addColumn('generation', 'integer', (c) => c.primaryKey())
    .addColumn('kid', 'text', (c) => c.notNull().unique())
    // Raw Ed25519 public key, base64url (the JWK "x").
    .addColumn('public_key', 'text', (c) => c.notNull())
    // base64url of nonce (12) ‖ AES-256-GCM tag (16) ‖ encrypted PKCS#8 DER.
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
