import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { mp3, png } from '../../../test/media-fixtures.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { makeZip, validPackageEntries } from '../../../test/zip-fixture.js';
import { MediaStore } from '../media/media-store.js';
import { importFolder } from './course-package.js';
import { contentDir } from './shipped-courses.js';

async function zipEntries(zip: Buffer): Promise<Record<string, Buffer>> {
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(zip, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const out: Record<string, Buffer> = {};
  await new Promise<void>((resolve, reject) => {
    file.on('entry', (entry: yauzl.Entry) =>
      file.openReadStream(entry, async (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        out[entry.fileName] = Buffer.concat(chunks);
        file.readEntry();
      }),
    );
    file.on('end', resolve);
    file.readEntry();
  });
  return out;
}

describe.each(engines)('course packages on %s', (engine) => {
  let t: TestApp;
  let author: Actor;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    author = await signedInWith(t, { role: 'author', unit: '30307' });
  });
  afterAll(() => t.close());

  const courseCount = async () => Number((await t.db.selectFrom('courses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const storedFiles = () => (existsSync(t.config.mediaDir) ? readdirSync(t.config.mediaDir, { recursive: true }).filter((name) => !String(name).startsWith('.tmp')).length : 0);
  const importZip = (zip: Buffer, by: Actor = author, unit = '30307') => by.upload(`/api/units/${unit}/course-packages`, zip, 'application/zip');

  it('exports a course with media, imports it as a new course, and exports the same bytes again', async () => {
    const { id } = (await author.post('/api/units/30307/courses', { title: 'Thanh toán bằng mã QR', summary: 'Trả tiền an toàn.' })).json();
    const moduleId = (await author.get(`/api/authoring/courses/${id}`)).json().modules[0].id;
    await author.upload(`/api/authoring/courses/${id}/media?name=ma-qr.png&alt=${encodeURIComponent('Mã QR của quầy rau')}`, await png(400, 400), 'image/png');
    await author.upload(`/api/authoring/courses/${id}/media?name=huong-dan.mp3`, mp3(), 'audio/mpeg');
    const first = (await author.post(`/api/authoring/modules/${moduleId}/lessons`, { title: 'Quét mã' })).json().id;
    await author.patch(`/api/authoring/lessons/${first}`, { baseRevision: 1, body: '## Quét mã\n\n![Mã QR của quầy rau](media/ma-qr.png)\n\n![Nghe hướng dẫn](media/huong-dan.mp3)', competences: ['4.2'], estimatedMinutes: 7 });
    const second = (await author.post(`/api/authoring/courses/${id}/modules`, { title: 'Chương hai' })).json().id;
    await author.post(`/api/authoring/modules/${second}/lessons`, { title: 'Kiểm tra tên người nhận' });
    await author.patch(`/api/authoring/courses/${id}`, { coverImage: 'ma-qr.png', audiences: ['citizens', 'elderly'], competences: ['4.2'] });

    const exported = await author.get(`/api/authoring/courses/${id}/package`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe('application/zip');
    expect(exported.headers['content-disposition']).toMatch(/^attachment; filename="thanh-toan-bang-ma-qr-[0-9a-f]{6}\.zip"$/);
    const entries = await zipEntries(exported.rawPayload);
    expect(Object.keys(entries).sort()).toEqual(['01-quet-ma.md', '02-kiem-tra-ten-nguoi-nhan.md', 'course.json', 'media/huong-dan.mp3', 'media/ma-qr.png']);
    expect(JSON.parse(entries['course.json']!.toString())).toMatchObject({ schema: 'hoctap.course/1', title: 'Thanh toán bằng mã QR', coverImage: 'ma-qr.png', media: [{ name: 'huong-dan.mp3', alt: '' }, { name: 'ma-qr.png', alt: 'Mã QR của quầy rau' }] });

    const imported = await importZip(exported.rawPayload);
    expect(imported.statusCode).toBe(201);
    const again = await author.get(`/api/authoring/courses/${imported.json().id}/package`);
    expect(again.rawPayload.equals(exported.rawPayload)).toBe(true);
    const draft = (await author.get(`/api/authoring/courses/${imported.json().id}`)).json();
    expect(draft).toMatchObject({ title: 'Thanh toán bằng mã QR', status: 'draft', coverImage: 'ma-qr.png', audiences: ['citizens', 'elderly'] });
    expect((await author.post(`/api/authoring/courses/${imported.json().id}/publish`)).statusCode).toBe(200);
  });

  it('imports the shipped curriculum folders through the same import', async () => {
    const store = new MediaStore(t.config.mediaDir);
    const unit = (await t.db.selectFrom('units').select('id').where('code', '=', '30307').executeTakeFirstOrThrow()).id;
    const { id } = await importFolder({ db: t.db, store, config: t.config }, path.join(contentDir, 'ky-nang-so-co-ban'), { unitId: unit, slug: `shipped-${engine}`, by: null, ip: null, now: t.clock.now() });
    const draft = (await author.get(`/api/authoring/courses/${id}`)).json();
    expect(draft.modules).toHaveLength(5);
    expect(draft.modules.flatMap((m: { lessons: unknown[] }) => m.lessons)).toHaveLength(10);
    expect(draft.completionRule).toBe('lessons_and_final');

    // Its question bank and quizzes travel with it: export → import → export gives the same bytes.
    const exported = await author.get(`/api/authoring/courses/${id}/package`);
    const entries = await zipEntries(exported.rawPayload);
    const questions = JSON.parse(entries['questions.json']!.toString());
    expect(questions.schema).toBe('hoctap.questions/1');
    expect(questions.questions).toHaveLength(15);
    const courseJson = JSON.parse(entries['course.json']!.toString());
    expect(courseJson.completion).toBe('lessonsAndFinalQuiz');
    expect(courseJson.quizzes.map((q: { kind: string; module?: number }) => [q.kind, q.module])).toEqual([
      ['practice', 3],
      ['practice', 4],
      ['final', undefined],
    ]);
    const imported = await importZip(exported.rawPayload);
    expect(imported.statusCode).toBe(201);
    expect((await author.get(`/api/authoring/courses/${imported.json().id}/package`)).rawPayload.equals(exported.rawPayload)).toBe(true);
    const bank = (await author.get(`/api/authoring/courses/${imported.json().id}/quiz-bank`)).json();
    expect(bank.questions).toHaveLength(15);
    expect(bank.quizzes).toHaveLength(3);
  });

  it('places every problem of a bad question bank and of bad quizzes', async () => {
    const questions = {
      schema: 'hoctap.questions/1',
      questions: [
        { id: 'cau-1', type: 'single', prompt: 'Hỏi?', options: ['A', 'B'], answer: 3 },
        { id: 'cau-1', type: 'true_false', prompt: 'Đúng không?', answer: true },
        { id: 'cau-3', type: 'ordering', prompt: 'Xếp.', items: ['Một'] },
      ],
    };
    const [courses, files] = [await courseCount(), storedFiles()];
    const response = await importZip(
      makeZip([
        ...validPackageEntries({ completion: 'lessonsAndFinalQuiz', quizzes: [{ title: 'Luyện', kind: 'practice', questions: ['cau-9'], module: 4 }] }),
        { name: 'questions.json', data: Buffer.from(JSON.stringify(questions)) },
      ]),
    );
    expect(response.statusCode).toBe(400);
    const problems = response.json().error.problems.map((p: { place: string }) => p.place);
    expect(problems).toEqual(
      expect.arrayContaining([
        'questions.json: questions[0].answer',
        'questions.json: questions[1].id',
        'questions.json: questions[2].items',
        'course.json: quizzes[0].questions[0]',
        'course.json: quizzes[0].module',
        'course.json: completion',
      ]),
    );
    expect(await courseCount()).toBe(courses);
    expect(storedFiles()).toBe(files);
  });

  it('only lets authors import into units they author for', async () => {
    const zip = makeZip(validPackageEntries());
    expect((await importZip(zip, author, '30292')).statusCode).toBe(403);
    const learner = await signedInWith(t);
    expect((await importZip(zip, learner)).statusCode).toBe(403);
    expect((await anonymous(t).upload('/api/units/30307/course-packages', zip, 'application/zip')).statusCode).toBe(401);
  });

  const bomb = Buffer.alloc(50 * 1024 * 1024);
  it.each([
    ['a name that climbs out of the package', [...validPackageEntries(), { name: '../../etc/cron.d/x', data: Buffer.from('boom') }], '../../etc/cron.d/x', 'không an toàn'],
    ['an absolute name', [...validPackageEntries(), { name: '/etc/passwd', data: Buffer.from('root') }], '/etc/passwd', 'không an toàn'],
    ['a link', [...validPackageEntries(), { name: 'media/link.png', data: Buffer.from('/etc/passwd'), symlink: true }], 'media/link.png', 'không an toàn'],
    ['a zip bomb', [...validPackageEntries(), { name: 'media/bom.png', data: bomb, compress: true }], 'media/bom.png', 'bom zip'],
    ['a file that is not what its name says', [...validPackageEntries({ media: [{ name: 'anh.png', alt: 'Ảnh' }] }), { name: 'media/anh.png', data: Buffer.from('<html><script>alert(1)</script></html>') }], 'media/anh.png', 'không phải là ảnh'],
    ['a file nobody mentions', [...validPackageEntries(), { name: 'notes.txt', data: Buffer.from('x') }], 'notes.txt', 'không được course.json nhắc tới'],
    ['a lesson file that is missing', [validPackageEntries()[0]!], 'course.json: modules[0].lessons[0].file', 'không có tệp «01-bai-mot.md»'],
    ['course.json that is not JSON', [{ name: 'course.json', data: Buffer.from('{ "title": ') }], 'course.json', 'Không đọc được JSON'],
    ['course.json without required fields', [{ name: 'course.json', data: Buffer.from(JSON.stringify({ schema: 'hoctap.course/1', title: 'x' })) }], 'course.json: /', 'Thiếu:'],
    ['an unknown competence', validPackageEntries({ competences: ['8.8'] }), 'course.json: competences[0]', '«8.8»'],
    ['a picture without alt text', [...validPackageEntries({ media: [{ name: 'anh.png', alt: '' }] })], 'course.json: media[0]', 'không có tệp «media/anh.png»'],
    ['an entry that inflates beyond its declared size', [validPackageEntries()[0]!, { name: '01-bai-mot.md', data: Buffer.from(`## Bài\n\n${'Nội dung. '.repeat(500)}`), compress: true, declaredBytes: 20 }], '01-bai-mot.md', 'bị hỏng'],
    ['an entry shorter than its declared size', [validPackageEntries()[0]!, { name: '01-bai-mot.md', data: Buffer.from('## Bài'), compress: true, declaredBytes: 2000 }], '01-bai-mot.md', 'bị hỏng'],
    ['a stored entry whose sizes disagree', [validPackageEntries()[0]!, { name: '01-bai-mot.md', data: Buffer.from('## Bài'), declaredBytes: 2000 }], 'zip', 'bị hỏng'],
    ['an entry whose CRC-32 is wrong', [validPackageEntries()[0]!, { name: '01-bai-mot.md', data: Buffer.from('## Bài'), crc: 0x12345678 }], '01-bai-mot.md', 'bị hỏng'],
    ['a compressed media file whose CRC-32 is wrong', [...validPackageEntries({ media: [{ name: 'bai.mp3', alt: '' }] }), { name: 'media/bai.mp3', data: mp3(), compress: true, crc: 1 }], 'media/bai.mp3', 'bị hỏng'],
    ['two entries with the same name', [...validPackageEntries(), { name: '01-bai-mot.md', data: Buffer.from('## Bài khác') }], '01-bai-mot.md', 'cùng tên'],
  ])('refuses %s, says where, and leaves nothing behind', async (_label, entries, place, message) => {
    const [courses, files] = [await courseCount(), storedFiles()];
    const response = await importZip(makeZip(entries));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_package');
    expect(response.json().error.problems).toContainEqual({ place, message: expect.stringContaining(message) });
    expect(await courseCount()).toBe(courses);
    expect(storedFiles()).toBe(files);
    expect(readdirSync(path.join(t.config.mediaDir, '.tmp'))).toEqual([]);
  });

  it('reports every problem of a package at once', async () => {
    const response = await importZip(makeZip([...validPackageEntries({ competences: ['8.8'], audiences: ['martians'], media: [{ name: 'Ảnh có dấu.png', alt: 'x' }] }), { name: 'extra.txt', data: Buffer.from('x') }]));
    expect(response.json().error.problems.length).toBeGreaterThanOrEqual(4);
    expect(response.json().error.message).toMatch(/^Gói khóa học có \d+ lỗi; chưa có gì được nhập\.$/);
  });

  it('refuses what is not a zip at all', async () => {
    const response = await importZip(Buffer.from('this is not a zip file'));
    expect(response.json().error.problems).toEqual([{ place: 'zip', message: 'Tệp gửi lên không phải là gói ZIP hợp lệ.' }]);
  });

  it('imports script in Markdown, and learners get it neutralised', async () => {
    const entries = validPackageEntries();
    entries[1] = { name: '01-bai-mot.md', data: Buffer.from('<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>') };
    const imported = (await importZip(makeZip(entries))).json();
    await author.post(`/api/authoring/courses/${imported.id}/publish`);
    const lessonId = (await author.get(`/api/authoring/courses/${imported.id}`)).json().modules[0].lessons[0].id;
    const learner = await signedInWith(t);
    const html = (await learner.get(`/api/lessons/${lessonId}`)).json().html as string;
    for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) expect(tag).not.toMatch(/<script|\son\w+=|javascript:/i);
  });
});
