/**
 * Admitting someone at the door without a prior invitation (a walk-in, a door sign-up): the quota check under the
 * quota row's lock, the account if there is none, the invitation and its check-in; and the answer a door phone gets.
 */
import type { CheckinResult } from '../../shared/checkin.js';
import type { EventId, InvitationId, ParticipantGroupId, UnitId, UserId, VenueId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { noPassword } from '../auth/auth.service.js';
import type { DbOrTx, Tx } from '../db/database.js';
import { AppError } from '../errors.js';
import { newInvitationCode, newInvitationSecret, venueOf } from '../events/events.service.js';
import { countRegistration, RollupDeltas } from '../rollups/rollups.service.js';
import { insertUser, searchableName } from '../users/users.service.js';
import type { ScanAnswer } from './checkin.schema.js';
import { countLiveInvitations, findCountedCheckin, insertCheckin, lockQuota } from './checkin.queries.js';

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

/** Refuses when the group's quota at the venue is full (or it has none there); holds the quota's lock until the transaction ends. */
export async function refuseUnlessRoom(trx: Tx, group: { id: ParticipantGroupId; name: string }, venue: { id: VenueId; name: string }): Promise<void> {
  const quota = await lockQuota(trx, group.id, venue.id);
  if (quota === undefined || (await countLiveInvitations(trx, group.id, venue.id)) >= quota) {
    throw new AppError('checkin_quota_full', 409, { group: group.name, venue: venue.name, quota: quota ?? 0 });
  }
}

/** An account made at the door: no password (the person claims it with a code sent to the phone), counted as a registration. */
export async function newAccount(trx: Tx, person: { phone: PhoneNumber; fullName: string; birthYear: number; homeUnitId: UnitId }, now: number): Promise<UserId> {
  const userId = await insertUser(trx, { phone: person.phone, passwordHash: noPassword, ...searchableName(person.fullName), birthYear: person.birthYear, homeUnitId: person.homeUnitId, language: 'vi', now });
  const deltas = new RollupDeltas();
  countRegistration(deltas, person.homeUnitId, now);
  await deltas.write(trx);
  return userId;
}

/** An invitation made at the door (accepted), and its check-in. The invitations feature's createInvitation will take this over. */
export async function admit(
  trx: Tx,
  a: { eventId: EventId; venueId: VenueId; groupId: ParticipantGroupId; userId: UserId; source: 'walk_in' | 'door_signup'; nonce: string; deviceId: string },
  actor: DoorActor,
): Promise<InvitationId> {
  const invitation = await trx
    .insertInto('event_invitations')
    .values({
      event_id: a.eventId,
      venue_id: a.venueId,
      group_id: a.groupId,
      user_id: a.userId,
      unit_id: null,
      source: a.source,
      secret: newInvitationSecret(),
      code: newInvitationCode(),
      rsvp: 'accepted',
      rsvp_at: actor.now,
      invited_by: actor.userId,
      created_at: actor.now,
      cancelled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
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
