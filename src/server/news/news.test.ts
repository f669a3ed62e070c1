import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

const hour = 3_600_000;

function webRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'hoctap-news-web-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><html><head><title>Học tập suốt đời</title><meta name="description" content="app" /></head><body></body></html>');
  return root;
}

describe.each(engines)('news posts on %s', (engine) => {
  let t: TestApp;
  let organiser: Actor;
  let otherOrganiser: Actor;
  let manager: Actor;
  let admin: Actor;
  let imageId: number;
  beforeAll(async () => {
    t = await buildTestApp(engine, { WEB_ROOT: webRoot(), PUBLIC_URL: 'https://hoctap.angiang.example' });
    organiser = await signedInWith(t, { role: 'organiser', unit: '30307' });
    otherOrganiser = await signedInWith(t, { role: 'organiser', unit: '30292', home: '30292' });
    manager = await signedInWith(t, { role: 'manager', unit: '30307' });
    admin = await signedInWith(t, { role: 'admin', unit: '91' });
    const course = await buildCourse(t.db);
    const media = await t.db
      .insertInto('media')
      .values({ course_id: course.id, name: 'le-phat-dong.png', kind: 'image', mime: 'image/png', sha256: 'ab'.repeat(32), bytes: 100, alt: 'Lễ phát động', width: 1200, height: 630, created_by: null, created_at: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    imageId = media.id;
  });
  afterAll(() => t.close());

  const write = async (body: object, who = organiser) => {
    const response = await who.post('/api/news-posts', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const at = (hoursFromNow: number) => new Date(t.clock.now() + hoursFromNow * hour).toISOString();
  const publicSlugs = async () => ((await anonymous(t).get('/api/news?limit=50')).json().posts as { slug: string }[]).map((p) => p.slug);

  it('shows the public only published posts whose time has come, newest first', async () => {
    const draft = await write({ unitCode: '30307', title: 'Bản nháp chưa đăng', body: 'Nháp' });
    expect(draft).toMatchObject({ status: 'draft', public: false, slug: 'ban-nhap-chua-dang' });
    const older = await write({ unitCode: '30307', title: 'Phát động phong trào', body: 'Tin cũ hơn', status: 'published', publishAt: at(-48) });
    const newer = await write({ unitCode: '30307', title: 'Phát động phong trào', body: 'Tin mới hơn', status: 'published', publishAt: at(-1), imageMediaId: imageId });
    expect(newer.slug).toBe('phat-dong-phong-trao-2');
    const later = await write({ unitCode: '30307', title: 'Lịch học tuần sau', body: 'Sẽ đăng sau', status: 'published', publishAt: at(2) });
    expect(later.public).toBe(false);

    const page = (await anonymous(t).get('/api/news')).json();
    expect(page.posts.map((p: { slug: string }) => p.slug)).toEqual([newer.slug, older.slug]);
    expect(page.total).toBe(2);
    expect(page.posts[0]).toMatchObject({ title: 'Phát động phong trào', excerpt: 'Tin mới hơn', imageUrl: `/media/${'ab'.repeat(32)}/w960.webp`, unit: { code: '30307' } });
    expect((await anonymous(t).get('/api/news?limit=1&offset=1')).json().posts.map((p: { slug: string }) => p.slug)).toEqual([older.slug]);
    expect((await anonymous(t).get(`/api/news/${draft.slug}`)).statusCode).toBe(404);
    expect((await anonymous(t).get(`/api/news/${later.slug}`)).json().error.code).toBe('news_not_found');
    expect((await anonymous(t).get('/api/news?limit=500')).statusCode).toBe(400);

    // Its time comes; withdrawn to draft, it leaves the public again.
    await t.db.updateTable('news_posts').set({ publish_at: t.clock.now() - 1 }).where('slug', '=', later.slug).execute();
    expect(await publicSlugs()).toEqual([later.slug, newer.slug, older.slug]);
    expect((await organiser.patch(`/api/news-posts/${later.id}`, { status: 'draft' })).json().public).toBe(false);
    expect(await publicSlugs()).toEqual([newer.slug, older.slug]);
    expect((await organiser.patch(`/api/news-posts/${draft.id}`, { status: 'published' })).json().public).toBe(true);
    expect(await publicSlugs()).toContain(draft.slug);
    const actions = (await t.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', organiser.userId!).execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['news.create', 'news.update']));
  });

  it('renders Markdown through the sanitiser: no raw HTML, no script, no javascript: link', async () => {
    const post = await write({
      unitCode: '30307',
      title: 'Hướng dẫn tham gia',
      body: '# Cách tham gia\n\n**Bước 1**: cài SmartAnGiang.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[bấm đây](javascript:alert(3)) và [trang tỉnh](https://angiang.gov.vn)',
      status: 'published',
      publishAt: at(-1),
    });
    const article = (await anonymous(t).get(`/api/news/${post.slug}`)).json();
    expect(article.html).toContain('<h2>Cách tham gia</h2>');
    expect(article.html).toContain('<strong>Bước 1</strong>');
    expect(article.html).not.toMatch(/<script|<img|<[^>]*onerror|href="javascript/i);
    expect(article.html).toContain('&lt;script&gt;');
    expect(article.html).toContain('<a href="https://angiang.gov.vn" target="_blank" rel="noopener noreferrer">trang tỉnh</a>');
    expect(article.excerpt).not.toContain('<');
  });

  it('writes the link preview of a public post into the page, and none for a draft', async () => {
    const post = await write({ unitCode: '30307', title: 'Ra mắt ứng dụng "Học tập suốt đời" <mới>', body: 'Sáng 19/5/2025, **UBND tỉnh** phát động.', status: 'published', publishAt: at(-1), imageMediaId: imageId });
    const page = await anonymous(t).get(`/news/${post.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<title>Ra mắt ứng dụng &#34;Học tập suốt đời&#34; &#60;mới&#62;</title>');
    expect(page.body).toContain('<meta property="og:type" content="article" />');
    expect(page.body).toContain('<meta property="og:description" content="Sáng 19/5/2025, UBND tỉnh phát động." />');
    expect(page.body).toContain(`<meta property="og:url" content="https://hoctap.angiang.example/news/${post.slug}" />`);
    expect(page.body).toContain(`<meta property="og:image" content="https://hoctap.angiang.example/media/${'ab'.repeat(32)}/w960.webp" />`);
    const draft = await write({ unitCode: '30307', title: 'Nháp bí mật', body: 'Chưa công bố' });
    const hidden = await anonymous(t).get(`/news/${draft.slug}`);
    expect(hidden.statusCode).toBe(200);
    expect(hidden.body).not.toContain('Nháp bí mật');
    expect(hidden.body).not.toContain('og:title');
  });

  it("lets organisers and admins write only for units they reach; managers and learners not at all", async () => {
    const ours = await write({ unitCode: '30307', title: 'Tin của Long Xuyên', body: 'Nội dung' });
    const theirs = await write({ unitCode: '30292', title: 'Tin của Bình Đức', body: 'Nội dung' }, otherOrganiser);
    expect((await organiser.post('/api/news-posts', { unitCode: '30292', title: 'X', body: 'Y' })).statusCode).toBe(403);
    expect((await organiser.patch(`/api/news-posts/${theirs.id}`, { title: 'Đổi' })).statusCode).toBe(403);
    expect((await organiser.get(`/api/news-posts/${theirs.id}`)).statusCode).toBe(403);
    expect((await organiser.patch(`/api/news-posts/${ours.id}`, { unitCode: '30292' })).statusCode).toBe(403);
    const mine = (await organiser.get('/api/news-posts')).json().posts.map((p: { id: number }) => p.id);
    expect(mine).toContain(ours.id);
    expect(mine).not.toContain(theirs.id);
    expect((await admin.get('/api/news-posts')).json().posts.map((p: { id: number }) => p.id)).toEqual(expect.arrayContaining([ours.id, theirs.id]));
    expect((await admin.patch(`/api/news-posts/${theirs.id}`, { title: 'Tin Bình Đức (đã sửa)' })).json().title).toBe('Tin Bình Đức (đã sửa)');
    expect((await manager.get('/api/news-posts')).statusCode).toBe(403);
    expect((await manager.post('/api/news-posts', { unitCode: '30307', title: 'X', body: 'Y' })).statusCode).toBe(403);
    expect((await anonymous(t).post('/api/news-posts', { unitCode: '30307', title: 'X', body: 'Y' })).statusCode).toBe(401);
    // Bad input.
    expect((await organiser.post('/api/news-posts', { unitCode: '30307', title: 'X', body: 'Y', slug: ours.slug })).json().error.code).toBe('news_slug_taken');
    expect((await organiser.post('/api/news-posts', { unitCode: '30307', title: 'X', body: 'Y', slug: 'Có Dấu' })).statusCode).toBe(400);
    expect((await organiser.post('/api/news-posts', { unitCode: '30307', title: 'X', body: 'Y', imageMediaId: 987654 })).json().error.code).toBe('news_image_not_found');
    expect((await organiser.post('/api/news-posts', { unitCode: 'KHONG', title: 'X', body: 'Y' })).json().error.code).toBe('unit_not_found');
    expect((await organiser.patch('/api/news-posts/987654', { title: 'X' })).statusCode).toBe(404);
  });
});
