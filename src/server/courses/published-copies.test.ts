/**
 * The copies of published content each process keeps (course pages, the catalog, lessons, the news list): never
 * another learner's state, never a draft, and a new publication seen by every process within 5 s.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, actor, anonymous, signedInWith } from '../../../test/actors.js';
import { createTestDatabase, engines } from '../../../test/databases.js';
import { buildTestAppOn, type TestApp } from '../../../test/test-app.js';
import { connectDatabase } from '../db/connect.js';

const freshness = 5_000;

describe.each(engines)('published copies on %s', (engine) => {
  // Two apps on one database: two processes behind the load balancer, each with its own copies and its own clock.
  let a: TestApp;
  let b: TestApp;
  let author: Actor;
  beforeAll(async () => {
    const { handle, env } = await createTestDatabase(engine);
    a = await buildTestAppOn(engine, handle, env);
    b = await buildTestAppOn(engine, connectDatabase({ databaseUrl: env.DATABASE_URL ?? null, sqlitePath: `${env.DATA_DIR}/hoctap.sqlite`, poolSize: 2 }), env);
    author = await signedInWith(a, { role: 'author', unit: '91' });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  /** The same signed-in person asking the other process. */
  const on = (t: TestApp, who: Actor) => actor(t, who);

  async function publishedCourse(title: string, lessons = ['Bài một', 'Bài hai', 'Bài ba']) {
    const id = (await author.post('/api/units/91/courses', { title, summary: 'Tóm tắt.' })).json().id as number;
    expect((await author.patch(`/api/authoring/courses/${id}`, { requiresOrder: true })).statusCode).toBe(200);
    const moduleId = (await author.get(`/api/authoring/courses/${id}`)).json().modules[0].id as number;
    const lessonIds: number[] = [];
    for (const lesson of lessons) {
      const lessonId = (await author.post(`/api/authoring/modules/${moduleId}/lessons`, { title: lesson })).json().id as number;
      expect((await author.patch(`/api/authoring/lessons/${lessonId}`, { baseRevision: 1, body: `Nội dung ${lesson}.` })).statusCode).toBe(200);
      lessonIds.push(lessonId);
    }
    expect((await author.post(`/api/authoring/courses/${id}/publish`)).statusCode).toBe(200);
    return { id, lessonIds };
  }

  const complete = (learner: Actor, lessonId: number) =>
    learner.post('/api/progress', { eventId: randomUUID(), lessonId, type: 'completed', at: new Date(a.clock.now()).toISOString() });
  const states = async (learner: Actor, courseId: number) =>
    ((await learner.get(`/api/courses/${courseId}`)).json().modules as { lessons: { state: string }[] }[]).flatMap((m) => m.lessons.map((l) => l.state));

  it("shows each learner their own lesson states and progress, asked one after the other of the same copy", async () => {
    const { id, lessonIds } = await publishedCourse(`Khóa riêng ${randomUUID().slice(0, 6)}`);
    const first = await signedInWith(a);
    const second = await signedInWith(a);
    expect((await complete(first, lessonIds[0]!)).statusCode).toBe(200);
    // The first learner's page fills the copy; the second reads the same copy.
    expect(await states(first, id)).toEqual(['completed', 'available', 'locked']);
    expect((await first.get(`/api/courses/${id}`)).json().progress).toMatchObject({ completedLessons: 1, requiredLessons: 3, continueLessonId: lessonIds[1] });
    expect(await states(second, id)).toEqual(['available', 'locked', 'locked']);
    expect((await second.get(`/api/courses/${id}`)).json().progress).toBeNull();
    expect((await second.get(`/api/lessons/${lessonIds[1]}`)).statusCode).toBe(403);
    expect((await first.get(`/api/lessons/${lessonIds[1]}`)).statusCode).toBe(200);
    expect((await second.get('/api/me/learning')).json().courses).toEqual([]);
    expect((await first.get('/api/me/learning')).json().courses).toMatchObject([{ id, completedLessons: 1, continueLesson: { id: lessonIds[1] } }]);
    // A visitor gets the outline with no one's state.
    expect(await states(anonymous(a), id)).toEqual(['available', 'locked', 'locked']);

    // The learner's own progress is current at once, though the outline is a copy.
    expect((await complete(second, lessonIds[0]!)).statusCode).toBe(200);
    expect(await states(second, id)).toEqual(['completed', 'available', 'locked']);
    expect((await second.get('/api/me/learning')).json().courses).toMatchObject([{ id, completedLessons: 1 }]);
  });

  it('answers many learners asking at the same moment each with their own state (read together on PostgreSQL)', async () => {
    const { id, lessonIds } = await publishedCourse(`Khóa đông người ${randomUUID().slice(0, 6)}`);
    const learners = await Promise.all(Array.from({ length: 12 }, () => signedInWith(a)));
    // Learner i has finished i % 4 lessons (none to all three).
    for (const [i, learner] of learners.entries()) for (const lessonId of lessonIds.slice(0, i % 4)) expect((await complete(learner, lessonId)).statusCode).toBe(200);
    const answers = await Promise.all(
      learners.map(async (learner) => ({
        page: (await learner.get(`/api/courses/${id}`)).json(),
        learning: (await learner.get('/api/me/learning')).json(),
        lesson: await learner.get(`/api/lessons/${lessonIds[0]}`),
      })),
    );
    for (const [i, { page, learning, lesson }] of answers.entries()) {
      const done = i % 4;
      expect(page.progress?.completedLessons ?? 0).toBe(done);
      expect(page.modules[0].lessons.filter((l: { state: string }) => l.state === 'completed')).toHaveLength(done);
      expect(learning.courses.map((c: { completedLessons: number }) => c.completedLessons)).toEqual(done === 0 ? [] : [done]);
      expect(lesson.json().state.completedAt === null).toBe(done === 0);
    }
  });

  it('never shows a draft: edits are seen only once published, and an unpublished course goes at once in the process that unpublished it', async () => {
    const title = `Khóa nháp ${randomUUID().slice(0, 6)}`;
    const { id, lessonIds } = await publishedCourse(title);
    const learner = await signedInWith(a);
    expect((await learner.get(`/api/courses/${id}`)).json().title).toBe(title);

    await author.patch(`/api/authoring/courses/${id}`, { title: `${title} (chưa công bố)` });
    const draftLesson = (await author.get(`/api/authoring/lessons/${lessonIds[0]}`)).json();
    await author.patch(`/api/authoring/lessons/${lessonIds[0]}`, { baseRevision: draftLesson.revision, body: 'Bản nháp chưa công bố.' });
    a.clock.advance(2 * freshness);
    b.clock.advance(2 * freshness);
    for (const t of [a, b]) {
      const reader = on(t, learner);
      expect((await reader.get(`/api/courses/${id}`)).json().title).toBe(title);
      expect((await reader.get(`/api/courses?q=${encodeURIComponent('chua cong bo')}`)).json().courses).toEqual([]);
      expect((await reader.get(`/api/lessons/${lessonIds[0]}`)).json().html).not.toContain('Bản nháp');
    }

    expect((await author.post(`/api/authoring/courses/${id}/unpublish`)).statusCode).toBe(204);
    expect((await learner.get(`/api/courses/${id}`)).statusCode).toBe(404);
    expect((await learner.get(`/api/courses?q=${encodeURIComponent(title)}`)).json()).toEqual({ total: 0, courses: [] });
    expect((await learner.get(`/api/lessons/${lessonIds[0]}`)).statusCode).toBe(404);
    b.clock.advance(freshness);
    expect((await on(b, learner).get(`/api/courses/${id}`)).statusCode).toBe(404);
    expect((await on(b, learner).get(`/api/courses?q=${encodeURIComponent(title)}`)).json().total).toBe(0);
  });

  it('shows a new publication at once in the process that published it and within 5 s in another', async () => {
    const title = `Khóa phiên bản ${randomUUID().slice(0, 6)}`;
    const { id, lessonIds } = await publishedCourse(title);
    const learner = await signedInWith(a);
    const elsewhere = on(b, learner);
    // The other process has its copies of version 1.
    expect((await elsewhere.get(`/api/courses/${id}`)).json().title).toBe(title);
    expect((await elsewhere.get(`/api/courses?q=${encodeURIComponent('phien ban hai')}`)).json().total).toBe(0);
    expect((await elsewhere.get(`/api/lessons/${lessonIds[0]}`)).json().title).toBe('Bài một');

    await author.patch(`/api/authoring/courses/${id}`, { title: `${title} phiên bản hai` });
    const added = (await author.post(`/api/authoring/modules/${(await author.get(`/api/authoring/courses/${id}`)).json().modules[0].id}/lessons`, { title: 'Bài bốn' })).json().id as number;
    await author.patch(`/api/authoring/lessons/${added}`, { baseRevision: 1, body: 'Nội dung bài bốn.' });
    expect((await author.post(`/api/authoring/courses/${id}/publish`)).statusCode).toBe(200);

    expect((await learner.get(`/api/courses/${id}`)).json()).toMatchObject({ title: `${title} phiên bản hai`, lessonCount: 4 });
    b.clock.advance(freshness);
    const page = (await elsewhere.get(`/api/courses/${id}`)).json();
    expect(page).toMatchObject({ title: `${title} phiên bản hai`, lessonCount: 4 });
    expect(page.modules.flatMap((m: { lessons: { id: number }[] }) => m.lessons.map((l) => l.id))).toEqual([...lessonIds, added]);
    expect((await elsewhere.get(`/api/courses?q=${encodeURIComponent('phien ban hai')}`)).json().courses.map((c: { id: number }) => c.id)).toEqual([id]);
    expect((await elsewhere.get(`/api/lessons/${added}`)).statusCode).toBe(403);
  });

  it('shows a news post published in another process within 5 s', async () => {
    const organiser = await signedInWith(a, { role: 'organiser', unit: '91' });
    const before = (await on(b, organiser).get('/api/news?limit=3')).json().total as number;
    const created = await organiser.post('/api/news-posts', { unitCode: '91', title: `Tin mới ${randomUUID().slice(0, 6)}`, body: 'Nội dung tin.', status: 'published' });
    expect(created.statusCode).toBe(201);
    expect((await organiser.get('/api/news?limit=3')).json().total).toBe(before + 1);
    b.clock.advance(freshness);
    expect((await on(b, organiser).get('/api/news?limit=3')).json().total).toBe(before + 1);
  });
});
