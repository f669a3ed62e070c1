import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

describe.each(engines)('shipped courses on the admin screen on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  const statusOf = async (admin: Awaited<ReturnType<typeof signedInWith>>, name: string) =>
    (await admin.get('/api/units/91/shipped-courses')).json().packages.find((p: { package: string }) => p.package === name);

  it('lists the packages, publishes one through the import, then says it is imported; a newer version is offered and published', async () => {
    const admin = await signedInWith(t, { role: 'admin', unit: '91' });
    const list = (await admin.get('/api/units/91/shipped-courses')).json();
    expect(list.packages.map((p: { package: string }) => p.package)).toEqual(['dung-ung-dung-hoc-tap', 'ky-nang-so-co-ban', 'tri-tue-nhan-tao']);
    expect(list.packages.every((p: { status: string; imported: unknown }) => p.status === 'not_imported' && p.imported === null)).toBe(true);

    const published = await admin.post('/api/units/91/shipped-courses/dung-ung-dung-hoc-tap/publish');
    expect(published.statusCode).toBe(201);
    const { id, title } = published.json();
    expect(title).toBeTruthy();
    expect(await t.db.selectFrom('published_courses').select('title').where('course_id', '=', id).executeTakeFirst()).toEqual({ title });
    const course = await t.db.selectFrom('courses').innerJoin('units', 'units.id', 'courses.owner_unit_id').select(['units.code', 'courses.created_by']).where('courses.id', '=', id).executeTakeFirstOrThrow();
    expect(course).toEqual({ code: '91', created_by: admin.userId });
    const status = await statusOf(admin, 'dung-ung-dung-hoc-tap');
    expect(status).toMatchObject({ status: 'imported', imported: { courseId: id, version: status.version } });

    const twice = await admin.post('/api/units/91/shipped-courses/dung-ung-dung-hoc-tap/publish');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('package_already_published');

    // As after an upgrade of the platform that ships a changed package.
    await t.db.updateTable('shipped_course_imports').set({ version: '000000000000' }).where('course_id', '=', id).execute();
    expect(await statusOf(admin, 'dung-ung-dung-hoc-tap')).toMatchObject({ status: 'update_available', imported: { version: '000000000000' } });
    const newer = await admin.post('/api/units/91/shipped-courses/dung-ung-dung-hoc-tap/publish');
    expect(newer.statusCode).toBe(201);
    expect(newer.json().id).not.toBe(id);
    expect((await statusOf(admin, 'dung-ung-dung-hoc-tap')).status).toBe('imported');

    const audit = await t.db.selectFrom('audit_log').select(['actor_user_id', 'details']).where('action', '=', 'course.publish_shipped').execute();
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.actor_user_id === admin.userId)).toBe(true);
  }, 60_000);

  it('is for admins of the unit only', async () => {
    const communeAdmin = await signedInWith(t, { role: 'admin', unit: '30292' });
    const author = await signedInWith(t, { role: 'author', unit: '91' });
    for (const who of [communeAdmin, author]) {
      expect((await who.get('/api/units/91/shipped-courses')).statusCode).toBe(403);
      expect((await who.post('/api/units/91/shipped-courses/tri-tue-nhan-tao/publish')).statusCode).toBe(403);
    }
    const admin = await signedInWith(t, { role: 'admin', unit: '91' });
    const unknown = await admin.post('/api/units/91/shipped-courses/khong-co/publish');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('package_not_found');
  });
});
