import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signedInWith, signIn, type Actor } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildEvent } from '../../../test/event-factories.js';
import { buildCourse, buildPerson, grant, nationalForm, nextPhone } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { CourseId, EventId, UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { createCampaign } from '../campaigns/campaigns.service.js';
import { findUnitByCode } from '../units/units.service.js';

/** Reads server-sent events from a real HTTP response. */
async function openStream(url: string) {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<{ event: string; data: any }> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n');
        const data = lines.find((l) => l.startsWith('data: '));
        if (!data) continue;
        return { event: lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message', data: JSON.parse(data.slice(6)) };
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  return { response, next, close: () => controller.abort() };
}

describe.each(engines)('the launch button and the big screen on %s', (engine) => {
  let t: TestApp;
  let organiser: Actor;
  let otherOrganiser: Actor;
  let learner: Actor;
  let manager: Actor;
  let campaignId: number;
  beforeAll(async () => {
    t = await buildTestApp(engine, { SCREEN_STREAMS_MAX: '2' });
    // The launch publishes and sets live on the organiser's behalf: they are also author and campaign lead.
    organiser = await signedInWith(t, { role: 'organiser', unit: '91' });
    await grant(t.db, organiser.userId!, 'author', '91');
    await grant(t.db, organiser.userId!, 'campaign_lead', '91');
    otherOrganiser = await signedInWith(t, { role: 'organiser', unit: '30292', home: '30292' });
    learner = await signedInWith(t);
    manager = await signedInWith(t, { role: 'manager', unit: '30307' });
    const province = (await findUnitByCode(t.db, '91'))!;
    campaignId = await createCampaign(
      t.db,
      province,
      { title: 'Bình dân học vụ số 2025', description: '', startsOn: '2026-11-01', endsOn: '2026-12-31', courseIds: [], targetPercent: 80 },
      { userId: organiser.userId!, ip: '127.0.0.1', now: t.clock.now() },
    );
  });
  afterAll(() => t.close());

  const newEvent = () => buildEvent(t.db, { unitCode: '91', createdBy: organiser.userId!, startsAt: t.clock.now() });
  const setLive = (id: EventId) => t.db.updateTable('events').set({ status: 'live' }).where('id', '=', id).execute();
  type Leader = { id: UserId; phone: PhoneNumber; actor: Actor };
  const leaders = async (n: number) => {
    const people: Leader[] = [];
    for (let i = 0; i < n; i++) {
      const person = await buildPerson(t.db, { fullName: `Lãnh Đạo ${i + 1}` });
      people.push({ ...person, actor: await signIn(t, person.phone) });
    }
    // Indexing a list of people known to be that long.
    return people as [Leader, Leader, ...Leader[]];
  };
  const configure = async (eventId: EventId, body: object) => organiser.request('PUT', `/api/events/${eventId}/launch`, body);

  it('refuses a press from anyone not named (403, audited), a press before the event is live (409), and counts a second press once', async () => {
    const eventId = await newEvent();
    const [a, b] = await leaders(2);
    const configured = await configure(eventId, { leaderPhones: [nationalForm(a.phone), nationalForm(b.phone)], pressesNeeded: 2, plannedAt: null, courseIds: [], campaignId: null });
    expect(configured.statusCode, configured.body).toBe(200);
    expect(configured.json()).toMatchObject({ pressesNeeded: 2, locked: false, leaders: [{ fullName: 'Lãnh Đạo 1' }, { fullName: 'Lãnh Đạo 2' }] });

    const early = await a.actor.post(`/api/events/${eventId}/launch/press`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('launch_event_not_live');

    await setLive(eventId);
    const stranger = await learner.post(`/api/events/${eventId}/launch/press`);
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json().error).toMatchObject({ code: 'launch_not_leader', message: expect.stringContaining('không có tên') });
    expect((await learner.get(`/api/events/${eventId}/launch/me`)).statusCode).toBe(403);
    const refused = await t.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', learner.userId).where('action', '=', 'launch.press_refused').execute();
    expect(refused).toHaveLength(1);

    const first = await a.actor.post(`/api/events/${eventId}/launch/press`);
    expect(first.json()).toMatchObject({ presses: 1, pressedByMe: true, alreadyPressed: false, launchedNow: false, launchedAt: null });
    const again = await a.actor.post(`/api/events/${eventId}/launch/press`);
    expect(again.json()).toMatchObject({ presses: 1, alreadyPressed: true, launchedNow: false, launchedAt: null });

    const second = await b.actor.post(`/api/events/${eventId}/launch/press`);
    expect(second.json()).toMatchObject({ presses: 2, alreadyPressed: false, launchedNow: true });
    expect(second.json().launchedAt).not.toBeNull();
    const afterLaunch = await a.actor.post(`/api/events/${eventId}/launch/press`);
    expect(afterLaunch.json()).toMatchObject({ alreadyPressed: true, launchedNow: false });

    // Locked once live.
    const locked = await configure(eventId, { leaderPhones: [nationalForm(a.phone)], pressesNeeded: 1, plannedAt: null, courseIds: [], campaignId: null });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('launch_locked');
  });

  it('launches exactly once when five leaders press at the same instant: the course is published for learners and the campaign is live', async () => {
    const eventId = await newEvent();
    const course = await buildCourse(t.db, { draft: true, ownerUnit: '91', title: 'Kỹ năng số cho mọi người' });
    expect((await learner.get(`/api/courses/${course.id}`)).statusCode).toBe(404);
    expect((await manager.get(`/api/campaigns/${campaignId}`)).statusCode).toBe(404);
    const five = await leaders(5);
    const body = { leaderPhones: five.map((l) => nationalForm(l.phone)), pressesNeeded: 2, plannedAt: '2026-11-24T02:30:00.000Z', courseIds: [course.id], campaignId };
    expect((await configure(eventId, body)).statusCode).toBe(200);
    await setLive(eventId);

    const answers = await Promise.all(five.map((l) => l.actor.post(`/api/events/${eventId}/launch/press`)));
    for (const answer of answers) expect(answer.statusCode, answer.body).toBe(200);
    expect(answers.filter((a) => a.json().launchedNow)).toHaveLength(1);

    const launched = await t.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'launch.launched').execute();
    expect(launched.filter((row) => String(row.details).includes(`"event":${eventId}`))).toHaveLength(1);
    const versions = await t.db.selectFrom('course_versions').select('course_id').where('course_id', '=', course.id as CourseId).execute();
    expect(versions).toHaveLength(1);
    const opened = await learner.get(`/api/courses/${course.id}`);
    expect(opened.statusCode).toBe(200);
    expect(opened.json().title).toBe('Kỹ năng số cho mọi người');
    // A draft is its leads' alone; once live, a commune's manager sees it.
    const campaign = await manager.get(`/api/campaigns/${campaignId}`);
    expect(campaign.statusCode, campaign.body).toBe(200);
    expect(campaign.json().status).toBe('live');
    const audit = (await t.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', organiser.userId).execute()).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['launch.configure', 'course.publish', 'campaign.live']));
  });

  it('lets an organiser choose only courses they author and campaigns they lead, and only leaders with an account', async () => {
    const eventId = await newEvent();
    const plain = await signedInWith(t, { role: 'organiser', unit: '91' });
    const course = await buildCourse(t.db, { draft: true, ownerUnit: '91' });
    const base = { leaderPhones: [], pressesNeeded: 1, plannedAt: null, courseIds: [], campaignId: null };
    expect((await plain.request('PUT', `/api/events/${eventId}/launch`, { ...base, courseIds: [course.id] })).json().error.code).toBe('launch_course_not_authored');
    expect((await plain.request('PUT', `/api/events/${eventId}/launch`, { ...base, campaignId })).json().error.code).toBe('launch_campaign_not_led');
    const unknown = await configure(eventId, { ...base, leaderPhones: [nationalForm(nextPhone())] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('launch_leader_unknown');
    const [a] = await leaders(1);
    const tooMany = await configure(eventId, { ...base, leaderPhones: [nationalForm(a.phone)], pressesNeeded: 2 });
    expect(tooMany.json().error.code).toBe('launch_presses_needed');
  });

  it("keeps another unit's organiser out of the event's launch and screens (403)", async () => {
    const eventId = await newEvent();
    expect((await otherOrganiser.get(`/api/events/${eventId}/launch`)).statusCode).toBe(403);
    expect((await otherOrganiser.request('PUT', `/api/events/${eventId}/launch`, { leaderPhones: [], pressesNeeded: 1, plannedAt: null, courseIds: [], campaignId: null })).statusCode).toBe(403);
    expect((await otherOrganiser.get(`/api/events/${eventId}/screen-tokens`)).statusCode).toBe(403);
    expect((await otherOrganiser.post(`/api/events/${eventId}/screen-tokens`, { name: 'Màn hình' })).statusCode).toBe(403);
    expect((await learner.get(`/api/events/${eventId}/launch`)).statusCode).toBe(403);
  });

  it('opens the big screen with its token, shows the launch and the figures since, which move when a citizen signs up; a revoked token is refused', async () => {
    const eventId = await newEvent();
    const [a] = await leaders(1);
    expect((await configure(eventId, { leaderPhones: [nationalForm(a.phone)], pressesNeeded: 1, plannedAt: '2026-11-24T02:30:00.000Z', courseIds: [], campaignId: null })).statusCode).toBe(200);
    const created = await organiser.post(`/api/events/${eventId}/screen-tokens`, { name: 'Màn hình hội trường' });
    expect(created.statusCode).toBe(201);
    const { token, id: tokenId } = created.json();
    const listed = (await organiser.get(`/api/events/${eventId}/screen-tokens`)).json();
    expect(listed.tokens).toEqual([expect.objectContaining({ id: tokenId, name: 'Màn hình hội trường', revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(token);
    const stored = await t.db.selectFrom('event_screen_tokens').select('token_hash').where('id', '=', tokenId).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toBe(token);

    const before = await anonymous(t).get(`/api/screen?token=${token}`);
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ launch: { pressesNeeded: 1, plannedAt: '2026-11-24T02:30:00.000Z', launchedAt: null, leaders: [{ fullName: 'Lãnh Đạo 1', pressed: false }] }, counts: null });

    await setLive(eventId);
    expect((await a.actor.post(`/api/events/${eventId}/launch/press`)).json().launchedNow).toBe(true);
    const launched = (await anonymous(t).get(`/api/screen?token=${token}`)).json();
    expect(launched.launch.launchedAt).not.toBeNull();
    const longXuyen = (state: typeof launched) => state.counts.communes.find((c: { code: string }) => c.code === '30307');
    const signUpsBefore = launched.counts.signUps;
    const communeBefore = longXuyen(launched).signUps;

    const registered = await anonymous(t).post('/api/auth/register', { phone: nationalForm(nextPhone()), password: 'mot-hai-ba-bon', fullName: 'Nguyễn Thị Bảy', birthYear: 1962, unitCode: '30307', consent: true });
    expect(registered.statusCode).toBe(201);
    const after = (await anonymous(t).get(`/api/screen?token=${token}`)).json();
    expect(after.counts.signUps).toBe(signUpsBefore + 1);
    expect(longXuyen(after).signUps).toBe(communeBefore + 1);
    expect(after.counts.communes[0].signUps).toBeGreaterThanOrEqual(longXuyen(after).signUps);

    expect((await organiser.post(`/api/events/${eventId}/screen-tokens/${tokenId}/revoke`)).json().tokens[0].revokedAt).not.toBeNull();
    const revoked = await anonymous(t).get(`/api/screen?token=${token}`);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('screen_token_revoked');
    const forged = await anonymous(t).get(`/api/screen?token=${'x'.repeat(32)}`);
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('screen_token_invalid');
  });

  it('streams the state at once over server-sent events, then each change; tells a revoked screen; caps streams per process', async () => {
    const eventId = await newEvent();
    const [a, b] = await leaders(2);
    expect((await configure(eventId, { leaderPhones: [nationalForm(a.phone), nationalForm(b.phone)], pressesNeeded: 2, plannedAt: null, courseIds: [], campaignId: null })).statusCode).toBe(200);
    const { token, id: tokenId } = (await organiser.post(`/api/events/${eventId}/screen-tokens`, { name: 'Màn hình' })).json();
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });

    const stream = await openStream(`${url}/api/screen/stream?token=${token}`);
    const second = await openStream(`${url}/api/screen/stream?token=${token}`);
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.response.headers.get('cache-control')).toBe('no-cache');
      expect(stream.response.headers.get('x-accel-buffering')).toBe('no');
      const first = await stream.next();
      expect(first).toMatchObject({ event: 'state', data: { event: { id: eventId }, launch: { leaders: [{ pressed: false }, { pressed: false }] } } });
      expect((await second.next()).event).toBe('state');

      const full = await fetch(`${url}/api/screen/stream?token=${token}`);
      expect(full.status).toBe(503);
      expect((await full.json()).error.code).toBe('screen_streams_full');

      await setLive(eventId);
      expect((await a.actor.post(`/api/events/${eventId}/launch/press`)).statusCode).toBe(200);
      let update = await stream.next();
      while (!update.data.launch.leaders[0].pressed) update = await stream.next();
      expect(update.data.launch.leaders).toEqual([{ fullName: 'Lãnh Đạo 1', pressed: true }, { fullName: 'Lãnh Đạo 2', pressed: false }]);

      expect((await organiser.post(`/api/events/${eventId}/screen-tokens/${tokenId}/revoke`)).statusCode).toBe(200);
      let told = await stream.next();
      while (told.event !== 'revoked') told = await stream.next();
      expect(told.event).toBe('revoked');
    } finally {
      stream.close();
      second.close();
    }
  }, 20_000);
});
