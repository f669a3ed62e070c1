/**
 * Signing up, signing in and getting back in after a forgotten password.
 * Every way to guess a secret is throttled per phone and per address, and
 * answers do not reveal whether a phone number has an account, except where
 * sign-up must say the number is taken.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TeamId, UnitId, UserId } from '../../shared/ids.js';
import type { Language } from '../../shared/limits.js';
import { normalizeVietnameseMobile, type PhoneNumber } from '../../shared/phone.js';
import { privacyNoticeVersion } from '../../shared/privacy.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db, Tx } from '../db/database.js';
import { isUniqueViolation } from '../db/dialect.js';
import { AppError, badRequest, conflict, notFound, tooManyRequests } from '../errors.js';
import { findGrantsOfUser } from '../grants/grants.service.js';
import { clearRateLimit, consumeRateLimit, enforceRateLimit, hashedRateLimitKey, peekRateLimit } from '../http/rate-limits.js';
import { createSession, revokeAllSessionsOf, revokeSessionByToken, type SessionLifetime } from '../http/sessions.js';
import type { RequestOrigin } from '../http/request-origin.js';
import type { JobRunner } from '../jobs/jobs.service.js';
import { publishEvent } from '../integrations/integrations.service.js';
import { enqueueTextMessage, newOneTimeCode } from '../messages/text-messages.js';
import { recordFirstSignIn, recordRegistration } from '../rollups/rollups.service.js';
import {
  birthYearProblem,
  findCredentialsById,
  findCredentialsByPhone,
  findProfile,
  fullNameProblem,
  insertUser,
  phoneIsRegistered,
  residentialUnitProblem,
  searchableName,
  throwIfProblems,
  updatePasswordHash,
} from '../users/users.service.js';
import { insertConsent, countFailedResetAttempt, findOpenPasswordReset, markPasswordResetUsed, replacePasswordReset } from './auth.queries.js';
import { hashPassword, noPassword, type PasswordOwner, passwordProblem, verifyAgainstDecoy, verifyPassword } from './passwords.js';

// What other features (me, members) and the demo seed need of passwords and consent: auth's internals stay its own.
export { assertAcceptablePassword, hashPassword, limitPasswordHashing, noPassword, type PasswordOwner } from './passwords.js';
export { consentsPersonalData, findConsentsOf, insertConsent, passwordResetsPersonalData, peopleWithConsent, withdrawConsents } from './auth.queries.js';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  config: Config;
  jobs: Pick<JobRunner, 'kick'>;
}

export interface SignedIn {
  userId: UserId;
  token: string;
  /** The session's id in the sessions table (a hash of the token). */
  sessionId: string;
  lifetime: SessionLifetime;
}

const resetCodeLifetimeMs = 10 * 60_000;
const resetCodeMaxFailures = 5;
const hourMs = 60 * 60_000;

const throttleKey = hashedRateLimitKey;
const throttle = enforceRateLimit;

function parsePhone(raw: string, field = 'phone'): PhoneNumber {
  const phone = normalizeVietnameseMobile(raw);
  if (!phone) throw badRequest('invalid_phone', {}, field);
  return phone;
}

async function sessionLifetimeFor(deps: Pick<AuthDeps, 'db' | 'config'>, userId: UserId): Promise<SessionLifetime> {
  const grants = await findGrantsOfUser(deps.db, userId);
  const staff = grants.some((g) => g.role !== 'learner');
  return staff
    ? { idleMs: deps.config.staffSessionIdleMinutes * 60_000, maxMs: deps.config.staffSessionMaxHours * hourMs }
    : { idleMs: deps.config.sessionIdleMinutes * 60_000, maxMs: deps.config.sessionMaxDays * 24 * hourMs };
}

/** A new session for a person whose identity is proven (password, reset code, or an identity provider: oidc.service). */
export async function startSession(deps: Pick<AuthDeps, 'db' | 'clock' | 'config'>, userId: UserId, origin: RequestOrigin): Promise<SignedIn> {
  // A new token at every sign-in: a token planted before sign-in is worthless after it.
  if (origin.currentToken) await revokeSessionByToken(deps.db, origin.currentToken);
  // The first sign-in to an account made from a members list: from today it counts as registered.
  await recordFirstSignIn(deps.db, userId, deps.clock.now());
  const lifetime = await sessionLifetimeFor(deps, userId);
  const { token, sessionId } = await createSession(deps.db, { userId, lifetime, ip: origin.ip, userAgent: origin.userAgent, now: deps.clock.now() });
  return { userId, token, sessionId, lifetime };
}

export interface Registration {
  phone: string;
  password: string;
  fullName: string;
  birthYear: number;
  unitCode: string;
  consent: boolean;
}

