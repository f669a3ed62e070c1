import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { jpegWithGps, mp3, png, svgWithScript } from '../../../test/media-fixtures.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

describe.each(engines)('authoring on %s', (engine) => {
  let t: TestApp;
  let author: Actor;
  let reviewer: Actor;
  let learner: Actor;
  beforeAll(async () => {
    // Small limits so that "too large" can be tested with small files.
    t = await buildTestApp(engine, { IMAGE_MAX_MB: '1', MEDIA_MAX_MB: '2' });
    author = await signedInWith(t, { role: 'author', unit: '30307', fullName: 'Tác Giả Phường' });
    reviewer = await signedInWith(t, { role: 'author', unit: '91', fullName: 'Người Duyệt Tỉnh' });
    learner = await signedInWith(t);
  });
  afterAll(() => t.close());

  /** A draft course of Phường Long Xuyên with one module and the given lessons. */
  async function draftCourse(by: Actor = author, lessons: Record<string, string> = { 'Bài một': 'Nội dung một.' }) {
    const created = await by.post('/api/units/30307/courses', { title: `Khóa ${randomUUID().slice(0, 6)}`, summary: 'Tóm tắt.' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    const moduleId = (await by.get(`/api/authoring/courses/${id}`)).json().modules[0].id as number;
    const lessonIds: number[] = [];
    for (const [title, body] of Object.entries(lessons)) {
      const lessonId = (await by.post(`/api/authoring/modules/${moduleId}/lessons`, { title })).json().id as number;
      const saved = await by.patch(`/api/authoring/lessons/${lessonId}`, { baseRevision: 1, body });
      expect(saved.statusCode).toBe(200);
      lessonIds.push(lessonId);
    }
    return { id, moduleId, lessonIds };
  }

  const lessonText = async (lessonId: number) => (await learner.get(`/api/lessons/${lessonId}`)).json().html as string;

  describe('the author workspace', () => {
    it('creates courses only on units the author reaches', async () => {
      expect((await author.post('/api/units/30292/courses', { title: 'Không được' })).statusCode).toBe(403);
      expect((await learner.post('/api/units/30307/courses', { title: 'Không được' })).statusCode).toBe(403);
      const { id } = await draftCourse();
      const list = (await author.get('/api/authoring/courses')).json().courses;
      expect(list.find((c: { id: number }) => c.id === id)).toMatchObject({ status: 'draft', reviewStatus: 'none', lessonCount: 1, unit: { code: '30307' } });
      // The provincial author sees courses of every unit below; another ward's author sees none of them.
      expect((await reviewer.get('/api/authoring/courses')).json().courses.some((c: { id: number }) => c.id === id)).toBe(true);
      const otherWard = await signedInWith(t, { role: 'author', unit: '30292' });
      expect((await otherWard.get('/api/authoring/courses')).json().courses.some((c: { id: number }) => c.id === id)).toBe(false);
      expect((await otherWard.get(`/api/authoring/courses/${id}`)).statusCode).toBe(403);
      expect((await learner.get('/api/authoring/courses')).statusCode).toBe(403);
    });

    it('edits details, checks competence codes and audiences', async () => {
      const { id } = await draftCourse();
      const updated = await author.patch(`/api/authoring/courses/${id}`, { title: 'Dùng Zalo an toàn', audiences: ['elderly', 'citizens'], competences: ['2.1', '4.2'], requiresOrder: true });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({ title: 'Dùng Zalo an toàn', audiences: ['elderly', 'citizens'], competences: ['2.1', '4.2'], requiresOrder: true });
      const wrong = await author.patch(`/api/authoring/courses/${id}`, { competences: ['9.9'] });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.message).toBe('Mã năng lực «9.9» không có trong khung năng lực số.');
      expect((await author.patch(`/api/authoring/courses/${id}`, { audiences: ['aliens'] })).statusCode).toBe(400);
    });

    it('autosaves lessons and never overwrites someone else’s newer save', async () => {
      const { lessonIds } = await draftCourse();
      const lesson = lessonIds[0]!;
      const mine = await author.patch(`/api/authoring/lessons/${lesson}`, { baseRevision: 2, body: '## Bản của tôi' });
      expect(mine.json()).toMatchObject({ body: '## Bản của tôi', revision: 3 });
      const colleague = await signedInWith(t, { role: 'author', unit: '30307' });
      expect((await colleague.patch(`/api/authoring/lessons/${lesson}`, { baseRevision: 3, body: '## Bản của đồng nghiệp' })).statusCode).toBe(200);
      const stale = await author.patch(`/api/authoring/lessons/${lesson}`, { baseRevision: 3, body: '## Bản cũ của tôi' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error).toMatchObject({ code: 'lesson_conflict', current: { body: '## Bản của đồng nghiệp', revision: 4 } });
    });

    it('reorders modules and lessons, also across modules, and refuses an outline that is not the course’s', async () => {
      const { id, moduleId, lessonIds } = await draftCourse(author, { A: 'a', B: 'b', C: 'c' });
      const second = (await author.post(`/api/authoring/courses/${id}/modules`, { title: 'Chương hai' })).json().id;
      const reorder = await author.request('PUT' as 'POST', `/api/authoring/courses/${id}/outline`, { modules: [{ id: second, lessonIds: [lessonIds[2]] }, { id: moduleId, lessonIds: [lessonIds[1], lessonIds[0]] }] });
      expect(reorder.statusCode).toBe(204);
      const draft = (await author.get(`/api/authoring/courses/${id}`)).json();
      expect(draft.modules.map((m: { title: string; lessons: { title: string }[] }) => [m.title, m.lessons.map((l) => l.title)])).toEqual([
        ['Chương hai', ['C']],
        ['Chương 1', ['B', 'A']],
      ]);
      const missing = await author.request('PUT' as 'POST', `/api/authoring/courses/${id}/outline`, { modules: [{ id: moduleId, lessonIds: [lessonIds[0]] }] });
      expect(missing.statusCode).toBe(409);
    });

    it('previews Markdown exactly as learners get it, with what would stop publication', async () => {
      const { id } = await draftCourse();
      const preview = (await author.post(`/api/authoring/courses/${id}/preview`, { markdown: '## Bước 1\n\n<script>alert(1)</script>\n\n![](media/khong-co.png)' })).json();
      expect(preview.html).toContain('<h2>Bước 1</h2>');
      expect(preview.html).not.toContain('<script');
      expect(preview.problems).toEqual([
        { line: 5, message: 'Khóa học chưa có tệp «khong-co.png». Hãy tải tệp lên hoặc sửa tên.' },
        { line: 5, message: 'Hãy mô tả ngắn nội dung ảnh (văn bản thay thế) cho người không nhìn thấy ảnh.' },
      ]);
    });
  });

  describe('publishing', () => {
    it('keeps drafts invisible to learners until published', async () => {
      const { id, lessonIds } = await draftCourse(author, { 'Bài một': 'Nội dung đầu tiên.' });
      expect((await learner.get(`/api/courses/${id}`)).statusCode).toBe(404);
      expect((await learner.get(`/api/lessons/${lessonIds[0]}`)).statusCode).toBe(404);

      const published = await author.post(`/api/authoring/courses/${id}/publish`);
      expect(published.json()).toMatchObject({ version: 1 });
      expect(await lessonText(lessonIds[0]!)).toContain('Nội dung đầu tiên.');

      await author.patch(`/api/authoring/lessons/${lessonIds[0]}`, { baseRevision: 2, body: 'Nội dung đã sửa.' });
      await author.patch(`/api/authoring/courses/${id}`, { title: 'Tên mới chưa công bố' });
      t.clock.advance(10_000);
      expect(await lessonText(lessonIds[0]!)).toContain('Nội dung đầu tiên.');
      expect((await learner.get(`/api/courses/${id}`)).json().title).not.toBe('Tên mới chưa công bố');
      expect((await author.get(`/api/authoring/courses/${id}`)).json()).toMatchObject({ status: 'changed', publishedVersion: 1 });

      await author.post(`/api/authoring/courses/${id}/publish`);
      expect(await lessonText(lessonIds[0]!)).toContain('Nội dung đã sửa.');
      expect((await learner.get(`/api/courses/${id}`)).json().title).toBe('Tên mới chưa công bố');
      expect((await author.get(`/api/authoring/courses/${id}`)).json()).toMatchObject({ status: 'published', publishedVersion: 2 });
    });

    it('refuses to publish pictures without alt text or missing files, naming each lesson and line', async () => {
      const { id } = await draftCourse(author, { 'Bài có ảnh': 'Chữ.\n\n![](media/thieu.png)' });
      const refused = await author.post(`/api/authoring/courses/${id}/publish`);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe('course_not_publishable');
      expect(refused.json().error.problems).toEqual([
        { place: 'Bài «Bài có ảnh», dòng 3', message: 'Khóa học chưa có tệp «thieu.png». Hãy tải tệp lên hoặc sửa tên.' },
        { place: 'Bài «Bài có ảnh», dòng 3', message: 'Hãy mô tả ngắn nội dung ảnh (văn bản thay thế) cho người không nhìn thấy ảnh.' },
      ]);
      expect((await learner.get(`/api/courses/${id}`)).statusCode).toBe(404);
    });

    it('saves a broken media address, shows it as a problem in preview and publication, and publishes once it is fixed', async () => {
      const broken = 'Chữ.\n\n![Ảnh](media/%E0%A4%A)\n\n[Tờ rơi](media/%)';
      const { id, lessonIds } = await draftCourse(author, { 'Bài lỗi': broken });
      const preview = await author.get(`/api/authoring/lessons/${lessonIds[0]}/preview`);
      expect(preview.statusCode).toBe(200);
      expect(preview.json().html).toContain('<em>[Ảnh]</em>');
      const checked = (await author.post(`/api/authoring/courses/${id}/preview`, { markdown: broken })).json();
      expect(checked.problems).toEqual([
        { line: 3, message: 'Khóa học chưa có tệp «%E0%A4%A». Hãy tải tệp lên hoặc sửa tên.' },
        { line: 5, message: 'Khóa học chưa có tệp «%». Hãy tải tệp lên hoặc sửa tên.' },
      ]);
      const refused = await author.post(`/api/authoring/courses/${id}/publish`);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.problems).toEqual([
        { place: 'Bài «Bài lỗi», dòng 3', message: 'Khóa học chưa có tệp «%E0%A4%A». Hãy tải tệp lên hoặc sửa tên.' },
        { place: 'Bài «Bài lỗi», dòng 5', message: 'Khóa học chưa có tệp «%». Hãy tải tệp lên hoặc sửa tên.' },
      ]);
      expect((await author.patch(`/api/authoring/lessons/${lessonIds[0]}`, { baseRevision: 2, body: 'Chữ.' })).statusCode).toBe(200);
      expect((await author.post(`/api/authoring/courses/${id}/publish`)).statusCode).toBe(200);
    });

    it('neutralises script in Markdown for learners', async () => {
      const { id, lessonIds } = await draftCourse(author, { Bài: '<script>alert(1)</script>\n\n[bấm](javascript:alert(1))\n\n<img src=x onerror=alert(1)>' });
      await author.post(`/api/authoring/courses/${id}/publish`);
      const html = await lessonText(lessonIds[0]!);
      for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) expect(tag).not.toMatch(/<script|\son\w+=|javascript:/i);
    });

    it('keeps the history, rolls back with lesson ids intact, and learners keep their progress', async () => {
      const { id, lessonIds } = await draftCourse(author, { 'Bài một': 'Phiên bản một.' });
      await author.post(`/api/authoring/courses/${id}/publish`);
      await learner.post('/api/progress', { eventId: randomUUID(), lessonId: lessonIds[0], type: 'completed', at: new Date(t.clock.now()).toISOString() });
      await author.patch(`/api/authoring/lessons/${lessonIds[0]}`, { baseRevision: 2, body: 'Phiên bản hai, có lỗi.' });
      await author.post(`/api/authoring/courses/${id}/publish`);
      t.clock.advance(10_000);
      expect(await lessonText(lessonIds[0]!)).toContain('Phiên bản hai');

      const rolled = await author.post(`/api/authoring/courses/${id}/versions/1/rollback`);
      expect(rolled.json()).toMatchObject({ version: 3 });
      expect(await lessonText(lessonIds[0]!)).toContain('Phiên bản một.');
      const draft = (await author.get(`/api/authoring/courses/${id}`)).json();
      expect(draft.versions.map((v: { number: number }) => v.number)).toEqual([3, 2, 1]);
      expect(draft.modules[0].lessons[0].id).toBe(lessonIds[0]);
      expect((await learner.get(`/api/courses/${id}`)).json().progress).toMatchObject({ completedLessons: 1, percent: 100 });
      expect((await author.post(`/api/authoring/courses/${id}/versions/9/rollback`)).statusCode).toBe(404);
    });

    it('unpublishes and deletes, each in the audit log with who and when', async () => {
      const { id, lessonIds } = await draftCourse();
      await author.post(`/api/authoring/courses/${id}/publish`);
      expect((await author.post(`/api/authoring/courses/${id}/unpublish`)).statusCode).toBe(204);
      expect((await learner.get(`/api/lessons/${lessonIds[0]}`)).statusCode).toBe(404);
      expect((await anonymous(t).get('/api/courses?limit=100')).json().courses.some((c: { id: number }) => c.id === id)).toBe(false);
      expect((await author.get(`/api/authoring/courses/${id}`)).json().status).toBe('unpublished');
      expect((await author.delete(`/api/authoring/courses/${id}`)).statusCode).toBe(204);
      expect((await author.get(`/api/authoring/courses/${id}`)).statusCode).toBe(404);
      const log = await t.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'at', 'details']).where('action', 'like', 'course.%').where('details', 'like', `%"course":${id}%`).orderBy('id').execute();
      expect(log.map((e) => e.action)).toEqual(['course.create', 'course.publish', 'course.unpublish', 'course.delete']);
      expect(log.every((e) => e.actor_user_id === author.userId && e.at > 0)).toBe(true);
    });
  });

  describe('review', () => {
    it('needs an approval of the current draft by an author of a parent unit, not the one who asked', async () => {
      const { id, lessonIds } = await draftCourse();
      await author.patch(`/api/authoring/courses/${id}`, { requiresReview: true });
      expect((await author.post(`/api/authoring/courses/${id}/publish`)).json().error.code).toBe('course_needs_approval');
      expect((await reviewer.post(`/api/authoring/courses/${id}/review/decision`, { decision: 'approved' })).json().error.code).toBe('review_not_requested');

      await author.post(`/api/authoring/courses/${id}/review`, { message: 'Nhờ anh chị xem giúp.' });
      expect((await author.post(`/api/authoring/courses/${id}/review/decision`, { decision: 'approved' })).json().error.code).toBe('reviewer_not_allowed');
      const sameUnit = await signedInWith(t, { role: 'author', unit: '30307' });
      expect((await sameUnit.post(`/api/authoring/courses/${id}/review/decision`, { decision: 'approved' })).statusCode).toBe(403);

      await reviewer.post(`/api/authoring/courses/${id}/review/comments`, { body: 'Bài một cần thêm ví dụ.' });
      await reviewer.post(`/api/authoring/courses/${id}/review/decision`, { decision: 'changes_requested', message: 'Sửa rồi gửi lại.' });
      await author.patch(`/api/authoring/lessons/${lessonIds[0]}`, { baseRevision: 2, body: 'Có thêm ví dụ.' });
      await author.post(`/api/authoring/courses/${id}/review`, {});
      await reviewer.post(`/api/authoring/courses/${id}/review/decision`, { decision: 'approved', message: 'Tốt.' });
      expect((await author.get('/api/authoring/courses')).json().courses.find((c: { id: number }) => c.id === id).reviewStatus).toBe('approved');

      // A change after the approval needs a new one.
      await author.patch(`/api/authoring/courses/${id}`, { summary: 'Đổi sau khi duyệt.' });
      expect((await author.post(`/api/authoring/courses/${id}/publish`)).json().error.code).toBe('course_needs_approval');
      await author.post(`/api/authoring/courses/${id}/review`, {});
      await reviewer.post(`/api/authoring/courses/${id}/review/decision`, { decision: 'approved' });
      expect((await author.post(`/api/authoring/courses/${id}/publish`)).statusCode).toBe(200);

      const draft = (await author.get(`/api/authoring/courses/${id}`)).json();
      expect(draft.comments.map((c: { kind: string }) => c.kind)).toEqual(['request', 'comment', 'changes_requested', 'request', 'approved', 'request', 'approved']);
      expect(draft.comments[1]).toMatchObject({ body: 'Bài một cần thêm ví dụ.', author: { fullName: 'Người Duyệt Tỉnh' } });
    });
  });

  describe('media', () => {
    it('stores an image with alt text, serves phone-sized WebP for ever, and never the original', async () => {
      const { id } = await draftCourse();
      const uploaded = await author.upload(`/api/authoring/courses/${id}/media?name=${encodeURIComponent('Màn hình chính.PNG')}&alt=${encodeURIComponent('Màn hình chính')}`, await png(), 'image/png');
      expect(uploaded.statusCode).toBe(201);
      const media = uploaded.json();
      expect(media).toMatchObject({ name: 'man-hinh-chinh.png', kind: 'image', mime: 'image/png', width: 1200, height: 800, alt: 'Màn hình chính' });
      const variant = await anonymous(t).get(`/media/${media.sha256}/w480.webp`);
      expect(variant.statusCode).toBe(200);
      expect(variant.headers['content-type']).toBe('image/webp');
      expect(variant.headers['cache-control']).toContain('immutable');
      expect((await sharp(variant.rawPayload).metadata()).width).toBe(480);
      expect((await anonymous(t).get(`/media/${media.sha256}/original.png`)).statusCode).toBe(404);
      expect((await anonymous(t).get(`/media/${media.sha256}/..%2F..%2F..%2Fetc%2Fpasswd`)).statusCode).toBe(404);
      expect((await anonymous(t).get(`/media/..%2F..%2Fetc/passwd`)).statusCode).toBe(404);
      expect((await anonymous(t).get(`/media/${'0'.repeat(64)}/w480.webp`)).statusCode).toBe(404);

      const again = await author.upload(`/api/authoring/courses/${id}/media?name=man-hinh-chinh.png&alt=Ảnh`, await png(), 'image/png');
      expect(again.json()).toMatchObject({ name: 'man-hinh-chinh-2.png', sha256: media.sha256 });
    });

    it('removes camera and GPS data from what learners get', async () => {
      const { id } = await draftCourse();
      const photo = await jpegWithGps();
      expect((await sharp(photo).metadata()).exif).toBeDefined();
      const media = (await author.upload(`/api/authoring/courses/${id}/media?name=ruong-lua.jpg&alt=Ruộng lúa`, photo, 'image/jpeg')).json();
      for (const file of ['w480.webp', 'w960.webp', 'w1600.webp']) {
        const served = await anonymous(t).get(`/media/${media.sha256}/${file}`);
        expect((await sharp(served.rawPayload).metadata()).exif, file).toBeUndefined();
      }
    });

    it('serves audio in byte ranges, and PDFs as downloads', async () => {
      const { id } = await draftCourse();
      const media = (await author.upload(`/api/authoring/courses/${id}/media?name=bai-hat.mp3`, mp3(), 'audio/mpeg')).json();
      expect(media).toMatchObject({ kind: 'audio', mime: 'audio/mpeg', alt: '' });
      const part = await anonymous(t).get(`/media/${media.sha256}/original.mp3`, { range: 'bytes=0-9' });
      expect(part.statusCode).toBe(206);
      expect(part.rawPayload).toHaveLength(10);
      expect(part.headers['content-range']).toBe(`bytes 0-9/${mp3().length}`);
      const pdf = (await author.upload(`/api/authoring/courses/${id}/media?name=to-roi.pdf`, Buffer.from('%PDF-1.7\n%test\n'), 'application/pdf')).json();
      expect((await anonymous(t).get(`/media/${pdf.sha256}/original.pdf`)).headers['content-disposition']).toBe('attachment');
    });

    it.each([
      ['a picture without alt text', () => png(), 'anh.png', '', 400, 'media_alt_required'],
      ['bytes that are not what the name says', () => png(), 'anh.jpg', 'Ảnh', 400, 'media_name_mismatch'],
      ['an SVG with script', async () => svgWithScript, 'logo.svg', 'Logo', 415, 'media_type_refused'],
      ['HTML pretending to be a picture', async () => Buffer.from('<html><script>alert(1)</script></html>'), 'anh.png', 'Ảnh', 415, 'media_type_refused'],
      ['a picture over the image limit', () => sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).png().toBuffer(), 'lon.png', 'Ảnh', 413, 'media_too_large'],
      ['a file over the media limit', async () => mp3(3 * 1024 * 1024), 'dai.mp3', '', 413, 'media_too_large'],
    ])('refuses %s and stores nothing', async (_label, make, name, alt, status, code) => {
      const { id } = await draftCourse();
      const storeBefore = existsSync(t.config.mediaDir) ? readdirSync(t.config.mediaDir, { recursive: true }).filter((name) => !String(name).startsWith('.tmp')).length : 0;
      const response = await author.upload(`/api/authoring/courses/${id}/media?name=${encodeURIComponent(name)}&alt=${encodeURIComponent(alt)}`, await make());
      expect(response.statusCode).toBe(status);
      expect(response.json().error.code).toBe(code);
      expect((await author.get(`/api/authoring/courses/${id}`)).json().media).toEqual([]);
      const storeAfter = existsSync(t.config.mediaDir) ? readdirSync(t.config.mediaDir, { recursive: true }).filter((name) => !String(name).startsWith('.tmp')).length : 0;
      expect(storeAfter).toBe(storeBefore);
      expect(readdirSync(path.join(t.config.mediaDir, '.tmp'))).toEqual([]);
    });

    it('refuses a 2 GB upload from its declared size, before reading it', async () => {
      const { id } = await draftCourse();
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/authoring/courses/${id}/media?name=phim.mp4`,
        headers: { cookie: author.cookie!, 'content-type': 'video/mp4', 'content-length': String(2 * 1024 ** 3) },
        payload: Buffer.alloc(10),
      });
      expect(response.statusCode).toBe(413);
    });

    it('publishes lessons with the course’s pictures, and refuses to delete a picture in use', async () => {
      const { id, lessonIds } = await draftCourse();
      const media = (await author.upload(`/api/authoring/courses/${id}/media?name=zalo.png&alt=Màn hình Zalo`, await png(640, 480), 'image/png')).json();
      await author.patch(`/api/authoring/lessons/${lessonIds[0]}`, { baseRevision: 2, body: '![Màn hình Zalo](media/zalo.png)' });
      await author.patch(`/api/authoring/courses/${id}`, { coverImage: 'zalo.png' });
      expect((await author.post(`/api/authoring/courses/${id}/publish`)).statusCode).toBe(200);
      expect(await lessonText(lessonIds[0]!)).toContain(`src="/media/${media.sha256}/w960.webp"`);
      expect((await anonymous(t).get(`/api/courses/${id}`)).json().coverImage).toBe(`/media/${media.sha256}/w960.webp`);

      const inUse = await author.delete(`/api/authoring/media/${media.id}`);
      expect(inUse.statusCode).toBe(409);
      expect(inUse.json().error.code).toBe('media_in_use');
      await author.patch(`/api/authoring/lessons/${lessonIds[0]}`, { baseRevision: 3, body: 'Không còn ảnh.' });
      await author.patch(`/api/authoring/courses/${id}`, { coverImage: null });
      expect((await author.delete(`/api/authoring/media/${media.id}`)).statusCode).toBe(204);
      expect(existsSync(path.join(t.config.mediaDir, media.sha256.slice(0, 2), media.sha256))).toBe(false);
    });
  });
});
