/**
 * A person's rights over their data (Law 91/2025, Decree 356/2025), from their own profile: the export (JSON and a
 * readable page), their consents and the history of them, withdrawing a consent, and deleting the account.
 * Withdrawing the consent that holding an account needs (`account`) is an erasure, confirmed like a deletion: with
 * the password, or, for an account without one (signed up by a helper, a sign-in card), with a code texted to the
 * person's phone. Requests made on someone's behalf are in privacy-requests.ts.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { UserId } from '../../shared/ids.js';
import { type ConsentPurpose, consentPurposes, essentialPurpose, privacyNoticeVersion } from '../../shared/privacy.js';
import { recordAudit } from '../audit/audit.service.js';
import { type AuthDeps, checkCurrentPassword, findConsentsOf, insertConsent, noPassword, withdrawConsents } from '../auth/auth.service.js';
import type { DbOrTx, Tx } from '../db/database.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { enforceRateLimit, hashedRateLimitKey } from '../http/rate-limits.js';
import type { RequestOrigin } from '../http/request-origin.js';
import { enqueueTextMessage, newOneTimeCode } from '../messages/text-messages.js';
import { findCredentialsById, findProfile } from '../users/users.service.js';
import { renderExportPage } from './privacy.html.js';
import { countFailedRequestCode, completePrivacyRequest, findOwnOpenRequest, insertPrivacyRequest, setPrivacyRequestCode } from './privacy.queries.js';
import { personalDataHandlers } from './privacy.registry.js';
import type { MyConsentsAnswer, PersonalDataExportAnswer } from './privacy.schema.js';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
export const codeLifetimeMs = 10 * minuteMs;
export const codeMaxFailures = 5;

/** Every row held about the person, table by table, as the registry's handlers export them. */
export async function collectPersonalData(db: DbOrTx, userId: UserId, now: number): Promise<PersonalDataExportAnswer> {
  const tables: Record<string, unknown[]> = {};
  for (const handler of personalDataHandlers) tables[handler.table] = await handler.export(db, userId);
  return { exportedAt: new Date(now).toISOString(), noticeVersion: privacyNoticeVersion, tables };
}

export async function exportMyData(deps: AuthDeps, userId: UserId, ip: string) {
  const now = deps.clock.now();
  const data = await collectPersonalData(deps.db, userId, now);
  await recordAudit(deps.db, { at: now, actorUserId: userId, action: 'personal_data.export', subjectUserId: userId, ip });
  return data;
}

/** The same data as a printable page in the person's own language (the one their profile is set to). */
export async function exportMyDataPage(deps: AuthDeps, userId: UserId, ip: string): Promise<string> {
  const now = deps.clock.now();
  const profile = await findProfile(deps.db, userId);
  if (!profile) throw notFound('user_not_found');
  const [data, consents] = await Promise.all([collectPersonalData(deps.db, userId, now), myConsents(deps.db, userId)]);
  await recordAudit(deps.db, { at: now, actorUserId: userId, action: 'personal_data.export', subjectUserId: userId, details: { format: 'html' }, ip });
  return renderExportPage(profile.language, { fullName: profile.full_name, phone: profile.phone, birthYear: profile.birth_year, unit: profile.unit_full_name }, data, consents);
}

const evidenceOf = (channel: string): string | null =>
  channel === 'assisted_sms' || channel === 'door_sms' || channel === 'on_behalf_sms' ? 'sms_code' : channel === 'assisted_paper' ? 'paper_form' : null;

const isPurpose = (purpose: string): purpose is ConsentPurpose => (consentPurposes as readonly string[]).includes(purpose);

