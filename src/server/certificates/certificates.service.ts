/**
 * Certificates: issued in the transaction that completed a course (progress
 * decides completion and calls issueCertificates), signed by the platform's
 * key; listed, verified, revoked.
 */
import { randomInt } from 'node:crypto';
import type { CourseId, UnitId, UserId } from '../../shared/ids.js';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import { forbidden, notFound } from '../errors.js';
import { grantsReach, type ScopedGrant } from '../grants/grants.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { CertificateSigner } from './certificate-signing.js';
import { dayOf, isoOfDay } from '../../shared/days.js';
import { publishEvent } from '../integrations/integrations.service.js';
import { homeUnitsOf, RollupDeltas } from '../rollups/rollups.service.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import { allocateStatusIndex, findIssuerSettings, releaseStatusIndex, revokedInStatusList, setStatusRevoked, updateIssuerSettings } from './certificates.queries.js';

export type { CertificateSigner };

export interface Completion {
  userId: UserId;
  courseId: CourseId;
  /** When the rule was met: the moment the last lesson was done on the phone, or the final quiz was passed. */
  at: number;
  /** When the server recorded it: jobs it starts are due from then (a phone's clock may run ahead). */
  recordedAt: number;
}

// Crockford's base32 without I, L, O, U: easy to read aloud and type from paper.
const codeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function newCertificateCode(): string {
  const chars = Array.from({ length: 12 }, () => codeAlphabet[randomInt(codeAlphabet.length)]);
  return `HT-${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

interface Issuer {
  unitId: number;
  name: string;
  signatoryName: string;
  signatoryTitle: string;
}

/** The nearest unit at or above the course's owner that names an issuer; else the owner unit itself. */
async function issuerOf(db: DbOrTx, ownerUnitId: number): Promise<Issuer> {
  const owner = await db.selectFrom('units').select(['id', 'path', 'full_name']).where('id', '=', ownerUnitId as never).executeTakeFirstOrThrow();
  const ids = owner.path.split('/').filter(Boolean).map(Number);
  const chain = await db
    .selectFrom('units')
    .select(['id', 'depth', 'full_name', 'certificate_issuer', 'certificate_signatory_name', 'certificate_signatory_title'])
    .where('id', 'in', ids as never[])
    .orderBy('depth', 'desc')
    .execute();
  const named = chain.find((u) => u.certificate_issuer);
  if (!named) return { unitId: owner.id, name: owner.full_name, signatoryName: '', signatoryTitle: '' };
  return { unitId: named.id, name: named.certificate_issuer!, signatoryName: named.certificate_signatory_name ?? '', signatoryTitle: named.certificate_signatory_title ?? '' };
}

/** Name, home unit and assisting team of each person: what a certificate carries and where its count goes. */
async function peopleOf(trx: DbOrTx, userIds: readonly UserId[]) {
  const rows = await trx.selectFrom('users').select(['id', 'full_name', 'home_unit_id', 'assisted_team_id']).where('id', 'in', [...new Set(userIds)]).execute();
  return new Map(rows.map((r) => [r.id, { fullName: r.full_name, home: { unitId: r.home_unit_id, teamId: r.assisted_team_id } }]));
}

/** Issues the certificates (once per learner and course) and writes the counts gathered with them. */
export async function issueCertificates(trx: Tx, signer: CertificateSigner, completions: readonly Completion[], deltas = new RollupDeltas()): Promise<void> {
  if (completions.length === 0) return;
  const people = await peopleOf(trx, completions.map((c) => c.userId));
  const courses = await trx
    .selectFrom('published_courses as pc')
    .innerJoin('courses as c', 'c.id', 'pc.course_id')
    .select(['pc.course_id', 'pc.title', 'pc.competences', 'c.owner_unit_id'])
    .where('pc.course_id', 'in', [...new Set(completions.map((c) => c.courseId))])
    .execute();
  const issuers = new Map<number, Issuer>();
  for (const course of courses) if (!issuers.has(course.owner_unit_id)) issuers.set(course.owner_unit_id, await issuerOf(trx, course.owner_unit_id));
  for (const completion of completions) {
    const course = courses.find((c) => c.course_id === completion.courseId);
    const person = people.get(completion.userId);
    if (!course || !person) continue;
    const issuer = issuers.get(course.owner_unit_id)!;
    const code = newCertificateCode();
    const signed = signer.signClaims({ code, name: person.fullName, course: course.title, date: isoOfDay(dayOf(completion.at)), issuer: issuer.name });
    const statusIndex = await allocateStatusIndex(trx);
    const inserted = await trx
      .insertInto('certificates')
      .values({
        code,
        user_id: completion.userId,
        course_id: completion.courseId,
        learner_name: person.fullName,
        course_title: course.title,
        competences: course.competences,
        issued_at: completion.at,
        issuer_unit_id: issuer.unitId as never,
        issuer_name: issuer.name,
        signatory_name: issuer.signatoryName,
        signatory_title: issuer.signatoryTitle,
        payload: signed.payload,
        signature: signed.signature,
        revoked_at: null,
        revoked_reason: null,
        revoked_by: null,
        status_index: statusIndex,
      })
      .onConflict((oc) => oc.columns(['user_id', 'course_id']).doNothing())
      .returning('id')
      .execute();
    if (inserted.length > 0) {
      deltas.course(person.home, completion.courseId, dayOf(completion.at), 'certified', 1);
      await publishEvent(trx, { type: 'certificate.issued', userId: completion.userId, courseId: completion.courseId, courseTitle: course.title, certificateCode: code, at: completion.at }, completion.recordedAt);
    } else await releaseStatusIndex(trx, statusIndex);
  }
  await deltas.write(trx);
}

const certificateColumns = [
  'code',
  'user_id',
  'course_id',
  'learner_name',
  'course_title',
  'competences',
  'issued_at',
  'issuer_unit_id',
  'issuer_name',
  'signatory_name',
  'signatory_title',
  'payload',
  'signature',
  'revoked_at',
  'revoked_reason',
  'status_index',
] as const;

export async function findCertificate(db: DbOrTx, code: string) {
  return db.selectFrom('certificates').select(certificateColumns).where('code', '=', code).executeTakeFirst();
}

export type CertificateRow = NonNullable<Awaited<ReturnType<typeof findCertificate>>>;

/** The link in the QR code: the public verify page, with the code's tag after "#"; short, so it scans from paper. */
export const verifyLink = (origin: string, signer: CertificateSigner, c: Pick<CertificateRow, 'code'>) => `${origin}/verify/${c.code}#${signer.linkTag(c.code)}`;

export function presentCertificate(c: CertificateRow, origin: string, signer: CertificateSigner) {
  return {
    code: c.code,
    learnerName: c.learner_name,
    courseId: c.course_id,
    courseTitle: c.course_title,
    competences: JSON.parse(c.competences) as string[],
    issuedAt: new Date(c.issued_at).toISOString(),
    issuedOn: isoOfDay(dayOf(c.issued_at)),
    issuer: { name: c.issuer_name, signatoryName: c.signatory_name, signatoryTitle: c.signatory_title },
    status: c.revoked_at === null ? ('valid' as const) : ('revoked' as const),
    revokedAt: c.revoked_at === null ? null : new Date(c.revoked_at).toISOString(),
    revokedReason: c.revoked_reason,
    verifyUrl: verifyLink(origin, signer, c),
  };
}

export async function myCertificates(db: DbOrTx, userId: UserId, origin: string, signer: CertificateSigner) {
  const rows = await db.selectFrom('certificates').select(certificateColumns).where('user_id', '=', userId).orderBy('issued_at', 'desc').execute();
  return { certificates: rows.map((c) => presentCertificate(c, origin, signer)) };
}

/** A certificate its holder, or an admin over its issuing unit, may download. */
export async function certificateFor(db: DbOrTx, code: string, viewer: { userId: UserId; grants: readonly ScopedGrant[] }): Promise<CertificateRow> {
  const certificate = await findCertificate(db, code);
  if (!certificate) throw notFound('certificate_not_found');
  if (certificate.user_id === viewer.userId) return certificate;
  const unit = await db.selectFrom('units').select('path').where('id', '=', certificate.issuer_unit_id).executeTakeFirstOrThrow();
  if (!grantsReach(viewer.grants, 'admin', unit.path)) throw notFound('certificate_not_found');
  return certificate;
}

export async function revokeCertificate(db: Db, code: string, reason: string, actor: { userId: UserId; grants: readonly ScopedGrant[]; ip: string | null; now: number }): Promise<CertificateRow> {
  return db.transaction().execute(async (trx) => {
    const certificate = await findCertificate(trx, code);
    if (!certificate) throw notFound('certificate_not_found');
    const unit = await trx.selectFrom('units').select('path').where('id', '=', certificate.issuer_unit_id).executeTakeFirstOrThrow();
    if (!grantsReach(actor.grants, 'admin', unit.path)) throw forbidden();
    // Revoking twice keeps the first date and reason, tells other systems once, and uncounts once.
    const revoked = await trx
      .updateTable('certificates')
      .set({ revoked_at: actor.now, revoked_reason: reason, revoked_by: actor.userId })
      .where('code', '=', code)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(revoked.numUpdatedRows) > 0) {
      await publishEvent(trx, { type: 'certificate.revoked', userId: certificate.user_id, courseId: certificate.course_id, courseTitle: certificate.course_title, certificateCode: code, at: actor.now }, actor.now);
      // From the revocation day on it no longer counts as certified; periods before still show it.
      const home = (await homeUnitsOf(trx, [certificate.user_id])).get(certificate.user_id);
      if (home) {
        const deltas = new RollupDeltas();
        deltas.course(home, certificate.course_id, dayOf(actor.now), 'certified', -1);
        await deltas.write(trx);
      }
    }
    // The public list flips in the same transaction: wallets see it at their next fetch.
    if (certificate.status_index !== null) await setStatusRevoked(trx, certificate.status_index, actor.now);
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'certificate.revoke', unitId: certificate.issuer_unit_id, details: { code, reason }, ip: actor.ip });
    return (await findCertificate(trx, code))!;
  });
}

