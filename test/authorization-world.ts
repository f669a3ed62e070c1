/**
 * The world the authorization matrix (src/server/http/authorization-matrix.test.ts) runs in:
 * three units, a signed-in person for every role, and of every kind of object a path can
 * name, one belonging to each unit. Made through the factories and the API, once per engine.
 *
 * - inside: Phường Long Xuyên (30307), where every actor holds their role;
 * - outside: Phường Bình Đức (30292), another ward of the same province;
 * - organisation: ORG.MATRIX, a department under the province (another branch of the tree).
 * Everything belonging to the outside units carries `outsideMarker` in its name or title, so
 * that a response about the inside unit can be searched for anything it should not contain.
 */
import { randomUUID } from 'node:crypto';
import type { AgendaItemId, ApiTokenId, AttemptId, CourseId, EventId, GrantId, ParticipantGroupId, TeamId, UserId, VenueId } from '../src/shared/ids.js';
import { apiTokenScopes, roles, type Role } from '../src/shared/limits.js';
import { viewerGrantsOf } from '../src/server/grants/grants.service.js';
import { createApiToken } from '../src/server/tokens/tokens.service.js';
import { findUnitByCode } from '../src/server/units/units.service.js';
import type { PhoneNumber } from '../src/shared/phone.js';
import { dayOf } from '../src/shared/days.js';
import { findGrantId } from '../src/server/grants/grants.queries.js';
import { runDueReports, weekdayOf } from '../src/server/reports/reports.service.js';
import { insertChildUnits } from '../src/server/units/units.reference.js';
import { type Actor, anonymous, signIn, signedInWith } from './actors.js';
import { buildEvent, buildGroup, buildInvitation, buildVenue } from './event-factories.js';
import { buildCourse, buildPerson, grant, unitIdOf } from './factories.js';
import { askForHelp } from '../src/server/requests/requests.service.js';
import type { TestApp } from './test-app.js';

export const sides = ['inside', 'outside', 'organisation'] as const;
export type Side = (typeof sides)[number];
export const unitOf: Record<Side, string> = { inside: '30307', outside: '30292', organisation: 'ORG.MATRIX' };
export const outsideMarker = 'Ngoaivung';

/** Who makes requests: anonymous, or the holder of one role on the inside ward. */
export type ActorName = 'anonymous' | Role;
export const actorNames: readonly ActorName[] = ['anonymous', ...roles];

export interface CourseFixture {
  id: CourseId;
  moduleId: number;
  lessonId: number;
  questionId: number;
  quizId: number;
}

export interface Bystander {
  id: UserId;
  phone: PhoneNumber;
  actor: Actor;
}

