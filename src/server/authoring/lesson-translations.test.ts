/** A lesson's Khmer version: written in the editor or a package, published with the course, read by learners. */
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { makeZip, validPackageEntries } from '../../../test/zip-fixture.js';
import { MediaStore } from '../media/media-store.js';
import { importFolder } from '../packages/course-package.js';
import { contentDir } from '../packages/shipped-courses.js';

async function zipEntries(zip: Buffer): Promise<Record<string, string>> {
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(zip, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const out: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    file.on('entry', (entry: yauzl.Entry) =>
      file.openReadStream(entry, async (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        out[entry.fileName] = Buffer.concat(chunks).toString('utf8');
        file.readEntry();
      }),
    );
    file.on('end', resolve);
    file.readEntry();
  });
  return out;
}

const khmerBody = '## ប៊ូតុងថាមពល\n\nចុចប៊ូតុង **ថាមពល** ឲ្យជាប់ ដើម្បីបើកទូរស័ព្ទ។';

describe.each(engines)('lesson translations on %s', (engine) => {
  let t: TestApp;
  let author: Actor;
  let learner: Actor;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    author = await signedInWith(t, { role: 'author', unit: '30307' });
    learner = await signedInWith(t);
  });
  afterAll(() => t.close());

  async function courseWithLesson() {
    const { id } = (await author.post('/api/units/30307/courses', { title: 'Điện thoại cho người mới' })).json();
    const moduleId = (await author.get(`/api/authoring/courses/${id}`)).json().modules[0].id;
    const lessonId = (await author.post(`/api/authoring/modules/${moduleId}/lessons`, { title: 'Nút nguồn' })).json().id as number;
    const saved = await author.patch(`/api/authoring/lessons/${lessonId}`, {
      baseRevision: 1,
      body: '## Nút nguồn\n\nNhấn giữ nút **nguồn** để mở máy.',
      translations: { km: { title: '  ប៊ូតុង   ថាមពល ', body: khmerBody } },
    });
    expect(saved.statusCode).toBe(200);
    return { courseId: id as number, lessonId, revision: saved.json().revision as number };
  }

  it('publishes the Khmer version with the lesson; an unpublished Khmer edit stays with the author', async () => {
    const { courseId, lessonId, revision } = await courseWithLesson();
    expect((await author.get(`/api/authoring/lessons/${lessonId}`)).json().lesson.translations).toEqual({ km: { title: 'ប៊ូតុង ថាមពល', body: khmerBody } });
    const preview = (await author.get(`/api/authoring/lessons/${lessonId}/preview`)).json();
    expect(preview.translations.km.html).toContain('<strong>ថាមពល</strong>');

    expect((await author.post(`/api/authoring/courses/${courseId}/publish`)).statusCode).toBe(200);
    const read = (await learner.get(`/api/lessons/${lessonId}`)).json();
    expect(read.html).toContain('nguồn');
    expect(read.translations).toEqual({ km: { title: 'ប៊ូតុង ថាមពល', html: '<h2>ប៊ូតុងថាមពល</h2>\n<p>ចុចប៊ូតុង <strong>ថាមពល</strong> ឲ្យជាប់ ដើម្បីបើកទូរស័ព្ទ។</p>\n' } });

    // A new Khmer text, then its removal, both unpublished: learners keep the published one.
    const edited = await author.patch(`/api/authoring/lessons/${lessonId}`, { baseRevision: revision, translations: { km: { title: 'ប៊ូតុងថាមពល', body: '## ថ្មី\n\nអត្ថបទថ្មី។' } } });
    expect(edited.json().translations.km.body).toBe('## ថ្មី\n\nអត្ថបទថ្មី។');
    t.clock.advance(10_000);
    expect((await learner.get(`/api/lessons/${lessonId}`)).json().translations.km.html).not.toContain('អត្ថបទថ្មី');
    const removed = await author.patch(`/api/authoring/lessons/${lessonId}`, { baseRevision: edited.json().revision, translations: { km: null } });
    expect(removed.json()).toMatchObject({ translations: {}, body: '## Nút nguồn\n\nNhấn giữ nút **nguồn** để mở máy.' });
    expect((await author.get(`/api/authoring/courses/${courseId}`)).json().status).toBe('changed');
    t.clock.advance(10_000);
    expect((await learner.get(`/api/lessons/${lessonId}`)).json().translations.km.title).toBe('ប៊ូតុង ថាមពល');

    await author.post(`/api/authoring/courses/${courseId}/publish`);
    expect((await learner.get(`/api/lessons/${lessonId}`)).json().translations).toEqual({});
    // Rolling back to version 1 brings its Khmer version back to the draft and to learners.
    expect((await author.post(`/api/authoring/courses/${courseId}/versions/1/rollback`)).statusCode).toBe(200);
    expect((await learner.get(`/api/lessons/${lessonId}`)).json().translations.km.title).toBe('ប៊ូតុង ថាមពល');
  });

  it('refuses a Khmer version without a title, and keeps no language that is not offered', async () => {
    const { lessonId, revision } = await courseWithLesson();
    expect((await author.patch(`/api/authoring/lessons/${lessonId}`, { baseRevision: revision, translations: { km: { title: '', body: 'x' } } })).statusCode).toBe(400);
    // Unknown fields are dropped, as everywhere in the API.
    const ignored = await author.patch(`/api/authoring/lessons/${lessonId}`, { baseRevision: revision, translations: { fr: { title: 'Bouton', body: 'x' } } });
    expect(ignored.json().translations).toEqual({ km: { title: 'ប៊ូតុង ថាមពល', body: khmerBody } });
  });

  it('exports the Khmer version as NN-….km.md, and import → export gives the same bytes', async () => {
    const { courseId } = await courseWithLesson();
    const exported = await author.get(`/api/authoring/courses/${courseId}/package`);
    const entries = await zipEntries(exported.rawPayload);
    expect(Object.keys(entries).sort()).toEqual(['01-nut-nguon.km.md', '01-nut-nguon.md', 'course.json']);
    expect(entries['01-nut-nguon.km.md']).toBe(khmerBody);
    expect(JSON.parse(entries['course.json']!).modules[0].lessons[0].translations).toEqual({ km: { file: '01-nut-nguon.km.md', title: 'ប៊ូតុង ថាមពល' } });

    const imported = await author.upload('/api/units/30307/course-packages', exported.rawPayload, 'application/zip');
    expect(imported.statusCode).toBe(201);
    const lesson = (await author.get(`/api/authoring/courses/${imported.json().id}`)).json().modules[0].lessons[0];
    expect(lesson.translations).toEqual({ km: { title: 'ប៊ូតុង ថាមពល', body: khmerBody } });
    expect((await author.get(`/api/authoring/courses/${imported.json().id}/package`)).rawPayload.equals(exported.rawPayload)).toBe(true);
  });

  it.each([
    ['a Khmer file that is missing', [], 'course.json: modules[0].lessons[0].translations.km.file'],
    ['a Khmer file outside the package root', [], 'course.json: modules[0].lessons[0].translations.km.file', 'khmer/01.km.md'],
    ['a language not offered', [{ name: '01-bai-mot.fr.md', data: Buffer.from('## Bonjour') }], 'course.json: modules[0].lessons[0].translations'],
  ])('refuses a package with %s', async (_label, extra, place, file = '01-bai-mot.km.md') => {
    const language = place.endsWith('translations') ? 'fr' : 'km';
    const lessons = [{ file: '01-bai-mot.md', title: 'Bài một', estimatedMinutes: 5, translations: { [language]: { file: language === 'fr' ? '01-bai-mot.fr.md' : file, title: 'មេរៀនទីមួយ' } } }];
    const response = await author.upload('/api/units/30307/course-packages', makeZip([...validPackageEntries({ modules: [{ title: 'Chương một', lessons }] }), ...extra]), 'application/zip');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.problems.map((p: { place: string }) => p.place)).toContain(place);
  });

  it('ships the first module of the digital skills course in Khmer, read by learners after import', async () => {
    const store = new MediaStore(t.config.mediaDir);
    const unit = (await t.db.selectFrom('units').select('id').where('code', '=', '30307').executeTakeFirstOrThrow()).id;
    const { id } = await importFolder({ db: t.db, store, config: t.config }, path.join(contentDir, 'ky-nang-so-co-ban'), { unitId: unit, slug: `khmer-${engine}`, by: null, ip: null, now: t.clock.now() });
    const draft = (await author.get(`/api/authoring/courses/${id}`)).json();
    const [first, second] = draft.modules[0].lessons;
    for (const lesson of [first, second]) {
      expect(lesson.translations.km.title).toMatch(/[\u1780-\u17ff]/);
      expect(lesson.translations.km.body.match(/^## /gm)).toHaveLength(lesson.body.match(/^## /gm).length);
    }
    expect(draft.modules[1].lessons[0].translations).toEqual({});
    expect((await author.post(`/api/authoring/courses/${id}/publish`)).statusCode).toBe(200);
    expect((await learner.get(`/api/lessons/${first.id}`)).json().translations.km.html).toMatch(/<h2>[\u1780-\u17ff]/);
  });
});
