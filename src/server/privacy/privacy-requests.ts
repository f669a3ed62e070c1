/**
 * Requests made on someone's behalf: a helper of a community team or a manager asks, for a person living within
 * their reach, for an export of the person's data, the withdrawal of a consent, or the deletion of the account.
 * The request is recorded (who asked, for whom, what, when, status) and a code is texted to the person's phone;
 * nothing is done until the person reads that code back (10 minutes, 5 tries). A request for someone else without
 * the code is never executed.
 */
import type { UserId } from '../../shared/ids.js';
import { normalizeVietnameseMobile } from '../../shared/phone.js';
import { type ConsentPurpose, essentialPurpose, type PrivacyRequestKind } from '../../shared/privacy.js';
import { recordAudit } from '../audit/audit.service.js';
import { type AuthDeps, withdrawConsents } from '../auth/auth.service.js';
import { AppError, badRequest, conflict, notFound } from '../errors.js';
import { grantsReach, type ScopedGrant } from '../grants/grants.service.js';
import type { RequestOrigin } from '../http/request-origin.js';
import { enqueueTextMessage, newOneTimeCode } from '../messages/text-messages.js';
import { findCredentialsByPhone, findProfile } from '../users/users.service.js';
import { completePrivacyRequest, findPrivacyRequest, findRequestsBy, insertPrivacyRequest, setPrivacyRequestCode } from './privacy.queries.js';
import type { PrivacyRequestAnswerShape } from './privacy.schema.js';
import { checkRequestCode, codeLifetimeMs, collectPersonalData, eraseEverything, hashRequestCode, throttle } from './privacy.service.js';

/** The helper or manager acting, with the grants their policy let through. */
export interface Requester {
  userId: UserId;
  grants: readonly ScopedGrant[];
  origin: RequestOrigin;
}

const smsKeys = { export: 'sms.privacy_request_export', withdraw: 'sms.privacy_request_withdraw', delete: 'sms.privacy_request_delete' } as const;

/** A helper reaches the people living in the units of their helper grants; a manager those of their manager grants. */
function reaches(grants: readonly ScopedGrant[], unitPath: string): boolean {
  return grantsReach(grants, 'helper', unitPath) || grantsReach(grants, 'manager', unitPath);
}

/** The person named by the request, if within the requester's reach; someone out of reach is as absent as no one (403 both). */
async function personInReach(deps: AuthDeps, requester: Requester, userId: UserId) {
  const profile = await findProfile(deps.db, userId);
  if (!profile || !reaches(requester.grants, profile.unit_path)) throw new AppError('privacy_request_out_of_reach', 403);
  return profile;
}

type RequestRow = NonNullable<Awaited<ReturnType<typeof findPrivacyRequest>>>;

function answerOf(row: Pick<RequestRow, 'id' | 'kind' | 'purpose' | 'status' | 'created_at' | 'confirmed_at'>, fullName: string): PrivacyRequestAnswerShape {
  return {
    id: row.id,
    fullName,
    kind: row.kind as PrivacyRequestKind,
    purpose: row.purpose as ConsentPurpose | null,
    status: row.status as PrivacyRequestAnswerShape['status'],
    createdAt: new Date(row.created_at).toISOString(),
    confirmedAt: row.confirmed_at === null ? null : new Date(row.confirmed_at).toISOString(),
  };
}