export interface World {
  t: TestApp;
  actors: ReadonlyMap<ActorName, Actor>;
  /** People living in each unit, holding no role: their objects are never the actors' own. */
  bystanders: Record<Side, Bystander>;
  /** Lives in the inside ward and is admin of the whole province: beyond any ward admin's reach. */
  provinceAdmin: { id: UserId; phone: PhoneNumber; managerGrantOnInside: GrantId };
  courses: Record<Side, CourseFixture & { media: { id: number; sha256: string } }>;
  campaigns: Record<Side, number> & { insideDraft: number };
  reports: Record<Side, number>;
  grants: Record<Side, GrantId>;
  /** An API token on each unit, holding every scope; the inside one is also the matrix's token actor. */
  tokens: Record<Side, { id: ApiTokenId; secret: string }>;
  certificates: Record<Side, string>;
  ownCertificates: ReadonlyMap<ActorName, string>;
  attempts: Record<Side, AttemptId>;
  ownAttempts: ReadonlyMap<ActorName, AttemptId>;
  webhooks: Record<Side, number>;
  /** A failed delivery of each side's webhook (one that may be sent again). */
  webhookDeliveries: Record<Side, number>;
  /** A hamlet and a helper team of each unit (the organisation's hamlet is a stand-in: only its place in the tree matters). */
  hamlets: Record<Side, string>;
  teams: Record<Side, number>;
  /** An assisted sign-up of each side's bystander, with a photo of the paper consent form (the inside helper actor's team made the inside one). */
  assistedSignups: Record<Side, number>;
  /** Support requests: one asked by each side's bystander, one by each actor; a helper team per side (the inside one led by the helper actor). */
  supportRequests: Record<Side, number>;
  ownSupportRequests: ReadonlyMap<ActorName, number>;
  /** An in-person class two days ahead in each unit, run by a helper team there (inside: the helper actor's team). */
  classes: Record<Side, number>;
  /** A published event of each unit (issue 14), with a venue, a programme item and a participant group with a quota there (check-in),
   * the bystander's invitation and seats handed to the unit (invitations). */
  events: Record<Side, { id: EventId; slug: string; venueId: VenueId; itemId: AgendaItemId; groupId: ParticipantGroupId; invitationId: number; secret: string; allocationId: number }>;
  /** Issue 14 (tasks, budget, news): a task assigned to each unit's own event and a budget line there; a public news post of each unit. */
  eventTasks: Record<Side, number>;
  budgetLines: Record<Side, number>;
  newsPosts: Record<Side, { id: number; slug: string }>;
  screenTokens: Record<Side, number>;
  /** Objects made on demand, for requests that delete or unpublish what they name. */
  fresh: {
    /** A programme item of the side's event, to be removed. */
    agendaItem(side: Side): Promise<AgendaItemId>;
    eventTask(side: Side): Promise<number>;
    budgetLine(side: Side): Promise<number>;
    course(side: Side): Promise<CourseFixture>;
    media(side: Side): Promise<number>;
    grant(side: Side, heldByProvinceAdmin?: boolean): Promise<GrantId>;
    webhook(side: Side): Promise<number>;
    token(side: Side): Promise<ApiTokenId>;
    /** A new member of the side's team, to be removed. */
    teamMember(side: Side): Promise<UserId>;
    /** A new team and hamlet of the side's unit, to be retired. */
    team(side: Side): Promise<number>;
    hamlet(side: Side): Promise<string>;
  };
}

const personName: Record<Side, string> = { inside: 'Người Ở Trong', outside: `Người ${outsideMarker} Bình Đức`, organisation: `Người ${outsideMarker} Tổ Chức` };
const titleOf = (side: Side) => (side === 'inside' ? 'Khóa học trong phường' : `Khóa học ${outsideMarker} ${side}`);

