/**
 * The certificate signing keys live in the database, so that every app process and machine signs with the same
 * keys and verifies every certificate. Private keys are encrypted (AES-256-GCM) with a key derived from the
 * platform secret: SECRET_KEY, or on a single machine DATA_DIR/keys/secret made on first start. A database copy
 * alone therefore cannot sign certificates.
 */
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, type KeyObject, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { CertificateSigner, kidOf } from './certificate-signing.js';

/** The keys are there but this process's secret does not open them: it must not start (it would sign with nothing). */
export class SecretKeyMismatch extends Error {
  constructor() {
    super('SECRET_KEY does not decrypt the certificate signing keys');
  }
}

const readOrCreate = async (file: string, make: () => Buffer): Promise<Buffer> => {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // 'wx': if another process made it meanwhile, use that one.
  await writeFile(file, make(), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return readFile(file);
};

/** SECRET_KEY, else DATA_DIR/keys/secret (made on first start): right for one machine, not for several. */
export async function platformSecret(config: Pick<Config, 'secretKey' | 'dataDir'>): Promise<Buffer> {
  return config.secretKey ?? readOrCreate(path.join(config.dataDir, 'keys', 'secret'), () => randomBytes(32));
}

const encryptionKey = (secret: Buffer) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'hoctap signing key encryption v1', 32));

function encrypt(secret: Buffer, kid: string, privateKey: KeyObject): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(secret), nonce).setAAD(Buffer.from(kid));
  const sealed = Buffer.concat([cipher.update(privateKey.export({ format: 'der', type: 'pkcs8' })), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), sealed]).toString('base64url');
}

function decrypt(secret: Buffer, kid: string, text: string): KeyObject {
  const bytes = Buffer.from(text, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', encryptionKey(secret), bytes.subarray(0, 12)).setAAD(Buffer.from(kid));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return createPrivateKey({ key: Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]), format: 'der', type: 'pkcs8' });
  } catch {
    throw new SecretKeyMismatch();
  }
}

/** Adds a key as the given generation; false if another process took that generation first. */
async function insertKey(db: Db, secret: Buffer, generation: number, privateKey: KeyObject, now: number): Promise<boolean> {
  const publicKey = createPublicKey(privateKey);
  const kid = kidOf(publicKey);
  const result = await db
    .insertInto('signing_keys')
    .values({ generation, kid, public_key: publicKey.export({ format: 'jwk' }).x!, private_key: encrypt(secret, kid, privateKey), created_at: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Before the database held the key, each process kept it here; its certificates must keep verifying. */
async function legacyKey(dataDir: string): Promise<KeyObject | undefined> {
  try {
    return createPrivateKey(await readFile(path.join(dataDir, 'keys', 'certificate-ed25519.pem'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export const listSigningKeys = (db: Db) => db.selectFrom('signing_keys').select(['generation', 'kid', 'created_at']).orderBy('generation').execute();

async function readKeys(db: Db, secret: Buffer): Promise<KeyObject[]> {
  const rows = await db.selectFrom('signing_keys').select(['kid', 'private_key']).orderBy('generation').execute();
  return rows.map((row) => decrypt(secret, row.kid, row.private_key));
}

/**
 * The signer of this process: the database's keys, made (or imported from DATA_DIR/keys/certificate-ed25519.pem)
 * when there are none. Processes starting together race on generation 1; the loser reads the winner's key.
 * Throws SecretKeyMismatch when the secret does not open them. The signer re-reads the keys on reload().
 */
export async function openSigner(db: Db, config: Pick<Config, 'secretKey' | 'dataDir'>, now: number): Promise<CertificateSigner> {
  const secret = await platformSecret(config);
  let keys = await readKeys(db, secret);
  if (keys.length === 0) {
    await insertKey(db, secret, 1, (await legacyKey(config.dataDir)) ?? generateKeyPairSync('ed25519').privateKey, now);
    keys = await readKeys(db, secret);
  }
  const signer = new CertificateSigner(keys);
  signer.reload = async () => signer.replaceKeys(await readKeys(db, secret));
  return signer;
}

/** `hoctap keys rotate`: a new key signs from now on (other processes within a minute); the older ones still verify. */
export async function rotateSigningKey(db: Db, config: Pick<Config, 'secretKey' | 'dataDir'>, now: number): Promise<string> {
  const secret = await platformSecret(config);
  // Opening first: a rotation with the wrong secret would add a key nobody else can read.
  await openSigner(db, config, now);
  for (;;) {
    const last = await db.selectFrom('signing_keys').select((eb) => eb.fn.max('generation').as('generation')).executeTakeFirstOrThrow();
    const privateKey = generateKeyPairSync('ed25519').privateKey;
    if (await insertKey(db, secret, Number(last.generation ?? 0) + 1, privateKey, now)) return kidOf(createPublicKey(privateKey));
  }
}

/** How often each process re-reads the keys, so that it picks up a rotation made elsewhere. */
export const signingKeysRefreshMs = 60_000;