export async function registerCitizen(deps: AuthDeps, input: Registration, origin: RequestOrigin): Promise<SignedIn> {
  const now = deps.clock.now();
  await throttle(deps.db, throttleKey('register-ip', origin.ip), hourMs, deps.config.registrationsPerIpPerHour, now);

  const phone = normalizeVietnameseMobile(input.phone);
  const home = await residentialUnitProblem(deps.db, input.unitCode);
  throwIfProblems({
    phone: phone ? null : { key: 'error.invalid_phone' },
    password: passwordProblem(input.password, { phone, fullName: input.fullName }),
    fullName: fullNameProblem(input.fullName),
    birthYear: birthYearProblem(input.birthYear, now),
    unitCode: home.problem,
    consent: input.consent ? null : { key: 'error.consent_required' },
  });
  if (await phoneIsRegistered(deps.db, phone!)) throw conflict('phone_taken', {}, 'phone');

  const passwordHash = await hashPassword(input.password);
  let userId: UserId;
  try {
    ({ userId } = await deps.db.transaction().execute((trx) =>
      createCitizenAccount(trx, { phone: phone!, passwordHash, fullName: input.fullName, birthYear: input.birthYear, homeUnitId: home.unit!.id, channel: 'self_web' }, origin, now),
    ));
    deps.jobs.kick();
  } catch (error) {
    // Two sign-ups with one number at the same instant: the second loses here.
    if (isUniqueViolation(error)) throw conflict('phone_taken', {}, 'phone');
    throw error;
  }
  return startSession(deps, userId, origin);
}

export interface NewCitizenAccount {
  phone: PhoneNumber;
  passwordHash: string;
  /** As typed; stored with its folded search form. */
  fullName: string;
  birthYear: number;
  homeUnitId: UnitId;
  /**
   * How the person gave their own consent: the sign-up form, the completion page after an identity provider, or
   * to a helper by a texted code they read back (assisted_sms) or a signed paper form (assisted_paper).
   */
  channel: 'self_web' | 'self_oidc' | AssistedChannel;
  /** Set when the account comes from an identity provider: kept with the consent evidence and the audit entry. */
  provider?: string;
  /** Set for an assisted sign-up: the helper and team (users.assisted_team_id) and the evidence of the person's consent. */
  assisted?: AssistedConsent;
}

export type AssistedChannel = 'assisted_sms' | 'assisted_paper';

export interface AssistedConsent {
  helperId: UserId;
  teamId: TeamId;
  /** What proves the consent is the person's own: the code's id or the photo's, the helper's device. */
  evidence: Readonly<Record<string, string | number>>;
}

export interface CreatedAccount {
  userId: UserId;
  consentId: number;
}

/**
 * Everything a new citizen account is, in the caller's transaction, whichever way the person signed up: the
 * row, the commune's registration count, their own consent with its evidence, the audit entry, and the
 * learner.registered event for the province's systems. The caller kicks the job runner after the commit.
 */
export async function createCitizenAccount(trx: Tx, account: NewCitizenAccount, origin: RequestOrigin, now: number): Promise<CreatedAccount> {
  const { fullName, fullNameSearch } = searchableName(account.fullName);
  const provider: Record<string, string> = account.provider === undefined ? {} : { provider: account.provider };
  const assisted = account.assisted;
  const id = await insertUser(trx, {
    phone: account.phone,
    passwordHash: account.passwordHash,
    fullName,
    fullNameSearch,
    birthYear: account.birthYear,
    homeUnitId: account.homeUnitId,
    language: origin.language,
    now,
    ...(assisted ? { assistedTeamId: assisted.teamId } : {}),
  });
  await recordRegistration(trx, account.homeUnitId, now, assisted?.teamId ?? null);
  const consentId = await insertConsent(trx, {
    userId: id,
    purpose: 'account',
    noticeVersion: privacyNoticeVersion,
    channel: account.channel,
    evidence: JSON.stringify(assisted ? assistedEvidence(assisted, origin) : { userAgent: origin.userAgent.slice(0, 300), ...provider }),
    now,
    givenBy: assisted?.helperId ?? null,
  });
  const details = assisted ? { channel: account.channel, teamId: assisted.teamId } : account.provider === undefined ? undefined : provider;
  await recordAudit(trx, { at: now, actorUserId: assisted?.helperId ?? id, action: 'account.register', subjectUserId: id, unitId: account.homeUnitId, ...(details ? { details } : {}), ip: origin.ip });
  await publishEvent(trx, { type: 'learner.registered', userId: id, at: now }, now);
  return { userId: id, consentId };
}

