import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signIn, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse, buildPerson, grant, nationalForm, testPassword, unitIdOf } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { CourseId, LessonId, TeamId, UserId } from '../../shared/ids.js';
import { formatPhoneNational } from '../../shared/phone.js';
import { hashCardSecret } from '../cards/cards.service.js';
import { insertChildUnits } from '../units/units.reference.js';
import { classesByHelper } from './classes.service.js';
import { seedDemoClass } from '../bootstrap/demo.seed.js';

const hourMs = 3_600_000;

describe.each(engines)('in-person classes on %s', (engine) => {
  let t: TestApp;
  let team: TeamId;
  let leader: Actor;
  let cohelper: Actor;
  let loneHelper: Actor;
  let manager: Actor;
  let outsideHelper: Actor;
  let outsideManager: Actor;
  let hamlet: string;
  let course: { id: CourseId; lessonIds: LessonId[] };

  async function makeTeam(unitCode: string, name: string, members: readonly Actor[]): Promise<TeamId> {
    const row = await t.db
      .insertInto('helper_teams')
      .values({ unit_id: await unitIdOf(t.db, unitCode), name, leader_user_id: members[0]!.userId, created_by: members[0]!.userId!, created_at: t.clock.now(), retired_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const m of members) await t.db.insertInto('helper_team_members').values({ team_id: row.id, user_id: m.userId!, added_by: m.userId!, added_at: t.clock.now() }).execute();
    return row.id;
  }

  /** A class of the team in the hamlet, starting `inHours` from now. */
  async function schedule(overrides: Record<string, unknown> = {}, inHours = 1, by: Actor = leader) {
    const response = await by.post(`/api/units/${hamlet}/classes`, {
      placeName: 'Nhà văn hóa khóm Đông Thịnh',
      startsAt: new Date(t.clock.now() + inHours * hourMs).toISOString(),
      durationMinutes: 90,
      courseId: course.id,
      lessonIds: course.lessonIds.slice(0, 2),
      helperIds: [cohelper.userId],
      ...overrides,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: number; status: string; lessons: { id: number; title: string }[]; helpers: { id: number }[] };
  }

  async function cardFor(userId: UserId): Promise<string> {
    const secret = randomBytes(24).toString('base64url');
    await t.db
      .insertInto('sign_in_cards')
      .values({ user_id: userId, secret_hash: hashCardSecret(secret), short_code_hash: hashCardSecret(`short-${secret}`), issued_by: leader.userId!, issued_at: t.clock.now(), revoked_at: null, revoked_by: null, last_used_at: null })
      .execute();
    return secret;
  }

  const marks = (userId: UserId) =>
    t.db.selectFrom('lesson_progress').select(['lesson_id', 'source', 'completed_at']).where('user_id', '=', userId).orderBy('lesson_id').execute();
  const enrollment = (userId: UserId, courseId: CourseId) =>
    t.db.selectFrom('enrollments').select(['completed_lessons', 'completed_at']).where('user_id', '=', userId).where('course_id', '=', courseId).executeTakeFirst();

  beforeAll(async () => {
    t = await buildTestApp(engine);
    const ward = await t.db.selectFrom('units').select(['id', 'path', 'depth']).where('code', '=', '30307').executeTakeFirstOrThrow();
    hamlet = '30307.DT';
    await insertChildUnits(t.db, ward, [{ code: hamlet, kind: 'hamlet', name: 'Khóm Đông Thịnh', fullName: 'Khóm Đông Thịnh, Phường Long Xuyên' }], t.clock.now());
    leader = await signedInWith(t, { role: 'helper', unit: '30307', fullName: 'Trần Văn Hùng' });
    cohelper = await signedInWith(t, { role: 'helper', unit: '30307', fullName: 'Lý Thị Hoa' });
    loneHelper = await signedInWith(t, { role: 'helper', unit: '30307', fullName: 'Người Chưa Vào Tổ' });
    manager = await signedInWith(t, { role: 'manager', unit: '30307' });
    outsideHelper = await signedInWith(t, { role: 'helper', unit: '30292', home: '30292' });
    outsideManager = await signedInWith(t, { role: 'manager', unit: '30292', home: '30292' });
    team = await makeTeam('30307', 'Tổ công nghệ số cộng đồng khóm Đông Thịnh', [leader, cohelper]);
    await makeTeam('30292', 'Tổ Bình Đức', [outsideHelper]);
    course = await buildCourse(t.db, { title: 'Kỹ năng số cơ bản', modules: [['Làm quen với điện thoại', 'Cài ứng dụng an toàn'], ['Nhận biết lừa đảo']] });
  });
  afterAll(() => t.close());

  it('schedules a class for the helper’s team, edits and cancels it before it starts, and refuses afterwards', async () => {
    const made = await schedule();
    expect(made.status).toBe('scheduled');
    expect(made.lessons.map((l) => l.title)).toEqual(['Làm quen với điện thoại', 'Cài ứng dụng an toàn']);
    expect(made.helpers.map((h) => h.id).sort()).toEqual([leader.userId, cohelper.userId].sort());

    const edited = await leader.patch(`/api/classes/${made.id}`, { placeName: 'Trường tiểu học Đông Thịnh', durationMinutes: 120 });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ placeName: 'Trường tiểu học Đông Thịnh', durationMinutes: 120 });

    const other = await buildCourse(t.db, { modules: [['Bài khác']] });
    expect((await leader.patch(`/api/classes/${made.id}`, { lessonIds: other.lessonIds })).json().error.code).toBe('class_lesson_not_in_course');
    expect((await leader.patch(`/api/classes/${made.id}`, { helperIds: [loneHelper.userId] })).json().error.code).toBe('class_helper_not_in_team');
    expect((await leader.post(`/api/units/${hamlet}/classes`, { placeName: 'Chợ', startsAt: new Date(t.clock.now() - 3 * 86_400_000).toISOString(), durationMinutes: 60, courseId: course.id, lessonIds: [course.lessonIds[0]] })).json().error.code).toBe(
      'class_time_invalid',
    );
    // A helper of the commune outside any team may read, not schedule or change.
    const lone = await loneHelper.post(`/api/units/${hamlet}/classes`, { placeName: 'Chợ', startsAt: new Date(t.clock.now() + hourMs).toISOString(), durationMinutes: 60, courseId: course.id, lessonIds: [course.lessonIds[0]] });
    expect([lone.statusCode, lone.json().error.code]).toEqual([403, 'class_team_required']);
    expect((await loneHelper.get(`/api/classes/${made.id}`)).json().canManage).toBe(false);
    expect((await loneHelper.patch(`/api/classes/${made.id}`, { durationMinutes: 60 })).statusCode).toBe(403);

    const cancelled = await cohelper.post(`/api/classes/${made.id}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await leader.patch(`/api/classes/${made.id}`, { durationMinutes: 60 })).json().error.code).toBe('class_cancelled');

    const started = await schedule({}, 1);
    t.clock.advance(hourMs);
    try {
      expect((await leader.patch(`/api/classes/${started.id}`, { durationMinutes: 60 })).json().error.code).toBe('class_started');
      expect((await leader.post(`/api/classes/${started.id}/cancel`)).json().error.code).toBe('class_started');
    } finally {
      t.clock.advance(-hourMs);
    }

    const listed = await manager.get('/api/units/30307/classes');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().classes.map((c: { id: number }) => c.id)).toEqual(expect.arrayContaining([made.id, started.id]));
    const audit = await t.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', leader.userId).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['class.scheduled', 'class.edited']));
  });

  it('takes attendance by card and by phone, counts a second scan once (also two at the same moment), and removes an attendee', async () => {
    const made = await schedule();
    const byCard = await buildPerson(t.db, { fullName: 'Nguyễn Văn Ba', birthYear: 1958 });
    const secret = await cardFor(byCard.id);
    const scan = (card: string) => leader.post(`/api/classes/${made.id}/attendance`, { card });
    const first = await scan(`http://127.0.0.1:3000/the#${secret}`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ added: true, attendee: { userId: byCard.id, fullName: 'Nguyễn Văn Ba', birthYear: 1958, method: 'card' } });
    expect((await scan(secret)).json().added).toBe(false);

    const twice = await buildPerson(t.db, { fullName: 'Lê Thị Bốn' });
    const twiceSecret = await cardFor(twice.id);
    const both = await Promise.all([scan(twiceSecret), cohelper.post(`/api/classes/${made.id}/attendance`, { card: twiceSecret })]);
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(both.map((r) => r.json().added).sort()).toEqual([false, true]);

    const byPhone = await buildPerson(t.db, { fullName: 'Phạm Văn Năm' });
    const national = nationalForm(byPhone.phone);
    const phoned = await leader.post(`/api/classes/${made.id}/attendance`, { phone: `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}` });
    expect(phoned.json()).toMatchObject({ added: true, attendee: { userId: byPhone.id, method: 'phone' } });
    expect((await leader.post(`/api/classes/${made.id}/attendance`, { phone: byPhone.phone })).json().added).toBe(false);

    const rows = await t.db.selectFrom('class_attendance').select(['user_id', 'method']).where('class_id', '=', made.id as never).execute();
    expect(rows).toHaveLength(3);

    expect((await scan('khong-phai-the-that-1234567890')).json().error.code).toBe('class_card_unknown');
    await t.db.updateTable('sign_in_cards').set({ revoked_at: t.clock.now() }).where('user_id', '=', byPhone.id).execute();
    expect((await leader.post(`/api/classes/${made.id}/attendance`, { phone: '0999 999 999' })).json().error.code).toBe('class_person_not_found');
    expect((await leader.post(`/api/classes/${made.id}/attendance`, { phone: '12345' })).json().error.code).toBe('invalid_phone');

    // Walk-ins signed up on the spot are added by id, if they live in the team's commune.
    const walkIn = await buildPerson(t.db, { unitCode: hamlet, fullName: 'Võ Thị Sáu' });
    const walkedIn = await leader.post(`/api/classes/${made.id}/attendance`, { userId: walkIn.id });
    expect(walkedIn.json()).toMatchObject({ added: true, attendee: { method: 'signup', place: 'Khóm Đông Thịnh' } });
    const stranger = await buildPerson(t.db, { unitCode: '30292' });
    expect((await leader.post(`/api/classes/${made.id}/attendance`, { userId: stranger.id })).json().error.code).toBe('class_person_not_found');

    // Helpers see the last digits of a phone number, managers the whole number.
    const asHelper = (await leader.get(`/api/classes/${made.id}`)).json();
    const asManager = (await manager.get(`/api/classes/${made.id}`)).json();
    const phoneOf = (view: { attendees: { userId: number; phone: string }[] }) => view.attendees.find((a) => a.userId === byPhone.id)!.phone;
    expect(phoneOf(asHelper)).toBe(`${formatPhoneNational(byPhone.phone).slice(0, 4)} *** ${byPhone.phone.slice(-3)}`);
    expect(phoneOf(asManager)).toBe(formatPhoneNational(byPhone.phone));
    expect(asHelper.walkInPath).toBe(`/helper/signup?class=${made.id}`);

    expect((await leader.delete(`/api/classes/${made.id}/attendees/${twice.id}`)).statusCode).toBe(204);
    expect((await leader.delete(`/api/classes/${made.id}/attendees/${twice.id}`)).statusCode).toBe(204);
    expect((await leader.get(`/api/classes/${made.id}`)).json().attendeeCount).toBe(3);
  });

  it('opens attendance only on the day of the class', async () => {
    const later = await schedule({}, 48);
    const person = await buildPerson(t.db);
    const early = await leader.post(`/api/classes/${later.id}/attendance`, { phone: person.phone });
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'class_not_started']);
  });

  it('credits the lessons as assisted when the class closes, once, never over what a learner did alone', async () => {
    const made = await schedule({}, 0.5);
    const alone = await buildPerson(t.db, { fullName: 'Học Một Mình' });
    const newcomer = await buildPerson(t.db, { fullName: 'Mới Đến Lớp' });
    // The learner had finished the first lesson alone, before the class.
    const self = await signIn(t, alone.phone);
    expect((await self.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date(t.clock.now()).toISOString() })).statusCode).toBe(200);

    expect((await leader.post(`/api/classes/${made.id}/close`)).json().error.code).toBe('class_not_started');
    t.clock.advance(hourMs);
    const empty = await leader.post(`/api/classes/${made.id}/close`);
    expect([empty.statusCode, empty.json().error.code]).toEqual([409, 'class_no_attendees']);
    expect(empty.json().error.message).toContain('chưa có ai điểm danh');

    await leader.post(`/api/classes/${made.id}/attendance`, { phone: alone.phone });
    await leader.post(`/api/classes/${made.id}/attendance`, { phone: newcomer.phone });
    const closed = await leader.post(`/api/classes/${made.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('closed');
    expect(closed.json().attendees.every((a: { creditedAt: string | null }) => a.creditedAt !== null)).toBe(true);

    const [l1, l2] = course.lessonIds;
    expect((await marks(alone.id)).map((m) => [m.lesson_id, m.source])).toEqual([
      [l1, 'self'],
      [l2, 'class'],
    ]);
    expect((await marks(newcomer.id)).map((m) => [m.lesson_id, m.source])).toEqual([
      [l1, 'class'],
      [l2, 'class'],
    ]);
    const before = { alone: await enrollment(alone.id, course.id), newcomer: await enrollment(newcomer.id, course.id) };
    expect(before.alone?.completed_lessons).toBe(2);
    expect(before.newcomer?.completed_lessons).toBe(2);

    // Closing again, and a learner completing alone afterwards, change nothing.
    expect((await cohelper.post(`/api/classes/${made.id}/close`)).statusCode).toBe(200);
    const newcomerSelf = await signIn(t, newcomer.phone);
    await newcomerSelf.post('/api/progress', { eventId: randomUUID(), lessonId: l2, type: 'completed', at: new Date(t.clock.now()).toISOString() });
    expect(await enrollment(alone.id, course.id)).toEqual(before.alone);
    expect(await enrollment(newcomer.id, course.id)).toEqual(before.newcomer);
    expect((await marks(newcomer.id)).map((m) => m.source)).toEqual(['class', 'class']);
    const events = await t.db.selectFrom('progress_events').select('event_id').where('user_id', '=', newcomer.id).where('event_id', 'like', 'class:%').execute();
    expect(events.map((e) => e.event_id).sort()).toEqual([`class:${made.id}:${l1}`, `class:${made.id}:${l2}`]);

    // Someone recorded after closing is credited at once; a credited attendee stays on the list.
    const late = await buildPerson(t.db, { fullName: 'Đến Muộn' });
    const lateAdded = await leader.post(`/api/classes/${made.id}/attendance`, { phone: late.phone });
    expect(lateAdded.json().attendee.creditedAt).not.toBeNull();
    expect((await enrollment(late.id, course.id))?.completed_lessons).toBe(2);
    expect((await leader.delete(`/api/classes/${made.id}/attendees/${late.id}`)).json().error.code).toBe('class_attendee_credited');

    const figures = await classesByHelper(t.db, [team], t.clock.now() - 86_400_000, t.clock.now() + 86_400_000);
    expect(figures).toContainEqual({ userId: leader.userId, led: 1, present: 1, attendees: 3 });
    expect(figures).toContainEqual({ userId: cohelper.userId, led: 0, present: 1, attendees: 3 });
    t.clock.advance(-hourMs);
  });

  it('completes the course through the credit when its rule allows, and not when a final quiz is still needed', async () => {
    const short = await buildCourse(t.db, { modules: [['Một', 'Hai']] });
    const withFinal = await buildCourse(t.db, {
      modules: [['Ba', 'Bốn']],
      completionRule: 'lessons_and_final',
      questions: [{ id: 'q-1', type: 'true_false', prompt: 'Không đưa mã OTP cho ai.', answer: true, competences: ['4.1'] }],
      quizzes: [{ kind: 'final', questions: ['q-1'] }],
    });
    const learner = await buildPerson(t.db);
    for (const c of [short, withFinal]) {
      const made = await schedule({ courseId: c.id, lessonIds: c.lessonIds }, 0.25);
      await leader.post(`/api/classes/${made.id}/attendance`, { phone: learner.phone });
      t.clock.advance(hourMs);
      expect((await leader.post(`/api/classes/${made.id}/close`)).statusCode).toBe(200);
      t.clock.advance(-hourMs);
    }
    expect((await enrollment(learner.id, short.id))?.completed_at).not.toBeNull();
    const pending = await enrollment(learner.id, withFinal.id);
    expect(pending).toMatchObject({ completed_lessons: 2, completed_at: null });
  });

  it('prints the attendance sheet as a PDF and an Excel workbook, phones masked for helpers', async () => {
    const made = await schedule({}, 0.25);
    const person = await buildPerson(t.db, { unitCode: hamlet, fullName: 'Trương Thị Bảy', birthYear: 1961 });
    await leader.post(`/api/classes/${made.id}/attendance`, { phone: person.phone });
    const formula = await buildPerson(t.db, { unitCode: hamlet, fullName: 'Đinh Văn Tám' });
    await leader.post(`/api/classes/${made.id}/attendance`, { userId: formula.id });

    const pdfText = (bytes: Buffer) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'class-sheet-'));
      try {
        writeFileSync(path.join(dir, 'a.pdf'), bytes);
        return execFileSync('pdftotext', ['-layout', path.join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const pdf = await leader.get(`/api/classes/${made.id}/attendance.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain('attachment');
    const text = pdfText(pdf.rawPayload);
    for (const expected of ['DANH SÁCH ĐIỂM DANH', 'Nhà văn hóa khóm Đông Thịnh', 'Kỹ năng số cơ bản', 'Làm quen với điện thoại', 'Trần Văn Hùng', 'Lý Thị Hoa', 'Trương Thị Bảy', '1961', 'Khóm Đông Thịnh', 'Số điện thoại', 'Đăng ký tại chỗ', 'Ký tên']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain(formatPhoneNational(person.phone));
    expect(text).toContain(`*** ${person.phone.slice(-3)}`);
    expect(pdfText((await manager.get(`/api/classes/${made.id}/attendance.pdf`)).rawPayload)).toContain(formatPhoneNational(person.phone));

    const xlsx = await manager.get(`/api/classes/${made.id}/attendance.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0]![0]).toBe('DANH SÁCH ĐIỂM DANH BUỔI HỌC TRỰC TIẾP');
    const header = rows.findIndex((r) => r[0] === 'STT');
    expect(rows[header]).toEqual(['STT', 'Họ và tên', 'Năm sinh', 'Ấp, khóm / nơi ở', 'Số điện thoại', 'Cách điểm danh', 'Ký tên']);
    expect(rows[header + 1]).toEqual(['1', 'Trương Thị Bảy', '1961', 'Khóm Đông Thịnh', formatPhoneNational(person.phone), 'Số điện thoại', '']);
    expect(rows[header + 2]!.slice(0, 2)).toEqual(['2', 'Đinh Văn Tám']);
    const exported = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'class.exported').execute();
    expect(exported.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses helpers and managers of another commune on every class route, lists and sheets included', async () => {
    const made = await schedule({}, 0.25);
    const person = await buildPerson(t.db);
    await leader.post(`/api/classes/${made.id}/attendance`, { phone: person.phone });
    const learner = await signedInWith(t, {});
    const body = { placeName: 'Chợ', startsAt: new Date(t.clock.now() + hourMs).toISOString(), durationMinutes: 60, courseId: course.id, lessonIds: [course.lessonIds[0]] };
    const calls: [string, (who: Actor) => ReturnType<Actor['get']>][] = [
      ['list', (who) => who.get('/api/units/30307/classes')],
      ['list of the hamlet', (who) => who.get(`/api/units/${hamlet}/classes`)],
      ['schedule', (who) => who.post(`/api/units/${hamlet}/classes`, body)],
      ['detail', (who) => who.get(`/api/classes/${made.id}`)],
      ['edit', (who) => who.patch(`/api/classes/${made.id}`, { durationMinutes: 60 })],
      ['cancel', (who) => who.post(`/api/classes/${made.id}/cancel`)],
      ['attendance', (who) => who.post(`/api/classes/${made.id}/attendance`, { phone: person.phone })],
      ['remove', (who) => who.delete(`/api/classes/${made.id}/attendees/${person.id}`)],
      ['close', (who) => who.post(`/api/classes/${made.id}/close`)],
      ['pdf', (who) => who.get(`/api/classes/${made.id}/attendance.pdf`)],
      ['xlsx', (who) => who.get(`/api/classes/${made.id}/attendance.xlsx`)],
    ];
    for (const [name, call] of calls) {
      for (const [who, actor] of [['outside helper', outsideHelper], ['outside manager', outsideManager], ['learner', learner]] as const) {
        expect((await call(actor)).statusCode, `${name} as ${who}`).toBe(403);
      }
    }
    // Their own commune's list is theirs, and holds nothing of this one.
    const own = await outsideManager.get('/api/units/30292/classes');
    expect(own.statusCode).toBe(200);
    expect(own.json().classes).toEqual([]);
    expect((await leader.get('/api/units/30292/classes')).statusCode).toBe(403);
    expect((await leader.get('/api/classes/999999')).statusCode).toBe(404);
    // Still there, unchanged.
    expect((await leader.get(`/api/classes/${made.id}`)).json()).toMatchObject({ status: 'scheduled', attendeeCount: 1 });
  });

  it('offers the helper their teams, hamlets and members to schedule with', async () => {
    const choices = await leader.get('/api/classes/teams');
    expect(choices.statusCode).toBe(200);
    expect(choices.json().teams).toEqual([
      expect.objectContaining({ id: team, unit: expect.objectContaining({ code: '30307' }), hamlets: [expect.objectContaining({ code: hamlet })], members: expect.arrayContaining([{ id: cohelper.userId, fullName: 'Lý Thị Hoa' }]) }),
    ]);
    expect((await loneHelper.get('/api/classes/teams')).json().teams).toEqual([]);
    expect((await manager.get('/api/classes/teams')).statusCode).toBe(403);
  });

  it('exports a person’s attendance with their data and erases it with the account', async () => {
    const made = await schedule({}, 0.25);
    const person = await buildPerson(t.db, { fullName: 'Người Xin Xóa' });
    await leader.post(`/api/classes/${made.id}/attendance`, { phone: person.phone });
    const me = await signIn(t, person.phone);
    const exported = (await me.get('/api/me/export')).json();
    expect(exported.tables.class_attendance).toEqual([expect.objectContaining({ class_id: made.id, place_name: 'Nhà văn hóa khóm Đông Thịnh', method: 'phone' })]);
    const helperExport = (await leader.get('/api/me/export')).json();
    expect(helperExport.tables.class_helpers.map((c: { class_id: number }) => c.class_id)).toContain(made.id);
    expect((await me.delete('/api/me', { password: testPassword })).statusCode).toBe(204);
    expect(await t.db.selectFrom('class_attendance').select('user_id').where('user_id', '=', person.id).execute()).toEqual([]);
    expect((await leader.get(`/api/classes/${made.id}`)).json().attendeeCount).toBe(0);
  });
});

describe.each(engines)('class credit beside the learner’s own progress on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  it('counts a lesson once when the learner’s own completion and the class credit arrive at the same moment', async () => {
    const course = await buildCourse(t.db, { modules: [['Một']] });
    const helper = await signedInWith(t, { role: 'helper', unit: '30307' });
    const teamRow = await t.db
      .insertInto('helper_teams')
      .values({ unit_id: await unitIdOf(t.db, '30307'), name: 'Tổ', leader_user_id: helper.userId, created_by: helper.userId!, created_at: t.clock.now(), retired_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('helper_team_members').values({ team_id: teamRow.id, user_id: helper.userId!, added_by: helper.userId!, added_at: t.clock.now() }).execute();
    await grant(t.db, helper.userId!, 'helper', '30307');
    const made = (
      await helper.post('/api/units/30307/classes', { placeName: 'Nhà văn hóa', startsAt: new Date(t.clock.now() + 60_000).toISOString(), durationMinutes: 60, courseId: course.id, lessonIds: course.lessonIds })
    ).json();
    const learner = await signedInWith(t, {});
    await helper.post(`/api/classes/${made.id}/attendance`, { userId: learner.userId });
    t.clock.advance(hourMs);
    // The learner's own completion (earlier in time) and the credit race; whichever commits first, the mark is completed once.
    const [own, closed] = await Promise.all([
      learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date(t.clock.now() - 3 * hourMs).toISOString() }),
      helper.post(`/api/classes/${made.id}/close`),
    ]);
    expect([own.statusCode, closed.statusCode]).toEqual([200, 200]);
    const mark = await t.db.selectFrom('lesson_progress').select(['source', 'completed_at']).where('user_id', '=', learner.userId!).executeTakeFirstOrThrow();
    expect(['self', 'class']).toContain(mark.source);
    const enrollmentRow = await t.db.selectFrom('enrollments').select(['completed_lessons', 'completed_at']).where('user_id', '=', learner.userId!).executeTakeFirstOrThrow();
    expect(enrollmentRow.completed_lessons).toBe(1);
    expect(enrollmentRow.completed_at).not.toBeNull();
  });

  it('seeds the demo’s past class only when the demo team exists', async () => {
    const course = await buildCourse(t.db, { title: 'Kỹ năng số cơ bản: dùng điện thoại thông minh an toàn', modules: [['Một', 'Hai', 'Ba']] });
    const helper = await buildPerson(t.db, { fullName: 'Trần Văn Hùng' });
    await seedDemoClass({ db: t.db, config: t.config }, helper.id, 'x', t.clock.now());
    expect(await t.db.selectFrom('classes').select('id').where('course_id', '=', course.id).execute()).toEqual([]);

    const teamRow = await t.db
      .insertInto('helper_teams')
      .values({ unit_id: await unitIdOf(t.db, '30307'), name: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh', leader_user_id: helper.id, created_by: helper.id, created_at: t.clock.now(), retired_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('helper_team_members').values({ team_id: teamRow.id, user_id: helper.id, added_by: helper.id, added_at: t.clock.now() }).execute();
    await seedDemoClass({ db: t.db, config: t.config }, helper.id, 'x', t.clock.now());
    const seeded = await t.db.selectFrom('classes').select(['id', 'place_name', 'closed_at', 'starts_at']).where('course_id', '=', course.id).executeTakeFirstOrThrow();
    expect(seeded.place_name).toBe('Nhà văn hóa khóm Đông Thịnh');
    expect(seeded.starts_at).toBeLessThan(t.clock.now());
    const attendance = await t.db.selectFrom('class_attendance').select(['user_id', 'credited_at']).where('class_id', '=', seeded.id).execute();
    expect(attendance).toHaveLength(3);
    expect(attendance.every((a) => a.credited_at !== null)).toBe(true);
    const credited = await t.db.selectFrom('lesson_progress').select(['lesson_id', 'source']).where('user_id', 'in', attendance.map((a) => a.user_id)).execute();
    expect(credited).toHaveLength(6);
    expect(new Set(credited.map((c) => c.lesson_id))).toEqual(new Set(course.lessonIds.slice(0, 2)));
    expect(credited.every((c) => c.source === 'class')).toBe(true);
  });
});
