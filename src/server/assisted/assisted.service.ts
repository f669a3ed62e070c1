/**
 * Assisted sign-up: a helper of a commune's community digital technology team signs a citizen up on the helper's
 * own phone. The consent is the citizen's, proven by evidence: a one-time code texted to the citizen's phone and
 * read back (assisted_sms), or a photo of the paper form they signed (assisted_paper). A phone that already has an
 * account is linked, never made twice. Each sign-up carries an id the helper's phone chose, so that a retry (the
 * offline outbox, a lost answer) returns the first answer and creates nothing.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import sharp from 'sharp';
import type { AssistedSignupId, TeamId, UserId } from '../../shared/ids.js';
import { residentialKinds } from '../../shared/units.js';
import { normalizeVietnameseMobile, type PhoneNumber } from '../../shared/phone.js';
import { recordAudit } from '../audit/audit.service.js';
import { type AssistedChannel, createCitizenAccount, noPassword, recordAssistedConsent } from '../auth/auth.service.js';
import type { Clock } from '../clock.js';
import type { Db, DbOrTx } from '../db/database.js';
import { isUniqueViolation } from '../db/dialect.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../errors.js';
import { grantsReach } from '../grants/grants.service.js';
import { enforceRateLimit, hashedRateLimitKey } from '../http/rate-limits.js';
import type { RequestOrigin } from '../http/request-origin.js';
import type { ViewerGrant } from '../http/request-context.js';
import type { JobRunner } from '../jobs/jobs.service.js';
import { sniff } from '../media/media.service.js';
import { enqueueTextMessage, newOneTimeCode } from '../messages/text-messages.js';
import { helperTeamAt, type TeamRow } from '../teams/teams.service.js';
import { findUnitByCode, type UnitRow } from '../units/units.service.js';
import { listHamlets } from '../units/hamlets.service.js';
import { birthYearProblem, findCredentialsByPhone, findProfile, fullNameProblem, throwIfProblems } from '../users/users.service.js';
import { paperPhotoMaxBytes, type SignupAnswer, type SignupInput } from './assisted.schema.js';
import {
  countFailedCodeAttempt,
  countSignupsByHelper,
  findConsentPhoto,
  findSignupByClient,
  findSignupById,
  findSignupsInSubtree,
  findSmsCode,
  insertConsentPhoto,
  insertSignup,
  insertSmsCode,
  useSmsCode,
} from './assisted.queries.js';

export { assistedConsentPhotosPersonalData, assistedSignupsPersonalData, assistedSmsCodesPersonalData, deleteExpiredSmsCodes } from './assisted.queries.js';

export interface AssistedDeps {
  db: Db;
  clock: Clock;
  jobs: Pick<JobRunner, 'kick'>;
}

/** The helper acting, as the policy let them through. */
export interface Helper {
  userId: UserId;
  origin: RequestOrigin;
}

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const codeLifetimeMs = 10 * minuteMs;
const codeMaxFailures = 5;
// A commune's helper signs up a few dozen people on a busy day; more than this in an hour is a script, not a person.
const limitsPerHour = { codesPerPhone: 3, codesPerHelper: 40, checksPerHelper: 120, signupsPerHelper: 60, guessesPerHelper: 30 } as const;
const maxPhotoPixels = 40_000_000;
const photoLongSide = 1600;

function throttle(db: Db, kind: string, value: string, max: number, now: number): Promise<void> {
  return enforceRateLimit(db, hashedRateLimitKey(kind, value), hourMs, max, now);
}

function parsePhone(raw: string): PhoneNumber {
  const phone = normalizeVietnameseMobile(raw);
  if (!phone) throw badRequest('invalid_phone', {}, 'phone');
  return phone;
}

/** Helpers act in a commune, ward or special zone (naming a hamlet in the sign-up); a hamlet or an organisation in the address is refused. */
function refuseUnlessCommune(unit: UnitRow): void {
  if (!(residentialKinds as readonly string[]).includes(unit.kind)) throw badRequest('unit_not_residential');
}

