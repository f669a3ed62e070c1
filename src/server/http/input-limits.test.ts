/**
 * Inputs an attack sweep once answered with 500: numbers beyond what the
 * database stores, days that do not exist, empty updates and uploads without a
 * body. Each must be a clear, localized 4xx (or, for an empty update, a no-op).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse, grant } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

const beyondBigint = '99999999999999999999';

describe.each(engines)('input limits on %s', (engine) => {
  let t: TestApp;
  let staff: Actor;
  let course: { id: number; lessonIds: number[] };
  beforeAll(async () => {
    t = await buildTestApp(engine);
    staff = await signedInWith(t, { role: 'author', unit: '91' });
    for (const role of ['manager', 'campaign_lead', 'admin'] as const) await grant(t.db, staff.userId!, role, '91');
    course = await buildCourse(t.db, { ownerUnit: '91' });
  });
  afterAll(() => t.close());

  const expectInvalid = (response: { statusCode: number; json(): { error: { code: string } } }, what: string) => {
    expect.soft(response.statusCode, what).toBe(400);
    expect.soft(response.json().error.code, what).toBe('invalid_input');
  };

  it('refuses ids beyond 2^53 − 1 in every kind of path, as any other malformed id', async () => {
    for (const id of [beyondBigint, '9007199254740993', '1e308']) {
      for (const url of [
        `/api/courses/${id}`,
        `/api/courses/${id}/quizzes`,
        `/api/lessons/${id}`,
        `/api/attempts/${id}`,
        `/api/campaigns/${id}`,
        `/api/campaigns/${id}/ranking`,
        `/api/campaigns/${id}/ranking.pdf`,
        `/api/reports/${id}`,
        `/api/authoring/courses/${id}`,
        `/api/authoring/lessons/${id}`,
      ]) {
        expectInvalid(await staff.get(url), url);
      }
      expectInvalid(await staff.post(`/api/quizzes/${id}/attempts`), `attempts of quiz ${id}`);
      expectInvalid(await staff.request('PUT', `/api/attempts/${id}/answers`, { answers: {} }), `answers of attempt ${id}`);
      expectInvalid(await staff.post(`/api/campaigns/${id}/status`, { status: 'live' }), `status of campaign ${id}`);
    }
    // The policy reads these ids before the schema does, and answers the same.
    expectInvalid(await staff.delete(`/api/grants/${beyondBigint}`), 'grant');
    expectInvalid(await staff.post(`/api/users/${beyondBigint}/disable`), 'user');
    // An id in range that names nothing is still a 404.
    expect((await staff.get('/api/courses/9007199254740991')).statusCode).toBe(404);
    expect((await staff.get('/api/authoring/courses/9007199254740991')).statusCode).toBe(404);
  });

  it('refuses ids, revisions and offsets beyond their column in bodies and queries', async () => {
    const at = new Date(t.clock.now()).toISOString();
    expectInvalid(await staff.post('/api/progress', { eventId: randomUUID(), lessonId: 1e20, type: 'opened', at }), 'lessonId');
    const campaign = { title: 'Phong trào', startsOn: '2026-11-20', endsOn: '2026-12-31', targetPercent: 50 };
    expectInvalid(await staff.post('/api/units/91/campaigns', { ...campaign, courseIds: [1e20] }), 'courseIds');
    for (const offset of ['1e308', beyondBigint, '2147483648']) {
      expectInvalid(await anonymous(t).get(`/api/courses?offset=${offset}`), `courses offset ${offset}`);
      expectInvalid(await staff.get(`/api/units/91/people?offset=${offset}`), `people offset ${offset}`);
      expectInvalid(await staff.get(`/api/units/91/members?offset=${offset}`), `members offset ${offset}`);
    }
    // Revisions and version numbers are 32-bit columns.
    const lessonId = course.lessonIds[0]!;
    for (const baseRevision of [9007199254740993, 2147483648]) {
      const saved = await staff.patch(`/api/authoring/lessons/${lessonId}`, { baseRevision, body: 'Sửa.' });
      expectInvalid(saved, `baseRevision ${baseRevision}`);
      expect(saved.json().error.fields).toEqual({ baseRevision: expect.any(String) });
    }
    for (const number of ['2147483648', '9007199254740991']) {
      expectInvalid(await staff.post(`/api/authoring/courses/${course.id}/versions/${number}/rollback`), `version ${number}`);
    }
    expect((await staff.post(`/api/authoring/courses/${course.id}/versions/2147483647/rollback`)).statusCode).toBe(404);
  });

  it('refuses days that do not exist, with a message naming the field, on dashboards, their files and campaigns', async () => {
    for (const day of ['2026-13-01', '2026-00-10', '2026-02-30', '2026-04-31', '2025-02-29']) {
      for (const file of ['dashboard', 'dashboard.xlsx', 'dashboard.pdf']) {
        for (const field of ['from', 'to']) {
          const response = await staff.get(`/api/units/91/${file}?${field}=${day}`);
          expect.soft(response.statusCode, `${file} ${field}=${day}`).toBe(400);
          expect.soft(response.json().error.fields?.[field], `${file} ${field}=${day}`).toMatch(/ngày có thật/);
        }
      }
      for (const field of ['startsOn', 'endsOn']) {
        const body = { title: 'Phong trào', startsOn: '2026-11-20', endsOn: '2026-12-31', courseIds: [course.id], targetPercent: 50, [field]: day };
        const response = await staff.post('/api/units/91/campaigns', body, { 'accept-language': 'en' });
        expect.soft(response.statusCode, `${field}=${day}`).toBe(400);
        expect.soft(response.json().error.fields?.[field], `${field}=${day}`).toMatch(/real day/);
      }
    }
    // 29 February of a leap year exists.
    expect((await staff.get('/api/units/91/dashboard?from=2028-02-29&to=2028-03-01')).statusCode).toBe(200);
    // A period is at most a year, also when its end is left to its default (today).
    expect((await staff.get('/api/units/91/dashboard.xlsx?from=0001-01-01')).json().error.code).toBe('invalid_period');
  });

  it('answers an empty update with the course or lesson as it is, changing nothing', async () => {
    const before = (await staff.get(`/api/authoring/courses/${course.id}`)).json();
    for (const body of [{}, { unknown: 1 }]) {
      const response = await staff.patch(`/api/authoring/courses/${course.id}`, body);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(before);
    }
    const lessonId = course.lessonIds[1]!;
    const lesson = (await staff.get(`/api/authoring/lessons/${lessonId}`)).json().lesson;
    const unchanged = await staff.patch(`/api/authoring/lessons/${lessonId}`, { baseRevision: lesson.revision });
    expect(unchanged.statusCode).toBe(200);
    expect(unchanged.json()).toEqual(lesson);
    expect((await staff.get(`/api/authoring/courses/${course.id}`)).json()).toEqual(before);
  });

  it('takes an upload without a body for an empty file, refused like one', async () => {
    for (const url of [`/api/authoring/courses/${course.id}/media?name=anh.png&alt=x`, '/api/units/91/course-packages']) {
      const response = await staff.request('POST', url);
      expect.soft(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect.soft(response.statusCode, url).toBeLessThan(500);
    }
    const checked = await staff.request('POST', '/api/units/91/members/import?mode=check');
    expect(checked.json()).toMatchObject({ written: false, problems: [{ row: 0, message: 'Tệp không có dòng nào.' }] });
    expect((await staff.request('POST', '/api/units/91/members/import?mode=all')).json().error.code).toBe('members_file_invalid');
  });
});
