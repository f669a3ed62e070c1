/**
 * No input makes the server fail: every route of the OpenAPI document gets
 * hostile values in each parameter and body field (test/input-sweep.ts), sent
 * by a person holding every staff role on the province (so requests reach the
 * services) and anonymously, with the real ids of existing records and with
 * garbage. Any 5xx, or a stack trace in an answer, fails the test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith } from '../../test/actors.js';
import { engines } from '../../test/databases.js';
import { buildEvent, buildGroup, buildInvitation, buildVenue } from '../../test/event-factories.js';
import { buildCourse, buildPerson, grant, nationalForm, nextPhone } from '../../test/factories.js';
import { type JsonSchema, type OpenApi, type SweepRequest, type SweepWorld, sweepRequests } from '../../test/input-sweep.js';
import { png } from '../../test/media-fixtures.js';
import { buildTestApp, type TestApp } from '../../test/test-app.js';
import type { CourseId, UserId } from '../shared/ids.js';
import type { QuestionDocument } from './quizzes/quizzes.schema.js';
import { findUnitByCode } from './units/units.service.js';
import { runDueReports, scheduleWeeklyReport } from './reports/reports.service.js';
import { createSession } from './http/sessions.js';

const bank: QuestionDocument[] = [
  { id: 'q-single', type: 'single', prompt: 'Ai hỏi mã OTP của bạn?', options: ['Ngân hàng', 'Kẻ lừa đảo'], answer: 1, competences: ['4.2'] },
  { id: 'q-order', type: 'ordering', prompt: 'Sắp xếp các bước.', items: ['Mở', 'Quét', 'Xác nhận'], competences: ['4.1'] },
  { id: 'q-match', type: 'matching', prompt: 'Nối.', pairs: [['A', 'B'], ['C', 'D']] },
  { id: 'q-short', type: 'short_text', prompt: 'Từ còn thiếu?', answers: ['tiền'] },
];

interface Records {
  course: CourseId;
  module: number;
  lesson: number;
  question: number;
  quiz: number;
  media: number;
}

/** A published course of the province with everything an author can touch. */
async function courseWithEverything(t: TestApp, staff: Actor): Promise<Records> {
  const course = await buildCourse(t.db, {
    ownerUnit: '91',
    questions: bank,
    quizzes: [{ kind: 'practice', module: 0, questions: ['q-single', 'q-order', 'q-match', 'q-short'] }, { kind: 'final', draw: { count: 2 } }],
  });
  const module = await t.db.selectFrom('course_modules').select('id').where('course_id', '=', course.id).orderBy('position').executeTakeFirstOrThrow();
  const question = await t.db.selectFrom('questions').select('id').where('course_id', '=', course.id).orderBy('id').executeTakeFirstOrThrow();
  const quiz = await t.db.selectFrom('quizzes').select('id').where('course_id', '=', course.id).orderBy('id').executeTakeFirstOrThrow();
  const media = await staff.upload(`/api/authoring/courses/${course.id}/media?name=anh.png&alt=${encodeURIComponent('Một bức ảnh')}`, await png(64, 48), 'image/png');
  if (media.statusCode !== 201) throw new Error(`upload: ${media.statusCode} ${media.body}`);
  return { course: course.id, module: module.id, lesson: course.lessonIds[0]!, question: question.id, quiz: quiz.id, media: media.json().id };
}

/** Every refusal has the API's one error shape, with a message for people. */
function isErrorBody(body: string): boolean {
  try {
    const { error } = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    return typeof error?.code === 'string' && typeof error.message === 'string' && error.message.length > 0;
  } catch {
    return false;
  }
}