/**
 * Whether what follows "#" in a QR link is ours for this code: the short tag of today's links, or the
 * payload.signature of links printed before (which must name the same code). Anything else is "invalid".
 */
async function checkToken(signer: CertificateSigner, code: string, token: string) {
  if (!token.includes('.')) return { valid: signer.isLinkTagOf(code, token), claims: null };
  const claims = await signer.verifyFresh(token);
  return claims && claims.code === code ? { valid: true, claims } : { valid: false, claims: null };
}

/**
 * What the public verify page shows. A token that does not check out makes the answer "invalid", whatever the
 * register says: a tampered QR must never read as valid. Without a token (a code typed by hand) the register decides.
 */
export async function verifyCertificate(db: DbOrTx, signer: CertificateSigner, code: string, token: string | undefined) {
  const checked = token === undefined ? undefined : await checkToken(signer, code, token);
  const signature = checked === undefined ? ('absent' as const) : checked.valid ? ('valid' as const) : ('invalid' as const);
  if (signature === 'invalid') return { status: 'invalid' as const, signature, claims: null, certificate: null };
  const certificate = await findCertificate(db, code);
  const claims = checked?.claims ?? null;
  if (!certificate) return { status: 'unknown' as const, signature, claims, certificate: null };
  return {
    status: certificate.revoked_at === null ? ('valid' as const) : ('revoked' as const),
    signature,
    claims,
    certificate: {
      code: certificate.code,
      learnerName: certificate.learner_name,
      courseTitle: certificate.course_title,
      competences: JSON.parse(certificate.competences) as string[],
      issuedOn: isoOfDay(dayOf(certificate.issued_at)),
      issuerName: certificate.issuer_name,
      revokedAt: certificate.revoked_at === null ? null : new Date(certificate.revoked_at).toISOString(),
      revokedReason: certificate.revoked_reason,
    },
  };
}

