import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

describe.each(engines)('learners of a unit on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  it('lists the learners of the subtree with their progress and no phone number, to managers and to tokens with learners:read', async () => {
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    const learner = await signedInWith(t, { home: '30307', fullName: 'Lê Thị Học' });
    await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date(t.clock.now()).toISOString() });
    const elsewhere = await signedInWith(t, { home: '30292', fullName: 'Người Ở Nơi Khác' });

    const manager = await signedInWith(t, { role: 'manager', unit: '30307', home: '30292' });
    const response = await manager.get('/api/units/30307/learners?limit=200');
    expect(response.statusCode).toBe(200);
    const { learners } = response.json() as { learners: { id: number; fullName: string; completedCourses: number; enrolledCourses: number; lastActivityAt: string | null }[] };
    expect(learners.find((l) => l.id === learner.userId)).toMatchObject({ fullName: 'Lê Thị Học', enrolledCourses: 1, completedCourses: 1, lastActivityAt: new Date(t.clock.now()).toISOString() });
    expect(learners.map((l) => l.id)).not.toContain(elsewhere.userId);
    expect(response.body).not.toContain(learner.phone!.slice(-6));
    expect((await manager.get('/api/units/30292/learners')).statusCode).toBe(403);

    const admin = await signedInWith(t, { role: 'admin', unit: '30307' });
    const made = async (scopes: string[]) => (await admin.post('/api/units/30307/tokens', { name: 'Kho dữ liệu', scopes, expiresInDays: 30 })).json().secret as string;
    const reader = await made(['learners:read']);
    const other = await made(['dashboards:read']);
    const asToken = (secret: string, url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${secret}` } });
    const byToken = await asToken(reader, '/api/units/30307/learners');
    expect(byToken.statusCode).toBe(200);
    expect(byToken.json().learners.map((l: { id: number }) => l.id)).toContain(learner.userId);
    expect((await asToken(reader, '/api/units/30292/learners')).statusCode).toBe(403);
    expect((await asToken(other, '/api/units/30307/learners')).json().error.code).toBe('api_token_scope_missing');

    const audit = await t.db.selectFrom('audit_log').select(['actor_user_id', 'details']).where('action', '=', 'learners.list').orderBy('id').execute();
    expect(audit.map((a) => JSON.parse(a.details).tokenId === null)).toEqual([true, false]);
  });
});
