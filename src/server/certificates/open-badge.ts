/**
 * A certificate as an Open Badges 3.0 credential (a W3C Verifiable Credential),
 * with a Data Integrity proof of the eddsa-jcs-2022 cryptosuite: JSON
 * canonicalization (RFC 8785) and the platform's Ed25519 key, so wallets and
 * verifiers that speak Open Badges can check it without our software.
 */
import { createHash } from 'node:crypto';
import { translate } from '../../shared/i18n/translate.js';
import { base58btc, type CertificateSigner } from './certificate-signing.js';
import type { CertificateRow } from './certificates.service.js';
import { STATUS_LIST_SIZE } from './certificates.queries.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** RFC 8785 for the values we produce (no floats): keys sorted by UTF-16 code units, no spaces. */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export const keysPath = '/.well-known/hoctap-certificate-keys.json';

/** Where status list `list` is published (a BitstringStatusListCredential). */
export const statusListPath = (list: number) => `/api/certificate-status/${list}`;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Adds an eddsa-jcs-2022 Data Integrity proof (as a one-item proof set, the form the Open Badges schema takes).
 * The signature covers the exact JSON produced, so it goes out as text, never re-serialized.
 */
export function withProof(credential: { [key: string]: Json }, signer: CertificateSigner, origin: string, created: number) {
  const proofConfig: { [key: string]: Json } = {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-jcs-2022',
    created: iso(created),
    verificationMethod: `${origin}${keysPath}#${signer.kid}`,
    proofPurpose: 'assertionMethod',
    '@context': credential['@context']!,
  };
  const signed = signer.signBytes(Buffer.concat([sha256(canonicalJson(proofConfig)), sha256(canonicalJson(credential))]));
  const { '@context': _, ...proof } = proofConfig;
  return { ...credential, proof: [{ ...proof, proofValue: `z${base58btc(signed)}` }] };
}

/**
 * Who the badge is about, without saying it to everyone: an OB 3.0 IdentityObject whose identityHash is
 * sha256(value + salt). The value is a keyed pseudonym of the platform account (never the phone number),
 * the same on all of a person's badges, so the platform can confirm "this badge is this account's" on request;
 * the salt differs per badge, so badges of one person cannot be linked by their hashes.
 */
function subjectIdentifier(certificate: CertificateRow, signer: CertificateSigner) {
  const value = `hoctap:${signer.keyedValue(`account:${certificate.user_id}`)}`;
  const salt = signer.keyedValue(`salt:${certificate.code}`).slice(0, 16);
  return {
    type: 'IdentityObject',
    identityType: 'systemId',
    hashed: true,
    identityHash: `sha256$${createHash('sha256').update(value + salt, 'utf8').digest('hex')}`,
    salt,
  };
}

export function openBadgeCredential(certificate: CertificateRow, competenceNames: ReadonlyMap<string, string>, signer: CertificateSigner, origin: string) {
  const competences = JSON.parse(certificate.competences) as string[];
  const credential: { [key: string]: Json } = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `${origin}/verify/${certificate.code}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: certificate.course_title,
    issuer: { id: `${origin}/`, type: ['Profile'], name: certificate.issuer_name },
    validFrom: iso(certificate.issued_at),
    credentialSubject: {
      type: ['AchievementSubject'],
      name: certificate.learner_name,
      identifier: [subjectIdentifier(certificate, signer)],
      achievement: {
        id: `${origin}/courses/${certificate.course_id}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: certificate.course_title,
        description: certificate.course_title,
        criteria: { narrative: translate('vi', 'badge.criteria') },
        alignment: competences.map((code) => ({
          type: ['Alignment'],
          targetName: competenceNames.get(code) ?? code,
          targetCode: code,
          targetFramework: translate('vi', 'badge.framework'),
          targetUrl: `${origin}/competences#${code}`,
        })),
      },
    },
  };
  // Revocation shows in the published list, not in the badge: the copy in a wallet stays as signed.
  if (certificate.status_index !== null) {
    const list = Math.floor(certificate.status_index / STATUS_LIST_SIZE);
    const position = String(certificate.status_index % STATUS_LIST_SIZE);
    const listUrl = `${origin}${statusListPath(list)}`;
    credential.credentialStatus = { id: `${listUrl}#${position}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: position, statusListCredential: listUrl };
  }
  return withProof(credential, signer, origin, certificate.issued_at);
}
