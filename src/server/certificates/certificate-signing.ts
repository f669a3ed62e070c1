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
import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, type KeyObject, sign, timingSafeEqual, verify } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

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

export class CertificateSigner {
  readonly kid: string;
  readonly publicKey: KeyObject;

  private readonly linkKey: Buffer;
  private readonly subjectKey: Buffer;

  constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    this.kid = base64url(createHash('sha256').update(this.rawPublicKey()).digest()).slice(0, 16);
    // HMAC keys derived from the same secret (HKDF, one label per use): nothing new to store, back up or lose.
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
    const derive = (label: string) => Buffer.from(hkdfSync('sha256', seed, Buffer.alloc(0), label, 32));
    this.linkKey = derive('hoctap certificate link tag v1');
    this.subjectKey = derive('hoctap open badge subject v1');
  }

  /** What follows "#" in a certificate's QR link. */
  linkTag(code: string): string {
    return base64url(createHmac('sha256', this.linkKey).update(code, 'utf8').digest().subarray(0, LINK_TAG_BYTES));
  }

  isLinkTagOf(code: string, tag: string): boolean {
    const given = strictBase64url(tag);
    return given !== undefined && given.length === LINK_TAG_BYTES && timingSafeEqual(given, Buffer.from(this.linkTag(code), 'base64url'));
  }

  /** A keyed, stable value standing for a person in Open Badges: says nothing about them, cannot be guessed back. */
  keyedValue(text: string): string {
    return base64url(createHmac('sha256', this.subjectKey).update(text, 'utf8').digest());
  }

  rawPublicKey(): Buffer {
    return Buffer.from(this.publicKey.export({ format: 'jwk' }).x!, 'base64url');
  }

  /** The public key as a JWK set entry, and as a Multikey for Open Badges proofs. */
  publicKeyDocument() {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { kty: 'OKP', crv: 'Ed25519', x: jwk.x!, kid: this.kid, alg: 'EdDSA', use: 'sig', publicKeyMultibase: this.multibase() };
  }

  /** base58btc multibase of the multicodec ed25519-pub key (0xed 0x01), as Data Integrity expects. */
  multibase(): string {
    return `z${base58btc(Buffer.concat([Buffer.from([0xed, 0x01]), this.rawPublicKey()]))}`;
  }

  signBytes(bytes: Uint8Array): Buffer {
    return sign(null, bytes, this.privateKey);
  }

  signClaims(claims: Omit<CertificateClaims, 'v' | 'kid'>): { payload: string; signature: string } {
    // Fixed key order: the payload is the same bytes whoever re-creates it.
    const json: CertificateClaims = { v: 1, code: claims.code, name: claims.name, course: claims.course, date: claims.date, issuer: claims.issuer, kid: this.kid };
    const bytes = Buffer.from(JSON.stringify(json), 'utf8');
    return { payload: base64url(bytes), signature: base64url(this.signBytes(bytes)) };
  }

  verify(token: string): CertificateClaims | undefined {
    return verifyCertificateToken(token, [{ kid: this.kid, key: this.publicKey }]);
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

/**
 * The key lives in DATA_DIR/keys (readable by the server's user only) and is
 * made on first start. Losing it means new certificates get a new key; old
 * ones stay verifiable online, so back it up with the database.
 */
export async function loadOrCreateSigner(dataDir: string): Promise<CertificateSigner> {
  const file = path.join(dataDir, 'keys', 'certificate-ed25519.pem');
  try {
    return new CertificateSigner(createPrivateKey(await readFile(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // 'wx': if another process made the key meanwhile, use that one.
  await writeFile(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return new CertificateSigner(createPrivateKey(await readFile(file, 'utf8')));
}
