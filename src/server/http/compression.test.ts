import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signIn } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse, buildPerson } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

describe.each(engines)('compressed API answers on %s', (engine) => {
  let t: TestApp;
  let learner: Actor;
  let lessonPath: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    learner = await signIn(t, (await buildPerson(t.db)).phone);
    const body = Array.from({ length: 40 }, (_, i) => `Đoạn ${i + 1}: mở ứng dụng, bấm nút Học tiếp và đọc bài học từ đầu đến cuối.`).join('\n\n');
    const course = await buildCourse(t.db, { modules: [['Bài dài']], bodies: { 'Bài dài': body } });
    lessonPath = `/api/lessons/${course.lessonIds[0]}`;
  });
  afterAll(() => t.close());

  it.each([
    ['a lesson', () => learner, () => lessonPath],
    ['the competences', () => anonymous(t), () => '/api/competences'],
  ])('sends %s gzip-encoded when asked, plain when not, and says it varies', async (_label, who, path) => {
    const plain = await who().get(path());
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.rawPayload.length).toBeGreaterThan(1024);

    const gzipped = await who().get(path(), { 'accept-encoding': 'gzip' });
    expect(gzipped.statusCode).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
    expect(gzipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(JSON.parse(gunzipSync(gzipped.rawPayload).toString('utf8'))).toEqual(plain.json());

    expect((await who().get(path(), { 'accept-encoding': 'gzip, deflate, br, zstd' })).headers['content-encoding']).toBe('gzip');
    expect((await who().get(path(), { 'accept-encoding': 'br' })).headers['content-encoding']).toBe('br');
  });

  it('leaves small answers plain', async () => {
    const response = await anonymous(t).get('/api/health', { 'accept-encoding': 'gzip' });
    expect(response.rawPayload.length).toBeLessThan(1024);
    expect(response.headers['content-encoding']).toBeUndefined();
  });
});