/** The helper's team acting at this place; a helper in no team covering it may not act there. */
async function teamAt(db: DbOrTx, helperId: UserId, place: { path: string }): Promise<TeamRow> {
  const team = await helperTeamAt(db, helperId, place);
  if (!team) throw new AppError('assisted_no_team', 403);
  return team;
}

/** The commune (ward, special zone) the helper acts in: the hamlet list and their team, for the sign-up screen. */
export async function signupForm(db: Db, unit: UnitRow, helperId: UserId) {
  refuseUnlessCommune(unit);
  const team = await teamAt(db, helperId, unit);
  const hamlets = (await listHamlets(db, unit.code)).hamlets.map((h) => ({ code: h.code, name: h.name }));
  return { unit: { code: unit.code, name: unit.name, fullName: unit.full_name }, team: { id: team.id, name: team.name }, hamlets };
}

/**
 * Whether the phone has an account. It says that one exists (the sign-up will link it), and the name only when the
 * person lives in the helper's commune, where a helper may know the residents; a look that finds someone is audited.
 */
export async function checkPhone(deps: AssistedDeps, unit: UnitRow, helper: Helper, rawPhone: string) {
  const now = deps.clock.now();
  refuseUnlessCommune(unit);
  const phone = parsePhone(rawPhone);
  await teamAt(deps.db, helper.userId, unit);
  await throttle(deps.db, 'assisted-check-helper', String(helper.userId), limitsPerHour.checksPerHelper, now);
  const account = await findCredentialsByPhone(deps.db, phone);
  if (!account) return { phone, exists: false, fullName: null };
  const profile = await findProfile(deps.db, account.id);
  const local = profile !== undefined && profile.unit_path.startsWith(unit.path);
  await recordAudit(deps.db, { at: now, actorUserId: helper.userId, action: 'assisted.phone_check', subjectUserId: account.id, unitId: unit.id, details: { nameShown: local }, ip: helper.origin.ip });
  return { phone, exists: true, fullName: local ? profile.full_name : null };
}

function hashCode(codeId: number, code: string): string {
  return createHash('sha256').update(`assisted:${codeId}:${code}`).digest('hex');
}

/** Texts a one-time code to the citizen's phone (through the job queue, after the answer); throttled per phone and per helper. */
export async function sendConsentCode(deps: AssistedDeps, unit: UnitRow, helper: Helper, rawPhone: string): Promise<{ codeId: number; expiresAt: string }> {
  const now = deps.clock.now();
  refuseUnlessCommune(unit);
  const phone = parsePhone(rawPhone);
  await teamAt(deps.db, helper.userId, unit);
  await throttle(deps.db, 'assisted-code-helper', String(helper.userId), limitsPerHour.codesPerHelper, now);
  await throttle(deps.db, 'assisted-code-phone', phone, limitsPerHour.codesPerPhone, now);
  const code = newOneTimeCode();
  const expiresAt = now + codeLifetimeMs;
  const codeId = await deps.db.transaction().execute(async (trx) => {
    // The hash binds the code to its row; the row is made first with a placeholder to learn its id.
    const id = await insertSmsCode(trx, { helperId: helper.userId, phone, codeHash: '', now, expiresAt });
    await trx.updateTable('assisted_sms_codes').set({ code_hash: hashCode(id, code) }).where('id', '=', id).execute();
    await enqueueTextMessage(trx, { to: phone, userId: null, language: helper.origin.language, key: 'sms.assisted_consent_code', params: { code, minutes: codeLifetimeMs / minuteMs }, now });
    await recordAudit(trx, { at: now, actorUserId: helper.userId, action: 'assisted.code_sent', unitId: unit.id, details: { codeId: id }, ip: helper.origin.ip });
    return id;
  });
  deps.jobs.kick();
  return { codeId, expiresAt: new Date(expiresAt).toISOString() };
}

