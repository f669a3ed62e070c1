import { type Insertable, sql } from 'kysely';
import type { EventId, InvitationId, ParticipantGroupId, UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import type { DbOrTx, Tx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import type { EventCheckinsTable } from './checkin.table.js';

const invitationColumns = ['i.id', 'i.event_id', 'i.venue_id', 'i.cancelled_at'] as const;

export function findInvitationBySecret(db: DbOrTx, secret: string) {
  return db.selectFrom('event_invitations as i').select(invitationColumns).where('i.secret', '=', secret).executeTakeFirst();
}

export function findInvitationByCode(db: DbOrTx, eventId: EventId, code: string) {
  return db.selectFrom('event_invitations as i').select(invitationColumns).where('i.event_id', '=', eventId).where('i.code', '=', code).executeTakeFirst();
}

export function findInvitationById(db: DbOrTx, id: InvitationId) {
  return db.selectFrom('event_invitations as i').select(invitationColumns).where('i.id', '=', id).executeTakeFirst();
}

export function findInvitationOfPerson(db: DbOrTx, eventId: EventId, userId: UserId) {
  return db.selectFrom('event_invitations as i').select(invitationColumns).where('i.event_id', '=', eventId).where('i.user_id', '=', userId).executeTakeFirst();
}

export function findCheckinByNonce(db: DbOrTx, nonce: string) {
  return db.selectFrom('event_checkins').selectAll().where('nonce', '=', nonce).executeTakeFirst();
}

/** Where the person was counted, if they were. */
export function findCountedCheckin(db: DbOrTx, invitationId: InvitationId) {
  return db
    .selectFrom('event_checkins as c')
    .innerJoin('event_venues as v', 'v.id', 'c.venue_id')
    .select(['c.venue_id', 'v.name as venue_name', 'c.scanned_at'])
    .where('c.invitation_id', '=', invitationId)
    .where('c.result', '=', 'checked_in')
    .executeTakeFirst();
}

export async function insertCheckin(db: DbOrTx, row: Insertable<EventCheckinsTable>): Promise<number> {
  return (await db.insertInto('event_checkins').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Every live invitation of the event with the person, group and, if counted, where: the door phone's offline list. */
export function findCheckinList(db: DbOrTx, eventId: EventId) {
  return db
    .selectFrom('event_invitations as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .leftJoin('event_groups as g', 'g.id', 'i.group_id')
    .leftJoin('event_checkins as c', (join) => join.onRef('c.invitation_id', '=', 'i.id').on('c.result', '=', 'checked_in'))
    .select(['i.id', 'i.secret', 'i.code', 'i.venue_id', 'i.rsvp', 'u.full_name', 'g.name as group_name', 'c.venue_id as checked_in_venue_id', 'c.scanned_at as checked_in_at'])
    .where('i.event_id', '=', eventId)
    .where('i.cancelled_at', 'is', null)
    .orderBy('u.full_name_search')
    .orderBy('i.id')
    .execute();
}

export function findInvitationsOfPhone(db: DbOrTx, eventId: EventId, phone: PhoneNumber) {
  return db
    .selectFrom('event_invitations as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .innerJoin('event_venues as v', 'v.id', 'i.venue_id')
    .leftJoin('event_groups as g', 'g.id', 'i.group_id')
    .select(['i.id', 'i.venue_id', 'v.name as venue_name', 'i.cancelled_at', 'u.full_name', 'g.name as group_name'])
    .where('i.event_id', '=', eventId)
    .where('u.phone', '=', phone)
    .execute();
}

export function findGroupOfEvent(db: DbOrTx, eventId: EventId, groupId: ParticipantGroupId) {
  return db.selectFrom('event_groups').select(['id', 'name']).where('event_id', '=', eventId).where('id', '=', groupId).executeTakeFirst();
}

export function findGroupsOfEvent(db: DbOrTx, eventId: EventId) {
  return db.selectFrom('event_groups').select(['id', 'name']).where('event_id', '=', eventId).orderBy('position').orderBy('id').execute();
}

export function findQuotasOfEvent(db: DbOrTx, eventId: EventId) {
  return db
    .selectFrom('event_quotas as q')
    .innerJoin('event_groups as g', 'g.id', 'q.group_id')
    .select(['q.group_id', 'q.venue_id', 'q.quota'])
    .where('g.event_id', '=', eventId)
    .execute();
}

/** Invitations per venue and group: live, accepted, checked in, and those made at the door. */
export function countInvitationsOfEvent(db: DbOrTx, eventId: EventId) {
  return db
    .selectFrom('event_invitations as i')
    .leftJoin('event_checkins as c', (join) => join.onRef('c.invitation_id', '=', 'i.id').on('c.result', '=', 'checked_in'))
    .select((eb) => [
      'i.venue_id',
      'i.group_id',
      eb.fn.countAll<string | number>().as('invited'),
      eb.fn.sum<string | number>(eb.case().when('i.rsvp', '=', 'accepted').then(1).else(0).end()).as('accepted'),
      eb.fn.count<string | number>('c.id').as('checked_in'),
      eb.fn.sum<string | number>(eb.case().when('i.source', 'in', ['walk_in', 'door_signup']).then(1).else(0).end()).as('at_door'),
    ])
    .where('i.event_id', '=', eventId)
    .where('i.cancelled_at', 'is', null)
    .groupBy(['i.venue_id', 'i.group_id'])
    .execute();
}

/** Scans that were not counted though a real invitation of the event was read: a second door, or the wrong one. */
export function findConflicts(db: DbOrTx, eventId: EventId) {
  return db
    .selectFrom('event_checkins as c')
    .innerJoin('event_invitations as i', 'i.id', 'c.invitation_id')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .innerJoin('event_venues as v', 'v.id', 'c.venue_id')
    .leftJoin('event_checkins as k', (join) => join.onRef('k.invitation_id', '=', 'c.invitation_id').on('k.result', '=', 'checked_in'))
    .select(['c.id', 'c.result', 'c.venue_id', 'v.name as venue_name', 'c.scanned_at', 'i.venue_id as invited_venue_id', 'k.venue_id as counted_venue_id', 'u.full_name'])
    .where('c.event_id', '=', eventId)
    .where('c.result', 'in', ['conflict', 'wrong_venue'])
    .orderBy('c.scanned_at', 'desc')
    .limit(500)
    .execute();
}

export const checkinsPersonalData: PersonalDataHandler = {
  table: 'event_checkins',
  export: (db, userId) =>
    db
      .selectFrom('event_checkins as c')
      .innerJoin('event_invitations as i', 'i.id', 'c.invitation_id')
      .innerJoin('event_venues as v', 'v.id', 'c.venue_id')
      .select(['c.event_id', 'v.name as venue', 'c.method', 'c.result', 'c.scanned_at', 'c.received_at'])
      .where('i.user_id', '=', userId)
      .orderBy('c.scanned_at')
      .execute(),
  erase: async (trx, userId) => {
    const invitations = (await trx.selectFrom('event_invitations').select('id').where('user_id', '=', userId).execute()).map((i) => i.id);
    if (invitations.length > 0) await trx.deleteFrom('event_checkins').where('invitation_id', 'in', invitations).execute();
    // The scans a volunteer made stay (they are the attendees' records), without the volunteer.
    await trx.updateTable('event_checkins').set({ scanned_by: null }).where('scanned_by', '=', userId).execute();
  },
};

export async function insertDoorCode(trx: Tx, row: { eventId: EventId; phone: PhoneNumber; sentBy: UserId; now: number; expiresAt: number }): Promise<number> {
  const made = await trx
    .insertInto('event_door_codes')
    .values({ event_id: row.eventId, phone: row.phone, code_hash: '', expires_at: row.expiresAt, used_at: null, sent_by: row.sentBy, created_at: row.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return made.id;
}

export async function setDoorCodeHash(trx: Tx, id: number, hash: string): Promise<void> {
  await trx.updateTable('event_door_codes').set({ code_hash: hash }).where('id', '=', id).execute();
}

export function findDoorCode(db: DbOrTx, id: number) {
  return db.selectFrom('event_door_codes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countFailedDoorCode(db: DbOrTx, id: number): Promise<void> {
  await db.updateTable('event_door_codes').set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) })).where('id', '=', id).execute();
}

/** Marks the code used; false if another request used it first. */
export async function useDoorCode(trx: Tx, id: number, now: number): Promise<boolean> {
  const result = await trx.updateTable('event_door_codes').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

const phoneOf = (userId: UserId) => sql<PhoneNumber>`(select phone from users where id = ${userId})`;

export const doorCodesPersonalData: PersonalDataHandler = {
  table: 'event_door_codes',
  // Codes texted to the person's phone before the account existed; the code itself is only a hash.
  export: (db, userId) => db.selectFrom('event_door_codes').select(['event_id', 'created_at', 'expires_at', 'used_at']).where('phone', '=', phoneOf(userId)).execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('event_door_codes').where('phone', '=', phoneOf(userId)).execute();
    await trx.updateTable('event_door_codes').set({ sent_by: null }).where('sent_by', '=', userId).execute();
  },
};
