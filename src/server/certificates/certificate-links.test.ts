import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

const workDir = mkdtempSync(path.join(tmpdir(), 'hoctap-links-'));

async function qrIn(png: Buffer): Promise<string | undefined> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data;
}

async function qrInPdf(pdf: Buffer): Promise<string | undefined> {
  const file = path.join(workDir, `${randomUUID()}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', file, file]);
  return qrIn(readFileSync(`${file}.png`));
}

// What an attacker controls in a request: certificates must not believe any of it.
const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

describe.each(engines)('links in certificates on %s', (engine) => {
  let t: TestApp;
  let learner: Actor;
  let code: string;
  beforeAll(async () => {
    // TRUST_PROXY: even a trusted proxy's forwarded host must not make the links.
    t = await buildTestApp(engine, { HOST: '127.0.0.1', PORT: '3456', TRUST_PROXY: '127.0.0.1' });
    learner = await signedInWith(t, { fullName: 'Lý Thị Liên Kết' });
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    const at = new Date(t.clock.now()).toISOString();
    expect((await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at })).statusCode).toBe(200);
    code = (await learner.get('/api/me/certificates')).json().certificates[0].code;
  });
  afterAll(() => t.close());

  it('builds the verify link, the QR codes and the Open Badge on the configured address, never on the Host header', async () => {
    const verify = `http://127.0.0.1:3456/verify/${code}#`;
    const listed = (await learner.get('/api/me/certificates', forged)).json().certificates[0];
    expect(listed.verifyUrl.startsWith(verify)).toBe(true);
    expect((await learner.get(`/api/certificates/${code}`, forged)).json().verifyUrl).toBe(listed.verifyUrl);

    const badge = await learner.get(`/api/certificates/${code}/badge.json`, forged);
    expect(badge.statusCode).toBe(200);
    expect(badge.body).not.toContain('evil.example');
    expect(badge.json().id).toBe(`http://127.0.0.1:3456/verify/${code}`);

    const picture = await learner.get(`/api/certificates/${code}/image.png`, forged);
    expect(await qrIn(picture.rawPayload)).toBe(listed.verifyUrl);
    const pdf = await learner.get(`/api/certificates/${code}/certificate.pdf`, forged);
    expect(await qrInPdf(pdf.rawPayload)).toBe(listed.verifyUrl);
  });

  it('uses PUBLIC_URL when it is set', async () => {
    const local = await buildTestApp(engine, { PUBLIC_URL: 'https://hoctap.angiang.gov.vn' });
    try {
      const someone = await signedInWith(local);
      const course = await buildCourse(local.db, { modules: [['Bài duy nhất']] });
      const at = new Date(local.clock.now()).toISOString();
      await someone.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at });
      const listed = (await someone.get('/api/me/certificates', forged)).json().certificates[0];
      expect(listed.verifyUrl.startsWith(`https://hoctap.angiang.gov.vn/verify/${listed.code}#`)).toBe(true);
    } finally {
      await local.close();
    }
  });
});
