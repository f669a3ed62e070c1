/**
 * Signing in with an OpenID Connect provider (SmartAnGiang, VNeID): authorization code flow with
 * PKCE, state and nonce, through openid-client. Accounts are found by the provider's subject; on
 * a first sign-in, by a phone number the provider says it verified. Nobody else gets an account
 * before giving their own consent: a first-timer is "pending" until they complete commune, birth
 * year and consent (or prove an existing account with its password).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { UserId } from '../../shared/ids.js';
import { normalizeVietnameseMobile, type PhoneNumber } from '../../shared/phone.js';
import { safeReturnPath } from '../../shared/return-path.js';
import { recordAudit } from '../audit/audit.service.js';
import { type SignedIn, signOut, startSession } from '../auth/auth.service.js';
import type { Clock } from '../clock.js';
import { type Config, type OidcProviderSettings, publicOrigin } from '../config.js';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/dialect.js';
import { AppError, notFound } from '../errors.js';
import type { RequestOrigin } from '../http/request-origin.js';
import type { JobRunner } from '../jobs/jobs.service.js';
import { findCredentialsById, findCredentialsByPhone } from '../users/users.service.js';
import type { OidcProviders } from './oidc.providers.js';
import {
  consumeLogin,
  findIdentity,
  findIdentityOfUser,
  findOidcSession,
  findTestClaims,
  insertIdentity,
  insertLogin,
  insertOidcSession,
  insertPending,
  saveTestClaims,
  touchIdentity,
} from './oidc.queries.js';
import type { AdminProvider, ProviderLink, TestSignIn } from './oidc.schema.js';

export { deleteExpiredOidcRows, oidcIdentitiesPersonalData, oidcSessionsPersonalData, oidcTestSignInsPersonalData } from './oidc.queries.js';
export { OidcProviders, type OidcFetch } from './oidc.providers.js';

export interface OidcDeps {
  db: Db;
  clock: Clock;
  config: Config;
  jobs: Pick<JobRunner, 'kick'>;
  providers: OidcProviders;
}

/** A sign-in started and not finished within this is refused (state, nonce and verifier are thrown away). */
export const loginLifetimeMs = 10 * 60_000;
/** How long a first-timer has to complete their profile and consent. */
export const pendingLifetimeMs = 30 * 60_000;
/** What a provider answers to prompt=none when the person must see it first: back to the ordinary sign-in button. */
const silentRefusals = new Set(['login_required', 'interaction_required', 'consent_required', 'account_selection_required']);

export const hashSecret = (value: string) => createHash('sha256').update(value).digest('base64url');
export const newSecret = () => randomBytes(32).toString('base64url');

export function callbackUrl(config: Config): string {
  return `${publicOrigin(config)}/api/auth/oidc/callback`;
}

function providerOrThrow(deps: OidcDeps, id: string): OidcProviderSettings {
  const provider = deps.providers.find(id);
  if (!provider) throw notFound('oidc_provider_unknown');
  return provider;
}

async function configurationOrThrow(deps: OidcDeps, provider: OidcProviderSettings): Promise<client.Configuration> {
  try {
    return await deps.providers.configuration(provider);
  } catch {
    throw new AppError('oidc_provider_unavailable', 503, { provider: provider.name }, {}, { 'retry-after': '15' });
  }
}

export function listProviders(deps: Pick<OidcDeps, 'providers'>): ProviderLink[] {
  return deps.providers.settings.map((p) => ({ id: p.id, name: p.name, startUrl: `/api/auth/oidc/start?provider=${p.id}` }));
}

/** Where the browser goes to sign in at the provider. `browserToken` ties the callback to this browser. */
export async function startSignIn(
  deps: OidcDeps,
  input: { providerId: string; next?: string; silent: boolean; browserToken: string; testerUserId?: UserId },
): Promise<string> {
  const provider = providerOrThrow(deps, input.providerId);
  const config = await configurationOrThrow(deps, provider);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  const now = deps.clock.now();
  await insertLogin(deps.db, {
    state_hash: hashSecret(state),
    provider: provider.id,
    browser_hash: hashSecret(input.browserToken),
    nonce,
    code_verifier: verifier,
    return_path: safeReturnPath(input.next),
    silent: input.silent ? 1 : 0,
    tester_user_id: input.testerUserId ?? null,
    test_claims: null,
    created_at: now,
    expires_at: now + loginLifetimeMs,
    used_at: null,
  });
  const parameters: Record<string, string> = {
    redirect_uri: callbackUrl(deps.config),
    scope: provider.scopes.join(' '),
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  };
  if (input.silent) parameters.prompt = 'none';
  return client.buildAuthorizationUrl(config, parameters).href;
}

