import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signIn } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildPerson, grant, nationalForm, testPassword } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { personalDataHandlers, tablesWithoutPersonalData } from './privacy.registry.js';

describe.each(engines)('personal data rights on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  it('knows, for every table in the database, whether and how it holds personal data', async () => {
    const tables = (await t.db.introspection.getTables()).map((table) => table.name).sort();
    const registered = [...personalDataHandlers.map((h) => h.table), ...Object.keys(tablesWithoutPersonalData)].sort();
    expect(registered).toEqual(tables);
  });

  it('exports everything held about me, and records that I did', async () => {
    const person = await buildPerson(t.db, { fullName: 'Phan Văn Chín' });
    await grant(t.db, person.id, 'helper', '30307');
    const me = await signIn(t, person.phone);
    const response = await me.get('/api/me/export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('attachment');
    const data = response.json();
    expect(data.tables.users[0]).toMatchObject({ phone: person.phone, full_name: 'Phan Văn Chín' });
    expect(data.tables.role_grants[0]).toMatchObject({ role: 'helper', unit_code: '30307' });
    expect(data.tables.sessions.length).toBeGreaterThan(0);
    expect(JSON.stringify(data)).not.toMatch(/argon2|password_hash/);
    const audit = await t.db.selectFrom('audit_log').select('action').where('subject_user_id', '=', person.id).execute();
    expect(audit.map((a) => a.action)).toContain('personal_data.export');
  });

  it('erases or de-identifies an account on request, after the password is confirmed', async () => {
    const person = await buildPerson(t.db, { fullName: 'Đỗ Thị Mười' });
    await grant(t.db, person.id, 'author', '91');
    const me = await signIn(t, person.phone);
    expect((await me.delete('/api/me', { password: 'not-my-password' })).statusCode).toBe(400);
    const deleted = await me.delete('/api/me', { password: testPassword });
    expect(deleted.statusCode).toBe(204);
    expect((await me.get('/api/me')).statusCode).toBe(401);
    expect((await anonymous(t).post('/api/auth/login', { phone: nationalForm(person.phone), password: testPassword })).statusCode).toBe(401);
    const row = await t.db.selectFrom('users').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row.full_name).not.toContain('Mười');
    expect(row.phone).not.toBe(person.phone);
    expect(await t.db.selectFrom('role_grants').select('id').where('user_id', '=', person.id).execute()).toEqual([]);
    expect(await t.db.selectFrom('sessions').select('id').where('user_id', '=', person.id).execute()).toEqual([]);
    // The same number may sign up again as a new person.
    const again = await anonymous(t).post('/api/auth/register', { phone: nationalForm(person.phone), password: 'mot-hai-ba-bon', fullName: 'Đỗ Thị Mười', birthYear: 1970, unitCode: '30307', consent: true });
    expect(again.statusCode).toBe(201);
  });
});
