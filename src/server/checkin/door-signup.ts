/**
 * Help at the door (issue 14 item 7): a delegate who has no account yet is signed up at check-in with their own
 * consent — a one-time code texted to their phone and read back to the organiser or volunteer (10 minutes, 5 tries,
 * hashed, throttled per person at the door and per phone), the way assisted sign-up proves consent. The consent row
 * records purpose, channel (door_sms), who took it and when; the person gets an invitation (door_signup) within the
 * group's quota and is checked in, in one transaction.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { EventId } from '../../shared/ids.js';
import type { Language } from '../../shared/limits.js';
import { normalizeVietnameseMobile, type PhoneNumber } from '../../shared/phone.js';
import { privacyNoticeVersion } from '../../shared/privacy.js';
import { recordAudit } from '../audit/audit.service.js';
import { insertConsent } from '../auth/auth.service.js';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/dialect.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { findEvent, venueOf } from '../events/events.service.js';
import { enforceRateLimit, hashedRateLimitKey } from '../http/rate-limits.js';
import type { JobRunner } from '../jobs/jobs.service.js';
import { enqueueTextMessage, newOneTimeCode } from '../messages/text-messages.js';
import { birthYearProblem, findCredentialsByPhone, fullNameProblem, throwIfProblems } from '../users/users.service.js';
import type { DoorSignup, WalkInAnswer } from './checkin.schema.js';
import { countFailedDoorCode, findCheckinByNonce, findDoorCode, findGroupOfEvent, insertDoorCode, setDoorCodeHash, useDoorCode } from './checkin.queries.js';
import { admit, answerOf, type DoorActor, newAccount } from './door-admission.js';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const codeLifetimeMs = 10 * minuteMs;
const codeMaxFailures = 5;
const perHour = { codesPerPhone: 3, codesPerScanner: 60, guessesPerScanner: 60 } as const;

function throttle(db: Db, kind: string, value: string, max: number, now: number): Promise<void> {
  return enforceRateLimit(db, hashedRateLimitKey(kind, value), hourMs, max, now);
}

const hashCode = (id: number, code: string) => createHash('sha256').update(`door:${id}:${code}`).digest('hex');

function phoneOf(raw: string): PhoneNumber {
  const phone = normalizeVietnameseMobile(raw);
  if (!phone) throw badRequest('invalid_phone', {}, 'phone');
  return phone;
}

/** Texts a consent code to a delegate's phone that has no account yet (one that has is a walk-in instead). */
export async function sendDoorCode(deps: { db: Db; jobs: Pick<JobRunner, 'kick'> }, eventId: EventId, rawPhone: string, actor: DoorActor & { language: Language }) {
  const phone = phoneOf(rawPhone);
  if (await findCredentialsByPhone(deps.db, phone)) throw conflict('checkin_door_account_exists', {}, 'phone');
  await throttle(deps.db, 'door-code-scanner', String(actor.userId), perHour.codesPerScanner, actor.now);
  await throttle(deps.db, 'door-code-phone', phone, perHour.codesPerPhone, actor.now);
  const code = newOneTimeCode();
  const expiresAt = actor.now + codeLifetimeMs;
  const codeId = await deps.db.transaction().execute(async (trx) => {
    const id = await insertDoorCode(trx, { eventId, phone, sentBy: actor.userId, now: actor.now, expiresAt });
    await setDoorCodeHash(trx, id, hashCode(id, code));
    await enqueueTextMessage(trx, { to: phone, userId: null, language: actor.language, key: 'sms.door_consent_code', params: { code, minutes: codeLifetimeMs / minuteMs }, now: actor.now });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'checkin.door_code_sent', details: { eventId, codeId: id }, ip: actor.ip });
    return id;
  });
  deps.jobs.kick();
  return { codeId, expiresAt: new Date(expiresAt).toISOString() };
}

async function checkCode(db: Db, eventId: EventId, phone: PhoneNumber, codeId: number, code: string, actor: DoorActor): Promise<void> {
  await throttle(db, 'door-guess-scanner', String(actor.userId), perHour.guessesPerScanner, actor.now);
  const row = await findDoorCode(db, codeId);
  if (!row || row.event_id !== eventId || row.phone !== phone || row.used_at !== null) throw badRequest('assisted_code_invalid', {}, 'code');
  if (row.expires_at <= actor.now) throw badRequest('assisted_code_expired', {}, 'code');
  if (row.failed_attempts >= codeMaxFailures) throw badRequest('assisted_code_attempts', {}, 'code');
  if (!timingSafeEqual(Buffer.from(row.code_hash, 'hex'), Buffer.from(hashCode(row.id, code.trim()), 'hex'))) {
    await countFailedDoorCode(db, row.id);
    throw badRequest(row.failed_attempts + 1 >= codeMaxFailures ? 'assisted_code_attempts' : 'assisted_code_invalid', {}, 'code');
  }
}

/** Signs the delegate up with the consent their code proves, invites them (door_signup) within the quota, checks them in. */
export async function signUpAtDoor(db: Db, eventId: EventId, body: DoorSignup, actor: DoorActor): Promise<WalkInAnswer> {
  const replay = await findCheckinByNonce(db, body.nonce);
  if (replay) return { scan: await answerOf(db, body.nonce, eventId, replay.result, replay.invitation_id), createdAccount: false };
  const venue = await venueOf(db, eventId, body.venueId);
  const event = await findEvent(db, eventId);
  if (!event) throw notFound('event_not_found');
  const group = await findGroupOfEvent(db, eventId, body.groupId);
  if (!group) throw notFound('event_group_not_found');
  const phone = normalizeVietnameseMobile(body.phone);
  throwIfProblems({ phone: phone ? null : { key: 'error.invalid_phone' }, fullName: fullNameProblem(body.fullName), birthYear: birthYearProblem(body.birthYear, actor.now) });
  await checkCode(db, eventId, phone!, body.codeId, body.code, actor);
  try {
    await db.transaction().execute(async (trx) => {
      if (!(await useDoorCode(trx, body.codeId, actor.now))) throw badRequest('assisted_code_invalid', {}, 'code');
      const userId = await newAccount(trx, { phone: phone!, fullName: body.fullName, birthYear: body.birthYear, homeUnitId: venue.unit_id ?? event.unit_id }, actor.now);
      const evidence = { eventId, venueId: venue.id, codeId: body.codeId, takenBy: actor.userId, deviceId: body.deviceId };
      const consentId = await insertConsent(trx, { userId, purpose: 'account', noticeVersion: privacyNoticeVersion, channel: 'door_sms', evidence: JSON.stringify(evidence), now: actor.now, givenBy: actor.userId });
      const invitationId = await admit(trx, { eventId, venueId: venue.id, groupId: group.id, userId, source: 'door_signup', nonce: body.nonce, deviceId: body.deviceId }, actor);
      await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'checkin.door_signup', subjectUserId: userId, unitId: event.unit_id, details: { eventId, invitationId, consentId, codeId: body.codeId }, ip: actor.ip });
    });
  } catch (error) {
    const first = await findCheckinByNonce(db, body.nonce);
    if (first) return { scan: await answerOf(db, body.nonce, eventId, first.result, first.invitation_id), createdAccount: false };
    // The phone signed up meanwhile (another door): it is a walk-in now.
    if (isUniqueViolation(error)) throw conflict('checkin_door_account_exists', {}, 'phone');
    throw error;
  }
  const first = await findCheckinByNonce(db, body.nonce);
  return { scan: await answerOf(db, body.nonce, eventId, 'checked_in', first!.invitation_id), createdAccount: true };
}
