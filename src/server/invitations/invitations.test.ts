import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signIn, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildEvent, buildGroup, buildInvitation, buildVenue } from '../../../test/event-factories.js';
import { buildPerson, nationalForm, nextPhone } from '../../../test/factories.js';
import { invitationPdfText, qrFromInvitationPdf } from '../../../test/invitation-pdf.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { invitationSecretFromScan } from '../../shared/events.js';
import type { EventId, ParticipantGroupId, VenueId } from '../../shared/ids.js';
import { invitationsPersonalData, quotaUse } from './invitations.service.js';

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Danh sách').addRows(rows);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
const header = ['Họ tên', 'Số điện thoại', 'Nhóm', 'Địa điểm', 'Năm sinh', 'Mã xã, phường nơi ở'];

describe.each(engines)('invitations and quotas on %s', (engine) => {
  let t: TestApp;
  let organiser: Actor;
  let otherOrganiser: Actor;
  let manager: Actor;
  let otherManager: Actor;
  let eventId: EventId;
  let hall: VenueId;
  let bridge: VenueId;
  let steering: ParticipantGroupId;
  let youth: ParticipantGroupId;
  let ip = 0;
  const nextIp = () => `10.14.${Math.floor(++ip / 250)}.${(ip % 250) + 1}`;

  beforeAll(async () => {
    t = await buildTestApp(engine, { PUBLIC_URL: 'https://hoctap.angiang.gov.vn' });
    organiser = await signedInWith(t, { role: 'organiser', unit: '30307' });
    otherOrganiser = await signedInWith(t, { role: 'organiser', unit: '30292', home: '30292' });
    manager = await signedInWith(t, { role: 'manager', unit: '30307' });
    otherManager = await signedInWith(t, { role: 'manager', unit: '30292', home: '30292' });
    eventId = await buildEvent(t.db, { unitCode: '30307', createdBy: organiser.userId!, title: 'Lễ phát động Bình dân học vụ số' });
    hall = await buildVenue(t.db, { eventId, name: 'Hội trường UBND tỉnh', kind: 'main' });
    bridge = await buildVenue(t.db, { eventId, name: 'Điểm cầu phường Long Xuyên', kind: 'bridge', unitCode: '30307' });
    steering = await buildGroup(t.db, { eventId, name: 'Thành viên Ban Chỉ đạo', quotas: [{ venueId: hall, quota: 3 }] });
    youth = await buildGroup(t.db, { eventId, name: 'Đoàn viên thanh niên', quotas: [{ venueId: hall, quota: 30 }, { venueId: bridge, quota: 20 }] });
  });
  afterAll(() => t.close());

  const invite = (body: object, who = organiser, event = eventId) => who.post(`/api/events/${event}/invitations`, body);
  const audited = async (action: string) => (await t.db.selectFrom('audit_log').select('action').where('action', '=', action).execute()).length;

  it('sets up groups and quotas, invites by phone (linking or creating the account) and refuses past the quota, naming group and venue', async () => {
    const group = await organiser.post(`/api/events/${eventId}/groups`, { name: 'Học sinh THPT' });
    expect(group.statusCode).toBe(201);
    const quota = await organiser.request('PUT', `/api/events/${eventId}/quotas`, { groupId: group.json().id, venueId: hall, quota: 20 });
    expect(quota.statusCode, quota.body).toBe(200);
    expect(quota.json().quotas).toContainEqual({ venueId: hall, groupId: group.json().id, quota: 20, invited: 0, accepted: 0, allocated: 0 });

    const known = await buildPerson(t.db, { fullName: 'Trần Văn Chỉ Đạo' });
    const linked = await invite({ phone: nationalForm(known.phone).replace(/^(\d{4})/, '$1 '), groupId: steering, venueId: hall });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json()).toMatchObject({ code: expect.stringMatching(/^[A-Z2-9]{6}$/), created: false });

    // A new phone needs a name and birth year; the home defaults to nothing at the hall (no commune).
    const phone = nextPhone();
    const missing = await invite({ phone: nationalForm(phone), groupId: steering, venueId: hall });
    expect(missing.statusCode).toBe(400);
    expect(Object.keys(missing.json().error.fields).sort()).toEqual(['birthYear', 'fullName', 'homeCode']);
    const created = await invite({ phone: nationalForm(phone), fullName: 'Lê Thị Mới', birthYear: '1975', homeCode: '30307', groupId: steering, venueId: hall });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().created).toBe(true);
    const account = await t.db.selectFrom('users').select(['full_name', 'password_hash']).where('phone', '=', phone).executeTakeFirstOrThrow();
    expect(account.full_name).toBe('Lê Thị Mới');

    expect((await invite({ phone: nationalForm(known.phone), groupId: youth, venueId: hall })).json().error.code).toBe('invitation_exists');
    expect((await invite({ phone: '12345', groupId: steering, venueId: hall })).json().error.code).toBe('invalid_phone');

    const third = await buildPerson(t.db);
    expect((await invite({ phone: nationalForm(third.phone), groupId: steering, venueId: hall })).statusCode).toBe(201);
    const fourth = await buildPerson(t.db);
    const full = await invite({ phone: nationalForm(fourth.phone), groupId: steering, venueId: hall });
    expect(full.statusCode).toBe(409);
    expect(full.json().error).toMatchObject({ code: 'invitation_quota_full', message: 'Nhóm «Thành viên Ban Chỉ đạo» tại «Hội trường UBND tỉnh» đã đủ 3 người.' });
    // No quota of the steering committee at the bridge site.
    expect((await invite({ phone: nationalForm(fourth.phone), groupId: steering, venueId: bridge })).json().error.code).toBe('invitation_no_seats');
    // The quota cannot go below what is taken.
    expect((await organiser.request('PUT', `/api/events/${eventId}/quotas`, { groupId: steering, venueId: hall, quota: 2 })).json().error.code).toBe('invitation_quota_below_taken');

    // Cancelling frees the seat.
    const list = (await organiser.get(`/api/events/${eventId}/invitations?groupId=${steering}`)).json().invitations;
    expect(list).toHaveLength(3);
    expect(list[0].phone).toMatch(/^0\d{3} \*\*\* \d{3}$/);
    const cancelled = await organiser.post(`/api/events/${eventId}/invitations/${list[0].id}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect((await invite({ phone: nationalForm(fourth.phone), groupId: steering, venueId: hall })).statusCode).toBe(201);
    expect(await audited('invitation.cancel')).toBe(1);
    expect(await audited('invitation.create')).toBeGreaterThanOrEqual(4);
  });

  it('lets two invitations at once never pass the quota', async () => {
    const event = await buildEvent(t.db, { unitCode: '30307', createdBy: organiser.userId! });
    const venue = await buildVenue(t.db, { eventId: event });
    const group = await buildGroup(t.db, { eventId: event, name: 'Tổ công nghệ số cộng đồng', quotas: [{ venueId: venue, quota: 3 }] });
    const people = await Promise.all(Array.from({ length: 8 }, () => buildPerson(t.db)));
    const answers = await Promise.all(people.map((p) => invite({ phone: nationalForm(p.phone), groupId: group, venueId: venue }, organiser, event)));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.statusCode === 409).map((a) => a.json().error.code)).toEqual(Array(5).fill('invitation_quota_full'));
    expect((await quotaUse(t.db, event))[0]).toMatchObject({ quota: 3, invited: 3 });
    // The same person twice at once: one invitation.
    const twice = await buildPerson(t.db);
    const other = await buildEvent(t.db, { unitCode: '30307', createdBy: organiser.userId! });
    const otherVenue = await buildVenue(t.db, { eventId: other });
    const otherGroup = await buildGroup(t.db, { eventId: other, name: 'Khách mời', quotas: [{ venueId: otherVenue, quota: 10 }] });
    const both = await Promise.all([1, 2].map(() => invite({ phone: nationalForm(twice.phone), groupId: otherGroup, venueId: otherVenue }, organiser, other)));
    expect(both.map((a) => a.statusCode).sort()).toEqual([201, 409]);
  });

  it('keeps organisers and managers of another unit out of the event and its allocations (403)', async () => {
    const someone = await buildPerson(t.db);
    for (const response of [
      await otherOrganiser.get(`/api/events/${eventId}/invitations/overview`),
      await otherOrganiser.get(`/api/events/${eventId}/invitations`),
      await otherOrganiser.get(`/api/events/${eventId}/invitations.pdf`),
      await otherOrganiser.post(`/api/events/${eventId}/invitations/remind`),
      await invite({ phone: nationalForm(someone.phone), groupId: youth, venueId: hall }, otherOrganiser),
      await invite({ phone: nationalForm(someone.phone), groupId: youth, venueId: hall }, manager),
    ]) {
      expect(response.statusCode).toBe(403);
    }
    expect((await organiser.get('/api/events/999999/invitations')).statusCode).toBe(404);
  });

  it('hands seats to a unit whose manager names people up to them; another unit’s manager gets 403', async () => {
    const allocated = await organiser.post(`/api/events/${eventId}/allocations`, { unitCode: '30307', groupId: youth, venueId: bridge, seats: 2 });
    expect(allocated.statusCode, allocated.body).toBe(201);
    const allocationId = allocated.json().id;
    // More than the quota left cannot be handed out.
    expect((await organiser.post(`/api/events/${eventId}/allocations`, { unitCode: '30292', groupId: youth, venueId: bridge, seats: 19 })).json().error.code).toBe('invitation_quota_full');

    const mine = await manager.get('/api/units/30307/event-allocations');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().allocations).toEqual([expect.objectContaining({ id: allocationId, seats: 2, group: { id: youth, name: 'Đoàn viên thanh niên' }, people: [] })]);
    expect((await otherManager.get('/api/units/30307/event-allocations')).statusCode).toBe(403);
    expect((await otherManager.get('/api/units/30292/event-allocations')).json().allocations).toEqual([]);

    const a = await buildPerson(t.db, { fullName: 'Phan Văn Đoàn' });
    const b = await buildPerson(t.db);
    const c = await buildPerson(t.db);
    const url = `/api/event-allocations/${allocationId}/invitations`;
    expect((await otherManager.post(url, { phone: nationalForm(a.phone) })).statusCode).toBe(403);
    // A new phone at the bridge site of Long Xuyên gets Long Xuyên as home by default.
    const fresh = nextPhone();
    const named = await manager.post(url, { phone: nationalForm(fresh), fullName: 'Phan Văn Đoàn Viên', birthYear: '2001' });
    expect(named.statusCode, named.body).toBe(201);
    expect((await manager.post(url, { phone: nationalForm(b.phone) })).statusCode).toBe(201);
    const over = await manager.post(url, { phone: nationalForm(c.phone) });
    expect(over.json().error).toMatchObject({ code: 'invitation_allocation_full' });
    const row = await t.db.selectFrom('event_invitations as i').innerJoin('users as p', 'p.id', 'i.user_id').innerJoin('units as u', 'u.id', 'i.unit_id').select(['i.source', 'u.code']).where('p.phone', '=', fresh).executeTakeFirstOrThrow();
    expect(row).toEqual({ source: 'unit', code: '30307' });
    const overview = (await organiser.get(`/api/events/${eventId}/invitations/overview`)).json();
    expect(overview.allocations).toEqual([expect.objectContaining({ id: allocationId, seats: 2, named: 2, unit: { code: '30307', name: expect.any(String) } })]);
    expect(overview.quotas).toContainEqual({ venueId: bridge, groupId: youth, quota: 20, invited: 2, accepted: 0, allocated: 2 });
    // The held seats count for the quota: 18 are left for others.
    expect((await organiser.request('PUT', `/api/events/${eventId}/quotas`, { groupId: youth, venueId: bridge, quota: 1 })).json().error.code).toBe('invitation_quota_below_taken');
  });

  it('answers the link: look-up with the family name masked, RSVP, my invitations; wrong secrets are 404 then throttled', async () => {
    const person = await buildPerson(t.db, { fullName: 'Nguyễn Thị Lan' });
    const { secret, code } = await buildInvitation(t.db, { eventId, venueId: hall, groupId: youth, userId: person.id, invitedBy: organiser.userId! });
    const address = nextIp();
    const from = (body: object, path = '/api/invitations/lookup') => t.app.inject({ method: 'POST', url: path, payload: body, remoteAddress: address });
    const looked = await from({ secret });
    expect(looked.statusCode).toBe(200);
    expect(looked.json()).toMatchObject({ event: { title: 'Lễ phát động Bình dân học vụ số' }, venue: { name: 'Hội trường UBND tỉnh', address: '16C Tôn Đức Thắng, Long Xuyên' }, group: 'Đoàn viên thanh niên', name: 'N*** Thị Lan', rsvp: 'pending', cancelled: false });
    expect(looked.body).not.toContain(person.phone.slice(-6));
    const accepted = await from({ secret, answer: 'accepted' }, '/api/invitations/rsvp');
    expect(accepted.json().rsvp).toBe('accepted');
    expect((await from({ secret, answer: 'maybe' }, '/api/invitations/rsvp')).statusCode).toBe(400);

    const lan = await signIn(t, person.phone);
    const mine = (await lan.get('/api/me/invitations')).json().invitations;
    expect(mine).toEqual([expect.objectContaining({ secret, code, rsvp: 'accepted', venue: expect.objectContaining({ name: 'Hội trường UBND tỉnh' }) })]);
    expect((await anonymous(t).get('/api/me/invitations')).statusCode).toBe(401);

    const wrong = 'A'.repeat(32);
    for (let i = 0; i < 10; i++) expect((await from({ secret: wrong })).statusCode).toBe(404);
    const throttled = await from({ secret });
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers['retry-after']).toBeDefined();
    // Another address is not held back.
    expect((await t.app.inject({ method: 'POST', url: '/api/invitations/lookup', payload: { secret }, remoteAddress: nextIp() })).statusCode).toBe(200);
  });

  it('prints the invitation (giấy mời) with name, venue, time and a QR of the link; a whole venue in one PDF', async () => {
    const person = await buildPerson(t.db, { fullName: 'Đặng Thị Ánh Nguyệt' });
    const { id, secret, code } = await buildInvitation(t.db, { eventId, venueId: hall, groupId: youth, userId: person.id, invitedBy: organiser.userId! });
    const response = await organiser.get(`/api/events/${eventId}/invitations/${id}/pdf`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.rawPayload;
    const text = await invitationPdfText(pdf);
    for (const expected of ['GIẤY MỜI', 'Đặng Thị Ánh Nguyệt', 'Lễ phát động Bình dân học vụ số', 'Hội trường UBND tỉnh', '16C Tôn Đức Thắng', '07:30 19/05/2025', code]) expect(text).toContain(expected);
    const link = await qrFromInvitationPdf(pdf);
    expect(link).toBe(`https://hoctap.angiang.gov.vn/invite#${secret}`);
    expect(invitationSecretFromScan(link)).toBe(secret);

    const all = await organiser.get(`/api/events/${eventId}/invitations.pdf?venueId=${hall}`);
    expect(all.statusCode).toBe(200);
    const pages = (await invitationPdfText(all.rawPayload)).split('\f').filter((p) => p.includes('GIẤY MỜI'));
    const active = await t.db.selectFrom('event_invitations').select('id').where('venue_id', '=', hall).where('cancelled_at', 'is', null).execute();
    expect(pages).toHaveLength(active.length);
    expect((await otherOrganiser.get(`/api/events/${eventId}/invitations/${id}/pdf`)).statusCode).toBe(403);
  });

  it('reminds by text those accepted or pending, not twice within 12 hours, with their link; counted and audited', async () => {
    const event = await buildEvent(t.db, { unitCode: '30307', createdBy: organiser.userId!, title: 'Tuần lễ học tập suốt đời' });
    const venue = await buildVenue(t.db, { eventId: event, name: 'Nhà văn hóa' });
    const people = await Promise.all([0, 1, 2].map(() => buildPerson(t.db)));
    const invitations = await Promise.all(people.map((p) => buildInvitation(t.db, { eventId: event, venueId: venue, userId: p.id, invitedBy: organiser.userId! })));
    await t.db.updateTable('event_invitations').set({ rsvp: 'declined' }).where('id', '=', invitations[2]!.id).execute();
    const before = t.outbox.length;
    const first = await organiser.post(`/api/events/${event}/invitations/remind`);
    expect(first.json()).toEqual({ sent: 2, skipped: 0 });
    await t.jobsIdle();
    const texts = t.outbox.slice(before);
    expect(texts.map((m) => m.to).sort()).toEqual([people[0]!.phone, people[1]!.phone].sort());
    expect(texts.find((m) => m.to === people[0]!.phone)!.text).toContain(`https://hoctap.angiang.gov.vn/invite#${invitations[0]!.secret}`);
    expect(texts[0]!.text).toContain('Tuan le hoc tap suot doi');
    expect((await organiser.post(`/api/events/${event}/invitations/remind`)).json()).toEqual({ sent: 0, skipped: 2 });
    t.clock.advance(12 * 3_600_000 + 1);
    // An official's session does not last 12 idle hours.
    organiser = await signIn(t, organiser.phone!);
    otherOrganiser = await signIn(t, otherOrganiser.phone!);
    expect((await organiser.post(`/api/events/${event}/invitations/remind`)).json()).toEqual({ sent: 2, skipped: 0 });
    await t.jobsIdle();
    expect(await audited('invitation.remind')).toBe(3);
  });

  it('imports a list all or nothing, with a row-by-row report, and offers a template', async () => {
    const event = await buildEvent(t.db, { unitCode: '30307', createdBy: organiser.userId! });
    const venue = await buildVenue(t.db, { eventId: event, name: 'Hội trường A' });
    await buildGroup(t.db, { eventId: event, name: 'Học sinh THPT', quotas: [{ venueId: venue, quota: 2 }] });
    const upload = (file: Buffer, mode: string, who: Actor = organiser) => who.upload(`/api/events/${event}/invitations/import?mode=${mode}`, file, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

    const template = await organiser.get(`/api/events/${event}/invitations/template.xlsx`);
    expect(template.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getRow(1).values).toEqual([undefined, ...header]);
    expect(workbook.worksheets[0]!.getRow(2).getCell(3).value).toBe('Học sinh THPT');

    const known = await buildPerson(t.db);
    const newPhone = nextPhone();
    const bad = await xlsx([
      header,
      ['Trần Thị Học Sinh', nationalForm(known.phone), 'Học sinh THPT', 'Hội trường A'],
      ['Lê Văn Sai', '0123', 'Học sinh THPT', 'Hội trường A'],
      ['Ngô Văn Lạ', nationalForm(nextPhone()), 'Khách VIP', 'Hội trường A', '1990', '30307'],
      ['Võ Văn Xa', nationalForm(nextPhone()), 'Học sinh THPT', 'Hội trường Z', '2008', '30307'],
      ['Trần Thị Học Sinh', nationalForm(known.phone), 'Học sinh THPT', 'Hội trường A'],
      ['Phạm Văn Mới', nationalForm(newPhone), 'Học sinh THPT', 'Hội trường A', '2008', '30307'],
      ['Đỗ Văn Thừa', nationalForm(nextPhone()), 'Học sinh THPT', 'Hội trường A', '2008', '30307'],
    ]);
    const checked = await upload(bad, 'check');
    expect(checked.statusCode, checked.body).toBe(200);
    const report = checked.json();
    expect(report.written).toBe(false);
    expect(report.problems.map((p: { row: number; column: string }) => [p.row, p.column])).toEqual([
      [3, 'Số điện thoại'],
      [4, 'Nhóm'],
      [5, 'Địa điểm'],
      [6, 'Số điện thoại'],
      [8, 'Nhóm'],
    ]);
    expect(report.problems.at(-1).message).toBe('Nhóm «Học sinh THPT» tại «Hội trường A» đã đủ 2 người.');
    const refused = await upload(bad, 'all');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('invitations_file_invalid');
    expect(await t.db.selectFrom('event_invitations').select('id').where('event_id', '=', event).execute()).toHaveLength(0);
    expect(await t.db.selectFrom('users').select('id').where('phone', '=', newPhone).execute()).toHaveLength(0);

    const good = await xlsx([header, ['Trần Thị Học Sinh', nationalForm(known.phone), 'hoc sinh thpt', 'Hội trường A'], ['Phạm Văn Mới', nationalForm(newPhone).slice(1), 'Học sinh THPT', 'Hội trường A', '2008', '30307']]);
    const imported = await upload(good, 'all');
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ written: true, invited: 2, created: 1, problems: [] });
    expect((await t.db.selectFrom('event_invitations').select('source').where('event_id', '=', event).execute()).map((r) => r.source)).toEqual(['import', 'import']);
    expect((await upload(good, 'all', otherOrganiser)).statusCode).toBe(403);
  });

  it('exports and erases a person’s invitations with their data', async () => {
    const person = await buildPerson(t.db);
    await buildInvitation(t.db, { eventId, venueId: bridge, groupId: null, userId: person.id, invitedBy: organiser.userId! });
    expect(await invitationsPersonalData.export(t.db, person.id)).toEqual([expect.objectContaining({ event: 'Lễ phát động Bình dân học vụ số', venue: 'Điểm cầu phường Long Xuyên', rsvp: 'pending' })]);
    await t.db.transaction().execute((trx) => invitationsPersonalData.erase(trx, person.id, t.clock.now()));
    expect(await invitationsPersonalData.export(t.db, person.id)).toEqual([]);
  });
});