/** The person's consents: each purpose and whether it stands, and every giving and withdrawal, oldest first. */
export async function myConsents(db: DbOrTx, userId: UserId): Promise<MyConsentsAnswer> {
  const [rows, account] = await Promise.all([findConsentsOf(db, userId), findCredentialsById(db, userId)]);
  const history: MyConsentsAnswer['history'] = [];
  for (const row of rows) {
    if (!isPurpose(row.purpose)) continue;
    history.push({ purpose: row.purpose, event: 'given', at: new Date(row.given_at).toISOString(), channel: row.channel, byHelper: row.given_by ? row.given_by_name : null, evidence: evidenceOf(row.channel), noticeVersion: row.notice_version });
    if (row.withdrawn_at !== null) {
      const channel = row.withdrawal_channel ?? 'erasure';
      const byHelper = row.withdrawn_by !== null && row.withdrawn_by !== userId ? row.withdrawn_by_name : null;
      history.push({ purpose: row.purpose, event: 'withdrawn', at: new Date(row.withdrawn_at).toISOString(), channel, byHelper, evidence: evidenceOf(channel), noticeVersion: row.notice_version });
    }
  }
  history.sort((a, b) => a.at.localeCompare(b.at));
  const purposes = consentPurposes.map((purpose) => ({ purpose, essential: purpose === essentialPurpose, given: rows.some((r) => r.purpose === purpose && r.withdrawn_at === null) }));
  return { purposes, history, hasPassword: account !== undefined && account.password_hash !== noPassword };
}

/** Gives an optional consent from the profile (the essential one is given at sign-up, never here). Idempotent. */
export async function giveConsent(deps: AuthDeps, userId: UserId, purpose: ConsentPurpose, origin: RequestOrigin): Promise<void> {
  if (purpose === essentialPurpose) throw badRequest('consent_essential_at_signup', {}, 'purpose');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const current = await findConsentsOf(trx, userId);
    if (current.some((r) => r.purpose === purpose && r.withdrawn_at === null)) return;
    await insertConsent(trx, { userId, purpose, noticeVersion: privacyNoticeVersion, channel: 'self_web', evidence: JSON.stringify({ userAgent: origin.userAgent.slice(0, 300) }), now });
    await recordAudit(trx, { at: now, actorUserId: userId, action: 'consent.give', subjectUserId: userId, details: { purpose }, ip: origin.ip });
  });
}

/** Everything about the person erased or de-identified, in the caller's transaction (the account itself last). */
export async function eraseEverything(trx: Tx, userId: UserId, now: number): Promise<void> {
  for (const handler of personalDataHandlers) await handler.erase(trx, userId, now);
}

/**
 * Withdraws a consent. An optional purpose goes at once; the essential one (`account`) erases the account and so
 * needs the same confirmation as a deletion.
 */
export async function withdrawMyConsent(deps: AuthDeps, userId: UserId, input: { purpose: ConsentPurpose; password?: string; code?: string }, origin: RequestOrigin): Promise<{ erased: boolean }> {
  const now = deps.clock.now();
  if (input.purpose === essentialPurpose) {
    const request = await confirmItIsMe(deps, userId, input, origin.ip);
    await deps.db.transaction().execute(async (trx) => {
      if (request !== null && !(await completePrivacyRequest(trx, request, now))) throw badRequest('privacy_code_invalid', {}, 'code');
      await withdrawConsents(trx, { userId, purpose: essentialPurpose, by: userId, channel: 'self_web', evidence: JSON.stringify({ userAgent: origin.userAgent.slice(0, 300) }), now });
      await recordAudit(trx, { at: now, actorUserId: userId, action: 'consent.withdraw', subjectUserId: userId, details: { purpose: essentialPurpose, erased: true }, ip: origin.ip });
      await recordAudit(trx, { at: now, actorUserId: userId, action: 'account.delete', subjectUserId: userId, details: { reason: 'consent_withdrawn' }, ip: origin.ip });
      await eraseEverything(trx, userId, now);
    });
    return { erased: true };
  }
  await deps.db.transaction().execute(async (trx) => {
    const withdrawn = await withdrawConsents(trx, { userId, purpose: input.purpose, by: userId, channel: 'self_web', evidence: JSON.stringify({ userAgent: origin.userAgent.slice(0, 300) }), now });
    if (withdrawn > 0) await recordAudit(trx, { at: now, actorUserId: userId, action: 'consent.withdraw', subjectUserId: userId, details: { purpose: input.purpose }, ip: origin.ip });
  });
  return { erased: false };
}

