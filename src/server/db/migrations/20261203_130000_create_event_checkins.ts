import { type Kysely, sql } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * Check-in at the door of an event (pretix's model): every scan a door phone sends is one row, named by the nonce the
 * phone chose, so a resend (the offline outbox, a lost answer) finds its first row and counts nothing twice. Refused
 * scans (forged, other event, cancelled, wrong venue) and conflicts (the same person at a second door) are rows too:
 * reported, never lost, never counted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('event_checkins'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('events.id'))
    .addColumn('venue_id', 'bigint', (c) => c.notNull().references('event_venues.id'))
    // Null when the scan matched no invitation of any event (forged or mistyped).
    .addColumn('invitation_id', 'bigint', (c) => c.references('event_invitations.id'))
    // Chosen by the door phone; a resend carries the same one.
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('device_id', 'text', (c) => c.notNull())
    // qr, code, phone or walk_in: how the person was found.
    .addColumn('method', 'text', (c) => c.notNull())
    // Null once the scanner's account was erased.
    .addColumn('scanned_by', 'bigint', (c) => c.references('users.id'))
    // The phone's clock when the scan happened (it may have been offline), and the server's when it arrived.
    .addColumn('scanned_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    // checked_in, already, conflict, wrong_venue, unknown, other_event or cancelled.
    .addColumn('result', 'text', (c) => c.notNull())
    .execute();
  // A person checks in once per event, whatever the races between doors.
  await db.schema
    .createIndex('event_checkins_once_idx')
    .on('event_checkins')
    .column('invitation_id')
    .unique()
    .where(sql.ref('result'), '=', sql.lit('checked_in'))
    .execute();
  await db.schema.createIndex('event_checkins_event_idx').on('event_checkins').columns(['event_id', 'result']).execute();

  // Help at the door: the one-time code texted to a delegate who has no account, read back as their own consent.
  await withIdColumn(db, db.schema.createTable('event_door_codes'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('events.id'))
    .addColumn('phone', 'text', (c) => c.notNull())
    // SHA-256 of the code bound to its row; the code itself is never stored.
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_at', 'bigint')
    // The organiser or volunteer at the door who asked for it; null once their account was erased.
    .addColumn('sent_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_door_codes_phone_idx').on('event_door_codes').column('phone').execute();
}
