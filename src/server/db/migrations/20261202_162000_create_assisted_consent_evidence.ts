import type { Kysely } from 'kysely';
import { isPostgres, withIdColumn } from '../dialect.js';

/**
 * The evidence of a citizen's own consent to an assisted sign-up: the one-time codes texted to their phone
 * (hashed; the citizen reads the code back to the helper) and the photos of signed paper consent forms.
 * Photos live in the database, not in DATA_DIR: they are personal data that backups must carry, that every app
 * process must reach, and that erasure must remove in the same transaction as the rest of the person.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('assisted_sms_codes'))
    .addColumn('helper_id', 'bigint', (c) => c.notNull().references('users.id'))
    // The citizen's phone (E.164): they may have no account yet.
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('assisted_sms_codes_helper_idx').on('assisted_sms_codes').columns(['helper_id', 'created_at']).execute();
  await db.schema.createIndex('assisted_sms_codes_phone_idx').on('assisted_sms_codes').column('phone').execute();

  await withIdColumn(db, db.schema.createTable('assisted_consent_photos'))
    // Random; the consent's evidence names the photo by it (the photo row can only follow the account it points at).
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    // The person the form is about, and who took the photo.
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('helper_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    // Re-encoded on the server: no camera, time or GPS metadata survives.
    .addColumn('bytes', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // Which photo proves the consent of a paper sign-up (the consent's evidence names it too).
  await db.schema.alterTable('assisted_signups').addColumn('photo_ref', 'text').execute();
  await db.schema.createIndex('assisted_consent_photos_user_idx').on('assisted_consent_photos').column('user_id').execute();
}
