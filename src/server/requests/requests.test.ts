import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signIn, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildPerson, nationalForm, testPassword } from '../../../test/factories.js';
import { buildHamlet, buildHelperTeam } from '../../../test/request-fixtures.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { SupportRequestId, TeamId, UserId } from '../../shared/ids.js';
import { resolvedByHelper } from './requests.service.js';

const minute = 60_000;
const hour = 60 * minute;

describe.each(engines)('support requests on %s', (engine) => {
  let t: TestApp;
  /** Team A names hamlet Khóm Một of 30307 (leader: a), team C covers all of 30307, team B is another ward's. */
  let teams: { a: TeamId; b: TeamId; c: TeamId };
  let leader: Actor;
  let member: Actor;
  let wholeWard: Actor;
  let outsider: Actor;
  let manager: Actor;
  let otherManager: Actor;
  let citizen: Actor;
  let neighbour: Actor;

  /** Staff sessions end after 2 idle hours; tests that moved the clock sign them in again. */
  const refresh = async () => {
    const again = async (a: Actor) => signIn(t, a.phone!);
    [leader, member, wholeWard, outsider, manager, otherManager] = [await again(leader), await again(member), await again(wholeWard), await again(outsider), await again(manager), await again(otherManager)];
  };
  const helper = async (unit: string, fullName: string) => signedInWith(t, { role: 'helper', unit, home: unit, fullName });
  const ask = (who: Actor, body: Record<string, unknown>) => who.post('/api/support-requests/mine', { topic: 'vneid', details: 'Không đăng nhập được VNeID.', ...body });
  const routed = async (id: SupportRequestId) => (await t.db.selectFrom('support_request_teams').select('team_id').where('request_id', '=', id).orderBy('team_id').execute()).map((r) => r.team_id);
  const ids = (response: { json(): { requests: { id: number }[] } }) => response.json().requests.map((r) => r.id);

  beforeAll(async () => {
    t = await buildTestApp(engine);
    const hamlet = await buildHamlet(t.db, '30307', 'KHOM-MOT', 'Khóm Một');
    leader = await helper('30307', 'Trần Văn Trưởng');
    member = await helper('30307', 'Lê Thị Tổ Viên');
    wholeWard = await helper('30307', 'Phạm Văn Cả Phường');
    outsider = await helper('30292', 'Võ Văn Phường Khác');
    teams = {
      a: await buildHelperTeam(t.db, { unitCode: '30307', name: 'Tổ khóm Một', leader: leader.userId, members: [leader.userId!, member.userId!], hamlets: [hamlet] }),
      b: await buildHelperTeam(t.db, { unitCode: '30292', name: 'Tổ Bình Đức', leader: outsider.userId, members: [outsider.userId!] }),
      c: await buildHelperTeam(t.db, { unitCode: '30307', name: 'Tổ cả phường', members: [wholeWard.userId!] }),
    };
    manager = await signedInWith(t, { role: 'manager', unit: '30307' });
    otherManager = await signedInWith(t, { role: 'manager', unit: '30292' });
    citizen = await signedInWith(t, { fullName: 'Nguyễn Thị Hỏi' });
    neighbour = await signedInWith(t, { fullName: 'Lý Văn Hàng Xóm' });
  });
  afterAll(() => t.close());

  it('takes a request at home by default, routes it to the teams covering the place, and shows it to its author', async () => {
    const atHome = await ask(citizen, { preferredTime: 'Buổi sáng' });
    expect(atHome.statusCode).toBe(201);
    expect(atHome.json()).toMatchObject({ status: 'open', place: { code: '30307' }, contactPhone: citizen.phone, preferredTime: 'Buổi sáng', resolution: null });
    // The ward as a whole: the team naming a hamlet does not cover it.
    expect(await routed(atHome.json().id)).toEqual([teams.c]);
    const inHamlet = await ask(citizen, { placeCode: 'KHOM-MOT', topic: 'install_app', phone: '0912 000 555' });
    expect(inHamlet.json()).toMatchObject({ place: { code: 'KHOM-MOT', kind: 'hamlet' }, contactPhone: '+84912000555', topic: 'install_app' });
    expect(await routed(inHamlet.json().id)).toEqual([teams.a, teams.c]);

    const mine = (await citizen.get('/api/support-requests/mine')).json();
    expect(mine.requests.map((r: { id: number }) => r.id)).toEqual([inHamlet.json().id, atHome.json().id]);
    expect(mine.places.map((p: { code: string }) => p.code)).toEqual(['30307', 'KHOM-MOT']);
    expect(mine).toMatchObject({ defaultPlace: '30307', phone: citizen.phone });
    expect(ids(await neighbour.get('/api/support-requests/mine'))).toEqual([]);
    const audit = await t.db.selectFrom('audit_log').select('action').where('subject_user_id', '=', citizen.userId).where('action', '=', 'support_request.create').execute();
    expect(audit).toHaveLength(2);
  });

  it.each([
    ['a place outside the person’s commune', { placeCode: '30292' }, 'placeCode'],
    ['an unknown place', { placeCode: 'KHONG-CO' }, 'placeCode'],
    ['a phone that is not a Vietnamese mobile', { phone: '12345' }, 'phone'],
    ['empty details', { details: '   ' }, 'details'],
  ])('refuses %s with a message on the field', async (_label, body, field) => {
    const response = await ask(neighbour, body);
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json().error.fields)).toEqual([field]);
  });

  it('throttles a flood of requests from one person', async () => {
    const flooder = await signedInWith(t);
    for (let i = 0; i < 10; i += 1) expect((await ask(flooder, {})).statusCode).toBe(201);
    const refused = await ask(flooder, {});
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
  });

  it('shows each helper only their teams’ requests and each manager only their subtree; everyone else gets 403', async () => {
    const hamletRequest = (await ask(neighbour, { placeCode: 'KHOM-MOT' })).json().id;
    const wardRequest = (await ask(neighbour, {})).json().id;
    expect(ids(await leader.get('/api/support-requests?limit=200'))).toContain(hamletRequest);
    expect(ids(await leader.get('/api/support-requests?limit=200'))).not.toContain(wardRequest);
    expect(ids(await wholeWard.get('/api/support-requests?limit=200'))).toEqual(expect.arrayContaining([hamletRequest, wardRequest]));
    expect(ids(await manager.get('/api/support-requests?limit=200'))).toEqual(expect.arrayContaining([hamletRequest, wardRequest]));
    expect(ids(await outsider.get('/api/support-requests?limit=200'))).toEqual([]);
    expect(ids(await otherManager.get('/api/support-requests?limit=200'))).toEqual([]);
    expect((await neighbour.get('/api/support-requests')).statusCode).toBe(403);

    for (const who of [outsider, otherManager]) {
      expect((await who.get(`/api/support-requests/${hamletRequest}`)).statusCode).toBe(403);
      expect((await who.post(`/api/support-requests/${hamletRequest}/assign`, {})).statusCode).toBe(403);
      expect((await who.post(`/api/support-requests/${hamletRequest}/notes`, { text: 'x' })).statusCode).toBe(403);
      expect((await who.post(`/api/support-requests/${hamletRequest}/resolve`, { message: 'x' })).statusCode).toBe(403);
      expect((await who.post(`/api/support-requests/${hamletRequest}/duplicate`, { ofId: wardRequest })).statusCode).toBe(403);
    }
    // A helper of the ward whose team the request did not go to.
    expect((await leader.get(`/api/support-requests/${wardRequest}`)).statusCode).toBe(403);
    expect((await leader.post(`/api/support-requests/${wardRequest}/assign`, {})).statusCode).toBe(403);
    // A citizen reaches only their own, and someone else's looks like none.
    expect((await citizen.post(`/api/support-requests/${hamletRequest}/cancel`)).statusCode).toBe(404);
    expect((await citizen.get(`/api/support-requests/${hamletRequest}`)).statusCode).toBe(403);
    expect((await leader.get('/api/support-requests/999999')).statusCode).toBe(404);
    // A manager gives work to the team's helpers but is none of them.
    expect((await manager.post(`/api/support-requests/${hamletRequest}/assign`, {})).statusCode).toBe(400);
    const detail = await manager.get(`/api/support-requests/${hamletRequest}`);
    expect(detail.json()).toMatchObject({ requester: { fullName: 'Lý Văn Hàng Xóm', phone: neighbour.phone, registered: true }, teams: [{ id: teams.a }, { id: teams.c }] });
  });

  it('is taken, noted, given to a member by the leader and resolved, each step timed; the person sees the status and the message, never the notes', async () => {
    const asked = t.clock.now();
    const id = (await ask(citizen, { placeCode: 'KHOM-MOT', details: 'Cần cài SmartAnGiang.' })).json().id;
    t.clock.advance(90 * minute);
    const noted = await member.post(`/api/support-requests/${id}/notes`, { text: 'Đã gọi, hẹn sáng mai. Bí mật nội bộ.' });
    expect(noted.statusCode).toBe(200);
    expect(noted.json()).toMatchObject({ status: 'open', firstResponseAt: new Date(asked + 90 * minute).toISOString(), notes: [{ author: 'Lê Thị Tổ Viên', text: 'Đã gọi, hẹn sáng mai. Bí mật nội bộ.' }] });
    // Only the leader (or a manager) gives work to someone else, and only to a member of its teams.
    expect((await member.post(`/api/support-requests/${id}/assign`, { helperId: leader.userId })).statusCode).toBe(403);
    const stranger = await leader.post(`/api/support-requests/${id}/assign`, { helperId: outsider.userId });
    expect([stranger.statusCode, Object.keys(stranger.json().error.fields)]).toEqual([400, ['helperId']]);
    expect((await leader.get(`/api/support-requests/${id}`)).json().assignable.map((p: { id: number }) => p.id).sort()).toEqual([leader.userId, member.userId, wholeWard.userId].sort());
    t.clock.advance(60 * minute);
    const given = await leader.post(`/api/support-requests/${id}/assign`, { helperId: member.userId });
    expect(given.json()).toMatchObject({ status: 'assigned', assignee: { id: member.userId, fullName: 'Lê Thị Tổ Viên' }, firstResponseAt: new Date(asked + 90 * minute).toISOString() });
    expect((await citizen.get('/api/support-requests/mine')).json().requests.find((r: { id: number }) => r.id === id).status).toBe('assigned');
    // Another helper of its teams cannot take it over; the leader could.
    const grab = await (await signIn(t, wholeWard.phone!)).post(`/api/support-requests/${id}/assign`, {});
    expect([grab.statusCode, grab.json().error.code]).toEqual([409, 'support_request_taken']);
    // Taken: the person can no longer cancel it.
    expect((await citizen.post(`/api/support-requests/${id}/cancel`)).statusCode).toBe(409);

    // Staff sessions end after 2 idle hours: the member acts again within them.
    t.clock.advance(50 * minute);
    const resolved = await member.post(`/api/support-requests/${id}/resolve`, { message: 'Đã cài xong SmartAnGiang.' });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolvedAt: new Date(asked + 200 * minute).toISOString(), resolution: 'Đã cài xong SmartAnGiang.' });
    expect((await member.post(`/api/support-requests/${id}/resolve`, { message: 'Lần nữa' })).statusCode).toBe(409);
    expect((await leader.post(`/api/support-requests/${id}/assign`, {})).statusCode).toBe(409);

    const seen = await citizen.get('/api/support-requests/mine');
    expect(seen.json().requests.find((r: { id: number }) => r.id === id)).toMatchObject({ status: 'resolved', resolution: 'Đã cài xong SmartAnGiang.' });
    expect(seen.body).not.toContain('Bí mật nội bộ');
    const actions = await t.db.selectFrom('audit_log').select('action').where('details', 'like', `%"request":${id}%`).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['support_request.create', 'support_request.note', 'support_request.assign', 'support_request.resolve']);
  });

  it('closes a request as a duplicate of another of the same person or place, and lets the person cancel an open one', async () => {
    await refresh();
    const first = (await ask(neighbour, { placeCode: 'KHOM-MOT' })).json().id;
    const second = (await ask(neighbour, { placeCode: 'KHOM-MOT' })).json().id;
    const elsewhere = (await ask(await signedInWith(t, { home: '30292' }), {})).json().id;
    expect((await leader.post(`/api/support-requests/${second}/duplicate`, { ofId: second })).statusCode).toBe(400);
    expect((await leader.post(`/api/support-requests/${second}/duplicate`, { ofId: elsewhere })).statusCode).toBe(400);
    const closed = await leader.post(`/api/support-requests/${second}/duplicate`, { ofId: first });
    expect(closed.json()).toMatchObject({ status: 'duplicate', duplicateOf: first });
    expect((await neighbour.get('/api/support-requests/mine')).json().requests.find((r: { id: number }) => r.id === second)).toMatchObject({ status: 'duplicate' });

    const cancelled = await neighbour.post(`/api/support-requests/${first}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect((await neighbour.post(`/api/support-requests/${first}/cancel`)).statusCode).toBe(409);
    expect(ids(await leader.get('/api/support-requests?limit=200'))).not.toContain(first);
    expect(ids(await leader.get('/api/support-requests?status=closed&limit=200'))).toEqual(expect.arrayContaining([first, second]));
  });

  it('lets a helper open a request for a registered person of the commune, or for anyone by name and phone, only where their team works', async () => {
    await refresh();
    const resident = await buildPerson(t.db, { unitCode: '30307', fullName: 'Đặng Thị Có Tài Khoản' });
    const farAway = await buildPerson(t.db, { unitCode: '30292', fullName: 'Người Ở Xa Ngoaivung' });
    const body = { topic: 'public_service', details: 'Nộp hồ sơ trực tuyến.', placeCode: 'KHOM-MOT' };
    const linked = await leader.post('/api/support-requests', { ...body, phone: nationalForm(resident.phone) });
    expect(linked.statusCode).toBe(201);
    expect(linked.json()).toMatchObject({ requester: { fullName: 'Đặng Thị Có Tài Khoản', registered: true }, openedByHelper: true, status: 'open' });
    expect((await signIn(t, resident.phone)).userId).toBe(resident.id);
    expect(ids(await (await signIn(t, resident.phone)).get('/api/support-requests/mine'))).toEqual([linked.json().id]);

    // Someone living elsewhere is not looked up: without a name the helper is asked for one, as for anyone unregistered.
    const unnamed = await leader.post('/api/support-requests', { ...body, phone: nationalForm(farAway.phone) });
    expect([unnamed.statusCode, unnamed.json().error.code]).toEqual([400, 'support_request_name_required']);
    const named = await leader.post('/api/support-requests', { ...body, phone: '0912 000 777', fullName: 'Bà Sáu Chưa Có Máy' });
    expect(named.json()).toMatchObject({ requester: { fullName: 'Bà Sáu Chưa Có Máy', phone: '+84912000777', registered: false } });
    expect(await routed(named.json().id)).toEqual([teams.a, teams.c]);

    expect((await outsider.post('/api/support-requests', { ...body, phone: '0912 000 778', fullName: 'Ai Đó' })).statusCode).toBe(403);
    expect((await manager.post('/api/support-requests', { ...body, phone: '0912 000 778', fullName: 'Ai Đó' })).statusCode).toBe(403);
    expect((await leader.post('/api/support-requests', { ...body, placeCode: '30292', phone: '0912 000 778', fullName: 'Ai Đó' })).statusCode).toBe(403);
  });

  it('gives each team its open count, medians to first response and to resolution, and the overdue list by its own hours', async () => {
    const lead = await helper('30316', 'Hồ Văn Tổ Trưởng');
    const plain = await helper('30316', 'Mai Thị Tổ Viên');
    const team = await buildHelperTeam(t.db, { unitCode: '30316', name: 'Tổ đo thời gian', leader: lead.userId, members: [lead.userId!, plain.userId!] });
    const wardManager = await signedInWith(t, { role: 'manager', unit: '30316' });
    const resident = await signedInWith(t, { home: '30316' });
    const start = t.clock.now();
    const waiting = (await ask(resident, { topic: 'scam' })).json().id;
    const quick = (await ask(resident, {})).json().id;
    const slow = (await ask(resident, {})).json().id;
    t.clock.advance(30 * minute);
    await plain.post(`/api/support-requests/${quick}/assign`, {});
    t.clock.advance(30 * minute);
    await lead.post(`/api/support-requests/${slow}/notes`, { text: 'Đã gọi.' });
    t.clock.advance(30 * minute);
    await plain.post(`/api/support-requests/${quick}/resolve`, { message: 'Xong.' });
    t.clock.advance(60 * minute);
    await lead.post(`/api/support-requests/${slow}/resolve`, { message: 'Xong.' });
    // Two days and two hours after they asked: staff sign in again.
    t.clock.current = start + 50 * hour;
    const figuresOf = async (who: Actor, query = '') => (await who.get(`/api/support-requests/figures${query}`)).json().teams.find((f: { id: number }) => f.id === team);
    const again = await signIn(t, lead.phone!);
    expect(await figuresOf(again)).toMatchObject({
      open: 1,
      assigned: 0,
      created: 3,
      resolved: 2,
      medianFirstResponseMinutes: 45,
      medianResolutionMinutes: 120,
      overdueHours: 48,
      mayChangeOverdueHours: true,
      overdue: [{ id: waiting, topic: 'scam', status: 'open', hoursWaiting: 50, assignee: null }],
    });
    expect((await again.get(`/api/support-requests?limit=200`)).json().requests.find((r: { id: number }) => r.id === waiting).overdue).toBe(true);
    // A period before any of it: nothing asked or resolved then, but what is open now is still open.
    expect(await figuresOf(again, '?from=2026-10-01&to=2026-10-31')).toMatchObject({ created: 0, resolved: 0, medianFirstResponseMinutes: null, open: 1 });
    expect((await again.get('/api/support-requests/figures?from=2026-11-30&to=2026-11-01')).statusCode).toBe(400);

    const setHours = (who: Actor, hours: number) => who.request('PUT', `/api/support-requests/teams/${team}/overdue-hours`, { hours });
    const plainAgain = await signIn(t, plain.phone!);
    expect((await setHours(plainAgain, 72)).statusCode).toBe(403);
    expect((await setHours(await signIn(t, manager.phone!), 72)).statusCode).toBe(403);
    expect((await setHours(again, 72)).statusCode).toBe(204);
    expect(await figuresOf(again)).toMatchObject({ overdueHours: 72, overdue: [] });
    expect((await setHours(await signIn(t, wardManager.phone!), 24)).statusCode).toBe(204);
    expect((await figuresOf(plainAgain)).mayChangeOverdueHours).toBe(false);

    // Scope: a helper sees only their teams' figures, a manager only their units' (and is refused another unit).
    expect((await (await signIn(t, outsider.phone!)).get('/api/support-requests/figures')).json().teams.map((f: { id: number }) => f.id)).toEqual([teams.b]);
    const managerAgain = await signIn(t, manager.phone!);
    expect((await managerAgain.get('/api/support-requests/figures')).json().teams.map((f: { id: number }) => f.id).sort()).toEqual([teams.a, teams.c].sort());
    expect((await managerAgain.get('/api/support-requests/figures?unit=30316')).statusCode).toBe(403);
    expect((await (await signIn(t, wardManager.phone!)).get('/api/support-requests/figures?unit=30316')).json().teams.map((f: { id: number }) => f.id)).toEqual([team]);

    const credit = await resolvedByHelper(t.db, [team], start, start + 50 * hour);
    expect(credit).toEqual(new Map<UserId, number>([[plain.userId!, 1], [lead.userId!, 1]]));
    expect(await resolvedByHelper(t.db, [team], start + 2 * hour, start + 50 * hour)).toEqual(new Map([[lead.userId!, 1]]));
    expect(await resolvedByHelper(t.db, [teams.b], start, start + 50 * hour)).toEqual(new Map());
  });

  it('exports a person’s requests and the notes on them, and de-identifies them on erasure while the figures stay', async () => {
    await refresh();
    const person = await buildPerson(t.db, { unitCode: '30307', fullName: 'Tô Thị Xóa Dữ Liệu' });
    const me = await signIn(t, person.phone);
    const id = (await ask(me, { placeCode: 'KHOM-MOT', details: 'Chi tiết riêng tư của tôi.' })).json().id;
    const staff = await signIn(t, leader.phone!);
    await staff.post(`/api/support-requests/${id}/notes`, { text: 'Ghi chú về bà Tô.' });
    await staff.post(`/api/support-requests/${id}/resolve`, { message: 'Đã xong cho bà Tô.' });
    const exported = (await me.get('/api/me/export')).json().tables;
    expect(exported.support_requests).toMatchObject([{ id, details: 'Chi tiết riêng tư của tôi.', resolution: 'Đã xong cho bà Tô.' }]);
    expect(exported.support_request_notes).toMatchObject([{ request_id: id, body: 'Ghi chú về bà Tô.' }]);
    const staffExport = (await staff.get('/api/me/export')).json().tables;
    expect(staffExport.support_request_notes.map((n: { body: string }) => n.body)).toContain('Ghi chú về bà Tô.');

    const before = (await staff.get('/api/support-requests/figures')).json().teams.find((f: { id: number }) => f.id === teams.a);
    expect((await me.delete('/api/me', { password: testPassword })).statusCode).toBe(204);
    const row = await t.db.selectFrom('support_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ requester_user_id: null, contact_phone: '', details: '', resolution: null, status: 'resolved', topic: 'vneid' });
    expect(await t.db.selectFrom('support_request_notes').select('id').where('request_id', '=', id).execute()).toEqual([]);
    const after = (await staff.get('/api/support-requests/figures')).json().teams.find((f: { id: number }) => f.id === teams.a);
    expect(after).toEqual(before);
    expect((await staff.get(`/api/support-requests/${id}`)).body).not.toMatch(/Tô Thị|riêng tư|bà Tô/);
  });
});