function assistedEvidence(assisted: AssistedConsent, origin: RequestOrigin) {
  return { helperId: assisted.helperId, teamId: assisted.teamId, ...assisted.evidence, userAgent: origin.userAgent.slice(0, 300) };
}

/**
 * The consent of a person who already had an account, given to a helper who linked them (assisted sign-up of an
 * existing number): recorded with its evidence like a new account's, and audited. Returns the consent's id.
 */
export async function recordAssistedConsent(trx: Tx, userId: UserId, channel: AssistedChannel, assisted: AssistedConsent, origin: RequestOrigin, now: number): Promise<number> {
  const consentId = await insertConsent(trx, { userId, purpose: 'account', noticeVersion: privacyNoticeVersion, channel, evidence: JSON.stringify(assistedEvidence(assisted, origin)), now, givenBy: assisted.helperId });
  await recordAudit(trx, { at: now, actorUserId: assisted.helperId, action: 'consent.assisted', subjectUserId: userId, details: { channel, teamId: assisted.teamId }, ip: origin.ip });
  return consentId;
}

export async function signIn(deps: AuthDeps, input: { phone: string; password: string }, origin: RequestOrigin): Promise<SignedIn> {
  const now = deps.clock.now();
  const windowMs = deps.config.rateLimitWindowMinutes * 60_000;
  const phone = parsePhone(input.phone);
  const ipKey = throttleKey('login-fail-ip', origin.ip);
  const ipFailures = await peekRateLimit(deps.db, ipKey, windowMs, now);
  if (ipFailures.hits >= deps.config.loginMaxFailuresPerIp) throw tooManyRequests(ipFailures.retryAfterSeconds);
  const phoneKey = throttleKey('login-phone', phone);
  await throttle(deps.db, phoneKey, windowMs, deps.config.loginMaxAttemptsPerPhone, now);

  const account = await findCredentialsByPhone(deps.db, phone);
  const valid = account ? await verifyPassword(account.password_hash, input.password) : await verifyAgainstDecoy(input.password);
  if (!account || !valid) {
    await consumeRateLimit(deps.db, ipKey, windowMs, now);
    throw new AppError('invalid_credentials', 401);
  }
  if (account.disabled_at !== null) throw new AppError('account_disabled', 403);
  await clearRateLimit(deps.db, phoneKey);
  return startSession(deps, account.id, origin);
}

/**
 * The current password, asked before changing it or deleting the account. It
 * counts against the same per-number limit as sign-in, so a stolen session is
 * no way to guess it; when the guesses reach the limit the owner gets a text
 * (once per lock: only the attempt that reaches the limit sends it).
 */
export async function checkCurrentPassword(deps: AuthDeps, userId: UserId, password: string, field: string, ip: string): Promise<PasswordOwner> {
  const now = deps.clock.now();
  const [person, account] = await Promise.all([findProfile(deps.db, userId), findCredentialsById(deps.db, userId)]);
  if (!person || !account) throw notFound('user_not_found');
  const max = deps.config.loginMaxAttemptsPerPhone;
  const phoneKey = throttleKey('login-phone', person.phone);
  const state = await consumeRateLimit(deps.db, phoneKey, deps.config.rateLimitWindowMinutes * 60_000, now);
  if (state.hits > max) throw tooManyRequests(state.retryAfterSeconds);
  if (await verifyPassword(account.password_hash, password)) {
    await clearRateLimit(deps.db, phoneKey);
    return { phone: person.phone, fullName: person.full_name };
  }
  if (state.hits === max) {
    await deps.db.transaction().execute(async (trx) => {
      await recordAudit(trx, { at: now, actorUserId: userId, action: 'password.guesses_throttled', subjectUserId: userId, ip });
      await enqueueTextMessage(trx, { to: person.phone, userId, language: person.language, key: 'sms.password_guessed', params: {}, now });
    });
    deps.jobs.kick();
  }
  throw new AppError('wrong_current_password', 400, {}, { [field]: { key: 'error.wrong_current_password' } });
}

export async function signOut(deps: AuthDeps, token: string | undefined): Promise<void> {
  if (token) await revokeSessionByToken(deps.db, token);
}

function hashResetCode(userId: UserId, code: string): string {
  return createHash('sha256').update(`${userId}:${code}`).digest('hex');
}

/** Sends a one-time code when the number has an account; the answer is the same either way. */
export async function requestPasswordReset(deps: AuthDeps, input: { phone: string }, origin: RequestOrigin): Promise<void> {
  const now = deps.clock.now();
  const phone = parsePhone(input.phone);
  await throttle(deps.db, throttleKey('reset-request-ip', origin.ip), hourMs, 30, now);
  await throttle(deps.db, throttleKey('reset-request-phone', phone), hourMs, 3, now);
  const account = await findCredentialsByPhone(deps.db, phone);
  if (!account || account.disabled_at !== null) return;

  await sendResetCode(deps, { userId: account.id, phone, language: origin.language }, { actorUserId: null, ip: origin.ip, now });
}

