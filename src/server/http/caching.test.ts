import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signIn } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse, buildPerson, grant, nationalForm, testPassword } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

/** GET routes that answer the same to everyone and say so themselves; every other answer to a signed-in request is no-store. */
const publiclyCacheable: Record<string, string> = {
  '/api/competences': 'public, max-age=86400',
  '/.well-known/hoctap-certificate-keys.json': 'public, max-age=3600',
  '/api/certificate-status/{list}': 'public, max-age=5',
};

describe.each(engines)('caching of personal answers on %s', (engine) => {
  let t: TestApp;
  let person: Actor;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const built = await buildPerson(t.db, { fullName: 'Trương Thị Riêng Tư' });
    for (const role of ['admin', 'manager', 'campaign_lead', 'author'] as const) await grant(t.db, built.id, role, '91');
    person = await signIn(t, built.phone);
    const course = await buildCourse(t.db, {
      modules: [['Bài duy nhất']],
      questions: [{ id: 'q1', type: 'single', prompt: 'Một?', options: ['Có', 'Không'], answer: 0 }],
      quizzes: [{ kind: 'practice', questions: ['q1'], module: 0 }],
    });
    const at = new Date(t.clock.now()).toISOString();
    expect((await person.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at })).statusCode).toBe(200);
    const quizId = (await person.get(`/api/courses/${course.id}/quizzes`)).json().quizzes[0].id;
    const attempt = (await person.post(`/api/quizzes/${quizId}/attempts`)).json();
    ids.course = String(course.id);
    ids.lesson = String(course.lessonIds[0]);
    ids.quiz = String(quizId);
    ids.attempt = String(attempt.id);
    ids.certificate = (await person.get('/api/me/certificates')).json().certificates[0].code;
  });
  afterAll(() => t.close());

  it.each([
    ['my profile', '/api/me', 'application/json'],
    ['my personal data export', '/api/me/export', 'application/json'],
    ['my learning', '/api/me/learning', 'application/json'],
    ['my certificates', '/api/me/certificates', 'application/json'],
    ['a certificate', '/api/certificates/{certificate}', 'application/json'],
    ['a certificate PDF', '/api/certificates/{certificate}/certificate.pdf', 'application/pdf'],
    ['a certificate picture', '/api/certificates/{certificate}/image.png', 'image/png'],
    ['an Open Badge', '/api/certificates/{certificate}/badge.json', 'application/vc+ld+json'],
    ['a quiz attempt', '/api/attempts/{attempt}', 'application/json'],
    ['a dashboard', '/api/units/91/dashboard', 'application/json'],
    ['a dashboard in Excel', '/api/units/91/dashboard.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['a dashboard in PDF', '/api/units/91/dashboard.pdf', 'application/pdf'],
    ['a members list', '/api/units/91/members', 'application/json'],
    ['the members template', '/api/units/91/members/template.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['people of a unit', '/api/units/91/people', 'application/json'],
  ])('answers %s with Cache-Control: no-store', async (_label, template, type) => {
    const response = await person.get(template.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]!));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain(type);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('sends no-store on every GET route of the API description when signed in, unless the route is public and cacheable', async () => {
    const document = (await anonymous(t).get('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const paths = Object.entries(document.paths).filter(([, operations]) => 'get' in operations).map(([path]) => path);
    expect(paths.length).toBeGreaterThan(30);
    const value = (path: string, name: string) => {
      if (name === 'code') return path.startsWith('/api/units/') ? '30307' : ids.certificate!;
      const kind = { courses: 'course', lessons: 'lesson', quizzes: 'quiz', attempts: 'attempt' }[/^\/api\/(?:authoring\/)?(\w+)\//.exec(path)?.[1] ?? ''];
      if (name === 'id') return (kind && ids[kind]) ?? '1';
      if (name === 'list') return '0';
      return 'x';
    };
    const seen: Record<string, string | undefined> = {};
    for (const path of paths) {
      const response = await person.get(path.replace(/\{(\w+)\}/g, (_, name: string) => value(path, name)));
      seen[path] = response.headers['cache-control'] as string | undefined;
    }
    const expected = Object.fromEntries(paths.map((path) => [path, publiclyCacheable[path] ?? (path.startsWith('/api/') ? 'no-store' : seen[path])]));
    expect(seen).toEqual(expected);
  });

  it('sends no-store with the session cookie at sign-in, and with my data after an edit', async () => {
    const other = await buildPerson(t.db);
    const login = await anonymous(t).post('/api/auth/login', { phone: nationalForm(other.phone), password: testPassword });
    expect(login.statusCode).toBe(200);
    expect(login.headers['cache-control']).toBe('no-store');
    const edited = await person.patch('/api/me', { largeText: true });
    expect(edited.statusCode).toBe(200);
    expect(edited.headers['cache-control']).toBe('no-store');
  });

  it('leaves public, immutable answers cacheable for signed-in people too', async () => {
    expect((await person.get('/api/competences')).headers['cache-control']).toBe('public, max-age=86400');
  });
});
