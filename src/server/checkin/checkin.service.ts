/**
 * Check-in at the doors of an event, after pretix: a door phone keeps the event's list offline (hashes of the QR
 * secrets, never the secrets), judges scans itself, and sends them in batches, each scan named by a nonce it chose.
 * The server's judgement is the one that counts: a person is counted once per event (a unique index, whatever the
 * races between doors); a second scan at the same door is "already", at another door a conflict that is kept and
 * reported; forged, other-event and cancelled invitations are refused and audited. A resent nonce answers the first
 * judgement and writes nothing.
 */
import type { CheckinMethod, CheckinResult } from '../../shared/checkin.js';
import { invitationSecretFromScan } from '../../shared/events.js';
import type { EventId, VenueId } from '../../shared/ids.js';
import { normalizeVietnameseMobile } from '../../shared/phone.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { isUniqueViolation } from '../db/dialect.js';
import { AppError, badRequest, conflict, notFound, tooManyRequests } from '../errors.js';
import { findEvent, hashInvitationSecret, venueOf, venuesOf } from '../events/events.service.js';
import { consumeRateLimit } from '../http/rate-limits.js';
import { birthYearProblem, findCredentialsByPhone, fullNameProblem, throwIfProblems } from '../users/users.service.js';
import { admit, answerOf, type DoorActor, newAccount } from './door-admission.js';
import type { CheckinAnswers, CheckinBatch, CheckinList, PhoneMatches, ScanAnswer, WalkIn, WalkInAnswer } from './checkin.schema.js';
import {
  findCheckinByNonce,
  findCheckinList,
  findCountedCheckin,
  findGroupOfEvent,
  findInvitationByCode,
  findInvitationById,
  findInvitationBySecret,
  findInvitationOfPerson,
  findInvitationsOfPhone,
  insertCheckin,
} from './checkin.queries.js';

export { attendanceOf } from './attendance.js';
export { checkinsPersonalData, doorCodesPersonalData } from './checkin.queries.js';
export type { DoorActor } from './door-admission.js';

const hourMs = 3_600_000;
// A door sees a few hundred people an hour; more phone look-ups than this is someone fishing for numbers.
const phoneLookupsPerHour = 300;

const iso = (ms: number) => new Date(ms).toISOString();

/** The event's live invitations for a door phone to keep: hashes, codes, names, groups, venues, who is in already. */
export async function checkinList(db: Db, eventId: EventId, venueId: VenueId, actor: DoorActor): Promise<CheckinList> {
  await venueOf(db, eventId, venueId);
  const venues = (await venuesOf(db, eventId)).map((v) => ({ id: v.id, name: v.name }));
  const rows = await findCheckinList(db, eventId);
  const event = await findEvent(db, eventId);
  // Handing a door phone a list of names is a look at personal data.
  await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: 'checkin.list', unitId: event?.unit_id ?? null, details: { eventId, venueId, entries: rows.length }, ip: actor.ip });
  return {
    eventId,
    venueId,
    version: iso(actor.now),
    venues,
    entries: rows.map((r) => ({
      invitationId: r.id,
      secretHash: hashInvitationSecret(r.secret),
      code: r.code,
      fullName: r.full_name,
      group: r.group_name,
      venueId: r.venue_id,
      rsvp: r.rsvp,
      checkedIn: r.checked_in_venue_id === null || r.checked_in_at === null ? null : { venueId: r.checked_in_venue_id, at: iso(Number(r.checked_in_at)) },
    })),
  };
}

type Scan = CheckinBatch['scans'][number];
type Invitation = NonNullable<Awaited<ReturnType<typeof findInvitationById>>>;

function methodOf(scan: Scan): CheckinMethod {
  const given = [scan.secret, scan.code, scan.invitationId].filter((v) => v !== undefined).length;
  if (given !== 1) throw badRequest('checkin_scan_target', {}, 'scans');
  return scan.secret !== undefined ? 'qr' : scan.code !== undefined ? 'code' : 'phone';
}

