import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signIn, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildPerson, grant, nationalForm, testPassword } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { UserId } from '../../shared/ids.js';

describe.each(engines)('people and roles on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  const auditOf = (action: string, subject?: UserId) => {
    let query = t.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'subject_user_id', 'details']).where('action', '=', action);
    if (subject !== undefined) query = query.where('subject_user_id', '=', subject);
    return query.execute();
  };

  describe('finding a person', () => {
    it('finds by phone written 0912…, +84912… or 84 912 …, and by name without diacritics', async () => {
      const admin = await signedInWith(t, { role: 'admin', unit: '91' });
      const person = await buildPerson(t.db, { unitCode: '30292', fullName: 'Nguyễn Văn Ấn Tìm' });
      const digits = person.phone.slice(3);
      for (const q of [nationalForm(person.phone), `+84${digits}`, `84 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`]) {
        const found = await admin.get(`/api/people?q=${encodeURIComponent(q)}`);
        expect(found.statusCode, q).toBe(200);
        expect(found.json().people.map((p: { id: number }) => p.id), q).toEqual([person.id]);
      }
      const byName = (await admin.get('/api/people?q=nguyen%20van%20an%20tim')).json();
      expect(byName.people).toEqual([
        { id: person.id, fullName: 'Nguyễn Văn Ấn Tìm', phone: `0${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`, birthYear: 1980, unit: { code: '30292', name: 'Bình Đức', fullName: 'Phường Bình Đức', kind: 'ward' }, locked: false },
      ]);
      const searches = await auditOf('people.search');
      expect(searches.filter((a) => a.actor_user_id === admin.userId)).toHaveLength(4);
    });

    it('finds by unit (its subtree), and never a person out of reach', async () => {
      const communeAdmin = await signedInWith(t, { role: 'admin', unit: '30292' });
      const inside = await buildPerson(t.db, { unitCode: '30292', fullName: 'Trần Thị Trong Phạm Vi' });
      const outside = await buildPerson(t.db, { unitCode: '30307', fullName: 'Trần Thị Ngoài Phạm Vi' });
      const byUnit = (await communeAdmin.get('/api/people?unit=30292&q=tran%20thi')).json();
      expect(byUnit.people.map((p: { id: number }) => p.id)).toEqual([inside.id]);
      expect((await communeAdmin.get(`/api/people?q=${nationalForm(outside.phone)}`)).json()).toEqual({ total: 0, people: [] });
      expect((await communeAdmin.get('/api/people?unit=30307')).statusCode).toBe(403);
      const detail = await communeAdmin.get(`/api/people/${outside.id}`);
      expect(detail.statusCode).toBe(404);
      expect(detail.json().error.code).toBe('user_not_found');
      // A role on a unit within reach brings the person within reach.
      await grant(t.db, outside.id, 'helper', '30292');
      expect((await communeAdmin.get(`/api/people/${outside.id}`)).statusCode).toBe(200);
    });

    it('refuses people who are neither admin nor manager', async () => {
      const learner = await signedInWith(t);
      expect((await learner.get('/api/people?q=an')).statusCode).toBe(403);
      expect((await anonymous(t).get('/api/people?q=an')).statusCode).toBe(401);
    });
  });

  describe('grants', () => {
    it('shows grants, grants within reach and revokes; audited', async () => {
      const admin = await signedInWith(t, { role: 'admin', unit: '30292' });
      const person = await buildPerson(t.db, { unitCode: '30292' });
      const granted = await admin.post('/api/units/30292/grants', { phone: nationalForm(person.phone), role: 'manager' });
      expect(granted.statusCode).toBe(201);
      const detail = (await admin.get(`/api/people/${person.id}`)).json();
      expect(detail).toMatchObject({ id: person.id, canManage: true, locked: false, grants: [{ role: 'manager', unit: { code: '30292' }, canRevoke: true }] });
      expect(await auditOf('grant.create', person.id)).toHaveLength(1);
      expect(await auditOf('people.view', person.id)).toHaveLength(1);
      expect((await admin.delete(`/api/grants/${detail.grants[0].id}`)).statusCode).toBe(204);
      expect((await admin.get(`/api/people/${person.id}`)).json().grants).toEqual([]);
      expect(await auditOf('grant.revoke', person.id)).toHaveLength(1);
    });

    it('refuses a grant beyond the admin’s reach, and an admin grant above their own unit (403)', async () => {
      const admin = await signedInWith(t, { role: 'admin', unit: '30292' });
      const person = await buildPerson(t.db, { unitCode: '30292' });
      const beyond = await admin.post('/api/units/30307/grants', { phone: nationalForm(person.phone), role: 'manager' });
      expect(beyond.statusCode).toBe(403);
      const above = await admin.post('/api/units/91/grants', { phone: nationalForm(person.phone), role: 'admin' });
      expect(above.statusCode).toBe(403);
      expect(await t.db.selectFrom('role_grants').select('id').where('user_id', '=', person.id).execute()).toEqual([]);
    });

    it('offers only units within the admin’s reach in the grant form', async () => {
      const admin = await signedInWith(t, { role: 'admin', unit: '30292' });
      const units = (await admin.get('/api/people/grant-units')).json().units.map((u: { code: string }) => u.code);
      expect(units).toContain('30292');
      expect(units).not.toContain('30307');
      expect(units).not.toContain('91');
    });
  });

  describe('accounts', () => {
    it('locking ends the sessions at once and blocks sign-in; unlocking lets the person back', async () => {
      const admin = await signedInWith(t, { role: 'admin', unit: '91' });
      const person = await signedInWith(t, { home: '30292' });
      expect((await admin.post(`/api/users/${person.userId}/disable`)).statusCode).toBe(204);
      expect((await person.get('/api/me')).statusCode).toBe(401);
      const refused = await anonymous(t).post('/api/auth/login', { phone: nationalForm(person.phone!), password: testPassword });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('account_disabled');
      expect((await admin.get(`/api/people/${person.userId}`)).json().locked).toBe(true);
      expect((await admin.post(`/api/users/${person.userId}/enable`)).statusCode).toBe(204);
      expect((await signIn(t, person.phone!)).userId).toBe(person.userId);
      expect((await auditOf('account.disable', person.userId!)).length).toBe(1);
      expect((await auditOf('account.enable', person.userId!)).length).toBe(1);
    });

    it('a password reset sends the existing reset text, which sets a new password', async () => {
      const admin = await signedInWith(t, { role: 'admin', unit: '91' });
      const person = await buildPerson(t.db, { unitCode: '30292' });
      expect((await admin.post(`/api/people/${person.id}/password-reset`)).statusCode).toBe(204);
      await t.jobsIdle();
      const text = t.outbox.at(-1)!;
      expect(text.to).toBe(person.phone);
      const code = /(\d{6})/.exec(text.text)![1]!;
      const confirmed = await anonymous(t).post('/api/auth/password-reset/confirm', { phone: nationalForm(person.phone), code, newPassword: 'ba-con-meo-tren-mai-nha' });
      expect(confirmed.statusCode).toBe(200);
      expect(await auditOf('password_reset.request', person.id)).toMatchObject([{ actor_user_id: admin.userId, details: JSON.stringify({ by: 'admin' }) }]);
    });

    it('refuses a reset, lock or grant change by an admin below one of the person’s roles', async () => {
      const communeAdmin = await signedInWith(t, { role: 'admin', unit: '30292' });
      const provinceAdmin = await buildPerson(t.db, { unitCode: '30292' });
      await grant(t.db, provinceAdmin.id, 'admin', '91');
      expect((await communeAdmin.post(`/api/people/${provinceAdmin.id}/password-reset`)).statusCode).toBe(403);
      expect((await communeAdmin.post(`/api/users/${provinceAdmin.id}/disable`)).statusCode).toBe(403);
      const detail = (await communeAdmin.get(`/api/people/${provinceAdmin.id}`)).json();
      expect(detail).toMatchObject({ canManage: false, grants: [{ role: 'admin', canRevoke: false }] });
      expect((await communeAdmin.delete(`/api/grants/${detail.grants[0].id}`)).statusCode).toBe(403);
    });
  });

  describe('managers', () => {
    it('see their unit’s people read-only, with masked phones', async () => {
      const manager = await signedInWith(t, { role: 'manager', unit: '30292' });
      const person = await buildPerson(t.db, { unitCode: '30292', fullName: 'Lê Thị Được Xem' });
      const found = (await manager.get('/api/people?q=le%20thi%20duoc%20xem')).json();
      expect(found.people).toHaveLength(1);
      expect(found.people[0].phone).toMatch(/^0\d{3} \*\*\* \d{3}$/);
      expect((await manager.get(`/api/people/${person.id}`)).json()).toMatchObject({ canManage: false, grants: [] });
      expect((await manager.post(`/api/users/${person.id}/disable`)).statusCode).toBe(403);
      expect((await manager.post(`/api/people/${person.id}/password-reset`)).statusCode).toBe(403);
      expect((await manager.post('/api/units/30292/grants', { phone: nationalForm(person.phone), role: 'helper' })).statusCode).toBe(403);
      expect((await manager.get('/api/people/grant-units')).statusCode).toBe(403);
    });
  });
});
