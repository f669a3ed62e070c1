/**
 * The platform's certificate key (Ed25519), the short tag a certificate's QR
 * link carries, and the signed payload older QR links carried.
 *
 * QR links are short (`/verify/HT-…#<tag>`, about 70 characters) so that they
 * scan from a print at 80 dpi: the tag is an HMAC of the code, checked online.
 * Links printed before that carried `#payload.signature`: base64url JSON (v,
 * code, name, course, date, issuer, kid) and its Ed25519 signature, which anyone
 * holding the public key (/.well-known/hoctap-certificate-keys.json) can check
 * offline; they keep verifying. Offline checks now go through the Open Badge.
 */
import { createHash, createHmac, createPublicKey, hkdfSync, type KeyObject, sign, timingSafeEqual, verify } from 'node:crypto';

export interface CertificateClaims {
  v: 1;
  code: string;
  name: string;
  course: string;
  /** Issue date, YYYY-MM-DD (Vietnam time). */
  date: string;
  issuer: string;
  kid: string;
}

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/**
 * 9 bytes = 72 bits = 12 base64url characters, no padding bits. The tag is only
 * ever checked by the server, one request per guess, so 2^72 guesses per code is
 * out of reach; the code itself adds 60 random bits. Longer tags would only make
 * the QR denser (and harder to scan from paper) for no gain.
 */
const LINK_TAG_BYTES = 9;