/** Erases or de-identifies everything about the person, after they confirm it is them (password, or texted code). */
export async function deleteMyAccount(deps: AuthDeps, userId: UserId, input: { password?: string; code?: string }, ip: string): Promise<void> {
  const request = await confirmItIsMe(deps, userId, input, ip);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    if (request !== null && !(await completePrivacyRequest(trx, request, now))) throw badRequest('privacy_code_invalid', {}, 'code');
    await recordAudit(trx, { at: now, actorUserId: userId, action: 'account.delete', subjectUserId: userId, ip });
    await eraseEverything(trx, userId, now);
  });
}

export function hashRequestCode(requestId: number, code: string): string {
  return createHash('sha256').update(`privacy:${requestId}:${code}`).digest('hex');
}

export function throttle(deps: AuthDeps, kind: string, value: string, max: number, now: number): Promise<void> {
  return enforceRateLimit(deps.db, hashedRateLimitKey(kind, value), hourMs, max, now);
}

/**
 * Checks a code against a pending request: a wrong one counts, five burn the request. Answers nothing; the caller
 * marks the request done in its own transaction.
 */
export async function checkRequestCode(deps: AuthDeps, request: { id: number; code_hash: string; code_expires_at: number; failed_attempts: number; status: string }, code: string, now: number): Promise<void> {
  if (request.status !== 'pending' || request.failed_attempts >= codeMaxFailures) throw badRequest('privacy_code_attempts', {}, 'code');
  if (request.code_expires_at <= now) throw badRequest('privacy_code_expired', {}, 'code');
  const given = Buffer.from(hashRequestCode(request.id, code.trim()), 'hex');
  if (request.code_hash === '' || !timingSafeEqual(Buffer.from(request.code_hash, 'hex'), given)) {
    const burnt = request.failed_attempts + 1 >= codeMaxFailures;
    await countFailedRequestCode(deps.db, request.id, burnt);
    throw badRequest(burnt ? 'privacy_code_attempts' : 'privacy_code_invalid', {}, 'code');
  }
}

/**
 * The person confirms it is them: with their password when the account has one, otherwise with the code texted
 * to them (POST /api/me/confirmation-code). Answers the request the code belongs to, to be closed with the erasure.
 */
async function confirmItIsMe(deps: AuthDeps, userId: UserId, input: { password?: string; code?: string }, ip: string): Promise<number | null> {
  const account = await findCredentialsById(deps.db, userId);
  if (!account) throw notFound('user_not_found');
  if (account.password_hash !== noPassword) {
    await checkCurrentPassword(deps, userId, input.password ?? '', 'password', ip);
    return null;
  }
  const now = deps.clock.now();
  await throttle(deps, 'privacy-own-guess', String(userId), 30, now);
  if (!input.code) throw badRequest('privacy_code_required', {}, 'code');
  const request = await findOwnOpenRequest(deps.db, userId, 'delete', now);
  if (!request) throw badRequest('privacy_code_expired', {}, 'code');
  await checkRequestCode(deps, request, input.code, now);
  return request.id;
}

/** Texts a code to the person's own phone, for deleting (or withdrawing the consent of) an account without a password. */
export async function sendMyConfirmationCode(deps: AuthDeps, userId: UserId, origin: RequestOrigin): Promise<{ expiresAt: string }> {
  const now = deps.clock.now();
  const [account, profile] = await Promise.all([findCredentialsById(deps.db, userId), findProfile(deps.db, userId)]);
  if (!account || !profile) throw notFound('user_not_found');
  if (account.password_hash !== noPassword) throw conflict('privacy_code_not_needed');
  await throttle(deps, 'privacy-own-code', String(userId), 3, now);
  const code = newOneTimeCode();
  const expiresAt = now + codeLifetimeMs;
  await deps.db.transaction().execute(async (trx) => {
    const id = await insertPrivacyRequest(trx, { userId, requestedBy: userId, kind: 'delete', purpose: null, now, expiresAt });
    await setPrivacyRequestCode(trx, id, hashRequestCode(id, code));
    await enqueueTextMessage(trx, { to: profile.phone, userId, language: profile.language, key: 'sms.privacy_own_code', params: { code, minutes: codeLifetimeMs / minuteMs }, now });
    await recordAudit(trx, { at: now, actorUserId: userId, action: 'privacy.code_sent', subjectUserId: userId, details: { requestId: id }, ip: origin.ip });
  });
  deps.jobs.kick();
  return { expiresAt: new Date(expiresAt).toISOString() };
}