/** The invitation a scan names, wherever it belongs; undefined if none (forged, mistyped). */
async function invitationOf(db: DbOrTx, eventId: EventId, scan: Scan): Promise<Invitation | undefined> {
  if (scan.secret !== undefined) {
    const secret = scan.secret.includes('#') ? invitationSecretFromScan(scan.secret) : scan.secret.trim();
    return secret ? findInvitationBySecret(db, secret) : undefined;
  }
  if (scan.code !== undefined) return findInvitationByCode(db, eventId, scan.code.replace(/\s+/g, '').toUpperCase());
  return findInvitationById(db, scan.invitationId!);
}

async function judge(db: DbOrTx, eventId: EventId, venueId: VenueId, invitation: Invitation | undefined): Promise<{ result: CheckinResult; venueId: VenueId | null }> {
  if (!invitation) return { result: 'unknown', venueId: null };
  if (invitation.event_id !== eventId) return { result: 'other_event', venueId: null };
  if (invitation.cancelled_at !== null) return { result: 'cancelled', venueId: null };
  const counted = await findCountedCheckin(db, invitation.id);
  if (counted) return counted.venue_id === venueId ? { result: 'already', venueId: null } : { result: 'conflict', venueId: counted.venue_id };
  if (invitation.venue_id !== venueId) return { result: 'wrong_venue', venueId: invitation.venue_id };
  return { result: 'checked_in', venueId: null };
}

const refused: readonly CheckinResult[] = ['unknown', 'other_event', 'cancelled'];

/** One scan: its first judgement if the nonce was seen, else judged and kept (retried if another door won a race). */
async function recordScan(db: Db, eventId: EventId, deviceId: string, scan: Scan, actor: DoorActor): Promise<ScanAnswer> {
  const method = methodOf(scan);
  const scannedAt = Date.parse(scan.scannedAt);
  for (let attempt = 0; attempt < 3; attempt++) {
    const first = await findCheckinByNonce(db, scan.nonce);
    const invitation = await invitationOf(db, eventId, scan);
    if (first) {
      // The same nonce for another scan is a broken phone, not a replay: said, not counted.
      if (first.event_id !== eventId || first.venue_id !== scan.venueId || first.invitation_id !== (invitation?.id ?? null)) {
        return { nonce: scan.nonce, result: 'nonce_reused', invitationId: null, fullName: null, group: null, venue: null };
      }
      return answerOf(db, scan.nonce, eventId, first.result, first.invitation_id);
    }
    const { result } = await judge(db, eventId, scan.venueId, invitation);
    try {
      await insertCheckin(db, {
        event_id: eventId,
        venue_id: scan.venueId,
        invitation_id: invitation?.id ?? null,
        nonce: scan.nonce,
        device_id: deviceId,
        method,
        scanned_by: actor.userId,
        scanned_at: Number.isFinite(scannedAt) ? scannedAt : actor.now,
        received_at: actor.now,
        result,
      });
    } catch (error) {
      // Either this nonce arrived twice at once, or the person was counted at another door meanwhile: look again.
      if (isUniqueViolation(error)) continue;
      throw error;
    }
    if (refused.includes(result)) {
      await recordAudit(db, {
        at: actor.now,
        actorUserId: actor.userId,
        action: `checkin.refused_${result}`,
        details: { eventId, venueId: scan.venueId, invitationId: invitation?.id ?? null, method, deviceId },
        ip: actor.ip,
      });
    }
    return answerOf(db, scan.nonce, eventId, result, invitation?.id ?? null);
  }
  throw conflict('checkin_busy');
}

/** A batch of scans from one door phone (its outbox), answered scan by scan in order. */
export async function recordScans(db: Db, eventId: EventId, batch: CheckinBatch, actor: DoorActor): Promise<CheckinAnswers> {
  for (const scan of batch.scans) {
    methodOf(scan);
    await venueOf(db, eventId, scan.venueId);
  }
  const results: ScanAnswer[] = [];
  for (const scan of batch.scans) results.push(await recordScan(db, eventId, batch.deviceId, scan, actor));
  return { results };
}

