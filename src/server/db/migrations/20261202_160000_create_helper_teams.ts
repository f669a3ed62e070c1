import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * Community digital technology teams (tổ công nghệ số cộng đồng), the hamlets they cover, and the record of each
 * assisted sign-up. Hamlets themselves are units (kind 'hamlet') and need no table of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('helper_teams'))
    // A commune, ward or special zone, or an organisation's unit.
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('leader_user_id', 'bigint', (c) => c.references('users.id'))
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('retired_at', 'bigint')
    .execute();
  await db.schema.createIndex('helper_teams_unit_idx').on('helper_teams').column('unit_id').execute();

  await db.schema
    .createTable('helper_team_members')
    .addColumn('team_id', 'bigint', (c) => c.notNull().references('helper_teams.id'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('added_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('helper_team_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('helper_team_members_user_idx').on('helper_team_members').column('user_id').execute();

  await db.schema
    .createTable('helper_team_hamlets')
    .addColumn('team_id', 'bigint', (c) => c.notNull().references('helper_teams.id'))
    .addColumn('hamlet_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addPrimaryKeyConstraint('helper_team_hamlets_pk', ['team_id', 'hamlet_id'])
    .execute();
  await db.schema.createIndex('helper_team_hamlets_hamlet_idx').on('helper_team_hamlets').column('hamlet_id').execute();

  await withIdColumn(db, db.schema.createTable('assisted_signups'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('helper_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('team_id', 'bigint', (c) => c.notNull().references('helper_teams.id'))
    // The commune (ward, special zone) the helper acted in, and the hamlet named for the person, if any.
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('hamlet_id', 'bigint', (c) => c.references('units.id'))
    // Chosen by the helper's phone: the outbox retries with the same id and gets the first answer.
    .addColumn('client_id', 'text', (c) => c.notNull())
    // assisted_sms or assisted_paper; the consent row holds the evidence.
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('consent_id', 'bigint', (c) => c.notNull().references('consents.id'))
    // 1 when the phone already had an account: linked, not created.
    .addColumn('linked_existing', 'integer', (c) => c.notNull())
    // A random id the helper's app keeps for itself (no personal data), and the address: fraud signals compare them.
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Set when a manager's review or a call-back denies the sign-up.
    .addColumn('flagged_at', 'bigint')
    .addColumn('flag_reason', 'text')
    .execute();
  await db.schema.createIndex('assisted_signups_client_idx').on('assisted_signups').columns(['helper_id', 'client_id']).unique().execute();
  await db.schema.createIndex('assisted_signups_user_idx').on('assisted_signups').column('user_id').execute();
  await db.schema.createIndex('assisted_signups_team_idx').on('assisted_signups').columns(['team_id', 'created_at']).execute();
  await db.schema.createIndex('assisted_signups_unit_idx').on('assisted_signups').columns(['unit_id', 'created_at']).execute();

  // The team through which the account was made by assisted sign-up; null for people who signed up themselves.
  // Kept on the person so that the rollups split self-served and assisted without another look-up.
  await db.schema.alterTable('users').addColumn('assisted_team_id', 'bigint', (c) => c.references('helper_teams.id')).execute();

  // Sign-in cards for people without a password: the QR carries the secret, the short code goes with the phone.
  // Neither is stored: only their hashes. One live card per person; reprinting revokes the old one.
  await withIdColumn(db, db.schema.createTable('sign_in_cards'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('short_code_hash', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('last_used_at', 'bigint')
    .execute();
  await db.schema.createIndex('sign_in_cards_user_idx').on('sign_in_cards').column('user_id').execute();

  // Each sign-in with a card, with the random id of the device it happened on: a card that is only ever used on
  // the helper's own phone is a fraud signal a manager reviews.
  await withIdColumn(db, db.schema.createTable('card_sign_ins'))
    .addColumn('card_id', 'bigint', (c) => c.notNull().references('sign_in_cards.id'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('card_sign_ins_user_idx').on('card_sign_ins').columns(['user_id', 'at']).execute();
}
