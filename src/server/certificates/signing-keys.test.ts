import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.js';
import { CertificateSigner } from './certificate-signing.js';
import { listSigningKeys, openSigner, rotateSigningKey, SecretKeyMismatch } from './signing-keys.js';

const claims = { code: 'HT-7K3Q-9XW2-M4PD', name: 'Nguyễn Thị Hồng Nhung', course: 'Kỹ năng số cơ bản', date: '2026-11-24', issuer: 'Sở Giáo dục và Đào tạo tỉnh An Giang' };
const newDir = () => mkdtempSync(path.join(os.tmpdir(), 'hoctap-keys-'));

describe.each(engines)('certificate signing keys in the database on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(() => t.handle.close());

  it('imports the key of DATA_DIR/keys/certificate-ed25519.pem once, so that links made with it keep verifying', async () => {
    const dataDir = newDir();
    const legacy = generateKeyPairSync('ed25519').privateKey;
    mkdirSync(path.join(dataDir, 'keys'));
    writeFileSync(path.join(dataDir, 'keys', 'certificate-ed25519.pem'), legacy.export({ format: 'pem', type: 'pkcs8' }));
    const before = new CertificateSigner([legacy]);
    const secretKey = randomBytes(32);
    // Several processes starting at once: one key, the imported one.
    const signers = await Promise.all([1, 2, 3].map(() => openSigner(t.handle.db, { dataDir, secretKey }, 1)));
    expect((await listSigningKeys(t.handle.db)).map((k) => k.kid)).toEqual([before.kid]);
    for (const signer of signers) {
      expect(signer.linkTag(claims.code)).toBe(before.linkTag(claims.code));
      const { payload, signature } = before.signClaims(claims);
      expect(signer.verify(`${payload}.${signature}`)?.code).toBe(claims.code);
    }

    // Another secret does not open them, whether given or made in a fresh DATA_DIR.
    await expect(openSigner(t.handle.db, { dataDir, secretKey: randomBytes(32) }, 2)).rejects.toBeInstanceOf(SecretKeyMismatch);
    await expect(openSigner(t.handle.db, { dataDir: newDir(), secretKey: null }, 2)).rejects.toBeInstanceOf(SecretKeyMismatch);

    // A rotation: the new key signs, the old one still verifies, link tags and pseudonyms stay.
    const signer = signers[0]!;
    const old = signer.signClaims(claims);
    const pseudonym = signer.keyedValue('account:1');
    const kid = await rotateSigningKey(t.handle.db, { dataDir, secretKey }, 3);
    expect(signer.kid).toBe(before.kid);
    await signer.reload!();
    expect(signer.kid).toBe(kid);
    expect(signer.publicKeyDocuments().map((k) => k.kid)).toEqual([kid, before.kid]);
    expect(signer.verify(`${old.payload}.${old.signature}`)?.code).toBe(claims.code);
    const fresh = signer.signClaims(claims);
    expect(JSON.parse(Buffer.from(fresh.payload, 'base64url').toString()).kid).toBe(kid);
    expect(signer.linkTag(claims.code)).toBe(before.linkTag(claims.code));
    expect(signer.keyedValue('account:1')).toBe(pseudonym);
    // A process that has not re-read the keys looks once when a token names a key it does not know.
    expect(signers[1]!.verify(`${fresh.payload}.${fresh.signature}`)).toBeUndefined();
    expect((await signers[1]!.verifyFresh(`${fresh.payload}.${fresh.signature}`))?.code).toBe(claims.code);
    // A rotation with the wrong secret is refused before it adds anything.
    await expect(rotateSigningKey(t.handle.db, { dataDir, secretKey: randomBytes(32) }, 4)).rejects.toBeInstanceOf(SecretKeyMismatch);
    expect(await listSigningKeys(t.handle.db)).toHaveLength(2);
  });
});