/** The invitations of this event held by a phone number (any writing), for a person without their QR. Audited, throttled. */
export async function findByPhone(db: Db, eventId: EventId, rawPhone: string, actor: DoorActor): Promise<PhoneMatches> {
  const phone = normalizeVietnameseMobile(rawPhone);
  if (!phone) throw badRequest('invalid_phone', {}, 'phone');
  const state = await consumeRateLimit(db, `checkin-phone:${actor.userId}`, hourMs, actor.now);
  if (state.hits > phoneLookupsPerHour) throw tooManyRequests(state.retryAfterSeconds);
  const rows = await findInvitationsOfPhone(db, eventId, phone);
  if (rows.length > 0) {
    await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: 'checkin.phone_lookup', details: { eventId, found: rows.length }, ip: actor.ip });
  }
  return {
    matches: rows.map((r) => ({ invitationId: r.id, fullName: r.full_name, group: r.group_name, venue: { id: r.venue_id, name: r.venue_name }, cancelled: r.cancelled_at !== null })),
  };
}

/**
 * A person who came without an invitation, registered at the door: their account found by phone or made (no password:
 * they claim it with a code sent to the phone, as after the members import), an invitation of the group at this venue
 * if its quota has room (walk_in), and checked in. Someone already invited is simply checked in on their invitation.
 * The invitations feature's createInvitation will take over the invitation part.
 */
export async function registerWalkIn(db: Db, eventId: EventId, body: WalkIn, actor: DoorActor): Promise<WalkInAnswer> {
  const venue = await venueOf(db, eventId, body.venueId);
  const event = await findEvent(db, eventId);
  if (!event) throw notFound('event_not_found');
  const group = await findGroupOfEvent(db, eventId, body.groupId);
  if (!group) throw notFound('event_group_not_found');
  const phone = normalizeVietnameseMobile(body.phone);
  throwIfProblems({ phone: phone ? null : { key: 'error.invalid_phone' }, fullName: fullNameProblem(body.fullName), birthYear: birthYearProblem(body.birthYear, actor.now) });
  const replay = await findCheckinByNonce(db, body.nonce);
  if (replay) return { scan: await answerOf(db, body.nonce, eventId, replay.result, replay.invitation_id), createdAccount: false };
  const existing = await findCredentialsByPhone(db, phone!);
  if (existing && existing.disabled_at !== null) throw new AppError('account_disabled', 403);
  const invited = existing ? await findInvitationOfPerson(db, eventId, existing.id) : undefined;
  if (invited) {
    const scan = await recordScan(db, eventId, body.deviceId, { nonce: body.nonce, venueId: body.venueId, invitationId: invited.id, scannedAt: iso(actor.now) }, actor);
    return { scan, createdAccount: false };
  }
  let createdAccount = false;
  try {
    await db.transaction().execute(async (trx) => {
      let userId = existing?.id;
      if (userId === undefined) {
        userId = await newAccount(trx, { phone: phone!, fullName: body.fullName, birthYear: body.birthYear, homeUnitId: venue.unit_id ?? event.unit_id }, actor.now);
        createdAccount = true;
      }
      const invitationId = await admit(trx, { eventId, venueId: venue.id, groupId: group.id, userId, source: 'walk_in', nonce: body.nonce, deviceId: body.deviceId }, actor);
      await recordAudit(trx, {
        at: actor.now,
        actorUserId: actor.userId,
        action: 'checkin.walk_in',
        subjectUserId: userId,
        unitId: event.unit_id,
        details: { eventId, venueId: venue.id, groupId: group.id, invitationId, createdAccount },
        ip: actor.ip,
      });
    });
  } catch (error) {
    // The same walk-in sent twice at once: the second answers the first.
    const first = isUniqueViolation(error) ? await findCheckinByNonce(db, body.nonce) : undefined;
    if (first) return { scan: await answerOf(db, body.nonce, eventId, first.result, first.invitation_id), createdAccount: false };
    if (isUniqueViolation(error)) throw conflict('checkin_busy');
    throw error;
  }
  const first = await findCheckinByNonce(db, body.nonce);
  return { scan: await answerOf(db, body.nonce, eventId, 'checked_in', first!.invitation_id), createdAccount };
}

