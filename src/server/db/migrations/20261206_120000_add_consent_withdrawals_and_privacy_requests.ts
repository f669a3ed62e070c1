import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * Consent as a history a person can read (Law 91/2025): who took each consent (a helper, or the person themselves)
 * and, for a withdrawal, when, by whom, how and with what evidence. Existing consents keep their rows: the helper
 * who took an assisted or door consent is read from the evidence it already carried; a consent withdrawn before
 * this migration was withdrawn by an erasure (nothing else withdrew consents then).
 *
 * Privacy requests: what a helper or manager asked on a person's behalf (export, withdrawal, deletion), or a person
 * without a password asked for themselves, executed only with the code texted to the person's phone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('consents').addColumn('given_by', 'bigint').execute();
  await db.schema.alterTable('consents').addColumn('withdrawn_by', 'bigint').execute();
  await db.schema.alterTable('consents').addColumn('withdrawal_channel', 'text').execute();
  await db.schema.alterTable('consents').addColumn('withdrawal_evidence', 'text').execute();

  await fillConsentHistory(db);

  await withIdColumn(db, db.schema.createTable('privacy_requests'))
    // The person the request is about, and who asked (the person themselves, a helper or a manager).
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('requested_by', 'bigint', (c) => c.notNull().references('users.id'))
    // export | withdraw | delete
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text')
    // pending (waiting for the person's code) | done | expired (too many wrong codes, or too late)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('code_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint')
    .execute();
  await db.schema.createIndex('privacy_requests_user_idx').on('privacy_requests').column('user_id').execute();
  await db.schema.createIndex('privacy_requests_requester_idx').on('privacy_requests').columns(['requested_by', 'created_at']).execute();
}

/** Existing consents, as the new columns describe them: who took an assisted or door consent (from its evidence); earlier withdrawals were erasures. */
export async function fillConsentHistory(db: Kysely<any>): Promise<void> {
  const taken = await db
    .selectFrom('consents')
    .select(['id', 'channel', 'evidence'])
    .where('channel', 'in', ['assisted_sms', 'assisted_paper', 'door_sms'])
    .where('evidence', '<>', '')
    .execute();
  for (const row of taken as { id: number; channel: string; evidence: string }[]) {
    let helper: unknown;
    try {
      const evidence = JSON.parse(row.evidence) as Record<string, unknown>;
      helper = row.channel === 'door_sms' ? evidence.takenBy : evidence.helperId;
    } catch {
      continue;
    }
    if (typeof helper === 'number') await db.updateTable('consents').set({ given_by: helper }).where('id', '=', row.id).execute();
  }
  await db.updateTable('consents').set({ withdrawal_channel: 'erasure' }).where('withdrawn_at', 'is not', null).where('withdrawal_channel', 'is', null).execute();
}