/** Checks the code the citizen read out; a wrong one counts against the code, and five burn it. */
async function checkCode(deps: AssistedDeps, helperId: UserId, phone: PhoneNumber, codeId: number, code: string, now: number): Promise<number> {
  await throttle(deps.db, 'assisted-guess-helper', String(helperId), limitsPerHour.guessesPerHelper, now);
  const row = await findSmsCode(deps.db, codeId);
  if (!row || row.helper_id !== helperId || row.phone !== phone || row.used_at !== null) throw badRequest('assisted_code_invalid', {}, 'code');
  if (row.expires_at <= now) throw badRequest('assisted_code_expired', {}, 'code');
  if (row.failed_attempts >= codeMaxFailures) throw badRequest('assisted_code_attempts', {}, 'code');
  const given = Buffer.from(hashCode(row.id, code.trim()), 'hex');
  if (!timingSafeEqual(Buffer.from(row.code_hash, 'hex'), given)) {
    await countFailedCodeAttempt(deps.db, row.id);
    throw badRequest(row.failed_attempts + 1 >= codeMaxFailures ? 'assisted_code_attempts' : 'assisted_code_invalid', {}, 'code');
  }
  return row.id;
}

/** The photo as it will be kept: JPEG or PNG only (from the bytes), re-encoded as JPEG, so no metadata survives. */
async function reencodePhoto(base64: string): Promise<{ bytes: Buffer; width: number; height: number }> {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length > paperPhotoMaxBytes) throw new AppError('assisted_photo_too_large', 413, { max: paperPhotoMaxBytes / 1024 / 1024 });
  const sniffed = sniff(raw.subarray(0, 64));
  if (!sniffed || (sniffed.mime !== 'image/jpeg' && sniffed.mime !== 'image/png')) throw new AppError('assisted_photo_type', 415);
  try {
    const { data, info } = await sharp(raw, { limitInputPixels: maxPhotoPixels, failOn: 'error' })
      .rotate()
      .resize({ width: photoLongSide, height: photoLongSide, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  } catch {
    throw new AppError('assisted_photo_type', 415);
  }
}

type Evidence = { channel: 'assisted_sms'; codeId: number } | { channel: 'assisted_paper'; photo: { bytes: Buffer; width: number; height: number } };

/** The consent evidence the body carries, checked; none at all is a 400. */
async function evidenceOf(deps: AssistedDeps, helperId: UserId, phone: PhoneNumber, consent: SignupInput['consent'], now: number): Promise<Evidence> {
  if (consent.channel === 'assisted_sms') {
    if (consent.codeId === undefined || !consent.code) throw badRequest('assisted_consent_evidence_required', {}, 'code');
    return { channel: 'assisted_sms', codeId: await checkCode(deps, helperId, phone, consent.codeId, consent.code, now) };
  }
  if (!consent.photo) throw badRequest('assisted_consent_evidence_required', {}, 'photo');
  return { channel: 'assisted_paper', photo: await reencodePhoto(consent.photo) };
}

async function hamletOf(db: DbOrTx, unit: UnitRow, code: string | undefined): Promise<UnitRow | null> {
  if (code === undefined) return null;
  const hamlet = await findUnitByCode(db, code.trim());
  if (!hamlet || hamlet.kind !== 'hamlet' || hamlet.parent_id !== unit.id || hamlet.valid_until !== null) throw badRequest('assisted_hamlet_unknown', {}, 'hamletCode');
  return hamlet;
}

const cardPage = (personId: UserId) => `/helper/cards?person=${personId}`;

function answerOf(row: NonNullable<Awaited<ReturnType<typeof findSignupByClient>>>): SignupAnswer {
  return { personId: row.user_id, fullName: row.full_name, linkedExisting: row.linked_existing === 1, channel: row.channel, signupId: row.id, cardPage: cardPage(row.user_id) };
}

/** The first answer to this (helper, client id), if there was one; the same id with another person or channel is a 409. */
async function replayOf(db: DbOrTx, helperId: UserId, input: SignupInput, phone: PhoneNumber | null): Promise<SignupAnswer | null> {
  const first = await findSignupByClient(db, helperId, input.clientId);
  if (!first) return null;
  if (first.phone !== phone || first.channel !== input.consent.channel) throw conflict('assisted_client_id_reused', {}, 'clientId');
  return answerOf(first);
}

/**
 * Signs a citizen up (or links the account their phone already has) with the evidence of their own consent, in one
 * transaction: the account (createCitizenAccount, no password, made by this team) or the linked account's consent,
 * the photo if any, the sign-up record and the audit entry. A retry with the same client id answers the first result.
 */
export async function signUpCitizen(deps: AssistedDeps, unit: UnitRow, helper: Helper, input: SignupInput): Promise<SignupAnswer> {
  const phone = normalizeVietnameseMobile(input.phone);
  const replay = await replayOf(deps.db, helper.userId, input, phone);
  if (replay) return replay;
  try {
    return await signUpOnce(deps, unit, helper, input);
  } catch (error) {
    // A double submit that lost the race (same client id, or the code it carried already used by the winner) gets the winner's answer.
    const first = await replayOf(deps.db, helper.userId, input, phone);
    if (first) return first;
    if (isUniqueViolation(error)) throw conflict('assisted_signup_conflict');
    throw error;
  }
}

async function signUpOnce(deps: AssistedDeps, unit: UnitRow, helper: Helper, input: SignupInput): Promise<SignupAnswer> {
  const now = deps.clock.now();
  refuseUnlessCommune(unit);
  const hamlet = await hamletOf(deps.db, unit, input.hamletCode);
  const team = await teamAt(deps.db, helper.userId, hamlet ?? unit);
  await throttle(deps.db, 'assisted-signup-helper', String(helper.userId), limitsPerHour.signupsPerHelper, now);
  const phone = normalizeVietnameseMobile(input.phone);
  throwIfProblems({
    phone: phone ? null : { key: 'error.invalid_phone' },
    fullName: fullNameProblem(input.fullName),
    birthYear: birthYearProblem(input.birthYear, now),
  });
  const evidence = await evidenceOf(deps, helper.userId, phone!, input.consent, now);
  const existing = await findCredentialsByPhone(deps.db, phone!);
  if (existing && existing.disabled_at !== null) throw new AppError('account_disabled', 403);

  const answer = await deps.db.transaction().execute(async (trx) => {
    if (evidence.channel === 'assisted_sms' && !(await useSmsCode(trx, evidence.codeId, now))) throw badRequest('assisted_code_invalid', {}, 'code');
    const channel: AssistedChannel = evidence.channel;
    // The photo is named in the evidence by a random reference: its row, which points at the person, comes after the account.
    const photoRef = evidence.channel === 'assisted_paper' ? randomUUID() : null;
    const proof: Record<string, string | number> = evidence.channel === 'assisted_sms' ? { codeId: evidence.codeId } : { photo: photoRef! };
    const assisted = { helperId: helper.userId, teamId: team.id, evidence: { ...proof, deviceId: input.deviceId } };
    const { userId, consentId } = existing
      ? { userId: existing.id, consentId: await recordAssistedConsent(trx, existing.id, channel, assisted, helper.origin, now) }
      : await createCitizenAccount(
          trx,
          { phone: phone!, passwordHash: noPassword, fullName: input.fullName, birthYear: input.birthYear, homeUnitId: hamlet?.id ?? unit.id, channel, assisted },
          helper.origin,
          now,
        );
    if (evidence.channel === 'assisted_paper') {
      await insertConsentPhoto(trx, { ref: photoRef!, userId, helperId: helper.userId, mime: 'image/jpeg', ...evidence.photo, now });
    }
    const signupId = await insertSignup(trx, {
      userId,
      helperId: helper.userId,
      teamId: team.id,
      unitId: unit.id,
      hamletId: hamlet?.id ?? null,
      clientId: input.clientId,
      channel,
      consentId,
      photoRef,
      linkedExisting: existing !== undefined,
      deviceId: input.deviceId,
      ip: helper.origin.ip,
      now,
    });
    await recordAudit(trx, {
      at: now,
      actorUserId: helper.userId,
      action: 'assisted.signup',
      subjectUserId: userId,
      unitId: unit.id,
      details: { signupId, teamId: team.id, channel, linkedExisting: existing !== undefined },
      ip: helper.origin.ip,
    });
    const row = await findSignupById(trx, signupId);
    return answerOf(row!);
  });
  // The new account's learner.registered event waits in the job queue.
  deps.jobs.kick();
  return answer;
}

/**
 * The photo of a paper consent form: only the person it is about, and managers whose grant reaches the commune
 * where it was taken, may see it (helpers may not, not even the one who took it); every view is audited.
 */
export async function viewConsentPhoto(db: Db, id: AssistedSignupId, viewer: { userId: UserId; grants: readonly ViewerGrant[]; ip: string; now: number }) {
  const signup = await findSignupById(db, id);
  if (!signup) throw notFound('assisted_signup_not_found');
  const own = signup.user_id === viewer.userId;
  if (!own && !grantsReach(viewer.grants, 'manager', signup.unit_path)) throw forbidden();
  const photo = signup.photo_ref === null ? undefined : await findConsentPhoto(db, signup.photo_ref);
  if (!photo || photo.user_id !== signup.user_id) throw notFound('assisted_photo_not_found');
  await recordAudit(db, { at: viewer.now, actorUserId: viewer.userId, action: 'assisted.photo_view', subjectUserId: signup.user_id, unitId: signup.unit_id, details: { signupId: id }, ip: viewer.ip });
  return { mime: photo.mime, bytes: photo.bytes };
}

/** Sign-ups per helper of these teams in [from, to): how many, and how many of them linked an existing account (the credit page). */
export async function signupsByHelper(db: DbOrTx, teamIds: readonly TeamId[], from: number, to: number): Promise<{ helperId: UserId; teamId: TeamId; signups: number; linked: number }[]> {
  if (teamIds.length === 0) return [];
  const rows = await countSignupsByHelper(db, teamIds, from, to);
  return rows.map((r) => ({ helperId: r.helper_id, teamId: r.team_id, signups: Number(r.signups), linked: Number(r.linked ?? 0) }));
}

export interface SignupListing {
  id: AssistedSignupId;
  personId: UserId;
  fullName: string;
  phone: PhoneNumber;
  birthYear: number;
  helperId: UserId;
  helperName: string;
  teamId: TeamId;
  unitCode: string;
  hamletCode: string | null;
  hamletName: string | null;
  channel: AssistedChannel;
  linkedExisting: boolean;
  hasPhoto: boolean;
  deviceId: string;
  ip: string;
  createdAt: number;
  flaggedAt: number | null;
  flagReason: string | null;
}

/**
 * Every assisted sign-up made in a unit's subtree in [from, to), oldest first, with what the review compares
 * (names, birth years, phones, devices, addresses, times). The caller has checked that the viewer reaches the unit.
 */
export async function listSignups(db: DbOrTx, filter: { unitPath: string; from: number; to: number }): Promise<SignupListing[]> {
  const rows = await findSignupsInSubtree(db, filter);
  return rows.map((r) => ({
    id: r.id,
    personId: r.user_id,
    fullName: r.full_name,
    phone: r.phone,
    birthYear: r.birth_year,
    helperId: r.helper_id,
    helperName: r.helper_name,
    teamId: r.team_id,
    unitCode: r.unit_code,
    hamletCode: r.hamlet_code,
    hamletName: r.hamlet_name,
    channel: r.channel,
    linkedExisting: r.linked_existing === 1,
    hasPhoto: r.photo_ref !== null,
    deviceId: r.device_id,
    ip: r.ip,
    createdAt: r.created_at,
    flaggedAt: r.flagged_at,
    flagReason: r.flag_reason,
  }));
}
