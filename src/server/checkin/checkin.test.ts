import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInWith, type Actor } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildEvent, buildGroup, buildInvitation, buildVenue } from '../../../test/event-factories.js';
import { buildPerson, nationalForm, nextPhone } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { EventId, ParticipantGroupId, UserId, VenueId } from '../../shared/ids.js';
import { hashInvitationSecret } from '../events/events.service.js';

let nonceCounter = 0;
const nonce = () => `n${Date.now().toString(36)}${(nonceCounter++).toString(36)}xxxxxxxx`.slice(0, 40);
const at = '2025-05-19T00:20:00.000Z';

describe.each(engines)('check-in on %s', (engine) => {
  let t: TestApp;
  let organiser: Actor;
  let otherOrganiser: Actor;
  let manager: Actor;
  let eventId: EventId;
  let otherEventId: EventId;
  let hall: VenueId;
  let bridge: VenueId;
  let students: ParticipantGroupId;
  let youth: ParticipantGroupId;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    organiser = await signedInWith(t, { role: 'organiser', unit: '30307' });
    otherOrganiser = await signedInWith(t, { role: 'organiser', unit: '30292', home: '30292' });
    manager = await signedInWith(t, { role: 'manager', unit: '30307' });
    eventId = await buildEvent(t.db, { unitCode: '30307', createdBy: organiser.userId!, title: 'Lễ phát động Bình dân học vụ số' });
    hall = await buildVenue(t.db, { eventId, name: 'Hội trường UBND', kind: 'main' });
    bridge = await buildVenue(t.db, { eventId, name: 'Điểm cầu khóm Đông Thịnh', kind: 'bridge' });
    students = await buildGroup(t.db, { eventId, name: 'Học sinh THPT', quotas: [{ venueId: hall, quota: 3 }] });
    youth = await buildGroup(t.db, { eventId, name: 'Đoàn viên thanh niên', quotas: [{ venueId: hall, quota: 1 }, { venueId: bridge, quota: 5 }] });
    otherEventId = await buildEvent(t.db, { unitCode: '30292', createdBy: otherOrganiser.userId! });
  });
  afterAll(() => t.close());

  const invite = async (venueId = hall, groupId: ParticipantGroupId | null = students, fullName = 'Trần Thị Thu', event = eventId) => {
    const person = await buildPerson(t.db, { fullName });
    const venue = event === eventId ? venueId : await buildVenue(t.db, { eventId: event });
    return { person, ...(await buildInvitation(t.db, { eventId: event, venueId: venue, groupId: event === eventId ? groupId : null, userId: person.id, invitedBy: organiser.userId! })) };
  };
  const send = (scans: object[], who = organiser, event = eventId) => who.post(`/api/events/${event}/checkins`, { deviceId: 'cua-chinh', scans: scans.map((s) => ({ scannedAt: at, ...s })) });
  const counted = async (invitationId: number) =>
    Number((await t.db.selectFrom('event_checkins').select((eb) => eb.fn.countAll<string>().as('n')).where('invitation_id', '=', invitationId as never).where('result', '=', 'checked_in').executeTakeFirstOrThrow()).n);
  const audited = async (action: string) => (await t.db.selectFrom('audit_log').select('details').where('action', '=', action).execute()).map((a) => JSON.parse(a.details));

  it('gives the door phone hashes and codes of every live invitation of the event, never a secret', async () => {
    const one = await invite(hall, students, 'Lê Văn Cửa');
    const cancelled = await invite(bridge, youth, 'Người Đã Hủy');
    await t.db.updateTable('event_invitations').set({ cancelled_at: 1 }).where('id', '=', cancelled.id).execute();
    const response = await organiser.get(`/api/events/${eventId}/venues/${bridge}/checkin-list`);
    expect(response.statusCode, response.body).toBe(200);
    const list = response.json();
    expect(list.venues.map((v: { id: number }) => v.id)).toEqual([hall, bridge]);
    const entry = list.entries.find((e: { invitationId: number }) => e.invitationId === one.id);
    expect(entry).toEqual({ invitationId: one.id, secretHash: hashInvitationSecret(one.secret), code: one.code, fullName: 'Lê Văn Cửa', group: 'Học sinh THPT', venueId: hall, rsvp: 'pending', checkedIn: null });
    expect(list.entries.some((e: { invitationId: number }) => e.invitationId === cancelled.id)).toBe(false);
    expect(response.body).not.toContain(one.secret);
    expect(Date.parse(list.version)).toBeGreaterThan(0);
    expect((await audited('checkin.list')).length).toBeGreaterThan(0);
    expect((await organiser.get(`/api/events/${eventId}/venues/999999/checkin-list`)).statusCode).toBe(404);
  });

  it('counts a scan once: the same nonce twice, or sent twice at the same instant, answers the first result', async () => {
    const guest = await invite();
    const n = nonce();
    const first = await send([{ nonce: n, venueId: hall, secret: `https://hoctap.angiang.gov.vn/invite#${guest.secret}` }]);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().results).toEqual([{ nonce: n, result: 'checked_in', invitationId: guest.id, fullName: 'Trần Thị Thu', group: 'Học sinh THPT', venue: null }]);
    const again = await send([{ nonce: n, venueId: hall, secret: guest.secret }]);
    expect(again.json().results[0].result).toBe('checked_in');
    expect(await counted(guest.id)).toBe(1);
    expect((await t.db.selectFrom('event_checkins').select('id').where('nonce', '=', n).execute()).length).toBe(1);
    // A later scan with a new nonce at the same door: already in, not an error, not counted.
    expect((await send([{ nonce: nonce(), venueId: hall, code: guest.code.toLowerCase() }])).json().results[0].result).toBe('already');

    const racer = await invite();
    const m = nonce();
    const answers = await Promise.all([1, 2, 3].map(() => send([{ nonce: m, venueId: hall, secret: racer.secret }])));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.json().results[0].result)).toEqual(['checked_in', 'checked_in', 'checked_in']);
    expect(await counted(racer.id)).toBe(1);
    expect((await t.db.selectFrom('event_checkins').select('id').where('nonce', '=', m).execute()).length).toBe(1);
    // The same nonce naming another person is not a replay.
    const someoneElse = await invite();
    expect((await send([{ nonce: m, venueId: hall, secret: someoneElse.secret }])).json().results[0].result).toBe('nonce_reused');
    expect(await counted(someoneElse.id)).toBe(0);
  });

  it('reports a second door as a conflict naming the first, and counts once even when two doors race', async () => {
    const guest = await invite(bridge, youth, 'Phạm Văn Hai Cửa');
    expect((await send([{ nonce: nonce(), venueId: bridge, secret: guest.secret }])).json().results[0].result).toBe('checked_in');
    const second = (await send([{ nonce: nonce(), venueId: hall, code: guest.code }])).json().results[0];
    expect(second).toMatchObject({ result: 'conflict', fullName: 'Phạm Văn Hai Cửa', venue: { id: bridge, name: 'Điểm cầu khóm Đông Thịnh' } });
    expect(await counted(guest.id)).toBe(1);
    const attendance = (await organiser.get(`/api/events/${eventId}/attendance`)).json();
    expect(attendance.conflicts).toContainEqual(expect.objectContaining({ result: 'conflict', fullName: 'Phạm Văn Hai Cửa', venue: { id: hall, name: 'Hội trường UBND' }, belongsAt: { id: bridge, name: 'Điểm cầu khóm Đông Thịnh' } }));

    const racer = await invite(bridge, youth);
    const answers = await Promise.all([
      send([{ nonce: nonce(), venueId: bridge, secret: racer.secret }]),
      send([{ nonce: nonce(), venueId: bridge, code: racer.code }]),
      send([{ nonce: nonce(), venueId: hall, secret: racer.secret }]),
    ]);
    const results = answers.map((a) => a.json().results[0].result);
    expect(results.filter((r) => r === 'checked_in')).toHaveLength(1);
    expect(await counted(racer.id)).toBe(1);
    // Every scan was kept, counted or not.
    expect((await t.db.selectFrom('event_checkins').select('id').where('invitation_id', '=', racer.id).execute()).length).toBe(3);

    const elsewhere = await invite(bridge, youth, 'Người Sai Cửa');
    expect((await send([{ nonce: nonce(), venueId: hall, secret: elsewhere.secret }])).json().results[0]).toMatchObject({ result: 'wrong_venue', venue: { id: bridge } });
    expect(await counted(elsewhere.id)).toBe(0);
  });

  it('refuses and audits forged, other-event and cancelled invitations, showing nothing of other events', async () => {
    const other = await invite(hall, null, 'Người Sự Kiện Khác', otherEventId);
    const cancelled = await invite();
    await t.db.updateTable('event_invitations').set({ cancelled_at: 1 }).where('id', '=', cancelled.id).execute();
    const answers = (
      await send([
        { nonce: nonce(), venueId: hall, secret: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
        { nonce: nonce(), venueId: hall, secret: 'https://evil.example/other#AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
        { nonce: nonce(), venueId: hall, code: 'ZZZZZZ' },
        { nonce: nonce(), venueId: hall, secret: other.secret },
        { nonce: nonce(), venueId: hall, secret: cancelled.secret },
      ])
    ).json().results;
    expect(answers.map((a: { result: string }) => a.result)).toEqual(['unknown', 'unknown', 'unknown', 'other_event', 'cancelled']);
    expect(answers[3]).toMatchObject({ invitationId: null, fullName: null });
    expect(await counted(other.id)).toBe(0);
    expect(await counted(cancelled.id)).toBe(0);
    expect((await audited('checkin.refused_unknown')).length).toBeGreaterThanOrEqual(3);
    expect(await audited('checkin.refused_other_event')).toContainEqual(expect.objectContaining({ eventId, invitationId: other.id }));
    expect(await audited('checkin.refused_cancelled')).toContainEqual(expect.objectContaining({ invitationId: cancelled.id }));
    // Bad input: no target, two targets, a venue of another event.
    expect((await send([{ nonce: nonce(), venueId: hall }])).json().error.code).toBe('checkin_scan_target');
    expect((await send([{ nonce: nonce(), venueId: hall, code: 'ABCDEF', secret: other.secret }])).statusCode).toBe(400);
    const foreignVenue = await buildVenue(t.db, { eventId: otherEventId });
    expect((await send([{ nonce: nonce(), venueId: foreignVenue, code: 'ABCDEF' }])).statusCode).toBe(404);
    expect((await send([{ nonce: 'short', venueId: hall, code: 'ABCDEF' }])).statusCode).toBe(400);
  });

  it('finds a person by phone in any writing and checks them in on their invitation', async () => {
    const guest = await invite(hall, students, 'Nguyễn Văn Quên Mã');
    const found = await organiser.get(`/api/events/${eventId}/checkin-search?phone=${encodeURIComponent(nationalForm(guest.person.phone).replace(/^(\d{4})(\d{3})/, '$1 $2 '))}`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().matches).toEqual([{ invitationId: guest.id, fullName: 'Nguyễn Văn Quên Mã', group: 'Học sinh THPT', venue: { id: hall, name: 'Hội trường UBND' }, cancelled: false }]);
    expect((await organiser.get(`/api/events/${eventId}/checkin-search?phone=${nationalForm(nextPhone())}`)).json().matches).toEqual([]);
    expect((await organiser.get(`/api/events/${eventId}/checkin-search?phone=123`)).json().error.code).toBe('invalid_phone');
    expect((await send([{ nonce: nonce(), venueId: hall, invitationId: guest.id }])).json().results[0].result).toBe('checked_in');
  });

  it('registers walk-ins within the group quota at the venue, naming group and venue when it is full', async () => {
    const walkIn = (venueId: VenueId, groupId: ParticipantGroupId, phone = nationalForm(nextPhone()), n = nonce()) =>
      organiser.post(`/api/events/${eventId}/walk-ins`, { nonce: n, deviceId: 'cua-chinh', venueId, groupId, phone, fullName: 'Võ Văn Vãng Lai', birthYear: 1990 });
    const before = (await t.db.selectFrom('event_invitations').select('id').where('group_id', '=', youth).where('venue_id', '=', hall).execute()).length;
    expect(before).toBe(0);
    const n = nonce();
    const phone = nationalForm(nextPhone());
    const made = await walkIn(hall, youth, phone, n);
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json()).toMatchObject({ createdAccount: true, scan: { result: 'checked_in', fullName: 'Võ Văn Vãng Lai', group: 'Đoàn viên thanh niên' } });
    const again = await walkIn(hall, youth, phone, n);
    expect(again.json().scan.result).toBe('checked_in');
    expect((await t.db.selectFrom('event_invitations').select(['source', 'rsvp']).where('group_id', '=', youth).where('venue_id', '=', hall).execute())).toEqual([{ source: 'walk_in', rsvp: 'accepted' }]);
    const full = await walkIn(hall, youth);
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe('invitation_quota_full');
    expect(full.json().error.message).toContain('Đoàn viên thanh niên');
    expect(full.json().error.message).toContain('Hội trường UBND');
    // Two walk-ins racing for the last seats of the bridge: never more than the quota.
    const taken = (await t.db.selectFrom('event_invitations').select('id').where('group_id', '=', youth).where('venue_id', '=', bridge).where('cancelled_at', 'is', null).execute()).length;
    const racing = await Promise.all(Array.from({ length: 5 }, () => walkIn(bridge, youth)));
    expect(racing.filter((r) => r.statusCode === 200)).toHaveLength(5 - taken);
    expect(racing.every((r) => r.statusCode === 200 || r.json().error.code === 'invitation_quota_full')).toBe(true);
    // An already-invited person is checked in on their invitation, not invited twice.
    const invited = await invite(hall, students, 'Người Có Giấy Mời');
    const existing = await walkIn(hall, youth, nationalForm(invited.person.phone));
    expect(existing.json()).toMatchObject({ createdAccount: false, scan: { result: 'checked_in', invitationId: invited.id } });
    expect((await audited('checkin.walk_in')).length).toBeGreaterThan(0);
  });

  it('signs up a delegate without an account at the door with their own consent by texted code, counted as door_signup', async () => {
    const teams = await buildGroup(t.db, { eventId, name: 'Tổ công nghệ số cộng đồng', quotas: [{ venueId: hall, quota: 5 }] });
    const phone = nextPhone();
    const sent = await organiser.post(`/api/events/${eventId}/door-codes`, { phone: nationalForm(phone) });
    expect(sent.statusCode, sent.body).toBe(202);
    await t.jobsIdle();
    const text = t.outbox.filter((m) => m.to === phone).at(-1)!;
    const code = /(\d{6})/.exec(text.text)![1]!;
    const body = { nonce: nonce(), deviceId: 'cua-chinh', venueId: hall, groupId: teams, phone: nationalForm(phone), fullName: 'Đại Biểu Mới', birthYear: 1975, codeId: sent.json().codeId };
    const wrong = await organiser.post(`/api/events/${eventId}/door-signups`, { ...body, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.json().error.code).toBe('assisted_code_invalid');
    expect((await t.db.selectFrom('users').select('id').where('phone', '=', phone).execute())).toEqual([]);
    const made = await organiser.post(`/api/events/${eventId}/door-signups`, { ...body, code });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json()).toMatchObject({ createdAccount: true, scan: { result: 'checked_in', fullName: 'Đại Biểu Mới', group: 'Tổ công nghệ số cộng đồng' } });
    // A resend answers the first result; the used code signs up no one else.
    expect((await organiser.post(`/api/events/${eventId}/door-signups`, { ...body, code })).json().scan.result).toBe('checked_in');
    expect((await organiser.post(`/api/events/${eventId}/door-signups`, { ...body, nonce: nonce(), code })).json().error.code).toBe('assisted_code_invalid');
    const person = await t.db.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirstOrThrow();
    const consent = await t.db.selectFrom('consents').select(['purpose', 'channel', 'evidence', 'given_at']).where('user_id', '=', person.id).executeTakeFirstOrThrow();
    expect(consent).toMatchObject({ purpose: 'account', channel: 'door_sms', given_at: t.clock.now() });
    expect(JSON.parse(consent.evidence)).toMatchObject({ eventId, takenBy: organiser.userId, codeId: body.codeId });
    expect(await t.db.selectFrom('event_invitations').select(['source']).where('user_id', '=', person.id).execute()).toEqual([{ source: 'door_signup' }]);
    expect((await audited('checkin.door_signup')).length).toBe(1);
    // A phone with an account is a walk-in; a code burns after five wrong tries.
    expect((await organiser.post(`/api/events/${eventId}/door-codes`, { phone: nationalForm(phone) })).json().error.code).toBe('checkin_door_account_exists');
    const other = nextPhone();
    const second = (await organiser.post(`/api/events/${eventId}/door-codes`, { phone: nationalForm(other) })).json();
    const attempt = () => organiser.post(`/api/events/${eventId}/door-signups`, { ...body, nonce: nonce(), phone: nationalForm(other), codeId: second.codeId, code: '9999999' });
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await attempt()).json().error.code);
    expect(codes.slice(0, 4)).toEqual(['assisted_code_invalid', 'assisted_code_invalid', 'assisted_code_invalid', 'assisted_code_invalid']);
    expect(codes.slice(4)).toEqual(['assisted_code_attempts', 'assisted_code_attempts']);
    expect((await otherOrganiser.post(`/api/events/${eventId}/door-codes`, { phone: nationalForm(nextPhone()) })).statusCode).toBe(403);
  });

  it('keeps other units\' organisers and other roles out of the event, its list, scans and exports', async () => {
    const guest = await invite();
    for (const who of [otherOrganiser, manager]) {
      expect((await who.get(`/api/events/${eventId}/venues/${hall}/checkin-list`)).statusCode).toBe(403);
      expect((await send([{ nonce: nonce(), venueId: hall, secret: guest.secret }], who)).statusCode).toBe(403);
      expect((await who.get(`/api/events/${eventId}/attendance`)).statusCode).toBe(403);
      expect((await who.get(`/api/events/${eventId}/attendance.xlsx`)).statusCode).toBe(403);
      expect((await who.get(`/api/events/${eventId}/report.pdf`)).statusCode).toBe(403);
      expect((await who.get(`/api/events/${eventId}/checkin-search?phone=${nationalForm(guest.person.phone)}`)).statusCode).toBe(403);
      expect((await who.post(`/api/events/${eventId}/walk-ins`, { nonce: nonce(), deviceId: 'x', venueId: hall, groupId: students, phone: nationalForm(nextPhone()), fullName: 'Ai Đó', birthYear: 1990 })).statusCode).toBe(403);
    }
    expect(await counted(guest.id)).toBe(0);
    expect((await organiser.get('/api/events/99999999/attendance')).statusCode).toBe(404);
  });

  it('shows attendance per venue and group against quota, as JSON, Excel and the PDF report', async () => {
    const eventB = await buildEvent(t.db, { unitCode: '30307', createdBy: organiser.userId!, title: 'Tuần lễ học tập suốt đời' });
    const main = await buildVenue(t.db, { eventId: eventB, name: 'Nhà văn hóa phường' });
    const group = await buildGroup(t.db, { eventId: eventB, name: 'Cán bộ phường', quotas: [{ venueId: main, quota: 4 }] });
    const people: { id: number; secret: string }[] = [];
    for (const name of ['Một', 'Hai', 'Ba']) {
      const person = await buildPerson(t.db, { fullName: `Người ${name}` });
      people.push(await buildInvitation(t.db, { eventId: eventB, venueId: main, groupId: group, userId: person.id as UserId, invitedBy: organiser.userId! }));
    }
    await t.db.updateTable('event_invitations').set({ rsvp: 'accepted' }).where('id', '=', people[0]!.id as never).execute();
    await send([{ nonce: nonce(), venueId: main, secret: people[0]!.secret }, { nonce: nonce(), venueId: main, secret: people[1]!.secret }], organiser, eventB);
    const attendance = (await organiser.get(`/api/events/${eventB}/attendance`)).json();
    expect(attendance.venues).toEqual([
      { id: main, name: 'Nhà văn hóa phường', quota: 4, invited: 3, accepted: 1, checkedIn: 2, atDoor: 0, groups: [{ id: group, name: 'Cán bộ phường', quota: 4, invited: 3, accepted: 1, checkedIn: 2, atDoor: 0 }] },
    ]);
    expect(attendance.totals).toEqual({ quota: 4, invited: 3, accepted: 1, checkedIn: 2, atDoor: 0 });

    const xlsx = await organiser.get(`/api/events/${eventB}/attendance.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows: string[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[1]).toEqual(['Sự kiện', 'Tuần lễ học tập suốt đời']);
    const header = rows.findIndex((r) => r[0] === 'Địa điểm');
    expect(rows[header]).toEqual(['Địa điểm', 'Nhóm đại biểu', 'Số lượng', 'Được mời', 'Xác nhận dự', 'Đã điểm danh', 'Đăng ký tại cửa']);
    expect(rows[header + 1]).toEqual(['Nhà văn hóa phường', 'Cán bộ phường', '4', '3', '1', '2', '0']);
    expect(rows.at(-1)).toEqual(['Tổng cộng', '', '4', '3', '1', '2', '0']);

    const pdf = await organiser.get(`/api/events/${eventB}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(path.join(tmpdir(), 'event-report-'));
    writeFileSync(path.join(dir, 'r.pdf'), pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    rmSync(dir, { recursive: true });
    expect(text).toContain('Báo cáo kết quả tổ chức sự kiện');
    expect(text).toContain('Tuần lễ học tập suốt đời');
    expect(text).toMatch(/Cán bộ phường\s+4\s+3\s+1\s+2\s+0/);
    expect(text).toMatch(/Tổng cộng\s+4\s+3\s+1\s+2\s+0/);
    expect(await audited('checkin.export')).toContainEqual({ eventId: eventB, format: 'pdf' });
  });
});
