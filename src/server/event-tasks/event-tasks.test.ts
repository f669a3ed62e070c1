import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildEvent } from '../../../test/event-factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { EventId, UserId } from '../../shared/ids.js';

const hour = 3_600_000;

describe.each(engines)('event preparation tasks on %s', (engine) => {
  let t: TestApp;
  let organiser: Actor;
  let otherOrganiser: Actor;
  let manager: Actor;
  let otherManager: Actor;
  let eventId: EventId;
  let otherEventId: EventId;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    organiser = await signedInWith(t, { role: 'organiser', unit: '30307', fullName: 'Huỳnh Quốc Bảo' });
    otherOrganiser = await signedInWith(t, { role: 'organiser', unit: '30292', home: '30292' });
    manager = await signedInWith(t, { role: 'manager', unit: '30307', fullName: 'Phạm Minh Tuấn' });
    otherManager = await signedInWith(t, { role: 'manager', unit: '30292', home: '30292' });
    eventId = await buildEvent(t.db, { unitCode: '30307', createdBy: organiser.userId as UserId, title: 'Lễ phát động phường Long Xuyên' });
    otherEventId = await buildEvent(t.db, { unitCode: '30292', createdBy: otherOrganiser.userId as UserId, title: 'Lễ phát động phường Bình Đức' });
  });
  afterAll(() => t.close());

  const at = (hoursFromNow: number) => new Date(t.clock.now() + hoursFromNow * hour).toISOString();
  const addTask = async (body: object, who = organiser, event = eventId) => {
    const response = await who.post(`/api/events/${event}/tasks`, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: number; overdue: boolean; status: string };
  };

  it('assigns tasks to units, lists the overdue ones first, and keeps who changed them last', async () => {
    // Sessions of officials expire when the clock jumps a day and a half, so the deadlines are set around now instead.
    const late = await addTask({ title: 'Phát hành và gửi Giấy mời', unitCode: '30307', deadline: at(12) });
    const soon = await addTask({ title: 'Chuẩn bị hội trường, sân khấu', details: 'Maket, âm thanh, MC', unitCode: '30292', deadline: at(-12) });
    const finished = await addTask({ title: 'Huy động học sinh THPT', unitCode: '30307', deadline: at(-24), status: 'done' });
    expect(late).toMatchObject({ overdue: false, status: 'todo' });
    expect(soon).toMatchObject({ overdue: true });
    const list = (await organiser.get(`/api/events/${eventId}/tasks`)).json();
    expect(list.tasks.map((x: { id: number }) => x.id)).toEqual([soon.id, finished.id, late.id]);
    expect(list.overdueCount).toBe(1);
    expect(list.tasks[0]).toMatchObject({ title: 'Chuẩn bị hội trường, sân khấu', unit: { code: '30292' }, overdue: true, eventTitle: 'Lễ phát động phường Long Xuyên', updatedBy: { fullName: 'Huỳnh Quốc Bảo' } });
    const overdue = (await organiser.get(`/api/events/${eventId}/tasks?overdue=true`)).json();
    expect(overdue.tasks.map((x: { id: number }) => x.id)).toEqual([soon.id]);

    const moved = await organiser.patch(`/api/events/${eventId}/tasks/${soon.id}`, { deadline: at(24), unitCode: '30307' });
    expect(moved.json()).toMatchObject({ overdue: false, unit: { code: '30307' } });
    expect((await organiser.patch(`/api/events/${eventId}/tasks/${soon.id}`, { unitCode: 'KHONG.CO' })).json().error.code).toBe('unit_not_found');
    expect((await organiser.post(`/api/events/${eventId}/tasks`, { title: '', unitCode: '30307', deadline: at(1) })).statusCode).toBe(400);
    expect((await organiser.post(`/api/events/${eventId}/tasks`, { title: 'X', unitCode: '30307', deadline: 'ngày mai' })).statusCode).toBe(400);
    expect((await organiser.delete(`/api/events/${eventId}/tasks/${finished.id}`)).statusCode).toBe(204);
    expect((await organiser.delete(`/api/events/${eventId}/tasks/${finished.id}`)).json().error.code).toBe('event_task_not_found');
    const actions = (await t.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', organiser.userId as UserId).execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['event_task.create', 'event_task.update', 'event_task.delete']));
  });

  it("lets an assigned unit's managers see and report on their own tasks only", async () => {
    const ours = await addTask({ title: 'Cử đoàn viên phát biểu', unitCode: '30307', deadline: at(5) });
    const theirs = await addTask({ title: 'Cử tổ công nghệ số cộng đồng', unitCode: '30292', deadline: at(5) });
    const mine = (await manager.get('/api/units/30307/event-tasks')).json();
    expect(mine.tasks.map((x: { id: number }) => x.id)).toContain(ours.id);
    expect(mine.tasks.map((x: { id: number }) => x.id)).not.toContain(theirs.id);
    expect(mine.tasks.every((x: { unit: { code: string } }) => x.unit.code === '30307')).toBe(true);
    expect((await manager.get('/api/units/30292/event-tasks')).statusCode).toBe(403);

    const reported = await manager.patch(`/api/event-tasks/${ours.id}`, { status: 'blocked', note: 'Chờ danh sách đoàn viên' });
    expect(reported.statusCode, reported.body).toBe(200);
    expect(reported.json()).toMatchObject({ status: 'blocked', note: 'Chờ danh sách đoàn viên', updatedBy: { fullName: 'Phạm Minh Tuấn' } });
    // Someone else's task, or a field managers may not set: refused.
    expect((await manager.patch(`/api/event-tasks/${theirs.id}`, { status: 'done' })).statusCode).toBe(403);
    expect((await otherManager.patch(`/api/event-tasks/${ours.id}`, { status: 'done' })).statusCode).toBe(403);
    // A deadline is the organiser's to set: a manager's attempt is dropped, the status kept.
    const sneaky = (await manager.patch(`/api/event-tasks/${ours.id}`, { status: 'blocked', deadline: at(100) })).json();
    expect(sneaky.deadline).toBe(reported.json().deadline);
    expect((await manager.patch(`/api/event-tasks/${ours.id}`, { status: 'finished' })).statusCode).toBe(400);
    expect((await otherManager.patch(`/api/event-tasks/${theirs.id}`, { status: 'in_progress' })).json().status).toBe('in_progress');
    // The organiser sees what the managers reported.
    const seen = (await organiser.get(`/api/events/${eventId}/tasks`)).json().tasks.find((x: { id: number }) => x.id === ours.id);
    expect(seen).toMatchObject({ status: 'blocked', note: 'Chờ danh sách đoàn viên', updatedBy: { id: manager.userId } });
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('actor_user_id', '=', manager.userId as UserId).where('action', '=', 'event_task.progress').execute();
    expect(audit).toHaveLength(2);
    // Managers plan nothing: the organiser's routes are closed to them.
    expect((await manager.get(`/api/events/${eventId}/tasks`)).statusCode).toBe(403);
    expect((await manager.post(`/api/events/${eventId}/tasks`, { title: 'X', unitCode: '30307', deadline: at(1) })).statusCode).toBe(403);
  });

  it("keeps an organiser out of another unit's event, its tasks and lists", async () => {
    const theirs = await addTask({ title: 'Nhiệm vụ của Bình Đức', unitCode: '30292', deadline: at(5) }, otherOrganiser, otherEventId);
    expect((await organiser.get(`/api/events/${otherEventId}/tasks`)).statusCode).toBe(403);
    expect((await organiser.get(`/api/events/${otherEventId}/tasks?overdue=true`)).statusCode).toBe(403);
    expect((await organiser.post(`/api/events/${otherEventId}/tasks`, { title: 'X', unitCode: '30307', deadline: at(1) })).statusCode).toBe(403);
    expect((await organiser.patch(`/api/events/${otherEventId}/tasks/${theirs.id}`, { title: 'Đổi' })).statusCode).toBe(403);
    expect((await organiser.delete(`/api/events/${otherEventId}/tasks/${theirs.id}`)).statusCode).toBe(403);
    // Another event's task through one's own event: as if it did not exist.
    expect((await organiser.patch(`/api/events/${eventId}/tasks/${theirs.id}`, { title: 'Đổi' })).json().error.code).toBe('event_task_not_found');
    expect((await organiser.get('/api/events/999999/tasks')).statusCode).toBe(404);
    expect((await organiser.patch('/api/event-tasks/999999', { status: 'done' })).statusCode).toBe(403);
    expect((await manager.patch('/api/event-tasks/999999', { status: 'done' })).statusCode).toBe(404);
  });
});
