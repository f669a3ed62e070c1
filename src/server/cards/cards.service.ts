/**
 * Sign-in cards for people without a password. The QR carries a long random secret; the short code printed
 * beside it goes with the person's phone number. Only hashes are stored (the short code's bound to its holder,
 * since 8 characters alone are guessable), one card per person is live, and printing a card revokes the
 * previous one. Every way to guess is throttled per address (and per phone for the code) and audited.
 *
 * Cards are for citizens: nobody holding a staff role (helper, manager, author, …) gets one or signs in with
 * one, since a card is a weaker proof than a password and helpers print them for others.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { CardId, UserId } from '../../shared/ids.js';
import { translate } from '../../shared/i18n/translate.js';
import type { Language } from '../../shared/limits.js';
import { formatPhoneNational, normalizeVietnameseMobile, type PhoneNumber } from '../../shared/phone.js';
import { foldForSearch } from '../../shared/text.js';
import { recordAudit } from '../audit/audit.service.js';
import { type AuthDeps, noPassword, peopleWithConsent, type SignedIn, startSession } from '../auth/auth.service.js';
import { type Config, publicOrigin } from '../config.js';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import { AppError, badRequest, forbidden, tooManyRequests } from '../errors.js';
import { findGrantsOfUser } from '../grants/grants.service.js';
import { clearRateLimit, consumeRateLimit, hashedRateLimitKey, peekRateLimit } from '../http/rate-limits.js';
import type { RequestOrigin } from '../http/request-origin.js';
import { describeUnit, type UnitRow } from '../units/units.service.js';
import { findCredentialsById, findCredentialsByPhone, findPeopleInSubtree, findProfile } from '../users/users.service.js';
import { type CardFace, renderCardsPdf } from './card-pdf.js';
import type { CardLayout } from './cards.schema.js';
import { findCardBySecretHash, findLiveCardOf, insertCard, liveCardsOf, recordCardSignIn, revokeCardsOf } from './cards.queries.js';

export { cardSignInsPersonalData, signInCardsPersonalData } from './cards.queries.js';

export function hashCardSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The holder of a live (not revoked) card with this secret, or null: for sign-in and attendance scans. */
export async function findCardHolder(db: DbOrTx, secret: string): Promise<UserId | null> {
  const row = await db
    .selectFrom('sign_in_cards')
    .select('user_id')
    .where('secret_hash', '=', hashCardSecret(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** For each person, the distinct devices their cards signed in on: the review compares them with the helper's. */
export async function cardSignInDevices(db: DbOrTx, userIds: readonly UserId[]): Promise<Map<UserId, string[]>> {
  const devices = new Map<UserId, string[]>();
  if (userIds.length === 0) return devices;
  const rows = await db.selectFrom('card_sign_ins').select(['user_id', 'device_id']).distinct().where('user_id', 'in', userIds).execute();
  for (const row of rows) devices.set(row.user_id, [...(devices.get(row.user_id) ?? []), row.device_id]);
  return devices;
}

// ---------------------------------------------------------------- secrets

// No 0/O, 1/I/L, U: nothing two people could read differently off paper.
const codeAlphabet = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
const codeLength = 8;

/** What the card shows: 192 random bits for the QR, and a short code, shown grouped like K7QM-3XPA. */
export interface CardSecrets {
  secret: string;
  shortCode: string;
}

function newCardSecrets(): CardSecrets {
  const code = Array.from({ length: codeLength }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('');
  return { secret: randomBytes(24).toString('base64url'), shortCode: `${code.slice(0, 4)}-${code.slice(4)}` };
}

/** As typed on a phone: any case, with or without the dash or spaces. */
function normalizeShortCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function hashShortCode(userId: UserId, code: string): string {
  return createHash('sha256').update(`${userId}:${normalizeShortCode(code)}`).digest('hex');
}

/** The address the card's QR holds: the secret in the fragment never reaches a server log or a Referer. */
export function cardUrl(config: Pick<Config, 'publicUrl' | 'host' | 'port'>, secret: string): string {
  return `${publicOrigin(config)}/the#${secret}`;
}

async function storeCard(trx: Tx, userId: UserId, secrets: CardSecrets, issuedBy: UserId, now: number, ip: string | null): Promise<CardId> {
  const replaced = await revokeCardsOf(trx, userId, issuedBy, now);
  const id = await insertCard(trx, { userId, secretHash: hashCardSecret(secrets.secret), shortCodeHash: hashShortCode(userId, secrets.shortCode), issuedBy, now });
  await recordAudit(trx, { at: now, actorUserId: issuedBy, action: 'card.issue', subjectUserId: userId, details: { replaced }, ip });
  return id;
}

/**
 * A new card for a person, in the caller's transaction: their previous card stops working. The answer is the only
 * copy of the secret and the short code; print them (or hand them over) before the transaction ends. Only the demo
 * seed passes `secrets` (a card whose secret is published, like the demo password).
 */
export async function issueCard(trx: Tx, userId: UserId, issuedBy: UserId, now: number, ip: string | null = null, secrets: CardSecrets = newCardSecrets()): Promise<CardSecrets> {
  await storeCard(trx, userId, secrets, issuedBy, now, ip);
  return secrets;
}

/** Revokes the person's card, if they have one (answers whether they had). Audited. */
export async function revokeCard(trx: Tx, userId: UserId, revokedBy: UserId, now: number, ip: string | null = null): Promise<boolean> {
  const revoked = await revokeCardsOf(trx, userId, revokedBy, now);
  if (revoked > 0) await recordAudit(trx, { at: now, actorUserId: revokedBy, action: 'card.revoke', subjectUserId: userId, ip });
  return revoked > 0;
}

// ---------------------------------------------------------------- who may have a card

interface Actor {
  userId: UserId;
  ip: string;
  now: number;
}

async function holdsStaffRole(db: DbOrTx, userId: UserId): Promise<boolean> {
  return (await findGrantsOfUser(db, userId)).some((g) => g.role !== 'learner');
}

interface CardHolderProfile {
  id: UserId;
  fullName: string;
  unitCode: string;
  unitPath: string;
}

/**
 * The people a helper or manager acting on `unit` may hold cards for: living in it (or a hamlet of it), with a
 * consent of their own (an account made from a members list has none yet), and no staff role.
 */
async function holdersInUnit(db: Db, unit: UnitRow | null, userIds: readonly UserId[]): Promise<CardHolderProfile[]> {
  const people: CardHolderProfile[] = [];
  for (const id of userIds) {
    const profile = await findProfile(db, id);
    // Someone outside the unit is as out of reach as someone who does not exist: the answer does not tell them apart.
    if (!profile || (unit && !profile.unit_path.startsWith(unit.path))) throw forbidden();
    if (await holdsStaffRole(db, id)) throw new AppError('card_not_for_staff', 409, { name: profile.full_name });
    people.push({ id, fullName: profile.full_name, unitCode: profile.unit_code, unitPath: profile.unit_path });
  }
  const consenting = await peopleWithConsent(db, userIds);
  const without = people.find((p) => !consenting.has(p.id));
  if (without) throw new AppError('card_needs_consent', 409, { name: without.fullName });
  return people;
}

/** "Khóm Đông Thịnh 1, Phường Long Xuyên" for a hamlet, the commune's full name otherwise. */
async function placeOf(db: Db, unitCode: string, cache: Map<string, string>): Promise<string> {
  let place = cache.get(unitCode);
  if (place === undefined) {
    const unit = await describeUnit(db, unitCode);
    place = unit.kind === 'hamlet' && unit.parent ? `${unit.fullName}, ${unit.parent.fullName}` : unit.fullName;
    cache.set(unitCode, place);
  }
  return place;
}

export interface CardsDeps {
  db: Db;
  config: Config;
}

/**
 * New cards for these people, as one PDF. The PDF is drawn before anything is stored, then every old card is
 * revoked and every new one stored in one transaction: the answer either carries all the new cards or none exists.
 */
async function printCards(deps: CardsDeps, people: readonly CardHolderProfile[], layout: CardLayout, actor: Actor, language: Language): Promise<Buffer> {
  const places = new Map<string, string>();
  const issued: { person: CardHolderProfile; secrets: CardSecrets; face: CardFace }[] = [];
  for (const person of people) {
    const secrets = newCardSecrets();
    issued.push({ person, secrets, face: { fullName: person.fullName, place: await placeOf(deps.db, person.unitCode, places), url: cardUrl(deps.config, secrets.secret), shortCode: secrets.shortCode } });
  }
  const host = new URL(publicOrigin(deps.config)).host;
  const pdf = await renderCardsPdf(
    issued.map((i) => i.face),
    layout,
    {
      platform: translate(language, 'app.name'),
      title: translate(language, 'cards.pdf.title'),
      code: translate(language, 'cards.pdf.code'),
      instructions: translate(language, 'cards.pdf.instructions', { address: `${host}/signin` }),
    },
  );
  await deps.db.transaction().execute(async (trx) => {
    for (const { person, secrets } of issued) await storeCard(trx, person.id, secrets, actor.userId, actor.now, actor.ip);
  });
  return pdf;
}

/** A helper or manager prints cards for people of the unit their grant reaches (the route's policy checked that). */
export async function printCardsInUnit(deps: CardsDeps, unit: UnitRow, userIds: readonly UserId[], layout: CardLayout, actor: Actor, language: Language): Promise<Buffer> {
  return printCards(deps, await holdersInUnit(deps.db, unit, userIds), layout, actor, language);
}

/** A learner prints their own card ("on request"). */
export async function printMyCard(deps: CardsDeps, layout: CardLayout, actor: Actor, language: Language): Promise<Buffer> {
  return printCards(deps, await holdersInUnit(deps.db, null, [actor.userId]), layout, actor, language);
}

export async function revokeCardInUnit(db: Db, unit: UnitRow, userId: UserId, actor: Actor): Promise<void> {
  const profile = await findProfile(db, userId);
  if (!profile || !profile.unit_path.startsWith(unit.path)) throw forbidden();
  await db.transaction().execute((trx) => revokeCard(trx, userId, actor.userId, actor.now, actor.ip));
}

export async function revokeMyCard(db: Db, actor: Actor): Promise<void> {
  await db.transaction().execute((trx) => revokeCard(trx, actor.userId, actor.userId, actor.now, actor.ip));
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function myCardState(db: Db, userId: UserId) {
  const [cards, account] = await Promise.all([liveCardsOf(db, [userId]), findCredentialsById(db, userId)]);
  const card = cards.get(userId);
  return { card: card ? { issuedAt: iso(card.issued_at)!, lastUsedAt: iso(card.last_used_at) } : null, hasPassword: account !== undefined && account.password_hash !== noPassword };
}

function maskPhone(phone: string): string {
  const national = formatPhoneNational(phone);
  return `${national.slice(0, 4)} *** ${national.slice(-3)}`;
}

/** People of the unit a helper may print cards for, found by phone (any writing), by name, or by id. The look is audited. */
export async function findCardPeople(db: Db, unit: UnitRow, query: { q?: string; person?: UserId }, actor: Actor) {
  const q = query.q?.trim() ?? '';
  const phone = normalizeVietnameseMobile(q);
  let ids: UserId[];
  if (query.person !== undefined) ids = [query.person];
  else if (phone) ids = [(await findCredentialsByPhone(db, phone))?.id].filter((id): id is UserId => id !== undefined);
  else if (foldForSearch(q).length >= 2) ids = (await findPeopleInSubtree(db, { unitPath: unit.path, foldedName: foldForSearch(q), limit: 20, offset: 0 })).rows.map((r) => r.id);
  else ids = [];
  const profiles = (await Promise.all(ids.map((id) => findProfile(db, id)))).filter((p) => p !== undefined && p.unit_path.startsWith(unit.path));
  const people = profiles.map((p) => p!);
  const [cards, consenting, staff] = await Promise.all([
    liveCardsOf(db, people.map((p) => p.id)),
    peopleWithConsent(db, people.map((p) => p.id)),
    Promise.all(people.map((p) => holdsStaffRole(db, p.id))),
  ]);
  await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: 'cards.people_search', unitId: unit.id, details: { count: people.length }, ip: actor.ip });
  return {
    people: people.map((p, i) => {
      const card = cards.get(p.id);
      return {
        id: p.id,
        fullName: p.full_name,
        phone: maskPhone(p.phone),
        birthYear: p.birth_year,
        place: p.unit_name,
        card: card ? { issuedAt: iso(card.issued_at)!, lastUsedAt: iso(card.last_used_at) } : null,
        printable: consenting.has(p.id) && !staff[i],
      };
    }),
  };
}

// ---------------------------------------------------------------- signing in

/** Rate-limit keys hold a hash, not the phone number or address itself. */
const throttleKey = hashedRateLimitKey;

type SignInDeps = Pick<AuthDeps, 'db' | 'clock' | 'config'>;

/** Refuses at once when this address has failed too often; the failure itself is counted by `refuse`. */
async function refuseIfAddressThrottled(deps: SignInDeps, ip: string, now: number): Promise<void> {
  const state = await peekRateLimit(deps.db, throttleKey('card-fail-ip', ip), deps.config.rateLimitWindowMinutes * 60_000, now);
  if (state.hits >= deps.config.loginMaxFailuresPerIp) throw tooManyRequests(state.retryAfterSeconds);
}

/** Counts the failure against the address, audits it (against the card's holder when known) and refuses with one message. */
async function refuse(deps: SignInDeps, code: 'card_invalid' | 'card_code_invalid', reason: string, subject: UserId | null, origin: RequestOrigin, now: number): Promise<never> {
  await consumeRateLimit(deps.db, throttleKey('card-fail-ip', origin.ip), deps.config.rateLimitWindowMinutes * 60_000, now);
  await recordAudit(deps.db, { at: now, actorUserId: null, action: 'card.sign_in_refused', subjectUserId: subject, details: { reason, via: code === 'card_invalid' ? 'qr' : 'code' }, ip: origin.ip });
  throw new AppError(code, 401);
}

async function completeCardSignIn(deps: SignInDeps, card: { id: CardId; user_id: UserId }, via: 'qr' | 'code', deviceId: string, origin: RequestOrigin, now: number): Promise<SignedIn> {
  const account = await findCredentialsById(deps.db, card.user_id);
  if (!account || account.disabled_at !== null) throw new AppError('account_disabled', 403);
  await deps.db.transaction().execute(async (trx) => {
    await recordCardSignIn(trx, { id: card.id, userId: card.user_id }, deviceId, now);
    await recordAudit(trx, { at: now, actorUserId: card.user_id, action: 'card.sign_in', subjectUserId: card.user_id, details: { via }, ip: origin.ip });
  });
  return startSession(deps, card.user_id, origin);
}

/** The live card behind a secret, or the refusal (revoked, unknown, or its holder has since become staff). */
async function liveCardBySecret(deps: SignInDeps, secret: string, origin: RequestOrigin, now: number) {
  await refuseIfAddressThrottled(deps, origin.ip, now);
  const card = await findCardBySecretHash(deps.db, hashCardSecret(secret));
  if (!card) return refuse(deps, 'card_invalid', 'unknown', null, origin, now);
  if (card.revoked_at !== null) return refuse(deps, 'card_invalid', 'revoked', card.user_id, origin, now);
  if (await holdsStaffRole(deps.db, card.user_id)) return refuse(deps, 'card_invalid', 'staff', card.user_id, origin, now);
  return card;
}

/** Scanning the card's QR: the PWA's /the page posts the secret from the URL's fragment. */
export async function signInWithCard(deps: SignInDeps, input: { secret: string; deviceId: string }, origin: RequestOrigin): Promise<SignedIn> {
  const now = deps.clock.now();
  const card = await liveCardBySecret(deps, input.secret, origin, now);
  return completeCardSignIn(deps, card, 'qr', input.deviceId, origin, now);
}

/** Whose card this is, before switching person on a shared phone: only for a live card. */
export async function peekCard(deps: SignInDeps, secret: string, viewer: UserId | undefined, origin: RequestOrigin): Promise<{ fullName: string; you: boolean }> {
  const card = await liveCardBySecret(deps, secret, origin, deps.clock.now());
  const profile = await findProfile(deps.db, card.user_id);
  return { fullName: profile?.full_name ?? '', you: viewer === card.user_id };
}

// Compared against when the phone has no card, so that an unknown number takes as long as a wrong code.
const decoyCodeHash = createHash('sha256').update('no card').digest('hex');

/** Typing the phone number and the card's short code. */
export async function signInWithCardCode(deps: SignInDeps, input: { phone: string; code: string; deviceId: string }, origin: RequestOrigin): Promise<SignedIn> {
  const now = deps.clock.now();
  const phone: PhoneNumber | null = normalizeVietnameseMobile(input.phone);
  if (!phone) throw badRequest('invalid_phone', {}, 'phone');
  await refuseIfAddressThrottled(deps, origin.ip, now);
  const phoneKey = throttleKey('card-code-phone', phone);
  const attempts = await consumeRateLimit(deps.db, phoneKey, deps.config.rateLimitWindowMinutes * 60_000, now);
  if (attempts.hits > deps.config.loginMaxAttemptsPerPhone) throw tooManyRequests(attempts.retryAfterSeconds);

  const account = await findCredentialsByPhone(deps.db, phone);
  const card = account ? await findLiveCardOf(deps.db, account.id) : undefined;
  const expected = Buffer.from(card?.short_code_hash ?? decoyCodeHash, 'hex');
  const given = Buffer.from(hashShortCode(account?.id ?? (0 as UserId), input.code), 'hex');
  if (!card || !timingSafeEqual(expected, given)) return refuse(deps, 'card_code_invalid', card ? 'wrong_code' : 'no_card', account?.id ?? null, origin, now);
  if (await holdsStaffRole(deps.db, card.user_id)) return refuse(deps, 'card_code_invalid', 'staff', card.user_id, origin, now);
  await clearRateLimit(deps.db, phoneKey);
  return completeCardSignIn(deps, card, 'code', input.deviceId, origin, now);
}