export type CallbackOutcome =
  | { kind: 'signed_in'; session: SignedIn; returnPath: string }
  | { kind: 'pending'; pendingToken: string; returnPath: string }
  | { kind: 'silent_refused'; returnPath: string }
  | { kind: 'tested'; testId: string }
  | { kind: 'failed'; code: 'oidc_sign_in_expired' | 'oidc_sign_in_failed' | 'oidc_provider_unavailable' | 'oidc_already_linked' | 'account_disabled'; provider?: string; returnPath: string; reason?: string };

interface ProviderClaims {
  subject: string;
  fullName: string;
  verifiedPhone: PhoneNumber | null;
}

/** The phone counts only when the same answer that carries it says it was verified (phone_number_verified: true). */
function claimsOf(idToken: client.IDToken, userInfo: client.UserInfoResponse | undefined): ProviderClaims {
  const sources: Record<string, unknown>[] = userInfo ? [userInfo, idToken] : [idToken];
  const withPhone = sources.find((s) => typeof s.phone_number === 'string');
  const phone = withPhone && withPhone.phone_number_verified === true ? normalizeVietnameseMobile(String(withPhone.phone_number)) : null;
  const name = sources.map((s) => s.name).find((n): n is string => typeof n === 'string' && n.trim() !== '') ?? '';
  return { subject: idToken.sub, fullName: name.trim().slice(0, 100), verifiedPhone: phone ?? null };
}

/** The provider's redirect back: checks state (once, same browser), code with PKCE, ID token (signature, issuer, audience, expiry, nonce). */
export async function finishSignIn(deps: OidcDeps, input: { query: URLSearchParams; browserToken: string | undefined; origin: RequestOrigin }): Promise<CallbackOutcome> {
  const state = input.query.get('state');
  const now = deps.clock.now();
  const login = state ? await consumeLogin(deps.db, hashSecret(state), now) : undefined;
  if (!login) return { kind: 'failed', code: 'oidc_sign_in_expired', returnPath: '/', reason: 'unknown, used or expired state' };
  const returnPath = login.return_path;
  const provider = deps.providers.find(login.provider);
  if (!input.browserToken || hashSecret(input.browserToken) !== login.browser_hash || !provider) {
    return { kind: 'failed', code: 'oidc_sign_in_failed', provider: login.provider, returnPath, reason: 'callback in another browser' };
  }
  const failed = (reason: string): CallbackOutcome => ({ kind: 'failed', code: 'oidc_sign_in_failed', provider: provider.id, returnPath, reason });
  const error = input.query.get('error');
  if (error) return login.silent === 1 && silentRefusals.has(error) ? { kind: 'silent_refused', returnPath } : failed(`provider answered ${error.slice(0, 50)}`);

  let config: client.Configuration;
  try {
    config = await deps.providers.configuration(provider);
  } catch {
    return { kind: 'failed', code: 'oidc_provider_unavailable', provider: provider.id, returnPath };
  }
  const currentUrl = new URL(callbackUrl(deps.config));
  currentUrl.search = input.query.toString();
  let idToken: client.IDToken;
  let rawIdToken: string;
  let userInfo: client.UserInfoResponse | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: login.code_verifier,
      expectedState: state!,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    idToken = tokens.claims()!;
    rawIdToken = tokens.id_token!;
    if (config.serverMetadata().userinfo_endpoint) userInfo = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
  } catch (problem) {
    return failed(problem instanceof Error ? `${problem.name}: ${problem.message}`.slice(0, 300) : 'token exchange failed');
  }
  deps.providers.remember(provider, config);
  const claims = claimsOf(idToken, userInfo);

  if (login.tester_user_id !== null) {
    await deps.db.transaction().execute(async (trx) => {
      await saveTestClaims(trx, login.state_hash, JSON.stringify({ idToken, userInfo: userInfo ?? null }));
      await recordAudit(trx, { at: now, actorUserId: login.tester_user_id, action: 'oidc.test_sign_in', details: { provider: provider.id }, ip: input.origin.ip });
    });
    return { kind: 'tested', testId: state! };
  }
  return linkOrPend(deps, provider, claims, rawIdToken, returnPath, input.origin);
}

