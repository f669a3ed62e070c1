import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signedInWith, type Actor } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildPerson, nationalForm, unitIdOf } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { UserId } from '../../shared/ids.js';
import { recordAudit } from './audit.service.js';

describe.each(engines)('the audit log reader on %s', (engine) => {
  let t: TestApp;
  let wardAuditor: Actor;
  let otherAuditor: Actor;
  let provinceAuditor: Actor;
  let manager: Actor;
  let admin: Actor;
  let person: { id: UserId; phone: string };
  beforeAll(async () => {
    t = await buildTestApp(engine);
    wardAuditor = await signedInWith(t, { role: 'auditor', unit: '30307' });
    otherAuditor = await signedInWith(t, { role: 'auditor', unit: '30292', home: '30292' });
    provinceAuditor = await signedInWith(t, { role: 'auditor', unit: '91' });
    manager = await signedInWith(t, { role: 'manager', unit: '30307' });
    admin = await signedInWith(t, { role: 'admin', unit: '91' });
    person = await buildPerson(t.db, { unitCode: '30307' });
    const at = t.clock.now();
    await recordAudit(t.db, { at, actorUserId: manager.userId, action: 'grant.create', subjectUserId: person.id, unitId: await unitIdOf(t.db, '30307'), details: { role: 'helper' }, ip: '203.0.113.7' });
    await recordAudit(t.db, { at, actorUserId: null, action: 'grant.revoke', subjectUserId: person.id, unitId: await unitIdOf(t.db, '30292'), details: { role: 'helper' } });
    await recordAudit(t.db, { at, actorUserId: admin.userId, action: 'settings.change', details: { what: 'oidc' } });
  });
  afterAll(() => t.close());

  const actions = async (who: Actor, query = '') => {
    const response = await who.get(`/api/audit?limit=200${query}`);
    expect(response.statusCode).toBe(200);
    return (response.json().entries as { action: string }[]).map((e) => e.action);
  };

  it("shows an auditor the entries of their unit's subtree only, newest first, and the province's auditor those naming no unit", async () => {
    const ward = await wardAuditor.get('/api/audit?action=grant');
    expect(ward.statusCode).toBe(200);
    expect(ward.json().total).toBe(1);
    const [entry] = ward.json().entries;
    expect(entry).toMatchObject({
      action: 'grant.create',
      actor: { id: manager.userId },
      subject: { id: person.id, phone: nationalForm(person.phone as never).replace(/^(\d{4})(\d{3})(\d{3})$/, '$1 $2 $3') },
      unit: { code: '30307', fullName: 'Phường Long Xuyên' },
      details: { role: 'helper' },
      ip: '203.0.113.7',
    });
    expect(await actions(otherAuditor, '&action=grant')).toEqual(['grant.revoke']);
    expect(await actions(wardAuditor)).not.toContain('settings.change');
    expect(await actions(provinceAuditor, '&action=grant')).toEqual(['grant.revoke', 'grant.create']);
    expect(await actions(provinceAuditor)).toContain('settings.change');
    // Reading is itself recorded, under the auditor's unit, with the filter as ids and never a typed phone.
    const read = await t.db.selectFrom('audit_log').select(['details', 'unit_id']).where('actor_user_id', '=', wardAuditor.userId!).where('action', '=', 'audit.read').orderBy('id').executeTakeFirstOrThrow();
    expect(JSON.parse(read.details)).toMatchObject({ action: 'grant', count: 1 });
    expect(read.unit_id).toBe(await unitIdOf(t.db, '30307'));
  });

  it('refuses everyone without the auditor role, admins and managers included, on the list and the export alike', async () => {
    for (const who of [manager, admin]) {
      expect((await who.get('/api/audit')).statusCode).toBe(403);
      expect((await who.get('/api/audit.xlsx')).statusCode).toBe(403);
    }
    expect((await anonymous(t).get('/api/audit')).statusCode).toBe(401);
    expect((await anonymous(t).get('/api/audit.xlsx')).statusCode).toBe(401);
    // A unit outside the auditor's reach, through either route.
    expect((await wardAuditor.get('/api/audit?unit=30292')).statusCode).toBe(403);
    expect((await wardAuditor.get('/api/audit.xlsx?unit=30292')).statusCode).toBe(403);
    expect((await wardAuditor.get('/api/audit?unit=NOPE')).statusCode).toBe(404);
  });

  it('filters by actor and subject (phone in any format or id), action, unit and period, a page at a time', async () => {
    const phone = nationalForm(manager.phone!);
    expect(await actions(wardAuditor, `&actor=${encodeURIComponent(`+84 ${phone.slice(1, 4)} ${phone.slice(4)}`)}&action=grant`)).toEqual(['grant.create']);
    expect(await actions(wardAuditor, `&actor=${manager.userId}&action=grant`)).toEqual(['grant.create']);
    expect(await actions(provinceAuditor, `&subject=${nationalForm(person.phone as never)}`)).toEqual(['grant.revoke', 'grant.create']);
    expect(await actions(provinceAuditor, `&subject=${person.id}&unit=30292`)).toEqual(['grant.revoke']);
    expect(await actions(provinceAuditor, '&action=grant.create')).toEqual(['grant.create']);
    expect(await actions(provinceAuditor, '&action=gran')).toEqual([]);
    // A phone nobody holds matches nothing; text that is neither phone nor id is refused.
    expect(await actions(provinceAuditor, '&actor=0999999999')).toEqual([]);
    const bad = await provinceAuditor.get('/api/audit?actor=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.actor).toBeDefined();
    // The entries are dated 24/11/2026 (Vietnam time).
    expect(await actions(provinceAuditor, '&action=grant&from=2026-11-24&to=2026-11-24')).toHaveLength(2);
    expect(await actions(provinceAuditor, '&action=grant&from=2026-11-25')).toEqual([]);
    expect(await actions(provinceAuditor, '&action=grant&to=2026-11-23')).toEqual([]);
    expect((await provinceAuditor.get('/api/audit?from=2026-11-25&to=2026-11-24')).statusCode).toBe(400);
    const firstPage = (await provinceAuditor.get('/api/audit?action=grant&limit=1')).json();
    const secondPage = (await provinceAuditor.get('/api/audit?action=grant&limit=1&offset=1')).json();
    expect([firstPage.total, firstPage.entries[0].action, secondPage.entries[0].action]).toEqual([2, 'grant.revoke', 'grant.create']);
  });

  it('exports the same filter to Excel, and records the export', async () => {
    const response = await wardAuditor.get('/api/audit.xlsx?action=grant');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(3).value).toBe('Hành động');
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(3).value).toBe('grant.create');
    expect(String(sheet.getRow(2).getCell(6).value)).toContain('Phường Long Xuyên (30307)');
    const exported = await t.db.selectFrom('audit_log').select('details').where('actor_user_id', '=', wardAuditor.userId!).where('action', '=', 'audit.export').executeTakeFirstOrThrow();
    expect(JSON.parse(exported.details)).toMatchObject({ count: 1 });
  });

  it("records managers' reads of others' personal data (what and how many, never the data), for the unit's auditor to see", async () => {
    const added = await manager.post('/api/units/30307/members', { fullName: 'Lê Văn Cường', phone: '0912 000 111', birthYear: '1985', unitCode: '30307', group: 'official' });
    expect(added.statusCode).toBe(201);
    expect((await manager.get('/api/units/30307/members')).statusCode).toBe(200);
    expect((await manager.get('/api/units/30307/people')).statusCode).toBe(200);
    expect((await manager.get('/api/support-requests')).statusCode).toBe(200);
    const reads = (await wardAuditor.get('/api/audit?action=personal_data.read&limit=10')).json().entries;
    expect(reads.find((e: { details: { list: string } }) => e.details.list === 'members')).toMatchObject({ actor: { id: manager.userId }, unit: { code: '30307' }, details: { list: 'members', count: 1 } });
    expect(JSON.stringify(reads)).not.toContain('Cường');
    expect(await actions(wardAuditor, `&actor=${manager.userId}`)).toEqual(expect.arrayContaining(['people.list', 'personal_data.read', 'members.add']));
    // The support queue names no unit: the province's auditor sees that read.
    const queue = (await provinceAuditor.get(`/api/audit?action=personal_data.read&actor=${manager.userId}`)).json().entries;
    expect(queue.map((e: { details: { list: string } }) => e.details.list)).toEqual(['support_requests', 'members']);
  });
});
