/**
 * The public revocation list of certificates, as a W3C Bitstring Status List v1.0 credential: bit i (counted
 * from the most significant bit of the first byte) is 1 when the certificate at place i was revoked. Wallets
 * and other systems check a badge's credentialStatus against it without asking us about a person.
 */
import { gzipSync } from 'node:zlib';
import type { CertificateSigner } from './certificate-signing.js';
import { STATUS_LIST_SIZE } from './certificates.queries.js';
import { type Json, statusListPath, withProof } from './open-badge.js';

/** Multibase base64url (prefix "u", no padding) of the GZIP-compressed bitstring, as the spec's encodedList says. */
export function encodeStatusList(revokedPositions: readonly number[]): string {
  const bits = Buffer.alloc(STATUS_LIST_SIZE / 8);
  for (const position of revokedPositions) bits[position >> 3]! |= 0x80 >> (position & 7);
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** Signed with the certificates' key (eddsa-jcs-2022) at each request: a verifier can tell our list from a forged one. */
export function statusListCredential(list: number, revokedPositions: readonly number[], signer: CertificateSigner, origin: string, now: number) {
  const id = `${origin}${statusListPath(list)}`;
  const credential: { [key: string]: Json } = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: `${origin}/`,
    validFrom: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: encodeStatusList(revokedPositions) },
  };
  return withProof(credential, signer, origin, now);
}
