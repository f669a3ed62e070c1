/**
 * Admitting someone at the door without a prior invitation (a walk-in, a door sign-up): the account if there is none,
 * the invitation (the invitations feature checks the quota) and its check-in; and the answer a door phone gets.
 */
import type { CheckinResult } from '../../shared/checkin.js';
import type { EventId, InvitationId, ParticipantGroupId, UnitId, UserId, VenueId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { noPassword } from '../auth/auth.service.js';
import type { DbOrTx, Tx } from '../db/database.js';
import { venueOf } from '../events/events.service.js';
import { createInvitation } from '../invitations/invitations.service.js';
import { countRegistration, RollupDeltas } from '../rollups/rollups.service.js';
import { insertUser, searchableName } from '../users/users.service.js';
import type { ScanAnswer } from './checkin.schema.js';
import { findCountedCheckin, insertCheckin } from './checkin.queries.js';

/** Who is scanning, as the route's policy let them through. */
export interface DoorActor {
  userId: UserId;
  ip: string;
  now: number;
}

export async function answerOf(db: DbOrTx, nonce: string, eventId: EventId, result: CheckinResult, invitationId: InvitationId | null): Promise<ScanAnswer> {
  // Nothing of another event's (or a forged) invitation is shown at this door.
  const ours = invitationId !== null && result !== 'other_event' && result !== 'unknown';
  const person = ours
    ? await db
        .selectFrom('event_invitations as i')
        .innerJoin('users as u', 'u.id', 'i.user_id')
        .leftJoin('event_groups as g', 'g.id', 'i.group_id')
        .select(['u.full_name', 'g.name as group_name', 'i.venue_id'])
        .where('i.id', '=', invitationId)
        .executeTakeFirst()
    : undefined;
  let venue: { id: VenueId; name: string } | null = null;
  if (person && result === 'conflict') {
    const counted = await findCountedCheckin(db, invitationId!);
    if (counted) venue = { id: counted.venue_id, name: counted.venue_name };
  } else if (person && result === 'wrong_venue') {
    const invited = await venueOf(db, eventId, person.venue_id);
    venue = { id: invited.id, name: invited.name };
  }
  return { nonce, result, invitationId: ours ? invitationId : null, fullName: person?.full_name ?? null, group: person?.group_name ?? null, venue };
}

/** An account made at the door: no password (the person claims it with a code sent to the phone), counted as a registration. */
export async function newAccount(trx: Tx, person: { phone: PhoneNumber; fullName: string; birthYear: number; homeUnitId: UnitId }, now: number): Promise<UserId> {
  const userId = await insertUser(trx, { phone: person.phone, passwordHash: noPassword, ...searchableName(person.fullName), birthYear: person.birthYear, homeUnitId: person.homeUnitId, language: 'vi', now });
  const deltas = new RollupDeltas();
  countRegistration(deltas, person.homeUnitId, now);
  await deltas.write(trx);
  return userId;
}

/** An invitation made at the door (accepted) within the group's quota at the venue, and its check-in. */
export async function admit(
  trx: Tx,
  a: { eventId: EventId; venueId: VenueId; groupId: ParticipantGroupId; userId: UserId; source: 'walk_in' | 'door_signup'; nonce: string; deviceId: string },
  actor: DoorActor,
): Promise<InvitationId> {
  // The invitations feature's one rule for seats: the group's quota at the venue, under its lock (409 naming both).
  const invitation = await createInvitation(trx, { eventId: a.eventId, venueId: a.venueId, groupId: a.groupId, userId: a.userId, source: a.source, invitedBy: actor.userId, now: actor.now });
  await trx.updateTable('event_invitations').set({ rsvp: 'accepted', rsvp_at: actor.now }).where('id', '=', invitation.id).execute();
  await insertCheckin(trx, {
    event_id: a.eventId,
    venue_id: a.venueId,
    invitation_id: invitation.id,
    nonce: a.nonce,
    device_id: a.deviceId,
    method: 'walk_in',
    scanned_by: actor.userId,
    scanned_at: actor.now,
    received_at: actor.now,
    result: 'checked_in',
  });
  return invitation.id;
}
