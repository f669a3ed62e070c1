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

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** RFC 8785 for the values we produce (no floats): keys sorted by UTF-16 code units, no spaces. */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export const keysPath = '/.well-known/hoctap-certificate-keys.json';

export function openBadgeCredential(certificate: CertificateRow, competenceNames: ReadonlyMap<string, string>, signer: CertificateSigner, origin: string) {
  const issued = new Date(certificate.issued_at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const competences = JSON.parse(certificate.competences) as string[];
  const credential: { [key: string]: Json } = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `${origin}/verify/${certificate.code}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: certificate.course_title,
    issuer: { id: `${origin}/`, type: ['Profile'], name: certificate.issuer_name },
    validFrom: issued,
    credentialSubject: {
      type: ['AchievementSubject'],
      name: certificate.learner_name,
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
  if (certificate.revoked_at !== null) credential.credentialStatus = { id: `${origin}/verify/${certificate.code}`, type: 'RevokedCredential', reason: certificate.revoked_reason };
  const proofConfig: { [key: string]: Json } = {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-jcs-2022',
    created: issued,
    verificationMethod: `${origin}${keysPath}#${signer.kid}`,
    proofPurpose: 'assertionMethod',
    '@context': credential['@context']!,
  };
  const signed = signer.signBytes(Buffer.concat([sha256(canonicalJson(proofConfig)), sha256(canonicalJson(credential))]));
  const { '@context': _, ...proof } = proofConfig;
  return { ...credential, proof: { ...proof, proofValue: `z${base58btc(signed)}` } };
}