async function linkOrPend(
  deps: OidcDeps,
  provider: OidcProviderSettings,
  claims: ProviderClaims,
  idToken: string,
  returnPath: string,
  origin: RequestOrigin,
): Promise<CallbackOutcome> {
  const now = deps.clock.now();
  const linked = await findIdentity(deps.db, provider.id, claims.subject);
  if (linked) {
    const account = await findCredentialsById(deps.db, linked.user_id);
    if (!account || account.disabled_at !== null) return { kind: 'failed', code: 'account_disabled', provider: provider.id, returnPath };
    await touchIdentity(deps.db, linked.id, now);
    return { kind: 'signed_in', session: await providerSession(deps, account.id, provider, idToken, origin, 'oidc.sign_in'), returnPath };
  }
  const account = claims.verifiedPhone ? await findCredentialsByPhone(deps.db, claims.verifiedPhone) : undefined;
  if (account) {
    if (account.disabled_at !== null) return { kind: 'failed', code: 'account_disabled', provider: provider.id, returnPath };
    // One subject per provider per account: a second provider account with the same phone is not silently added.
    if (await findIdentityOfUser(deps.db, provider.id, account.id)) return { kind: 'failed', code: 'oidc_already_linked', provider: provider.id, returnPath };
    try {
      await insertIdentity(deps.db, { userId: account.id, provider: provider.id, subject: claims.subject, linkedBy: 'verified_phone', now });
    } catch (error) {
      if (isUniqueViolation(error)) return { kind: 'failed', code: 'oidc_already_linked', provider: provider.id, returnPath };
      throw error;
    }
    return { kind: 'signed_in', session: await providerSession(deps, account.id, provider, idToken, origin, 'oidc.link', 'verified_phone'), returnPath };
  }
  const pendingToken = newSecret();
  await insertPending(deps.db, {
    token_hash: hashSecret(pendingToken),
    provider: provider.id,
    subject: claims.subject,
    full_name: claims.fullName,
    verified_phone: claims.verifiedPhone,
    return_path: returnPath,
    id_token: idToken,
    created_at: now,
    expires_at: now + pendingLifetimeMs,
  });
  return { kind: 'pending', pendingToken, returnPath };
}

async function providerSession(
  deps: OidcDeps,
  userId: UserId,
  provider: OidcProviderSettings,
  idToken: string,
  origin: RequestOrigin,
  action: 'oidc.sign_in' | 'oidc.link',
  linkedBy?: string,
): Promise<SignedIn> {
  const session = await startSession(deps, userId, origin);
  await deps.db.transaction().execute(async (trx) => {
    await insertOidcSession(trx, { sessionId: session.sessionId, userId, provider: provider.id, idToken });
    await recordAudit(trx, { at: deps.clock.now(), actorUserId: userId, action, subjectUserId: userId, details: { provider: provider.id, ...(linkedBy ? { linkedBy } : {}) }, ip: origin.ip });
  });
  return session;
}

/**
 * Ends the platform's session; for a session that began at a provider with an end_session_endpoint,
 * also the address of its RP-initiated logout, for the PWA to offer (the provider's session is theirs
 * to end, the super-app may still need it).
 */
export async function signOutEverywhere(deps: OidcDeps, input: { sessionId?: string; token?: string }): Promise<string | null> {
  const started = input.sessionId ? await findOidcSession(deps.db, input.sessionId) : undefined;
  await signOut(deps, input.token);
  const provider = started ? deps.providers.find(started.provider) : undefined;
  if (!started || !provider) return null;
  try {
    const config = await deps.providers.configuration(provider);
    if (!config.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(config, { id_token_hint: started.id_token, post_logout_redirect_uri: `${publicOrigin(deps.config)}/`, client_id: provider.clientId }).href;
  } catch {
    return null;
  }
}

export async function providersForAdmin(deps: OidcDeps): Promise<AdminProvider[]> {
  return Promise.all(
    deps.providers.settings.map(async (p) => {
      const status = await deps.providers.check(p);
      return {
        id: p.id,
        name: p.name,
        issuer: p.issuer,
        clientId: p.clientId,
        scopes: [...p.scopes],
        redirectUri: callbackUrl(deps.config),
        discovery: status.state === 'failed' ? { status: 'failed' as const, message: status.message } : { status: 'ok' as const, message: null },
      };
    }),
  );
}

export async function testSignInResult(deps: OidcDeps, testerUserId: UserId, testId: string): Promise<TestSignIn> {
  const row = await findTestClaims(deps.db, hashSecret(testId), testerUserId, deps.clock.now());
  if (!row?.test_claims) throw notFound('oidc_test_not_found');
  const provider = deps.providers.find(row.provider);
  const { idToken, userInfo } = JSON.parse(row.test_claims) as { idToken: Record<string, unknown>; userInfo: Record<string, unknown> | null };
  return { provider: { id: row.provider, name: provider?.name ?? row.provider }, idToken, userInfo };
}