describe.each(engines)('input sweep on %s', (engine) => {
  let t: TestApp;
  let staffId: UserId;
  let world: SweepWorld;

  beforeAll(async () => {
    // Throttling would answer 429 before the services see the input.
    // Webhooks: the example receiver's host is allowed and points at a closed loopback port, so that deliveries fail fast and stay local.
    t = await buildTestApp(
      engine,
      { LOGIN_MAX_ATTEMPTS_PER_PHONE: '100000', LOGIN_MAX_FAILURES_PER_IP: '100000', REGISTRATIONS_PER_IP_PER_HOUR: '100000', WEBHOOK_ALLOWED_HOSTS: 'hooks.smartangiang.vn' },
      { outboundNetwork: { resolve: async () => ['127.0.0.1'], permit: (host, address) => host === 'hooks.smartangiang.vn' && address === '127.0.0.1' } },
    );
    const staff = await signedInWith(t, { role: 'admin', unit: '91' });
    staffId = staff.userId!;
    for (const role of ['author', 'manager', 'campaign_lead', 'organiser'] as const) await grant(t.db, staffId, role, '91');

    // Records the sweep reads and acts on as a learner, and a spare course for authoring changes, which may destroy them.
    const main = await courseWithEverything(t, staff);
    const spare = await courseWithEverything(t, staff);
    const attempt = (await staff.post(`/api/quizzes/${main.quiz}/attempts`)).json().id;
    const small = await buildCourse(t.db, { ownerUnit: '91', modules: [['Bài duy nhất']] });
    const completed = await staff.post('/api/progress', { eventId: randomUUID(), lessonId: small.lessonIds[0], type: 'completed', at: new Date(t.clock.now()).toISOString() });
    if (completed.statusCode !== 200) throw new Error(`progress: ${completed.body}`);
    const certificate = (await staff.get('/api/me/certificates')).json().certificates[0].code;
    const campaign = await staff.post('/api/units/91/campaigns', { title: 'Phong trào thử', startsOn: '2026-11-20', endsOn: '2026-12-31', courseIds: [main.course], targetPercent: 50 });
    if (campaign.statusCode !== 201) throw new Error(`campaign: ${campaign.body}`);
    await scheduleWeeklyReport(t.db, (await findUnitByCode(t.db, '91'))!, 3, { userId: staffId, now: t.clock.now() });
    await runDueReports(t.db, t.clock.now() + 86_400_000);
    const report = await t.db.selectFrom('reports').select('id').executeTakeFirstOrThrow();
    const victim = await buildPerson(t.db);
    await grant(t.db, victim.id, 'manager', '30307');
    const victimGrant = await t.db.selectFrom('role_grants').select('id').where('user_id', '=', victim.id).executeTakeFirstOrThrow();
    const webhook = await staff.post('/api/units/91/webhooks', { url: 'https://hooks.smartangiang.vn/hoctap', events: ['course.completed'] });
    if (webhook.statusCode !== 201) throw new Error(`webhook: ${webhook.body}`);
    const delivery = await t.db
      .insertInto('webhook_deliveries')
      .values({ endpoint_id: webhook.json().id, event_id: randomUUID(), event_type: 'course.completed', body: '{}', user_id: victim.id, status: 'failed', last_status_code: 503, created_at: t.clock.now(), finished_at: t.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();

    // The community team's world (issue 13): the staff member leads a team of Phường Long Xuyên, with a hamlet, a
    // class, a citizen they signed up on paper and that citizen's support request; its routes are swept in the ward.
    const ward = '30307';
    const team = await staff.post(`/api/units/${ward}/teams`, { name: 'Tổ thử', leaderPhone: nationalForm(staff.phone!) });
    if (team.statusCode !== 201) throw new Error(`team: ${team.body}`);
    const hamlet = await staff.post(`/api/units/${ward}/hamlets`, { name: 'Khóm Thử' });
    if (hamlet.statusCode !== 201) throw new Error(`hamlet: ${hamlet.body}`);
    const hamletCode = hamlet.json().code as string;
    const staffPhone = staff.phone!;
    const klass = await staff.post(`/api/units/${ward}/classes`, { placeName: 'Nhà văn hóa', startsAt: new Date(t.clock.now() + 86_400_000).toISOString(), durationMinutes: 60, courseId: main.course, lessonIds: [main.lesson] });
    if (klass.statusCode !== 201) throw new Error(`class: ${klass.body}`);
    const photo = (await png(64, 48)).toString('base64');
    const signup = await staff.post(`/api/units/${ward}/assisted/signups`, { clientId: randomUUID(), deviceId: 'sweep-device', phone: nationalForm(nextPhone()), fullName: 'Người Được Hỗ Trợ', birthYear: 1955, consent: { channel: 'assisted_paper', photo } });
    if (signup.statusCode !== 201) throw new Error(`signup: ${signup.body}`);
    const request = await staff.post('/api/support-requests', { topic: 'vneid', details: 'Cần giúp kích hoạt VNeID', placeCode: ward, phone: nationalForm(victim.phone), fullName: 'Người Cần Giúp' });
    if (request.statusCode !== 201) throw new Error(`request: ${request.body}`);
    const helperPaths = /^\/api\/units\/\{code\}\/(assisted|classes|cards|hamlets|teams)/;
    const community: Record<string, number | string> = {
      teams: team.json().id,
      hamlets: hamlet.json().code,
      classes: klass.json().id,
      signups: signup.json().signupId,
      'support-requests': request.json().id,
      attendees: victim.id,
      cards: signup.json().personId,
    };

    // Issue 14 (tasks, budget, news): an event of the province with a task and a budget line, and a public post.
    const eventId = await buildEvent(t.db, { unitCode: '91', createdBy: staffId });
    const task = await staff.post(`/api/events/${eventId}/tasks`, { title: 'Nhiệm vụ thử', unitCode: '91', deadline: new Date(t.clock.now() + 86_400_000).toISOString() });
    if (task.statusCode !== 201) throw new Error(`task: ${task.body}`);
    const budget = await staff.post(`/api/events/${eventId}/budget`, { item: 'Âm thanh', unitOfMeasure: 'gói', quantity: 1, unitCost: 1_000_000, fundingSource: 'other' });
    if (budget.statusCode !== 201) throw new Error(`budget: ${budget.body}`);
    const post = await staff.post('/api/news-posts', { unitCode: '91', title: 'Tin thử', body: 'Nội dung', status: 'published', publishAt: new Date(t.clock.now() - 1).toISOString() });
    if (post.statusCode !== 201) throw new Error(`news: ${post.body}`);
    let slugs = 0;
    Object.assign(community, { events: eventId, tasks: task.json().id, budget: budget.json().lines[0].id, 'event-tasks': task.json().id, 'news-posts': post.json().id, news: post.json().slug });
    // Issue 14, launch area: an event of the province the staff member organises and is the one leader of, with a big-screen token.
    const launch = await staff.request('PUT', `/api/events/${eventId}/launch`, { leaderPhones: [nationalForm(staffPhone)], pressesNeeded: 1, plannedAt: null, courseIds: [], campaignId: null });
    if (launch.statusCode !== 200) throw new Error(`launch: ${launch.body}`);
    const screen = await staff.post(`/api/events/${eventId}/screen-tokens`, { name: 'Màn hình thử' });
    if (screen.statusCode !== 201) throw new Error(`screen: ${screen.body}`);
    const launchArea: Record<string, number | string> = { 'screen-tokens': screen.json().id };

    const ids = (records: Records): Record<string, number | string> => ({
      courses: records.course,
      modules: records.module,
      lessons: records.lesson,
      questions: records.question,
      quizzes: records.quiz,
      media: records.media,
    });
    const records = { learning: ids(main), authoring: ids(spare) };
    // Events (issue 14): the province's event above gets a venue, a group with a quota there and a programme item.
    const eventSlug = (await t.db.selectFrom('events').select('slug').where('id', '=', eventId).executeTakeFirstOrThrow()).slug;
    const venueId = await buildVenue(t.db, { eventId });
    const groupId = await buildGroup(t.db, { eventId, name: 'Đại biểu', quotas: [{ venueId, quota: 1000 }] });
    const invitation = await buildInvitation(t.db, { eventId, venueId, groupId, userId: staffId, invitedBy: staffId });
    const allocation = await t.db
      .insertInto('event_allocations')
      .values({ event_id: eventId, venue_id: venueId, group_id: groupId, unit_id: (await findUnitByCode(t.db, '91'))!.id, seats: 100, created_by: staffId, created_at: t.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const shared: Record<string, number | string> = {
      events: eventId,
      venues: venueId,
      invitations: invitation.id,
      'event-allocations': allocation.id,
      programme: (await t.db.insertInto('event_agenda_items').values({ event_id: eventId, position: 1, starts_at: t.clock.now(), duration_minutes: 30, content: 'Khai mạc', responsible_unit_id: null, responsible_name: null, media_id: null }).returning('id').executeTakeFirstOrThrow()).id,
      attempts: attempt,
      campaigns: campaign.json().id,
      reports: report.id,
      grants: victimGrant.id,
      users: victim.id,
      certificates: certificate,
      verify: certificate,
      units: '91',
      targets: '30307',
      versions: 1,
      webhooks: webhook.json().id,
      'webhook-deliveries': Number(delivery.id),
    };
    // Issue 16, organisations: a department to act on and a second one to move it under.
    for (const [code, name] of [['ORG.SWEEP', 'Sở Thử'], ['ORG.SWEEP2', 'Sở Thử Hai']]) {
      const made = await staff.post('/api/organisations/91/units', { name, kind: 'department', code });
      if (made.statusCode !== 201) throw new Error(`organisation: ${made.body}`);
    }
    shared.organisations = 'ORG.SWEEP';
    const spareLessons = await t.db.selectFrom('lessons').select('id').where('module_id', '=', spare.module as never).orderBy('position').execute();
    const fields: Record<string, () => unknown> = {
      phone: () => nationalForm(victim.phone),
      // Never the staff member's own password: a valid DELETE /api/me would end the sweep.
      password: () => 'mot-hai-ba-bon-nam',
      currentPassword: () => 'mot-hai-ba-bon-nam',
      newPassword: () => 'nam-bon-ba-hai-mot',
      fullName: () => 'Nguyễn Văn Thử',
      requiresReview: () => false,
      coverImage: () => 'anh.png',
      status: () => 'live',
      unitCode: () => '30307',
      homeCode: () => '30307',
      lessonId: () => main.lesson,
      course: () => main.course,
      courseIds: () => [main.course],
      eventId: () => randomUUID(),
      baseRevision: () => 1,
      competences: () => ['1.1'],
      startsOn: () => '2026-11-20',
      endsOn: () => '2026-12-31',
      from: () => '2026-11-01',
      to: () => '2026-11-24',
      name: () => 'tep.png',
      markdown: () => '## Tiêu đề\n\n![Ảnh](media/anh.png)',
      token: () => 'abc.def',
      hamletCodes: () => [hamletCode],
      hamletCode: () => hamletCode,
      leaderPhone: () => nationalForm(staffPhone),
      slug: () => `tin-thu-${++slugs}`,
      imageMediaId: () => null,
      leaderPhones: () => [nationalForm(staffPhone)],
      campaignId: () => campaign.json().id,
      venueId: () => venueId,
      groupId: () => groupId,
      // Issue 16: the optional consent (withdrawing `account` would need the password and erase the staff member).
      purpose: () => 'updates',
    };
    const bodies: Record<string, unknown> = {
      'POST /api/authoring/courses/{id}/questions': { id: 'q-new', type: 'single', prompt: 'Câu hỏi mới?', options: ['Có', 'Không'], answer: 0 },
      'PUT /api/authoring/questions/{id}': { id: 'q-single', type: 'single', prompt: 'Câu hỏi sửa?', options: ['Có', 'Không'], answer: 1 },
      'POST /api/authoring/courses/{id}/quizzes': { title: 'Luyện tập thêm', kind: 'practice', questions: ['q-single'], moduleId: spare.module, passPercent: 70 },
      'PUT /api/authoring/quizzes/{id}': { title: 'Luyện tập', kind: 'practice', questions: ['q-single', 'q-order'], passPercent: 60, timeLimitMinutes: 10 },
      'PUT /api/attempts/{id}/answers': { answers: { 'q-single': 1, 'q-order': [0, 1, 2], 'q-match': [0, 1], 'q-short': 'tiền' } },
      'POST /api/attempts/{id}/submit': { answers: { 'q-single': 1 } },
      // Issue 15, area B: the practice quiz's paper as a phone drew it offline.
      'POST /api/quizzes/{id}/offline-attempts': { clientId: randomUUID(), takenAt: new Date(t.clock.now()).toISOString(), questions: ['q-single', 'q-order', 'q-match', 'q-short'], answers: { 'q-single': '1', 'q-short': 'tiền' } },
      'PUT /api/authoring/courses/{id}/outline': { modules: [{ id: spare.module, lessonIds: spareLessons.map((l) => l.id).reverse() }] },
      // Events: the schema's every optional field at once names units and media this world has not got.
      'PATCH /api/events/{id}': { title: 'Sự kiện thử (điều chỉnh)' },
      'POST /api/events/{id}/venues': { kind: 'bridge', name: 'Điểm cầu thử', capacity: 50 },
      'PATCH /api/events/{id}/venues/{venueId}': { capacity: 150 },
      'POST /api/events/{id}/programme': { startsAt: new Date(t.clock.now()).toISOString(), durationMinutes: 20, content: 'Văn nghệ chào mừng' },
      'PATCH /api/events/{id}/programme/{itemId}': { durationMinutes: 15 },
      // Issue 16: a unit of a fixed kind with a generated code; a move under the other department.
      'POST /api/organisations/{code}/units': { name: 'Phòng Thử', kind: 'other' },
      'POST /api/organisations/{code}/move': { parentCode: 'ORG.SWEEP2' },
    };
    world = {
      pathValue: (segment, name, method, path) => {
        if (segment === 'units' && helperPaths.test(path)) return ward;
        if (name === 'slug' && segment === 'events') return eventSlug;
        const value = (method !== 'GET' && path.includes('/authoring/') ? records.authoring : records.learning)[segment] ?? community[segment] ?? launchArea[segment] ?? shared[segment];
        return value === undefined ? undefined : encodeURIComponent(String(value));
      },
      fieldValue: (name: string, schema: JsonSchema) =>
        name === 'birthYear'
          ? schema.type === 'string'
            ? '1980'
            : 1980
          : // A campaign's status is "live"; other words of status (a task's, a post's) take their first.
            name === 'status' && schema.enum && !schema.enum.includes('live')
            ? schema.enum[0]
            : fields[name]?.(),
      body: (method, path) => bodies[`${method} ${path}`],
    };
  });
  afterAll(() => t.close());

  it('answers every hostile request to every route below 500 and in the error shape, signed in with every staff role and anonymously', { timeout: 600_000 }, async () => {
    const spec = (await anonymous(t).get('/api/openapi.json')).json() as OpenApi;
    const requests = sweepRequests(spec, world);
    // What removes or replaces records last, so that earlier requests still meet them: deletions and retirements (a module's after
    // its lessons'), a rollback (new question and quiz ids), and the course's own deletion at the very end.
    const phase = (r: SweepRequest) =>
      r.template === '/api/authoring/courses/{id}' && r.method === 'DELETE' ? 4 : r.template.endsWith('/rollback') ? 3 : r.template === '/api/authoring/modules/{id}' && r.method === 'DELETE' ? 2 : r.method === 'DELETE' || r.template.endsWith('/retire') ? 1 : 0;
    const ordered = [0, 1, 2, 3, 4].flatMap((p) => requests.filter((r) => phase(r) === p));
    const failures: string[] = [];
    const reached: string[] = [];
    for (const request of ordered) {
      // A fresh session each time: a request may sign the staff member out or change their password.
      const { token } = await createSession(t.db, { userId: staffId, lifetime: { idleMs: 3_600_000, maxMs: 3_600_000 }, ip: '127.0.0.1', userAgent: 'sweep', now: t.clock.now() });
      for (const cookie of [`hoctap_session=${token}`, undefined]) {
        const response = await t.app.inject({
          method: request.method as 'GET',
          url: request.url,
          headers: { ...(cookie ? { cookie } : {}), ...(request.payload === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(request.payload === undefined ? {} : { payload: request.payload }),
        });
        if (request.valid && cookie && response.statusCode < 300) reached.push(request.label);
        if (response.statusCode >= 500 || /\bat .*\.[jt]s:\d+/.test(response.body) || (response.statusCode >= 400 && !isErrorBody(response.body))) {
          failures.push(`${cookie ? 'staff' : 'anonymous'} ${request.label} → ${response.statusCode} ${response.body.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The sweep is only as deep as its valid examples: most of them must succeed, so that the hostile variants
    // reach the services (the rest meet business rules: a wrong password, a reviewer who asked for the review).
    // Routes whose valid call needs what this app has not got: an identity provider's round trip, a configured
    // mobile app, an API token. Their hostile variants are still swept above.
    const needsAnOutsideParty = /^(GET|POST) \/api\/(auth\/oidc|admin\/identity)\/|^GET \/\.well-known\/(assetlinks|apple-app)|^GET \/api\/token /;
    const valid = requests.filter((r) => r.valid && !needsAnOutsideParty.test(r.label)).map((r) => r.label);
    const operations = valid.length;
    const missed = valid.filter((label) => !reached.includes(label));
    expect(reached.length, `valid examples that succeeded: ${reached.length} of ${operations}; not: ${missed.join(' | ')}`).toBeGreaterThan(operations * 0.8);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
