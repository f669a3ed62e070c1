import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { EventId } from '../../shared/ids.js';
import { residentialKinds } from '../../shared/units.js';
import { insertMedia } from '../media/media.service.js';
import { launchCeremonySlug, seedLaunchCeremony } from '../bootstrap/demo-events.seed.js';

// 19 May 2025, 7:30 and 9:30 in Vietnam.
const start = Date.UTC(2025, 4, 19, 0, 30);
const end = Date.UTC(2025, 4, 19, 2, 30);
const at = (ms: number) => new Date(ms).toISOString();
const minutes = (n: number) => n * 60_000;
const title = 'Lễ phát động phong trào “Bình dân học vụ số”';

function webRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'hoctap-events-web-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><html><head><title>Học tập suốt đời</title><meta name="description" content="app" /></head><body></body></html>');
  return root;
}

describe.each(engines)('events on %s', (engine) => {
  let t: TestApp;
  let organiser: Actor;
  let wardOrganiser: Actor;
  let otherWardOrganiser: Actor;
  let manager: Actor;
  let imageId: number;
  beforeAll(async () => {
    t = await buildTestApp(engine, { WEB_ROOT: webRoot(), PUBLIC_URL: 'https://hoctap.angiang.example' });
    organiser = await signedInWith(t, { role: 'organiser', unit: '91' });
    wardOrganiser = await signedInWith(t, { role: 'organiser', unit: '30307' });
    otherWardOrganiser = await signedInWith(t, { role: 'organiser', unit: '30292', home: '30292' });
    manager = await signedInWith(t, { role: 'manager', unit: '91' });
    const course = await buildCourse(t.db);
    imageId = await insertMedia(t.db, { courseId: course.id, name: 'le-phat-dong.png', kind: 'image', mime: 'image/png', sha256: 'a'.repeat(64), bytes: 1000, alt: '', width: 1200, height: 630, createdBy: null, now: 0 });
  });
  afterAll(() => t.close());

  const createEvent = async (who: Actor, unit: string, body: object = {}) => {
    const response = await who.post(`/api/units/${unit}/events`, { title, startsAt: at(start), endsAt: at(end), mode: 'hybrid', ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: number; slug: string; status: string };
  };
  const auditActions = async (who: Actor) => (await t.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', who.userId!).execute()).map((a) => a.action);

  it('creates a draft with a slug folded from the title, unique, and edits it', async () => {
    const event = await createEvent(organiser, '91', { description: 'Chào mừng **135 năm**', imageMediaId: imageId });
    expect(event).toMatchObject({ slug: 'le-phat-dong-phong-trao-binh-dan-hoc-vu-so', status: 'draft', nextStatus: 'published', unit: { code: '91' }, imageMediaId: imageId, imageUrl: `/media/${'a'.repeat(64)}/original.png` });
    expect((await createEvent(organiser, '91')).slug).toBe('le-phat-dong-phong-trao-binh-dan-hoc-vu-so-2');
    const edited = await organiser.patch(`/api/events/${event.id}`, { title: 'Lễ phát động (sửa)', mode: 'in_person', imageMediaId: null });
    expect(edited.json()).toMatchObject({ title: 'Lễ phát động (sửa)', mode: 'in_person', slug: event.slug, imageUrl: null });
    expect((await organiser.patch(`/api/events/${event.id}`, { endsAt: at(start - 1) })).json().error.code).toBe('event_ends_before_start');
    expect((await organiser.post('/api/units/91/events', { title, startsAt: at(start), endsAt: at(end), mode: 'hybrid', imageMediaId: 999_999 })).json().error.code).toBe('event_media_not_found');
    expect((await organiser.post('/api/units/91/events', { title, startsAt: at(start), endsAt: at(end), mode: 'boat' })).statusCode).toBe(400);
    expect(await auditActions(organiser)).toEqual(expect.arrayContaining(['event.create', 'event.update']));
  });

  it('moves the status only forward, one step at a time, each audited', async () => {
    const event = await createEvent(organiser, '91');
    const move = (status: string) => organiser.post(`/api/events/${event.id}/status`, { status });
    expect((await move('live')).json().error.code).toBe('event_status_not_next');
    expect((await move('published')).json()).toMatchObject({ status: 'published', nextStatus: 'live' });
    expect((await move('published')).statusCode).toBe(200);
    expect((await move('draft')).statusCode).toBe(409);
    expect((await move('live')).json().status).toBe('live');
    expect((await move('ended')).json()).toMatchObject({ status: 'ended', nextStatus: null });
    const moves = await t.db.selectFrom('audit_log').select('action').where('action', 'like', 'event.%').where('details', 'like', `%"eventId":${event.id},%`).execute();
    expect(moves.map((m) => m.action).filter((a) => ['event.published', 'event.live', 'event.ended'].includes(a))).toEqual(['event.published', 'event.live', 'event.ended']);
  });

  it("keeps an organiser to their units' events: 403 elsewhere, and my events lists only those in reach", async () => {
    const ward = await createEvent(wardOrganiser, '30307', { title: 'Ra mắt Bình dân học vụ số phường Long Xuyên' });
    const other = await createEvent(otherWardOrganiser, '30292', { title: 'Ra mắt phường Bình Đức' });
    expect((await wardOrganiser.post('/api/units/30292/events', { title, startsAt: at(start), endsAt: at(end), mode: 'hybrid' })).statusCode).toBe(403);
    for (const [method, url, body] of [
      ['get', `/api/events/${other.id}`],
      ['patch', `/api/events/${other.id}`, { title: 'Chiếm quyền' }],
      ['post', `/api/events/${other.id}/status`, { status: 'published' }],
      ['get', `/api/events/${other.id}/venues`],
      ['post', `/api/events/${other.id}/venues`, { kind: 'main', name: 'X' }],
      ['post', `/api/events/${other.id}/venues/bridge-sites`, { unitCode: '30292' }],
      ['get', `/api/events/${other.id}/programme`],
      ['get', `/api/events/${other.id}/programme.pdf`],
    ] as const) {
      const response = await (wardOrganiser as unknown as Record<string, (url: string, body?: object) => Promise<{ statusCode: number }>>)[method]!(url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await manager.get(`/api/events/${ward.id}`)).statusCode).toBe(403);
    expect((await wardOrganiser.get('/api/events/999999')).statusCode).toBe(404);
    const mine = (await wardOrganiser.get('/api/events')).json().events.map((e: { id: number }) => e.id);
    expect(mine).toContain(ward.id);
    expect(mine).not.toContain(other.id);
    const provinces = (await organiser.get('/api/events')).json().events.map((e: { id: number }) => e.id);
    expect(provinces).toEqual(expect.arrayContaining([ward.id, other.id]));
    expect((await manager.get('/api/events')).statusCode).toBe(403);
    // A ward's organiser names no unit outside their ward, not even for a bridge site of their own event.
    expect((await wardOrganiser.post(`/api/events/${ward.id}/venues/bridge-sites`, { unitCode: '91' })).json().error.code).toBe('venue_unit_out_of_reach');
    expect((await wardOrganiser.post(`/api/events/${ward.id}/venues`, { kind: 'bridge', name: 'Điểm cầu', unitCode: '30292' })).statusCode).toBe(403);
  });

  it('adds venues with normalised phones and http(s) links, retires and reorders them', async () => {
    const event = await createEvent(organiser, '91');
    const added = await organiser.post(`/api/events/${event.id}/venues`, {
      kind: 'main',
      name: ' Hội trường  UBND tỉnh ',
      address: '16C Tôn Đức Thắng, Long Xuyên',
      capacity: 140,
      contactName: 'Huỳnh Quốc Bảo',
      contactPhone: '(+84) 912.345.678',
      streamUrl: 'https://meet.angiang.gov.vn/le-phat-dong',
      unitCode: '91',
    });
    expect(added.statusCode, added.body).toBe(201);
    const hall = added.json().venues[0];
    expect(hall).toMatchObject({ name: 'Hội trường UBND tỉnh', contactPhone: '0912 345 678', capacity: 140, unit: { code: '91' }, retiredAt: null });
    expect((await t.db.selectFrom('event_venues').select('contact_phone').where('id', '=', hall.id).executeTakeFirstOrThrow()).contact_phone).toBe('+84912345678');
    expect((await organiser.post(`/api/events/${event.id}/venues`, { kind: 'bridge', name: 'Điểm cầu', streamUrl: 'javascript:alert(1)' })).json().error.code).toBe('venue_stream_url_invalid');
    expect((await organiser.post(`/api/events/${event.id}/venues`, { kind: 'bridge', name: 'Điểm cầu', contactPhone: '12345' })).json().error.code).toBe('invalid_phone');
    const second = (await organiser.post(`/api/events/${event.id}/venues`, { kind: 'bridge', name: 'Điểm cầu phường Long Xuyên', unitCode: '30307' })).json().venues[1];
    const patched = await organiser.patch(`/api/events/${event.id}/venues/${second.id}`, { capacity: 50, streamUrl: 'http://zoom.example/abc' });
    expect(patched.json().venues[1]).toMatchObject({ capacity: 50, streamUrl: 'http://zoom.example/abc' });
    // A change naming no known field changes nothing.
    const unchanged = await organiser.patch(`/api/events/${event.id}/venues/${second.id}`, {});
    expect(unchanged.statusCode, unchanged.body).toBe(200);
    expect(unchanged.json().venues[1]).toMatchObject({ capacity: 50 });
    const reordered = await organiser.request('PUT', `/api/events/${event.id}/venues/order`, { ids: [second.id, hall.id] });
    expect(reordered.json().venues.map((v: { id: number }) => v.id)).toEqual([second.id, hall.id]);
    expect((await organiser.request('PUT', `/api/events/${event.id}/venues/order`, { ids: [hall.id] })).json().error.code).toBe('event_reorder_mismatch');
    const retired = await organiser.post(`/api/events/${event.id}/venues/${second.id}/retire`);
    expect(retired.json().venues[0].retiredAt).not.toBeNull();
    // A venue of another event is not this event's.
    const other = await createEvent(organiser, '91');
    expect((await organiser.patch(`/api/events/${other.id}/venues/${hall.id}`, { capacity: 1 })).statusCode).toBe(404);
  });

  it('adds a bridge site for every current commune under a unit, once', async () => {
    const event = await createEvent(organiser, '91');
    const province = await t.db.selectFrom('units').select('path').where('code', '=', '91').executeTakeFirstOrThrow();
    const communes = await t.db.selectFrom('units').select('id').where('path', 'like', `${province.path}%`).where('kind', 'in', residentialKinds).where('valid_until', 'is', null).execute();
    expect(communes.length).toBeGreaterThan(50);
    // One commune first, then the province: the ward is skipped.
    expect((await organiser.post(`/api/events/${event.id}/venues/bridge-sites`, { unitCode: '30307' })).json().added).toBe(1);
    const first = await organiser.post(`/api/events/${event.id}/venues/bridge-sites`, { unitCode: '91' });
    expect(first.statusCode).toBe(200);
    expect(first.json().added).toBe(communes.length - 1);
    const venues = first.json().venues as { kind: string; name: string; unit: { code: string } }[];
    expect(venues).toHaveLength(communes.length);
    expect(venues.every((v) => v.kind === 'bridge')).toBe(true);
    expect(venues.find((v) => v.unit.code === '30307')!.name).toBe('Ủy ban nhân dân phường Long Xuyên');
    expect((await organiser.post(`/api/events/${event.id}/venues/bridge-sites`, { unitCode: '91' })).json().added).toBe(0);
    // No pre-reform district or commune gets one.
    const units = await t.db.selectFrom('event_venues').innerJoin('units', 'units.id', 'event_venues.unit_id').select(['units.kind', 'units.valid_until']).where('event_id', '=', event.id as EventId).execute();
    expect(units.every((u) => u.valid_until === null && (residentialKinds as readonly string[]).includes(u.kind))).toBe(true);
  });

  it('keeps the programme in order and warns of overlaps, overruns and early starts', async () => {
    const event = await createEvent(organiser, '91');
    const add = (body: object) => organiser.post(`/api/events/${event.id}/programme`, body);
    const welcome = await add({ startsAt: at(start), durationMinutes: 30, content: 'Đón tiếp đại biểu', responsibleUnitCode: '30307', responsibleName: 'Viễn thông An Giang' });
    expect(welcome.statusCode, welcome.body).toBe(201);
    expect(welcome.json().warnings).toEqual([]);
    expect(welcome.json().items[0]).toMatchObject({ durationMinutes: 30, responsibleName: 'Viễn thông An Giang' });
    const overlapping = await add({ startsAt: at(start + minutes(20)), durationMinutes: 15, content: 'Văn nghệ chào mừng' });
    const [first, second] = overlapping.json().items;
    expect(overlapping.json().warnings).toEqual([{ itemId: first.id, kind: 'overlaps_next', message: expect.stringContaining('7h50') }]);
    const late = await add({ startsAt: at(end - minutes(5)), durationMinutes: 15, content: 'Văn nghệ bế mạc' });
    expect(late.json().warnings.map((w: { kind: string }) => w.kind)).toEqual(['overlaps_next', 'runs_past_end']);
    expect(late.json().warnings[1].message).toContain('9h30');
    const early = await add({ startsAt: at(start - minutes(30)), durationMinutes: 10, content: 'Chuẩn bị hội trường' });
    expect(early.json().warnings.map((w: { kind: string }) => w.kind)).toContain('starts_before_event');
    const fixed = await organiser.patch(`/api/events/${event.id}/programme/${first.id}`, { durationMinutes: 20 });
    expect(fixed.json().warnings.filter((w: { itemId: number }) => w.itemId === first.id)).toEqual([]);
    const items = fixed.json().items.map((i: { id: number }) => i.id);
    const order = [items[3], items[0], items[1], items[2]];
    expect((await organiser.request('PUT', `/api/events/${event.id}/programme/order`, { ids: order })).json().items.map((i: { id: number }) => i.id)).toEqual(order);
    const removed = await organiser.delete(`/api/events/${event.id}/programme/${second.id}`);
    expect(removed.json().items).toHaveLength(3);
    expect((await add({ startsAt: at(start), durationMinutes: 5, content: 'Chiếu clip', mediaId: 987_654 })).json().error.code).toBe('event_media_not_found');
    expect((await add({ startsAt: at(start), durationMinutes: 0, content: 'x' })).statusCode).toBe(400);
    expect((await organiser.get(`/api/events/${event.id}/programme`, { 'accept-language': 'en' })).json().warnings[0]?.message ?? '').not.toContain('Mục');
  });

  it('prints the programme like the official one', async () => {
    const event = await createEvent(organiser, '91');
    await organiser.post(`/api/events/${event.id}/venues`, { kind: 'main', name: 'Hội trường UBND tỉnh', address: '16C Tôn Đức Thắng, Long Xuyên' });
    await organiser.post(`/api/events/${event.id}/programme`, { startsAt: at(start), durationMinutes: 15, content: 'Đón tiếp đại biểu', responsibleName: 'Sở Khoa học và Công nghệ' });
    await organiser.post(`/api/events/${event.id}/programme`, { startsAt: at(start + minutes(50)), durationMinutes: 15, content: 'Phát biểu phát động phong trào', responsibleName: 'Chủ tịch UBND tỉnh' });
    const response = await organiser.get(`/api/events/${event.id}/programme.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/pdf');
    const dir = mkdtempSync(path.join(tmpdir(), 'hoctap-programme-'));
    writeFileSync(path.join(dir, 'p.pdf'), response.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'p.pdf'), '-'], { encoding: 'utf8' });
    for (const expected of ['CHƯƠNG TRÌNH', 'LỄ PHÁT ĐỘNG PHONG TRÀO', 'Thời gian', 'Nội dung', 'Thực hiện', '7h30 – 7h45', '8h20 – 8h35', 'Đón tiếp đại biểu', 'Sở Khoa học', 'Chủ tịch UBND tỉnh', 'Hội trường UBND tỉnh, 16C Tôn Đức Thắng', 'Thứ Hai, 19/5/2025']) {
      expect(text).toContain(expected);
    }
  });

  it('shows a published event to anyone, without drafts or contact phones, with now and next on the server clock', async () => {
    const event = await createEvent(organiser, '91', { title: 'Ngày hội học tập suốt đời', imageMediaId: imageId });
    await organiser.post(`/api/events/${event.id}/venues`, { kind: 'main', name: 'Hội trường UBND tỉnh', contactName: 'Người Liên Hệ', contactPhone: '0912 345 679', streamUrl: 'https://live.example/a' });
    await organiser.post(`/api/events/${event.id}/programme`, { startsAt: at(start), durationMinutes: 30, content: 'Đón tiếp đại biểu' });
    await organiser.post(`/api/events/${event.id}/programme`, { startsAt: at(start + minutes(30)), durationMinutes: 20, content: 'Văn nghệ chào mừng' });
    const guest = anonymous(t);
    expect((await guest.get(`/api/public/events/${event.slug}`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/events/${event.slug}` })).body).not.toContain('og:title');
    await organiser.post(`/api/events/${event.id}/status`, { status: 'published' });
    t.clock.current = start + minutes(10);
    const page = await guest.get(`/api/public/events/${event.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ title: 'Ngày hội học tập suốt đời', status: 'published', organiser: 'Tỉnh An Giang', now: { content: 'Đón tiếp đại biểu' }, next: { content: 'Văn nghệ chào mừng' } });
    expect(page.json().venues).toEqual([{ kind: 'main', name: 'Hội trường UBND tỉnh', address: '', streamUrl: 'https://live.example/a' }]);
    expect(page.body).not.toContain('345 679');
    expect(page.body).not.toContain('345679');
    expect(page.body).not.toContain('Người Liên Hệ');
    t.clock.current = start + minutes(35);
    expect((await guest.get(`/api/public/events/${event.slug}`)).json()).toMatchObject({ now: { content: 'Văn nghệ chào mừng' }, next: null });

    // The link preview a crawler sees (no JavaScript): title, the time in Vietnamese, the image.
    const html = (await t.app.inject({ method: 'GET', url: `/events/${event.slug}` })).body;
    expect(html).toContain('<meta property="og:title" content="Ngày hội học tập suốt đời" />');
    expect(html).toContain('<title>Ngày hội học tập suốt đời</title>');
    expect(html).toMatch(/<meta property="og:description" content="7h30 – 9h30, Thứ Hai, 19\/5\/2025/);
    expect(html).toContain(`<meta property="og:image" content="https://hoctap.angiang.example/media/${'a'.repeat(64)}/original.png" />`);
    expect(html).toContain(`<meta property="og:url" content="https://hoctap.angiang.example/events/${event.slug}" />`);
    expect((await t.app.inject({ method: 'GET', url: '/events/khong-co' })).body).not.toContain('og:title');
  });

  it('seeds the launch ceremony of 19 May 2025 once, with the hall, a bridge site per commune and the programme', async () => {
    await seedLaunchCeremony(t.db, organiser.userId!, t.clock.now());
    await seedLaunchCeremony(t.db, organiser.userId!, t.clock.now());
    expect(await t.db.selectFrom('events').select('id').where('slug', '=', launchCeremonySlug).execute()).toHaveLength(1);
    t.clock.current = Date.UTC(2025, 4, 19, 2, 22);
    const page = (await anonymous(t).get(`/api/public/events/${launchCeremonySlug}`)).json();
    expect(page).toMatchObject({ status: 'published', mode: 'hybrid', startsAt: '2025-05-19T00:30:00.000Z', endsAt: '2025-05-19T02:30:00.000Z' });
    expect(page.venues[0]).toEqual({ kind: 'main', name: 'Hội trường UBND tỉnh', address: '16C Tôn Đức Thắng, Long Xuyên, An Giang', streamUrl: null });
    expect(page.venues.filter((v: { kind: string }) => v.kind === 'bridge').length).toBeGreaterThan(50);
    expect(page.programme).toHaveLength(11);
    expect(page.now.content).toContain('Bấm nút ra mắt');
    expect(page.next.content).toBe('Văn nghệ bế mạc');
    const { id } = await t.db.selectFrom('events').select('id').where('slug', '=', launchCeremonySlug).executeTakeFirstOrThrow();
    expect((await organiser.get(`/api/events/${id}/programme`)).json().warnings).toEqual([]);
  });
});