/** Decodes only the canonical encoding: a changed last character must not decode to the same bytes. */
function strictBase64url(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return base64url(bytes) === text ? bytes : undefined;
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** The key id: the first 16 characters of the SHA-256 of the raw public key, base64url. */
export const kidOf = (publicKey: KeyObject) => base64url(createHash('sha256').update(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')).digest()).slice(0, 16);

/**
 * The platform's certificate keys, oldest first (signing-keys.ts keeps them in the database): the newest signs,
 * every one verifies, so certificates signed before a rotation keep verifying.
 */
export class CertificateSigner {
  #keys: SigningKey[] = [];
  #linkKey = Buffer.alloc(0);
  #subjectKey = Buffer.alloc(0);
  /** Re-reads the keys (another process may have rotated them); set by whoever loaded them. */
  reload?: () => Promise<void>;
  #lastMissReload = 0;

  constructor(privateKeys: readonly KeyObject[]) {
    this.replaceKeys(privateKeys);
  }

  replaceKeys(privateKeys: readonly KeyObject[]): void {
    if (privateKeys.length === 0) throw new Error('no certificate signing key');
    this.#keys = privateKeys.map((privateKey) => {
      const publicKey = createPublicKey(privateKey);
      return { kid: kidOf(publicKey), privateKey, publicKey };
    });
    // HMAC keys derived from the OLDEST key (HKDF, one label per use): a rotation must not change the short tag of
    // QR links already printed, nor a person's Open Badge pseudonym; nothing new to store, back up or lose.
    const seed = Buffer.from(privateKeys[0]!.export({ format: 'jwk' }).d!, 'base64url');
    const derive = (label: string) => Buffer.from(hkdfSync('sha256', seed, Buffer.alloc(0), label, 32));
    this.#linkKey = derive('hoctap certificate link tag v1');
    this.#subjectKey = derive('hoctap open badge subject v1');
  }

  get #newest(): SigningKey {
    return this.#keys[this.#keys.length - 1]!;
  }

  /** The key id new signatures carry. */
  get kid(): string {
    return this.#newest.kid;
  }

  get kids(): string[] {
    return this.#keys.map((k) => k.kid);
  }

  /** What follows "#" in a certificate's QR link. */
  linkTag(code: string): string {
    return base64url(createHmac('sha256', this.#linkKey).update(code, 'utf8').digest().subarray(0, LINK_TAG_BYTES));
  }

  isLinkTagOf(code: string, tag: string): boolean {
    const given = strictBase64url(tag);
    return given !== undefined && given.length === LINK_TAG_BYTES && timingSafeEqual(given, Buffer.from(this.linkTag(code), 'base64url'));
  }

  /** A keyed, stable value standing for a person in Open Badges: says nothing about them, cannot be guessed back. */
  keyedValue(text: string): string {
    return base64url(createHmac('sha256', this.#subjectKey).update(text, 'utf8').digest());
  }

  /** Every public key as a JWK set entry (and a Multikey for Open Badges proofs), newest first. */
  publicKeyDocuments() {
    return [...this.#keys].reverse().map(({ kid, publicKey }) => {
      const x = publicKey.export({ format: 'jwk' }).x!;
      return { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig', publicKeyMultibase: multibaseOf(Buffer.from(x, 'base64url')) };
    });
  }

  signBytes(bytes: Uint8Array): Buffer {
    return sign(null, bytes, this.#newest.privateKey);
  }

  signClaims(claims: Omit<CertificateClaims, 'v' | 'kid'>): { payload: string; signature: string } {
    // Fixed key order: the payload is the same bytes whoever re-creates it.
    const json: CertificateClaims = { v: 1, code: claims.code, name: claims.name, course: claims.course, date: claims.date, issuer: claims.issuer, kid: this.kid };
    const bytes = Buffer.from(JSON.stringify(json), 'utf8');
    return { payload: base64url(bytes), signature: base64url(this.signBytes(bytes)) };
  }

  verify(token: string): CertificateClaims | undefined {
    return verifyCertificateToken(token, this.#keys.map(({ kid, publicKey }) => ({ kid, key: publicKey })));
  }

  /**
   * verify, but a token naming a key this process does not know yet (another process rotated in the last minute)
   * re-reads the keys first; at most once every 5 s, so that made-up key ids cannot turn into a query each.
   */
  async verifyFresh(token: string, now = Date.now()): Promise<CertificateClaims | undefined> {
    const claims = this.verify(token);
    if (claims || !this.reload || now - this.#lastMissReload < 5_000) return claims;
    this.#lastMissReload = now;
    await this.reload();
    return this.verify(token);
  }
}

/**
 * The claims of a "payload.signature" pair (what follows "#" in a certificate's
 * QR link) signed by one of these keys, or undefined if one character of either
 * was changed. Needs nothing but the public keys: this is the offline check.
 */
export function verifyCertificateToken(token: string, keys: readonly { kid: string; key: KeyObject }[]): CertificateClaims | undefined {
  const [payloadText, signatureText, extra] = token.split('.');
  if (extra !== undefined || !payloadText || !signatureText) return undefined;
  const payload = strictBase64url(payloadText);
  const signature = strictBase64url(signatureText);
  if (!payload || !signature || signature.length !== 64) return undefined;
  let claims: CertificateClaims;
  try {
    claims = JSON.parse(payload.toString('utf8')) as CertificateClaims;
  } catch {
    return undefined;
  }
  const key = keys.find((k) => k.kid === claims?.kid)?.key;
  return key && claims.v === 1 && verify(null, payload, key, signature) ? claims : undefined;
}

/** The keys of a JWK set as published at /.well-known/hoctap-certificate-keys.json. */
export function keysFromJwks(jwks: { keys: { kid: string; x: string }[] }): { kid: string; key: KeyObject }[] {
  return jwks.keys.map((k) => ({ kid: k.kid, key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: k.x }, format: 'jwk' }) }));
}

/** base58btc multibase of the multicodec ed25519-pub key (0xed 0x01), as Data Integrity expects. */
const multibaseOf = (rawPublicKey: Buffer) => `z${base58btc(Buffer.concat([Buffer.from([0xed, 0x01]), rawPublicKey]))}`;

const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58btc(bytes: Uint8Array): string {
  let value = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let out = '';
  while (value > 0n) {
    out = alphabet[Number(value % 58n)]! + out;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = `1${out}`;
  }
  return out;
}