export async function buildWorld(t: TestApp): Promise<World> {
  const now = t.clock.now();
  const province = await t.db.selectFrom('units').select(['id', 'path']).where('code', '=', '91').executeTakeFirstOrThrow();
  await insertChildUnits(t.db, { id: province.id, path: province.path, depth: 0 }, [{ code: unitOf.organisation, kind: 'department', name: 'Sở Ma Trận', fullName: 'Sở Ma Trận', sortOrder: 30_000 }], now);

  // One sign-in per person: the rate limiter counts sign-ins per address.
  const actors = new Map<ActorName, Actor>([['anonymous', anonymous(t)]]);
  for (const role of roles) {
    // A learner holds no grant, as on the real platform; every other role is granted on the inside ward,
    // even those the demo grants on the province (campaign_lead, organiser, admin), so that the
    // outside ward and the organisation are beyond every actor's reach.
    actors.set(role, await signedInWith(t, role === 'learner' ? { fullName: 'Người Học' } : { role, unit: unitOf.inside, fullName: 'Người Có Vai Trò' }));
  }
  // Makes the objects of every unit; not an actor of the matrix.
  const maker = await signedInWith(t, { role: 'author', unit: '91', home: '30301', fullName: 'Người Chuẩn Bị' });
  for (const role of ['manager', 'campaign_lead', 'admin'] as const) await grant(t.db, maker.userId!, role, '91');

  const bystanders = {} as Record<Side, Bystander>;
  for (const side of sides) {
    const person = await buildPerson(t.db, { unitCode: unitOf[side], fullName: personName[side] });
    bystanders[side] = { ...person, actor: await signIn(t, person.phone) };
  }
  const provincePerson = await buildPerson(t.db, { unitCode: unitOf.inside, fullName: 'Quản Trị Tỉnh' });
  await grant(t.db, provincePerson.id, 'admin', '91');
  await grant(t.db, provincePerson.id, 'manager', unitOf.inside);
  const tokenOn = async (side: Side) => {
    const admin = { userId: provincePerson.id, grants: await viewerGrantsOf(t.db, provincePerson.id), ip: '127.0.0.1', now: t.clock.now() };
    const name = side === 'inside' ? 'Mã trong phường' : `Mã ${outsideMarker} ${side}`;
    const made = await createApiToken(t.db, (await findUnitByCode(t.db, unitOf[side]))!, { name, scopes: apiTokenScopes, expiresInDays: 366 }, admin);
    return { id: made.token.id as ApiTokenId, secret: made.secret };
  };
  const tokens = {} as World['tokens'];
  for (const side of sides) tokens[side] = await tokenOn(side);
  const provinceAdmin = { ...provincePerson, managerGrantOnInside: (await findGrantId(t.db, provincePerson.id, 'manager', await unitIdOf(t.db, unitOf.inside)))! };

  const course = async (side: Side): Promise<CourseFixture> => {
    const built = await buildCourse(t.db, {
      title: titleOf(side),
      ownerUnit: unitOf[side],
      modules: [['Bài một']],
      questions: [{ id: 'q-1', type: 'true_false', prompt: 'Không đưa mã OTP cho ai.', answer: true, competences: ['4.1'] }],
      quizzes: [{ kind: 'practice', questions: ['q-1'], module: 0 }],
    });
    const [module, question, quiz] = await Promise.all([
      t.db.selectFrom('course_modules').select('id').where('course_id', '=', built.id).executeTakeFirstOrThrow(),
      t.db.selectFrom('questions').select('id').where('course_id', '=', built.id).executeTakeFirstOrThrow(),
      t.db.selectFrom('quizzes').select('id').where('course_id', '=', built.id).executeTakeFirstOrThrow(),
    ]);
    return { id: built.id, moduleId: module.id, lessonId: built.lessonIds[0]!, questionId: question.id, quizId: quiz.id };
  };
  const media = async (courseId: number) => {
    const uploaded = await maker.upload(`/api/authoring/courses/${courseId}/media?name=tai-lieu.pdf`, Buffer.from(`%PDF-1.7\n%${randomUUID()}\n`), 'application/pdf');
    if (uploaded.statusCode !== 201) throw new Error(`media upload: ${uploaded.statusCode} ${uploaded.body}`);
    return uploaded.json() as { id: number; sha256: string };
  };
  const ok = async (response: Promise<{ statusCode: number; body: string; json(): unknown }>, what: string) => {
    const done = await response;
    if (done.statusCode >= 300) throw new Error(`${what}: ${done.statusCode} ${done.body}`);
    return done.json() as Record<string, unknown>;
  };
  const complete = (who: Actor, lessonId: number) =>
    ok(who.post('/api/progress', { eventId: randomUUID(), lessonId, type: 'completed', at: new Date(now).toISOString() }), 'progress');
  const certificateOf = async (who: Actor, courseId: number) => {
    const { certificates } = (await ok(who.get('/api/me/certificates'), 'certificates')) as { certificates: { code: string; courseId: number }[] };
    return certificates.find((c) => c.courseId === courseId)!.code;
  };
  const attemptOf = async (who: Actor, quizId: number) => (await ok(who.post(`/api/quizzes/${quizId}/attempts`), 'attempt')).id as AttemptId;

  const courses = {} as World['courses'];
  const campaigns = {} as World['campaigns'];
  const certificates = {} as World['certificates'];
  const attempts = {} as World['attempts'];
  const grants = {} as World['grants'];
  for (const side of sides) {
    const fixture = await course(side);
    courses[side] = { ...fixture, media: await media(fixture.id) };
    const campaign = { title: `Phong trào ${side === 'inside' ? 'trong phường' : outsideMarker}`, startsOn: '2026-11-01', endsOn: '2026-12-31', courseIds: [fixture.id], targetPercent: 50 };
    campaigns[side] = (await ok(maker.post(`/api/units/${unitOf[side]}/campaigns`, campaign), 'campaign')).id as number;
    await ok(maker.post(`/api/campaigns/${campaigns[side]}/status`, { status: 'live' }), 'campaign status');
    await ok(maker.request('PUT', `/api/units/${unitOf[side]}/weekly-report`, { weekday: weekdayOf(dayOf(now)) }), 'report schedule');
    const bystander = bystanders[side];
    await complete(bystander.actor, fixture.lessonId);
    certificates[side] = await certificateOf(bystander.actor, fixture.id);
    attempts[side] = await attemptOf(bystander.actor, fixture.quizId);
    await grant(t.db, bystander.id, 'manager', unitOf[side]);
    grants[side] = (await findGrantId(t.db, bystander.id, 'manager', await unitIdOf(t.db, unitOf[side])))!;
  }
  campaigns.insideDraft = (await ok(maker.post(`/api/units/${unitOf.inside}/campaigns`, { title: 'Phong trào nháp', startsOn: '2026-11-01', endsOn: '2026-12-31', courseIds: [courses.inside.id], targetPercent: 60 }), 'draft campaign')).id as number;
  await runDueReports(t.db, now);
  const reportRows = await t.db.selectFrom('reports as r').innerJoin('units as u', 'u.id', 'r.unit_id').select(['r.id', 'u.code']).execute();
  const reports = Object.fromEntries(sides.map((side) => [side, reportRows.find((r) => r.code === unitOf[side])!.id])) as Record<Side, number>;

  // Registering through the API needs an allow-list and a resolver (webhooks.test.ts does that); here the rows are enough.
  const webhook = async (side: Side) =>
    Number(
      (
        await t.db
          .insertInto('webhook_endpoints')
          .values({ url: 'https://hooks.example.vn/hoctap', events: '["course.completed"]', unit_id: await unitIdOf(t.db, unitOf[side]), secret: 'whsec_bWF0cml4', description: side, disabled_at: null, created_by: null, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  const webhooks = {} as World['webhooks'];
  const webhookDeliveries = {} as World['webhookDeliveries'];
  for (const side of sides) {
    webhooks[side] = await webhook(side);
    const delivery = await t.db
      .insertInto('webhook_deliveries')
      .values({ endpoint_id: webhooks[side], event_id: randomUUID(), event_type: 'course.completed', body: '{}', user_id: bystanders[side].id, status: 'failed', last_status_code: 503, created_at: now, finished_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    webhookDeliveries[side] = Number(delivery.id);
  }

  // Hamlets and teams, made through the service layer's own routes by the province-wide maker.
  const hamlets = {} as World['hamlets'];
  const teams = {} as World['teams'];
  for (const side of sides) {
    const unit = (await findUnitByCode(t.db, unitOf[side]))!;
    const name = side === 'inside' ? 'Khóm Trong' : `Khóm ${outsideMarker} ${side}`;
    hamlets[side] = `${unitOf[side]}.MATRIX`;
    await insertChildUnits(t.db, { id: unit.id, path: unit.path, depth: unit.path.split('/').filter(Boolean).length - 1 }, [{ code: hamlets[side], kind: 'hamlet', name, fullName: name }], now);
    const team = await ok(maker.post(`/api/units/${unitOf[side]}/teams`, { name: side === 'inside' ? 'Tổ Trong' : `Tổ ${outsideMarker} ${side}`, leaderPhone: bystanders[side].phone }), 'team');
    teams[side] = team.id as number;
  }
  const teamMember = async (side: Side) => {
    const person = await buildPerson(t.db, { unitCode: unitOf[side], fullName: personName[side] });
    // Straight into the table: the matrix may have retired the team by then.
    await t.db.insertInto('helper_team_members').values({ team_id: teams[side] as TeamId, user_id: person.id, added_by: maker.userId!, added_at: now }).execute();
    return person.id;
  };
  // An assisted sign-up in each side's team (the inside helper actor joins the inside team).
  const assistedSignups = {} as World['assistedSignups'];
  const photo = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
  for (const side of sides) {
    const helperId = side === 'inside' ? actors.get('helper')!.userId! : maker.userId!;
    const unitId = await unitIdOf(t.db, unitOf[side]);
    const team = { id: teams[side] as TeamId };
    await t.db.insertInto('helper_team_members').values({ team_id: team.id, user_id: helperId, added_by: maker.userId!, added_at: now }).execute();
    const ref = randomUUID();
    const consent = await t.db
      .insertInto('consents')
      .values({ user_id: bystanders[side].id, purpose: 'account', notice_version: '2026-11-24', channel: 'assisted_paper', evidence: JSON.stringify({ photo: ref }), given_at: now, withdrawn_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('assisted_consent_photos').values({ ref, user_id: bystanders[side].id, helper_id: helperId, mime: 'image/jpeg', width: 1, height: 1, bytes: photo, created_at: now }).execute();
    const signup = await t.db
      .insertInto('assisted_signups')
      .values({ user_id: bystanders[side].id, helper_id: helperId, team_id: team.id, unit_id: unitId, hamlet_id: null, client_id: randomUUID(), channel: 'assisted_paper', consent_id: consent.id, linked_existing: 1, device_id: 'matrix', ip: '127.0.0.1', created_at: now, flagged_at: null, flag_reason: null, photo_ref: ref })
      .returning('id')
      .executeTakeFirstOrThrow();
    assistedSignups[side] = Number(signup.id);
  }
  // The helper actor leads the inside team (a leader sets its requests' overdue hours).
  await t.db.updateTable('helper_teams').set({ leader_user_id: actors.get('helper')!.userId! }).where('id', '=', teams.inside as TeamId).execute();
  /** Retiring takes a team or hamlet out of use: those requests get new ones. */
  let freshCount = 0;
  const freshHamlet = async (side: Side) => {
    const unit = (await findUnitByCode(t.db, unitOf[side]))!;
    const code = `${unitOf[side]}.FRESH${++freshCount}`;
    await insertChildUnits(t.db, { id: unit.id, path: unit.path, depth: unit.path.split('/').filter(Boolean).length - 1 }, [{ code, kind: 'hamlet', name: `Khóm mới ${freshCount}`, fullName: `Khóm mới ${freshCount}` }], now);
    return code;
  };
  const freshTeam = async (side: Side) => {
    const row = await t.db
      .insertInto('helper_teams')
      .values({ unit_id: await unitIdOf(t.db, unitOf[side]), name: `Tổ mới ${++freshCount}`, leader_user_id: null, created_by: maker.userId!, created_at: now, retired_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  };

  // A class in each unit, scheduled by a member of its team: the helper actor inside, the team's leader elsewhere.
  const classes = {} as World['classes'];
  for (const side of sides) {
    const helper = side === 'inside' ? actors.get('helper')! : bystanders[side].actor;
    const body = { placeName: side === 'inside' ? 'Nhà văn hóa' : `Nhà ${outsideMarker}`, startsAt: new Date(now + 2 * 86_400_000).toISOString(), durationMinutes: 60, courseId: courses[side].id, lessonIds: [courses[side].lessonId] };
    classes[side] = (await ok(helper.post(`/api/units/${unitOf[side]}/classes`, body), 'class')).id as number;
  }

  const ownCertificates = new Map<ActorName, string>();
  const ownAttempts = new Map<ActorName, AttemptId>();
  for (const role of roles) {
    const who = actors.get(role)!;
    await complete(who, courses.inside.lessonId);
    ownCertificates.set(role, await certificateOf(who, courses.inside.id));
    ownAttempts.set(role, await attemptOf(who, courses.inside.quizId));
  }

  // Support requests, routed to each side's team; each side's request is asked by its bystander.
  const askAs = async (userId: UserId, details: string) => (await askForHelp(t.db, { topic: 'other', details }, { userId, grants: [], ip: '127.0.0.1', now })).id;
  const supportRequests = {} as World['supportRequests'];
  for (const side of sides) supportRequests[side] = await askAs(bystanders[side].id, side === 'inside' ? 'Cần giúp trong phường' : `Cần giúp ${outsideMarker} ${side}`);
  const ownSupportRequests = new Map<ActorName, number>();
  for (const role of roles) ownSupportRequests.set(role, await askAs(actors.get(role)!.userId!, 'Yêu cầu của chính tôi'));

  // Events (issue 14): one per unit, made by someone else; the outside ones carry the marker.
  const agendaItem = async (eventId: EventId) =>
    (await t.db.insertInto('event_agenda_items').values({ event_id: eventId, position: 1, starts_at: now, duration_minutes: 30, content: 'Đón tiếp đại biểu', responsible_unit_id: null, responsible_name: null, media_id: null }).returning('id').executeTakeFirstOrThrow()).id;
  const events = {} as World['events'];
  for (const side of sides) {
    const id = await buildEvent(t.db, { unitCode: unitOf[side], createdBy: bystanders[side].id, title: side === 'inside' ? 'Sự kiện trong phường' : `Sự kiện ${outsideMarker} ${side}` });
    const { slug } = await t.db.selectFrom('events').select('slug').where('id', '=', id).executeTakeFirstOrThrow();
    const venueId = await buildVenue(t.db, { eventId: id, name: side === 'inside' ? 'Hội trường' : `Hội trường ${outsideMarker}` });
    const groupId = await buildGroup(t.db, { eventId: id, name: side === 'inside' ? 'Đại biểu' : `Nhóm ${outsideMarker}`, quotas: [{ venueId, quota: 1000 }] });
    const invitation = await buildInvitation(t.db, { eventId: id, venueId, groupId, userId: bystanders[side].id, invitedBy: maker.userId! });
    const allocation = await t.db
      .insertInto('event_allocations')
      .values({ event_id: id, venue_id: venueId, group_id: groupId, unit_id: await unitIdOf(t.db, unitOf[side]), seats: 100, created_by: maker.userId!, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    events[side] = { id, slug, venueId, itemId: await agendaItem(id), groupId, invitationId: invitation.id, secret: invitation.secret, allocationId: allocation.id };
  }

  // Issue 14, launch area: a big-screen token of each unit's event.
  const screenTokens = {} as World['screenTokens'];
  for (const side of sides) {
    const token = await t.db
      .insertInto('event_screen_tokens')
      .values({ event_id: events[side].id, name: 'Màn hình', token_hash: `matrix-${side}`, created_by: maker.userId!, created_at: now, revoked_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    screenTokens[side] = Number(token.id);
  }

  // Issue 14 (tasks, budget, news): titles outside carry the marker, so that a list leaking them is caught.
  const eventTasks = {} as World['eventTasks'];
  const budgetLines = {} as World['budgetLines'];
  const newsPosts = {} as World['newsPosts'];
  const title = (side: Side, what: string) => (side === 'inside' ? what : `${what} ${outsideMarker}`);
  const eventTask = async (side: Side) => {
    const row = await t.db
      .insertInto('event_tasks')
      .values({ event_id: events[side].id, title: title(side, `Nhiệm vụ ${++freshCount}`), unit_id: await unitIdOf(t.db, unitOf[side]), deadline: now + 86_400_000, created_by: maker.userId!, created_at: now, updated_by: maker.userId!, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  };
  const budgetLine = async (side: Side) => {
    const row = await t.db
      .insertInto('event_budget_lines')
      .values({ event_id: events[side].id, position: ++freshCount, item: title(side, 'Âm thanh'), unit_of_measure: 'gói', quantity: 1, unit_cost: 1_000_000, funding_source: 'other', updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  };
  for (const side of sides) {
        eventTasks[side] = await eventTask(side);
    budgetLines[side] = await budgetLine(side);
    const slug = `tin-${side}`;
    const post = await t.db
      .insertInto('news_posts')
      .values({ unit_id: await unitIdOf(t.db, unitOf[side]), slug, title: title(side, 'Tin'), body: 'Nội dung', image_media_id: null, status: 'published', publish_at: now - 1, created_by: maker.userId!, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    newsPosts[side] = { id: Number(post.id), slug };
  }

  return {
    t,
    actors,
    events,
    eventTasks,
    budgetLines,
    newsPosts,
    supportRequests,
    ownSupportRequests,
    bystanders,
    provinceAdmin,
    courses,
    campaigns,
    reports,
    grants,
    tokens,
    certificates,
    ownCertificates,
    attempts,
    ownAttempts,
    webhooks,
    webhookDeliveries,
    hamlets,
    teams,
    assistedSignups,
    classes,
    screenTokens,
    fresh: {
      agendaItem: (side) => agendaItem(events[side].id),
      eventTask,
      budgetLine,
      teamMember,
      team: freshTeam,
      hamlet: freshHamlet,
      course,
      webhook,
      media: async (side) => (await media(courses[side].id)).id,
      grant: async (side, heldByProvinceAdmin = false) => {
        const person = await buildPerson(t.db, { unitCode: unitOf[side], fullName: personName[side] });
        if (heldByProvinceAdmin) await grant(t.db, person.id, 'admin', '91');
        await grant(t.db, person.id, 'helper', unitOf[side]);
        return (await findGrantId(t.db, person.id, 'helper', await unitIdOf(t.db, unitOf[side])))!;
      },
      token: async (side) => (await tokenOn(side)).id,
    },
  };
}