/** The revoked places of one public status list, or notFound for a list not started yet. */
export async function statusListOf(db: DbOrTx, list: number): Promise<number[]> {
  const revoked = await revokedInStatusList(db, list);
  if (revoked === undefined) throw notFound('status_list_not_found');
  return revoked;
}

/** Who signs a unit's certificates; null: inherited from the unit above. */
export async function issuerSettingsOf(db: DbOrTx, unitId: UnitId) {
  const unit = await findIssuerSettings(db, unitId);
  return unit.certificate_issuer === null ? null : { issuer: unit.certificate_issuer, signatoryName: unit.certificate_signatory_name ?? '', signatoryTitle: unit.certificate_signatory_title ?? '' };
}

export async function setIssuerSettings(db: DbOrTx, unitId: UnitId, input: { issuer: string; signatoryName: string; signatoryTitle: string }) {
  const line = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();
  const settings = { issuer: line(input.issuer), signatoryName: line(input.signatoryName), signatoryTitle: line(input.signatoryTitle) };
  await updateIssuerSettings(db, unitId, settings);
  return settings;
}

/** Erasing a person removes their certificates: the verify page then says "unknown", which is the truth. */
export const certificatesPersonalData: PersonalDataHandler = {
  table: 'certificates',
  export: (db, userId) =>
    db.selectFrom('certificates').select(['code', 'course_id', 'learner_name', 'course_title', 'issued_at', 'issuer_name', 'revoked_at', 'revoked_reason']).where('user_id', '=', userId).execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('certificates').where('user_id', '=', userId).execute();
  },
};

// The demo seed credits a class outside a serving app, and signs any certificate that completes with the same key.
export { openSigner } from './signing-keys.js';
