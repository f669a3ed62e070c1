import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { publishCourse } from '../authoring/authoring.service.js';

describe.each(engines)('a citizen learns, on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  const at = (offsetMs = 0) => new Date(t.clock.now() + offsetMs).toISOString();
  const send = (learner: Actor, lessonId: number, type: 'opened' | 'completed', eventId = randomUUID(), when = at()) =>
    learner.post('/api/progress', { eventId, lessonId, type, at: when });
  const count = async (table: 'progress_events' | 'lesson_progress' | 'enrollments', userId: number) =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId as never).executeTakeFirstOrThrow()).n);

  describe('the catalog', () => {
    it('finds published courses by title, summary or lesson text, with or without diacritics, title matches first', async () => {
      const inTitle = await buildCourse(t.db, { title: 'Thanh toán bằng mã QR an toàn', summary: 'Trả tiền ở chợ.' });
      const inLesson = await buildCourse(t.db, { title: 'Đi chợ thời 4.0', summary: 'Mua bán hằng ngày.', modules: [['Bài duy nhất']], bodies: { 'Bài duy nhất': 'Quét **mã QR** để thanh toán.' } });
      for (const q of ['ma qr', 'Mã QR', 'MÃ QR']) {
        const { courses } = (await anonymous(t).get(`/api/courses?q=${encodeURIComponent(q)}`)).json();
        const ids = courses.map((c: { id: number }) => c.id);
        expect(ids).toContain(inTitle.id);
        expect(ids).toContain(inLesson.id);
        expect(ids.indexOf(inTitle.id)).toBeLessThan(ids.indexOf(inLesson.id));
      }
      const summary = (await anonymous(t).get('/api/courses?q=hang%20ngay')).json();
      expect(summary.courses.map((c: { id: number }) => c.id)).toEqual([inLesson.id]);
    });

    it('filters by audience and competence tags, and treats search text literally', async () => {
      const elderly = await buildCourse(t.db, { title: 'Khóa cho người cao tuổi', audiences: ['elderly'], competences: ['4.2'] });
      // Published outside this app (as by another process): the catalog shows it within 5 s.
      t.clock.advance(5_000);
      const byAudience = (await anonymous(t).get('/api/courses?tag=elderly')).json();
      expect(byAudience.courses.map((c: { id: number }) => c.id)).toContain(elderly.id);
      expect(byAudience.courses.every((c: { audiences: string[] }) => c.audiences.includes('elderly'))).toBe(true);
      expect((await anonymous(t).get('/api/courses?tag=4.2')).json().courses.map((c: { id: number }) => c.id)).toContain(elderly.id);
      expect((await anonymous(t).get('/api/courses?tag=elderly,4.2')).json().courses.map((c: { id: number }) => c.id)).toContain(elderly.id);
      expect((await anonymous(t).get('/api/courses?tag=elderly,1.1')).json().courses.map((c: { id: number }) => c.id)).not.toContain(elderly.id);
      expect((await anonymous(t).get('/api/courses?q=%25')).json()).toEqual({ total: 0, courses: [] });
      expect((await anonymous(t).get(`/api/courses?q=${encodeURIComponent("' or 1=1 --")}`)).json().total).toBe(0);
    });

    it('pages through results with a total', async () => {
      const first = (await anonymous(t).get('/api/courses?limit=1')).json();
      const second = (await anonymous(t).get('/api/courses?limit=1&offset=1')).json();
      expect(first.total).toBeGreaterThan(1);
      expect(first.courses[0].id).not.toBe(second.courses[0].id);
    });
  });

  describe('a course and its lessons', () => {
    it('shows visitors the outline, and a learner the state of every lesson', async () => {
      const course = await buildCourse(t.db, { modules: [['Một', 'Hai'], ['Ba']] });
      const visitor = (await anonymous(t).get(`/api/courses/${course.id}`)).json();
      expect(visitor.modules.map((m: { title: string }) => m.title)).toEqual(['Chương 1', 'Chương 2']);
      expect(visitor.modules[0].lessons.map((l: { title: string; state: string }) => [l.title, l.state])).toEqual([['Một', 'available'], ['Hai', 'available']]);
      expect(visitor.progress).toBeNull();

      const learner = await signedInWith(t);
      await send(learner, course.lessonIds[0]!, 'completed');
      await send(learner, course.lessonIds[1]!, 'opened');
      const mine = (await learner.get(`/api/courses/${course.id}`)).json();
      expect(mine.modules.flatMap((m: { lessons: { state: string }[] }) => m.lessons.map((l) => l.state))).toEqual(['completed', 'opened', 'available']);
      expect(mine.progress).toMatchObject({ percent: 33, completedLessons: 1, requiredLessons: 3, continueLessonId: course.lessonIds[1] });
    });

    it('serves a lesson with sanitized HTML and its neighbours', async () => {
      const course = await buildCourse(t.db, { modules: [['Một', 'Hai', 'Ba']], bodies: { Hai: '## Bước\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))' } });
      const learner = await signedInWith(t);
      const lesson = (await learner.get(`/api/lessons/${course.lessonIds[1]}`)).json();
      expect(lesson).toMatchObject({ title: 'Hai', position: 2, lessonCount: 3, previous: { id: course.lessonIds[0], title: 'Một' }, next: { id: course.lessonIds[2], title: 'Ba' } });
      expect(lesson.html).toContain('<h2>Bước</h2>');
      expect(lesson.html).not.toMatch(/<script|href="javascript/);
      expect((await learner.get(`/api/lessons/${course.lessonIds[0]}`)).json().previous).toBeNull();
    });

    it('answers 404 for unknown courses and lessons, and 401 for lessons without sign-in', async () => {
      const learner = await signedInWith(t);
      expect((await anonymous(t).get('/api/courses/999999')).json().error.code).toBe('course_not_found');
      expect((await learner.get('/api/lessons/999999')).statusCode).toBe(404);
      expect((await learner.get('/api/lessons/abc')).statusCode).toBe(400);
      const course = await buildCourse(t.db);
      expect((await anonymous(t).get(`/api/lessons/${course.lessonIds[0]}`)).statusCode).toBe(401);
    });

    it('locks lessons of an in-order course, naming the lesson to finish first', async () => {
      const course = await buildCourse(t.db, { requiresOrder: true, modules: [['Bật điện thoại', 'Gọi điện?', 'Nhắn tin']] });
      const learner = await signedInWith(t);
      const locked = await learner.get(`/api/lessons/${course.lessonIds[2]}`);
      expect(locked.statusCode).toBe(403);
      expect(locked.json().error).toEqual({ code: 'lesson_locked', message: 'Bài này chưa mở. Hãy học xong bài «Bật điện thoại» trước.' });
      const outline = (await learner.get(`/api/courses/${course.id}`)).json();
      expect(outline.modules[0].lessons.map((l: { state: string }) => l.state)).toEqual(['available', 'locked', 'locked']);
      expect((await send(learner, course.lessonIds[2]!, 'completed')).statusCode).toBe(403);

      await send(learner, course.lessonIds[0]!, 'completed');
      // The optional lesson in between does not hold the next one back.
      expect((await learner.get(`/api/lessons/${course.lessonIds[2]}`)).statusCode).toBe(200);
    });
  });

  describe('progress', () => {
    it('records an event once: a replay gets the same answer and changes nothing', async () => {
      const course = await buildCourse(t.db);
      const learner = await signedInWith(t);
      const eventId = randomUUID();
      const when = at(-60_000);
      const first = await send(learner, course.lessonIds[0]!, 'completed', eventId, when);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ eventId, type: 'completed', lesson: { completedAt: when }, course: { percent: 33, completedLessons: 1, requiredLessons: 3 } });
      await send(learner, course.lessonIds[1]!, 'completed');
      const replay = await send(learner, course.lessonIds[0]!, 'completed', eventId, when);
      expect(replay.statusCode).toBe(200);
      expect(replay.json()).toEqual(first.json());
      expect(await count('progress_events', learner.userId!)).toBe(2);
      expect((await learner.get(`/api/courses/${course.id}`)).json().progress.completedLessons).toBe(2);
    });

    it('answers 409 when an event id comes back with a different body', async () => {
      const course = await buildCourse(t.db);
      const learner = await signedInWith(t);
      const eventId = randomUUID();
      const when = at();
      await send(learner, course.lessonIds[0]!, 'opened', eventId, when);
      for (const [lesson, type, time] of [[course.lessonIds[1]!, 'opened', when], [course.lessonIds[0]!, 'completed', when], [course.lessonIds[0]!, 'opened', at(-1000)]] as const) {
        const response = await send(learner, lesson, type, eventId, time);
        expect(response.statusCode).toBe(409);
        expect(response.json().error.code).toBe('event_conflict');
      }
      // The same id from another person is theirs alone.
      const other = await signedInWith(t);
      expect((await send(other, course.lessonIds[1]!, 'opened', eventId, when)).statusCode).toBe(200);
    });

    it('applies two copies of one event sent at the same instant once', async () => {
      const course = await buildCourse(t.db);
      const learner = await signedInWith(t);
      const eventId = randomUUID();
      const when = at();
      const responses = await Promise.all(Array.from({ length: 5 }, () => send(learner, course.lessonIds[0]!, 'completed', eventId, when)));
      expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
      expect(new Set(responses.map((r) => r.body)).size).toBe(1);
      expect(await count('progress_events', learner.userId!)).toBe(1);
      expect((await learner.get(`/api/courses/${course.id}`)).json().progress.completedLessons).toBe(1);
    });

    it('acknowledges many concurrent events from many learners, every one stored', async () => {
      const course = await buildCourse(t.db, { modules: [['A', 'B', 'C', 'D', 'E']] });
      const learners = await Promise.all(Array.from({ length: 8 }, () => signedInWith(t)));
      const events = learners.flatMap((learner) => course.lessonIds.map((lessonId) => ({ learner, lessonId, eventId: randomUUID() })));
      const responses = await Promise.all(events.map((e) => send(e.learner, e.lessonId, 'completed', e.eventId)));
      expect(responses.every((r) => r.statusCode === 200)).toBe(true);
      for (const learner of learners) {
        expect(await count('progress_events', learner.userId!)).toBe(5);
        expect((await learner.get(`/api/courses/${course.id}`)).json().progress).toMatchObject({ percent: 100, completedLessons: 5 });
      }
    });

    it.each([
      ['a malformed time', { at: 'yesterday' }, 400, 'invalid_input'],
      ['a time far in the future', { at: 'FUTURE' }, 400, 'progress_in_future'],
      ['a time before the platform existed', { at: '2001-01-01T00:00:00Z' }, 400, 'progress_too_old'],
      ['an unknown event type', { type: 'finished' }, 400, 'invalid_input'],
      ['a short event id', { eventId: 'abc' }, 400, 'invalid_input'],
      ['an event id with odd characters', { eventId: "x'; drop table--" }, 400, 'invalid_input'],
      ['an unknown lesson', { lessonId: 99_999_999 }, 404, 'lesson_not_found'],
    ])('refuses %s', async (_label, change, status, code) => {
      const course = await buildCourse(t.db);
      const learner = await signedInWith(t);
      const body = { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'opened', at: at(), ...change };
      if (body.at === 'FUTURE') body.at = at(60 * 60_000);
      const response = await learner.post('/api/progress', body);
      expect(response.statusCode).toBe(status);
      expect(response.json().error.code).toBe(code);
      expect(await count('progress_events', learner.userId!)).toBe(0);
    });

    it('accepts a phone clock a little fast, and events replayed from an offline queue hours later', async () => {
      const course = await buildCourse(t.db);
      const learner = await signedInWith(t);
      expect((await send(learner, course.lessonIds[0]!, 'opened', randomUUID(), at(2 * 60_000))).statusCode).toBe(200);
      expect((await send(learner, course.lessonIds[1]!, 'completed', randomUUID(), at(-3 * 24 * 60 * 60_000))).statusCode).toBe(200);
    });

    it('never moves backwards: a late "opened" does not undo completion; completion is recorded once', async () => {
      const course = await buildCourse(t.db, { modules: [['Một', 'Hai']] });
      const learner = await signedInWith(t);
      const finished = at(-10_000);
      await send(learner, course.lessonIds[0]!, 'completed', randomUUID(), at(-20_000));
      const done = (await send(learner, course.lessonIds[1]!, 'completed', randomUUID(), finished)).json();
      expect(done.course).toMatchObject({ percent: 100, completedAt: finished });
      const late = (await send(learner, course.lessonIds[1]!, 'opened', randomUUID(), at(-30_000))).json();
      expect(late.lesson.completedAt).toBe(finished);
      expect(late.course.completedAt).toBe(finished);
      const again = (await send(learner, course.lessonIds[1]!, 'completed', randomUUID(), at())).json();
      expect(again.course.completedAt).toBe(finished);
      expect(again.course.completedLessons).toBe(2);
    });

    it('keeps progress across a new published version, counting only lessons that remain', async () => {
      const course = await buildCourse(t.db, { modules: [['Một', 'Hai', 'Ba']] });
      const learner = await signedInWith(t);
      await send(learner, course.lessonIds[0]!, 'completed');
      await send(learner, course.lessonIds[1]!, 'completed');
      // The author removes lesson "Hai" and adds "Bốn", then publishes again.
      await t.db.deleteFrom('lessons').where('id', '=', course.lessonIds[1]!).execute();
      const module = await t.db.selectFrom('lessons').select('module_id').where('id', '=', course.lessonIds[0]!).executeTakeFirstOrThrow();
      await t.db.insertInto('lessons').values({ course_id: course.id, module_id: module.module_id, position: 9, title: 'Bốn', body: 'Mới.', estimated_minutes: 5, competences: '[]', required: 1, created_at: 0, updated_at: 0 }).execute();
      await t.db.transaction().execute((trx) => publishCourse(trx, course.id, null, t.clock.now()));
      const progress = (await learner.get(`/api/courses/${course.id}`)).json().progress;
      expect(progress).toMatchObject({ completedLessons: 1, requiredLessons: 3, percent: 33 });
      expect((await learner.get(`/api/lessons/${course.lessonIds[0]}`)).json().state.completedAt).not.toBeNull();
    });
  });

  describe('my learning', () => {
    it('lists my courses, most recent first, with the lesson to continue', async () => {
      const older = await buildCourse(t.db, { modules: [['A1', 'A2']] });
      const newer = await buildCourse(t.db, { modules: [['B1', 'B2', 'B3']] });
      const learner = await signedInWith(t);
      expect((await learner.get('/api/me/learning')).json()).toEqual({ courses: [] });
      await send(learner, older.lessonIds[0]!, 'opened', randomUUID(), at(-60_000));
      await send(learner, newer.lessonIds[0]!, 'completed', randomUUID(), at(-30_000));
      await send(learner, newer.lessonIds[1]!, 'completed', randomUUID(), at(-20_000));
      const { courses } = (await learner.get('/api/me/learning')).json();
      expect(courses.map((c: { id: number }) => c.id)).toEqual([newer.id, older.id]);
      expect(courses[0]).toMatchObject({ percent: 66, completedLessons: 2, requiredLessons: 3, continueLesson: { id: newer.lessonIds[2], title: 'B3', position: 3 } });
      expect(courses[1]).toMatchObject({ percent: 0, continueLesson: { id: older.lessonIds[0], title: 'A1' } });
    });

    it('is mine alone', async () => {
      const course = await buildCourse(t.db);
      const someone = await signedInWith(t);
      await send(someone, course.lessonIds[0]!, 'opened');
      const other = await signedInWith(t);
      expect((await other.get('/api/me/learning')).json().courses).toEqual([]);
      expect((await anonymous(t).get('/api/me/learning')).statusCode).toBe(401);
      expect((await anonymous(t).post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'opened', at: at() })).statusCode).toBe(401);
    });
  });
});
