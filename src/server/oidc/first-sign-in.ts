/**
 * A first sign-in at a provider with no account behind it yet. With a phone the provider verified,
 * the person completes commune, birth year and their own consent, and the account is made then (not
 * before: nothing is processed without that consent). Without one, they prove an existing account
 * by its phone and password, which links it; an unverified phone claim never links by itself.
 */
import type { UserId } from '../../shared/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { createCitizenAccount, noPassword, type SignedIn, signIn, signOut, startSession } from '../auth/auth.service.js';
import { isUniqueViolation } from '../db/dialect.js';
import { conflict, notFound } from '../errors.js';
import type { RequestOrigin } from '../http/request-origin.js';
import { birthYearProblem, fullNameProblem, phoneIsRegistered, residentialUnitProblem, throwIfProblems } from '../users/users.service.js';
import { deletePending, findIdentityOfUser, findPending, insertIdentity, insertOidcSession } from './oidc.queries.js';
import type { PendingSignIn } from './oidc.schema.js';
import { hashSecret, type OidcDeps } from './oidc.service.js';

async function pendingOrThrow(deps: OidcDeps, pendingToken: string | undefined) {
  const pending = pendingToken ? await findPending(deps.db, hashSecret(pendingToken), deps.clock.now()) : undefined;
  if (!pending) throw notFound('oidc_pending_missing');
  const provider = deps.providers.find(pending.provider);
  if (!provider) throw notFound('oidc_pending_missing');
  return { pending, provider };
}

export async function readPending(deps: OidcDeps, pendingToken: string | undefined): Promise<PendingSignIn> {
  const { pending, provider } = await pendingOrThrow(deps, pendingToken);
  return { provider: { id: provider.id, name: provider.name }, fullName: pending.full_name, phoneVerified: pending.verified_phone !== null, returnPath: pending.return_path };
}

/** A first-timer whose phone the provider verified becomes an account: their home, birth year and their own consent. */
export async function completeRegistration(
  deps: OidcDeps,
  pendingToken: string | undefined,
  input: { fullName: string; birthYear: number; unitCode: string; consent: boolean },
  origin: RequestOrigin,
): Promise<SignedIn> {
  const { pending, provider } = await pendingOrThrow(deps, pendingToken);
  if (!pending.verified_phone) throw conflict('oidc_phone_not_verified', { provider: provider.name });
  const now = deps.clock.now();
  const home = await residentialUnitProblem(deps.db, input.unitCode);
  throwIfProblems({
    fullName: fullNameProblem(input.fullName),
    birthYear: birthYearProblem(input.birthYear, now),
    unitCode: home.problem,
    consent: input.consent ? null : { key: 'error.consent_required' },
  });
  if (await phoneIsRegistered(deps.db, pending.verified_phone)) throw conflict('phone_taken', {}, 'phone');
  let userId: UserId;
  try {
    userId = await deps.db.transaction().execute(async (trx) => {
      // No password: this person signs in at the provider; "Quên mật khẩu" (a code to the verified phone) can add one.
      const account = { phone: pending.verified_phone!, passwordHash: noPassword, fullName: input.fullName, birthYear: input.birthYear, homeUnitId: home.unit!.id, channel: 'self_oidc' as const, provider: provider.id };
      const { userId: id } = await createCitizenAccount(trx, account, origin, now);
      await insertIdentity(trx, { userId: id, provider: provider.id, subject: pending.subject, linkedBy: 'new_account', now });
      await deletePending(trx, pending.token_hash);
      return id;
    });
    deps.jobs.kick();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('phone_taken', {}, 'phone');
    throw error;
  }
  const session = await startSession(deps, userId, origin);
  await insertOidcSession(deps.db, { sessionId: session.sessionId, userId, provider: provider.id, idToken: pending.id_token });
  return session;
}

/** A first-timer proves an existing account with its phone and password (throttled as any sign-in); the provider account is linked to it. */
export async function linkWithPassword(deps: OidcDeps, pendingToken: string | undefined, input: { phone: string; password: string }, origin: RequestOrigin): Promise<SignedIn> {
  const { pending, provider } = await pendingOrThrow(deps, pendingToken);
  const session = await signIn(deps, input, origin);
  const now = deps.clock.now();
  try {
    if (await findIdentityOfUser(deps.db, provider.id, session.userId)) throw conflict('oidc_already_linked', { provider: provider.name });
    await deps.db.transaction().execute(async (trx) => {
      await insertIdentity(trx, { userId: session.userId, provider: provider.id, subject: pending.subject, linkedBy: 'password', now });
      await deletePending(trx, pending.token_hash);
      await insertOidcSession(trx, { sessionId: session.sessionId, userId: session.userId, provider: provider.id, idToken: pending.id_token });
      await recordAudit(trx, { at: now, actorUserId: session.userId, action: 'oidc.link', subjectUserId: session.userId, details: { provider: provider.id, linkedBy: 'password' }, ip: origin.ip });
    });
  } catch (error) {
    // The password was right but the link cannot be made: no half-done sign-in stays behind.
    await signOut(deps, session.token);
    if (isUniqueViolation(error)) throw conflict('oidc_already_linked', { provider: provider.name });
    throw error;
  }
  return session;
}
