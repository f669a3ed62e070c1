import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { unitIdOf } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { MediaStore } from '../media/media.service.js';
import { publishShippedCourses, shippedPackages } from './shipped-courses.js';

describe.each(engines)('the shipped courses on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    await publishShippedCourses({ db: t.db, store: new MediaStore(t.config.mediaDir), config: t.config }, { unitId: await unitIdOf(t.db, '91'), authorId: null }, t.clock.now());
  });
  afterAll(() => t.close());

  it('publishes every package in content/, and only those', async () => {
    expect(shippedPackages()).toEqual(['dung-ung-dung-hoc-tap', 'ky-nang-so-co-ban', 'tri-tue-nhan-tao']);
    expect(await t.db.selectFrom('published_courses').select('course_id').execute()).toHaveLength(3);
  });

  it('illustrates every lesson with at least one picture in phone sizes, described in words', async () => {
    const lessons = await t.db.selectFrom('published_lessons').select(['title', 'html']).execute();
    expect(lessons.length).toBeGreaterThanOrEqual(17 + 5);
    for (const lesson of lessons) {
      const pictures = [...lesson.html.matchAll(/<img [^>]*>/g)].map(([tag]) => tag);
      expect.soft(pictures.length, lesson.title).toBeGreaterThanOrEqual(1);
      for (const tag of pictures) {
        expect.soft(/ alt="([^"]+)"/.exec(tag)?.[1]?.trim(), lesson.title).toBeTruthy();
        expect.soft(tag, lesson.title).toMatch(/ srcset="[^"]*w480\.webp 480w/);
        expect.soft(tag, lesson.title).toMatch(/ width="\d+" height="\d+"/);
        // What the picture costs a phone saving data, said before it is loaded.
        expect.soft(tag, lesson.title).toMatch(/ data-bytes="\d+"/);
      }
    }
  });

  it('serves the pictures as they are, never compressed again', async () => {
    const { html } = await t.db.selectFrom('published_lessons').select('html').executeTakeFirstOrThrow();
    const picture = /src="(\/media\/[0-9a-f]{64}\/w960\.webp)"/.exec(html)![1]!;
    const response = await anonymous(t).get(picture, { 'accept-encoding': 'gzip, br' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/webp');
    expect(response.headers['content-encoding']).toBeUndefined();
  });
});
