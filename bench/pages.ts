/**
 * The pages a learner opens, each measured twice in the same run: against the platform, and against a raw
 * node:http server that answers the very bytes the platform answered to that request (bench/raw-server.mjs).
 * Both receive the same fixed request (one signed-in learner, one path), so the load generator does the same
 * small work for both and the ratio is the platform's own cost. The sign-up is the exception: every request
 * needs a new phone number, for both.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type autocannon from 'autocannon';

export interface PagePair {
  key: string;
  name: string;
  requests: autocannon.Request[];
}

export interface PageTargets {
  lessonId: number;
  courseId: number;
  quizId: number;
  search: string;
}

let nextNumber = Math.floor(Math.random() * 5_000_000);

export function learnerPages(cookie: string, targets: PageTargets): PagePair[] {
  const get = (pathname: string): autocannon.Request => ({ method: 'GET', path: pathname, headers: { cookie } });
  return [
    { key: 'k', name: 'lesson GET /api/lessons/:id', requests: [get(`/api/lessons/${targets.lessonId}`)] },
    { key: 'l', name: 'course page GET /api/courses/:id', requests: [get(`/api/courses/${targets.courseId}`)] },
    { key: 'm', name: `catalog search ?q=${decodeURIComponent(targets.search)}`, requests: [get(`/api/courses?q=${targets.search}`)] },
    { key: 'n', name: 'my learning GET /api/me/learning', requests: [get('/api/me/learning')] },
    // No session, no database: what every answer costs before a route does anything (the floor under the rest).
    { key: 'q', name: 'floor: GET /api/health/live', requests: [get('/api/health/live')] },
    // The home page asks for these three as it opens (app.tsx, HomePage, LatestNews).
    { key: 'o', name: 'home: /api/me, learning, news', requests: [get('/api/me'), get('/api/me/learning'), get('/api/news?limit=3')] },
    // A learner with an attempt open gets it back: the read a quiz page makes at every opening.
    { key: 'p', name: 'quiz start POST /api/quizzes/:id/attempts', requests: [{ method: 'POST', path: `/api/quizzes/${targets.quizId}/attempts`, headers: { cookie } }] },
    {
      key: 'j',
      name: 'sign-up POST /api/auth/register',
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            path: '/api/auth/register',
            headers: { ...request.headers, 'content-type': 'application/json' },
            body: JSON.stringify({ phone: `098${String(nextNumber++).padStart(7, '0')}`, password: 'mot-hai-ba-bon', fullName: 'Người Đăng Ký', birthYear: 1970, unitCode: '30307', consent: true }),
          }),
        },
      ],
    },
  ];
}

/**
 * Asks the platform each page once and writes what it answered, for the raw server to repeat. Every answer must
 * be a success: a bench of error pages measures nothing.
 */
export async function recordAnswers(baseUrl: string, pages: PagePair[], folder: string): Promise<{ file: string; bytes: Map<string, number> }> {
  const fixtures: Record<string, { status: number; type: string; body: string }> = {};
  const bytes = new Map<string, number>();
  for (const page of pages) {
    for (const request of page.requests) {
      const setup = request.setupRequest as ((request: autocannon.Request, context: object) => autocannon.Request) | undefined;
      const built = setup?.({ ...request }, {}) ?? request;
      const response = await fetch(`${baseUrl}${built.path}`, { method: built.method, headers: built.headers as Record<string, string>, body: built.body as string | undefined });
      const body = Buffer.from(await response.arrayBuffer());
      if (!response.ok) throw new Error(`${built.method} ${built.path} answered ${response.status}: ${body.toString()}`);
      fixtures[`${built.method} ${built.path}`] = { status: response.status, type: response.headers.get('content-type') ?? 'application/json', body: body.toString('base64') };
      bytes.set(page.key, (bytes.get(page.key) ?? 0) + body.length);
    }
  }
  const file = path.join(folder, 'raw-answers.json');
  writeFileSync(file, JSON.stringify(fixtures));
  return { file, bytes };
}