/** A new one-time code replaces any open one and leaves by text message after the commit; audited. */
async function sendResetCode(
  deps: Pick<AuthDeps, 'db' | 'jobs'>,
  to: { userId: UserId; phone: PhoneNumber; language: Language },
  actor: { actorUserId: UserId | null; ip: string; now: number },
): Promise<void> {
  const { now } = actor;
  const code = newOneTimeCode();
  await deps.db.transaction().execute(async (trx) => {
    await replacePasswordReset(trx, { userId: to.userId, codeHash: hashResetCode(to.userId, code), now, expiresAt: now + resetCodeLifetimeMs });
    await recordAudit(trx, {
      at: now,
      actorUserId: actor.actorUserId,
      action: 'password_reset.request',
      subjectUserId: to.userId,
      ...(actor.actorUserId === null ? {} : { details: { by: 'admin' } }),
      ip: actor.ip,
    });
    // Sent after the answer: a gateway's hundreds of milliseconds would otherwise tell that the number is registered.
    await enqueueTextMessage(trx, { to: to.phone, userId: to.userId, language: to.language, key: 'sms.reset_code', params: { code, minutes: resetCodeLifetimeMs / 60_000 }, now });
  });
  deps.jobs.kick();
}

/**
 * An admin sends a person the same text a forgotten-password request sends: the code reaches only the person's
 * own phone, and they choose the new password on the reset page. Throttled per number like the public request.
 */
export async function sendPasswordResetFor(deps: Pick<AuthDeps, 'db' | 'jobs'>, userId: UserId, actor: { actorUserId: UserId; ip: string; now: number }): Promise<void> {
  const person = await findProfile(deps.db, userId);
  if (!person) throw notFound('user_not_found');
  const account = await findCredentialsById(deps.db, userId);
  if (account?.disabled_at !== null) throw conflict('account_disabled');
  await throttle(deps.db, throttleKey('reset-request-phone', person.phone), hourMs, 3, actor.now);
  await sendResetCode(deps, { userId, phone: person.phone, language: person.language }, actor);
}

export async function confirmPasswordReset(
  deps: AuthDeps,
  input: { phone: string; code: string; newPassword: string; consent?: boolean },
  origin: RequestOrigin,
): Promise<SignedIn> {
  const now = deps.clock.now();
  const phone = parsePhone(input.phone);
  await throttle(deps.db, throttleKey('reset-confirm-ip', origin.ip), hourMs, 60, now);

  const account = await findCredentialsByPhone(deps.db, phone);
  const reset = account ? await findOpenPasswordReset(deps.db, account.id, now) : undefined;
  if (!account || !reset || reset.failed_attempts >= resetCodeMaxFailures) throw badRequest('reset_code_invalid', {}, 'code');
  const expected = Buffer.from(reset.code_hash, 'hex');
  const given = Buffer.from(hashResetCode(account.id, input.code.trim()), 'hex');
  if (!timingSafeEqual(expected, given)) {
    await countFailedResetAttempt(deps.db, reset.id);
    throw badRequest('reset_code_invalid', {}, 'code');
  }

  // Only now, with the code proven: the rules weigh the account's name, which must not leak to someone without it.
  const owner = await findProfile(deps.db, account.id);
  // An account a manager made from a members list is claimed here: its owner has not yet agreed to anything themselves.
  const claiming = account.password_hash === noPassword;
  throwIfProblems({
    newPassword: passwordProblem(input.newPassword, { phone, fullName: owner?.full_name }),
    consent: !claiming || input.consent ? null : { key: 'error.consent_required_claim' },
  });

  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await markPasswordResetUsed(trx, reset.id, now);
    await updatePasswordHash(trx, account.id, passwordHash, now);
    await revokeAllSessionsOf(trx, account.id);
    if (claiming) {
      await insertConsent(trx, {
        userId: account.id,
        purpose: 'account',
        noticeVersion: privacyNoticeVersion,
        channel: 'self_claim',
        evidence: JSON.stringify({ userAgent: origin.userAgent.slice(0, 300) }),
        now,
      });
    }
    await recordAudit(trx, { at: now, actorUserId: account.id, action: claiming ? 'account.claim' : 'password_reset.complete', subjectUserId: account.id, ip: origin.ip });
  });
  return startSession(deps, account.id, origin);
}