/** Records the request and texts the person a code that says what is asked; executes nothing. */
export async function startPrivacyRequest(
  deps: AuthDeps,
  requester: Requester,
  input: { phone: string; kind: PrivacyRequestKind; purpose?: ConsentPurpose },
): Promise<PrivacyRequestAnswerShape> {
  const now = deps.clock.now();
  const phone = normalizeVietnameseMobile(input.phone);
  if (!phone) throw badRequest('invalid_phone', {}, 'phone');
  if (input.kind === 'withdraw' && !input.purpose) throw badRequest('privacy_request_purpose_required', {}, 'purpose');
  const account = await findCredentialsByPhone(deps.db, phone);
  if (!account) throw new AppError('privacy_request_out_of_reach', 403);
  if (account.id === requester.userId) throw badRequest('privacy_request_self', {}, 'phone');
  const person = await personInReach(deps, requester, account.id);
  await throttle(deps, 'privacy-request-by', String(requester.userId), 30, now);
  await throttle(deps, 'privacy-request-for', phone, 3, now);
  const code = newOneTimeCode();
  const purpose = input.kind === 'withdraw' ? input.purpose! : null;
  const expiresAt = now + codeLifetimeMs;
  const id = await deps.db.transaction().execute(async (trx) => {
    const requestId = await insertPrivacyRequest(trx, { userId: account.id, requestedBy: requester.userId, kind: input.kind, purpose, now, expiresAt });
    await setPrivacyRequestCode(trx, requestId, hashRequestCode(requestId, code));
    await enqueueTextMessage(trx, { to: phone, userId: account.id, language: person.language, key: smsKeys[input.kind], params: { code, minutes: codeLifetimeMs / 60_000 }, now });
    await recordAudit(trx, { at: now, actorUserId: requester.userId, action: 'privacy.request', subjectUserId: account.id, unitId: person.home_unit_id, details: { requestId, kind: input.kind, purpose }, ip: requester.origin.ip });
    return requestId;
  });
  deps.jobs.kick();
  return answerOf({ id, kind: input.kind, purpose, status: 'pending', created_at: now, confirmed_at: null }, person.full_name);
}

/**
 * Executes a request once the person's code is read back to the one who made it. Only its requester may confirm
 * (404 for anyone else), and only while the person is still within their reach.
 */
export async function confirmPrivacyRequest(deps: AuthDeps, requester: Requester, id: number, code: string): Promise<PrivacyRequestAnswerShape> {
  const now = deps.clock.now();
  const request = await findPrivacyRequest(deps.db, id);
  if (!request || request.requested_by !== requester.userId || request.user_id === requester.userId) throw notFound('privacy_request_not_found');
  const person = await personInReach(deps, requester, request.user_id);
  if (request.status === 'done') throw conflict('privacy_request_closed');
  await throttle(deps, 'privacy-request-guess', String(requester.userId), 60, now);
  await checkRequestCode(deps, request, code, now);
  const erases = request.kind === 'delete' || (request.kind === 'withdraw' && request.purpose === essentialPurpose);
  const audit = { at: now, actorUserId: requester.userId, subjectUserId: request.user_id, unitId: person.home_unit_id, ip: requester.origin.ip };
  const exported = await deps.db.transaction().execute(async (trx) => {
    if (!(await completePrivacyRequest(trx, request.id, now))) throw conflict('privacy_request_closed');
    const details = { requestId: request.id, onBehalf: true };
    if (request.kind === 'export') {
      await recordAudit(trx, { ...audit, action: 'personal_data.export', details });
      return collectPersonalData(trx, request.user_id, now);
    }
    if (request.kind === 'withdraw') {
      await withdrawConsents(trx, { userId: request.user_id, purpose: request.purpose!, by: requester.userId, channel: 'on_behalf_sms', evidence: JSON.stringify({ requestId: request.id }), now });
      await recordAudit(trx, { ...audit, action: 'consent.withdraw', details: { ...details, purpose: request.purpose, erased: erases } });
    }
    if (erases) {
      await recordAudit(trx, { ...audit, action: 'account.delete', details });
      await eraseEverything(trx, request.user_id, now);
    }
    return undefined;
  });
  const done = answerOf({ ...request, status: 'done', confirmed_at: now }, person.full_name);
  return exported ? { ...done, export: exported } : done;
}

/** The requests this helper or manager made for others, newest first. */
export async function listMyPrivacyRequests(deps: AuthDeps, requesterId: UserId) {
  const rows = await findRequestsBy(deps.db, requesterId, 50);
  return { requests: rows.map((row) => answerOf(row, row.full_name)) };
}
