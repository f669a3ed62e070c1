/**
 * The authorization matrix: every route the app registers × every actor × objects inside and
 * outside the actors' grants, each answer checked against what the route's declared policy says.
 * The routes come from the app itself (declaredRoutes) and the request bodies from the OpenAPI
 * document, so a new route is part of the matrix without anyone adding it here; a route naming a
 * new kind of object in its path fails until `targetsOf` below learns how to fill it.
 *
 * Actors (test/authorization-world.ts): anonymous, and one person per role — a learner holds no
 * grant; every other role is granted on the inside ward (30307) — and an API token on the inside ward
 * holding every scope, which sends no cookie. Targets: objects of the inside ward,
 * of another ward (outside) and of an organisation in another branch of the tree, plus a few variants
 * (one's own attempt or certificate, a draft campaign, a province admin living in the ward).
 *
 * What each answer must be, in order:
 * 1. `anyone`: never 401 or 403.
 * 2. Anyone else refuses anonymous callers: 401. `metricsToken` (GET /metrics) is off here (no METRICS_TOKEN): 404 to all.
 * 3. `roleAnywhere` / `roleOnUnit`: 403 for actors holding none of the roles.
 * 4. Role routes naming an object or unit in the path (roleOnUnit always; roleAnywhere when the
 *    service narrows to the caller's units): refused (403, or 404 where the code hides existence)
 *    unless a grant of one of the roles reaches the target's unit — here: unless it is inside.
 * 5. `signedIn` routes naming a personal object (an attempt, a certificate): refused unless it is
 *    the caller's own; a certificate is also open to admins over its issuing unit.
 * 6. A draft campaign: refused to everyone but the campaign leads over its unit.
 * 8 (API token). `apiToken` routes take only tokens: 401 for every person. A route whose policy names no
 *    token scope refuses the token (403); one that does treats it as a holder of the route's roles on the
 *    token's unit (rules 4, 6, 7).
 * 7. A person holding a grant beyond the caller's reach (the province admin living in the ward):
 *    nobody below may lock, unlock or revoke the grants of such a person.
 * Otherwise the request is allowed: not 401, not 403, not 404 (a 404 would mean the fixture is
 * wrong, unless `allowedAnswers` says why), never 5xx, and — for role routes — nothing belonging
 * to the outside units in what comes back (JSON, Excel and PDF are searched for outsideMarker).
 * An allowed request may still fail validation (400) or a state check (409): policies run before
 * the body is read (http/hooks.ts), so the matrix is about who gets past them.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActorName, actorNames, buildWorld, outsideMarker, type Side, sides, unitOf, type World } from '../../../test/authorization-world.js';
import { engines } from '../../../test/databases.js';
import { nationalForm, nextPhone } from '../../../test/factories.js';
import { type OpenApi, sample } from '../../../test/openapi-samples.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { Role } from '../../shared/limits.js';
import { type DeclaredRoute, declaredRoutes, tokenScopeOf } from './policies.js';
import { anonymous } from '../../../test/actors.js';

interface Target {
  /** inside, outside, organisation, or a variant of one of them. */
  label: string;
  /** Whose the request is about, for the rules: a combination counts as the side of its first target with its label. */
  side: Side;
  value: (who: ActorName) => string | number;
  /** For requests that delete, unpublish or roll back what they name: a new object each time. */
  fresh?: () => Promise<string | number>;
  ownedBy?: 'actor' | 'someone else';
  draft?: boolean;
  /** The person (or their grant) holds a grant beyond every actor's reach. */
  wider?: boolean;
}

/** Roles that may open someone else's personal object within their reach (rule 5). */
const personalKinds: Record<string, readonly Role[]> = { 'attempts/:id': [], 'certificates/:code': ['admin'], 'signups/:id': ['manager'], 'support-requests/:id': [] };

/** For each kind of path parameter (named by the path segment before it), the objects to fill it with. */
function targetsOf(w: World): Record<string, Target[]> {
  const bySide = (value: (side: Side) => string | number, extra: { fresh?: (side: Side) => Promise<string | number>; ownedBy?: Target['ownedBy'] } = {}): Target[] =>
    sides.map((side) => ({ label: side, side, value: () => value(side), ownedBy: extra.ownedBy, fresh: extra.fresh && (() => extra.fresh!(side)) }));
  const own = (of: ReadonlyMap<ActorName, string | number>, fallback: string | number): Target => ({ label: 'own', side: 'inside', ownedBy: 'actor', value: (who) => of.get(who) ?? fallback });
  const freshCourse = <K extends 'id' | 'moduleId' | 'lessonId' | 'questionId' | 'quizId'>(key: K) => async (side: Side) => (await w.fresh.course(side))[key];
  return {
    'units/:code': bySide((side) => unitOf[side]),
    // Ids swapped in the URL: the caller's own ward, in a campaign over another ward.
    'targets/:code': [...bySide((side) => unitOf[side]), { label: 'own ward in an outside campaign', side: 'outside', value: () => unitOf.inside }],
    'courses/:id': bySide((side) => w.courses[side].id, { fresh: freshCourse('id') }),
    'modules/:id': bySide((side) => w.courses[side].moduleId, { fresh: freshCourse('moduleId') }),
    'lessons/:id': bySide((side) => w.courses[side].lessonId, { fresh: freshCourse('lessonId') }),
    'questions/:id': bySide((side) => w.courses[side].questionId, { fresh: freshCourse('questionId') }),
    'quizzes/:id': bySide((side) => w.courses[side].quizId, { fresh: freshCourse('quizId') }),
    'versions/:number': bySide(() => 1),
    'media/:id': bySide((side) => w.courses[side].media.id, { fresh: (side) => w.fresh.media(side) }),
    'media/:sha256': bySide((side) => w.courses[side].media.sha256),
    ':sha256/:file': bySide(() => 'original.pdf'),
    'attempts/:id': [...bySide((side) => w.attempts[side], { ownedBy: 'someone else' }), own(w.ownAttempts, w.attempts.inside)],
    'certificates/:code': [...bySide((side) => w.certificates[side], { ownedBy: 'someone else' }), own(w.ownCertificates, w.certificates.inside)],
    'verify/:code': bySide((side) => w.certificates[side]),
    // One public revocation list serves every unit: list 0 exists from the first certificate on.
    'certificate-status/:list': bySide(() => 0),
    'campaigns/:id': [...bySide((side) => w.campaigns[side]), { label: 'inside draft', side: 'inside', draft: true, value: () => w.campaigns.insideDraft }],
    'reports/:id': bySide((side) => w.reports[side]),
    'webhooks/:id': bySide((side) => w.webhooks[side], { fresh: (side) => w.fresh.webhook(side) }),
    'webhook-deliveries/:id': bySide((side) => w.webhookDeliveries[side]),
    // The photo of a paper consent form: its person's and the managers' over the unit it was taken in.
    'signups/:id': bySide((side) => w.assistedSignups[side], { ownedBy: 'someone else' }),
    'tokens/:id': bySide((side) => w.tokens[side].id, { fresh: (side) => w.fresh.token(side) }),
    'classes/:id': bySide((side) => w.classes[side]),
    // Taking someone off a class's list: removing a person not on it changes nothing, so no fresh one is needed.
    'attendees/:userId': bySide((side) => w.bystanders[side].id),
    'grants/:id': [
      ...bySide((side) => w.grants[side], { fresh: (side) => w.fresh.grant(side) }),
      { label: 'inside, held by a province admin', side: 'inside', wider: true, value: () => w.provinceAdmin.managerGrantOnInside, fresh: () => w.fresh.grant('inside', true) },
    ],
    // Issue 16: the organisation tree's routes act on a unit of each side (a ward answers 400: not organisational).
    'organisations/:code': bySide((side) => unitOf[side]),
    'hamlets/:code': bySide((side) => w.hamlets[side], { fresh: (side) => w.fresh.hamlet(side) }),
    'teams/:id': bySide((side) => w.teams[side], { fresh: (side) => w.fresh.team(side) }),
    // Removing a member: a new member of that side's team each time.
    'members/:userId': bySide(() => 0, { fresh: (side) => w.fresh.teamMember(side) }),
    'users/:id': [...bySide((side) => w.bystanders[side].id), { label: 'inside, a province admin', side: 'inside', wider: true, value: () => w.provinceAdmin.id }],
    // Issue 16: a person of each unit on the people screens (resetting a wider person's password: people.test.ts).
    'people/:id': bySide((side) => w.bystanders[side].id),
    // A shipped course package (content/<package>/): the same for every unit, published as the unit's course.
    'shipped-courses/:package': bySide(() => 'dung-ung-dung-hoc-tap'),
    // Sign-in cards of a person: the unit in the path must reach where they live.
    'cards/:userId': bySide((side) => w.bystanders[side].id),
    // Support requests: someone else's of each unit, and the actor's own (which only they may cancel).
    'support-requests/:id': [...bySide((side) => w.supportRequests[side], { ownedBy: 'someone else' }), own(w.ownSupportRequests, w.supportRequests.inside)],
    // Events (issue 14): the event, a venue and a programme item of each unit; the public page by slug.
    'events/:id': bySide((side) => w.events[side].id),
    'venues/:venueId': bySide((side) => w.events[side].venueId),
    'programme/:itemId': bySide((side) => w.events[side].itemId, { fresh: (side) => w.fresh.agendaItem(side) }),
    'events/:slug': bySide((side) => w.events[side].slug),
    // Issue 14 (tasks, budget, news): an event of each unit, its task and budget line; a public post of each unit.
    'tasks/:taskId': bySide((side) => w.eventTasks[side], { fresh: (side) => w.fresh.eventTask(side) }),
    'budget/:lineId': bySide((side) => w.budgetLines[side], { fresh: (side) => w.fresh.budgetLine(side) }),
    'event-tasks/:id': bySide((side) => w.eventTasks[side]),
    'news-posts/:id': bySide((side) => w.newsPosts[side].id),
    'news/:slug': bySide((side) => w.newsPosts[side].slug),
    'screen-tokens/:tokenId': bySide((side) => w.screenTokens[side]),
    // Issue 14, invitations: each unit's event, the bystander's invitation to it and the seats handed to the unit.
    'invitations/:invitationId': bySide((side) => w.events[side].invitationId),
    'event-allocations/:allocationId': bySide((side) => w.events[side].allocationId),
    // Issue 16, privacy requests on someone's behalf: none of these actors made one (privacy-requests.test.ts makes and confirms them).
    'requests/:id': bySide((side) => (side === 'inside' ? 900_001 : 900_002)),
    // The PWA's catch-all: a client route.
    '*': [{ label: 'inside', side: 'inside', value: () => 'khoa-hoc' }],
  };
}

/** Allowed requests that answer something other than success on purpose, and why. */
const allowedAnswers: Record<string, { status: number; code?: string; reason: string }> = {
  'POST /api/authoring/courses/:id/review/decision': {
    status: 403,
    code: 'reviewer_not_allowed',
    reason: 'a reviewer must author for a unit above the course’s; the ward’s author may edit but not approve their own unit’s course',
  },
  'GET /*': { status: 404, code: 'route_not_found', reason: 'unit tests run without the built PWA' },
  'POST /api/reports/:id/read': { status: 404, code: 'notice_not_found', reason: 'marks read the caller’s own notice of a report, and no report was delivered to the actors (report-delivery.test.ts delivers one)' },
  'POST /api/units/:code/webhooks': {
    status: 400,
    code: 'webhook_host_not_allowed',
    reason: 'this app has no WEBHOOK_ALLOWED_HOSTS, so any receiver is refused after the policy passed; webhooks.test.ts registers with an allow-list',
  },
  'GET /.well-known/assetlinks.json': { status: 404, code: 'route_not_found', reason: 'no Android app is configured here (app-links.test.ts serves it)' },
  'GET /.well-known/apple-app-site-association': { status: 404, code: 'route_not_found', reason: 'no iOS app is configured here (app-links.test.ts serves it)' },
  'GET /api/docs/static/*': { status: 404, code: 'route_not_found', reason: 'the API reference serves only Swagger UI’s own files, and "khoa-hoc" is none of them' },
  'GET /api/auth/oidc/pending': { status: 404, code: 'oidc_pending_missing', reason: 'only a browser just back from a first sign-in at an identity provider holds a pending sign-in' },
  'POST /api/auth/oidc/complete': { status: 404, code: 'oidc_pending_missing', reason: 'completes a pending first sign-in at an identity provider, which the actors have not started' },
  'POST /api/auth/oidc/link': { status: 404, code: 'oidc_pending_missing', reason: 'links a pending first sign-in at an identity provider, which the actors have not started' },
  'GET /api/admin/identity/test-result': { status: 404, code: 'oidc_test_not_found', reason: 'the result of a test sign-in the admin ran at a provider; none was run' },
  'POST /api/cards/sign-in': { status: 401, code: 'card_invalid', reason: 'the example secret is no card; cards.test.ts signs in with printed ones' },
  'POST /api/cards/sign-in-code': { status: 401, code: 'card_code_invalid', reason: 'the example phone holds no card; cards.test.ts signs in with printed ones' },
  'POST /api/cards/peek': { status: 401, code: 'card_invalid', reason: 'the example secret is no card; cards.test.ts peeks at printed ones' },
  // Issue 14, launch area.
  'GET /api/events/:id/launch/me': { status: 403, code: 'launch_not_leader', reason: 'only leaders named for the event press; launch.test.ts names them' },
  'POST /api/events/:id/launch/press': { status: 403, code: 'launch_not_leader', reason: 'only leaders named for the event press; launch.test.ts names them and presses' },
  'GET /api/screen': { status: 401, code: 'screen_token_invalid', reason: 'the example is no screen token; launch.test.ts opens screens with real ones' },
  'GET /api/screen/stream': { status: 401, code: 'screen_token_invalid', reason: 'the example is no screen token; launch.test.ts streams with real ones' },
  'POST /api/privacy/requests/:id/confirm': {
    status: 404,
    code: 'privacy_request_not_found',
    reason: 'only the helper or manager who made a request confirms it, anyone else finds none; privacy-requests.test.ts confirms its own',
  },
};

/** Bodies the OpenAPI schema cannot make up: they name an object that must exist. */
const bodyOverrides: Record<string, (w: World) => unknown> = {
  // The example names the province, beyond the inside organiser's reach (events.test.ts tests that refusal).
  'POST /api/events/:id/venues/bridge-sites': () => ({ unitCode: unitOf.inside }),
  // Issue 14, invitations: the inside event's group and venue, a new phone each time, the inside invitation's link.
  'POST /api/events/:id/invitations': (w) => ({ phone: nationalForm(nextPhone()), fullName: 'Người Được Mời', birthYear: '1980', homeCode: unitOf.inside, groupId: w.events.inside.groupId, venueId: w.events.inside.venueId }),
  'PUT /api/events/:id/quotas': (w) => ({ groupId: w.events.inside.groupId, venueId: w.events.inside.venueId, quota: 1000 }),
  'POST /api/events/:id/allocations': (w) => ({ unitCode: unitOf.inside, groupId: w.events.inside.groupId, venueId: w.events.inside.venueId, seats: 100 }),
  'POST /api/event-allocations/:allocationId/invitations': () => ({ phone: nationalForm(nextPhone()), fullName: 'Người Đơn Vị Mời', birthYear: '1990', homeCode: unitOf.inside }),
  'POST /api/invitations/lookup': (w) => ({ secret: w.events.inside.secret }),
  'POST /api/invitations/rsvp': (w) => ({ secret: w.events.inside.secret, answer: 'accepted' }),
  // The inside ward's bystander (who also manages it, so the answer is 409 card_not_for_staff once the policy passed).
  'POST /api/units/:code/cards/print': (w) => ({ userIds: [w.bystanders.inside.id], layout: 'a6' }),
  // Issue 15, area B: a practice attempt taken offline at the world's one-question practice quiz, a new phone-made id each time.
  'POST /api/quizzes/:id/offline-attempts': (w) => ({ clientId: randomUUID(), takenAt: new Date(w.t.clock.now()).toISOString(), questions: ['q-1'], answers: { 'q-1': true } }),
  'POST /api/progress': (w) => ({ eventId: randomUUID(), lessonId: w.courses.inside.lessonId, type: 'opened', at: new Date(w.t.clock.now()).toISOString() }),
  // Issue 14, launch area: the example names leaders and a course that the matrix's world does not have.
  'PUT /api/events/:id/launch': () => ({ leaderPhones: [], pressesNeeded: 1, plannedAt: null, courseIds: [], campaignId: null }),
  'POST /api/units/:code/classes': (w) => ({ placeName: 'Nhà văn hóa', startsAt: new Date(w.t.clock.now() + 86_400_000).toISOString(), durationMinutes: 60, courseId: w.courses.inside.id, lessonIds: [w.courses.inside.lessonId] }),
  // Check-in (issue 14): a door code of no one (answered "unknown"), and a walk-in in the inside event's group.
  'POST /api/events/:id/checkins': (w) => ({ deviceId: 'matrix', scans: [{ nonce: randomUUID().replaceAll('-', ''), venueId: w.events.inside.venueId, code: 'ZZZZZZ', scannedAt: new Date(w.t.clock.now()).toISOString() }] }),
  'POST /api/events/:id/door-signups': (w) => ({ nonce: randomUUID().replaceAll('-', ''), deviceId: 'matrix', venueId: w.events.inside.venueId, groupId: w.events.inside.groupId, phone: '0912 000 112', fullName: 'Đại Biểu Mới', birthYear: 1990, codeId: 1, code: '000000' }),
  'POST /api/events/:id/walk-ins': (w) => ({ nonce: randomUUID().replaceAll('-', ''), deviceId: 'matrix', venueId: w.events.inside.venueId, groupId: w.events.inside.groupId, phone: '0912 000 111', fullName: 'Khách Vãng Lai', birthYear: 1990 }),
};

const routeKey = (route: { method: string; url: string }) => `${route.method} ${route.url}`;
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
/** Deleting, unpublishing, retiring or rolling back changes what later requests find (a rollback rewrites the question
 * bank, a retired team acts no more): such requests get fresh objects and run after the others. */
const destroys = (route: DeclaredRoute) => route.method === 'DELETE' || /\/(unpublish|rollback|retire)$/.test(route.url);
/** Signing out ends the actors' sessions: it runs last of all. */
const endsSessions = (route: DeclaredRoute) => route.url === '/api/auth/logout' || route.url === '/api/auth/oidc/logout';

/** Each path parameter's kind: the segment before it and its name ("courses/:id"); the catch-all is "*". */
function parameterKinds(url: string): string[] {
  const segments = url.split('/');
  return segments.flatMap((segment, i) => (segment.startsWith(':') ? [`${segments[i - 1]}/${segment}`] : segment === '*' ? ['*'] : []));
}

function fill(url: string, values: ReadonlyMap<string, string | number>): string {
  const segments = url.split('/');
  return segments.map((segment, i) => (segment.startsWith(':') ? encodeURIComponent(String(values.get(`${segments[i - 1]}/${segment}`))) : segment === '*' ? String(values.get('*')) : segment)).join('/');
}

/** What an answer says, as text to search: JSON as is, Excel cells, PDF text; null for other files. */
async function textOf(response: LightMyRequestResponse): Promise<string | null> {
  const type = String(response.headers['content-type'] ?? '');
  if (type.includes('json')) return response.body;
  if (type.includes('spreadsheetml')) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(cell.text))));
    return cells.join('\n');
  }
  if (type.includes('pdf')) {
    const dir = mkdtempSync(path.join(tmpdir(), 'matrix-'));
    try {
      writeFileSync(path.join(dir, 'a.pdf'), response.rawPayload);
      return execFileSync('pdftotext', [path.join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return null;
}

const tokenCaller = 'api token' as const;
type Caller = ActorName | typeof tokenCaller;

type Expected = { allowed: true } | { allowed: false; statuses: readonly number[]; why: string };

/** The rules in this file's header, for one request. */
function expectedAnswer(route: DeclaredRoute, who: Caller, kinds: readonly string[], target: Combined): Expected {
  const { policy } = route;
  if (policy.kind === 'anyone') return { allowed: true };
  // Off in this app (no METRICS_TOKEN); metrics.test.ts checks the token itself.
  if (policy.kind === 'metricsToken') return { allowed: false, statuses: [404], why: 'metrics are off without METRICS_TOKEN' };
  if (policy.kind === 'apiToken') return who === tokenCaller ? { allowed: true } : { allowed: false, statuses: [401], why: 'API tokens only' };
  if (who === 'anonymous') return { allowed: false, statuses: [401], why: 'not signed in' };
  if (who === tokenCaller && !tokenScopeOf(policy)) return { allowed: false, statuses: [403], why: 'the route takes no API token' };
  // A token passing the scope check stands for a holder of the route's roles on its unit.
  const held: readonly Role[] = who === tokenCaller ? (policy.kind === 'signedIn' ? [] : policy.roles) : who === 'learner' ? [] : [who];
  const hidden = [403, 404];
  if (policy.kind === 'signedIn') {
    for (const kind of kinds) {
      const seenBy = personalKinds[kind];
      if (seenBy && target.ownedBy !== 'actor' && !(target.side === 'inside' && seenBy.some((role) => held.includes(role)))) {
        return { allowed: false, statuses: hidden, why: `someone else's ${kind}` };
      }
    }
    return { allowed: true };
  }
  if (!policy.roles.some((role) => held.includes(role))) return { allowed: false, statuses: [403], why: `holds none of ${policy.roles.join(', ')}` };
  if (kinds.length > 0 && target.side !== 'inside') return { allowed: false, statuses: hidden, why: `the ${target.side} unit is beyond the grant` };
  // A draft must look exactly like an unknown campaign to anyone but its leads.
  if (target.draft && !held.includes('campaign_lead')) return { allowed: false, statuses: [404], why: 'a draft campaign is its leads’ alone' };
  if (target.wider) return { allowed: false, statuses: hidden, why: 'the person holds a grant beyond the actor’s reach' };
  return { allowed: true };
}

interface Combined {
  label: string;
  side: Side;
  ownedBy?: Target['ownedBy'];
  draft: boolean;
  wider: boolean;
  parts: ReadonlyMap<string, Target>;
}

/** The targets of a route: one per label any of its kinds has; kinds without that label take their object of the same unit. */
function combinations(kinds: readonly string[], targets: Record<string, Target[]>): Combined[] {
  if (kinds.length === 0) return [{ label: '-', side: 'inside', draft: false, wider: false, parts: new Map() }];
  const labels = [...new Set(kinds.flatMap((kind) => targets[kind]!.map((t) => t.label)))];
  return labels.map((label) => {
    const side = kinds.flatMap((kind) => targets[kind]!.filter((t) => t.label === label))[0]!.side;
    const parts = new Map(kinds.map((kind) => [kind, targets[kind]!.find((t) => t.label === label) ?? targets[kind]!.find((t) => t.label === side)!]));
    const all = [...parts.values()];
    return { label, side, ownedBy: all.find((t) => t.ownedBy)?.ownedBy, draft: all.some((t) => t.draft), wider: all.some((t) => t.wider), parts };
  });
}

describe.each(engines)('the authorization matrix on %s', (engine) => {
  let t: TestApp;
  let w: World;
  let spec: OpenApi;
  let routes: readonly DeclaredRoute[];
  let targets: Record<string, Target[]>;
  beforeAll(async () => {
    // The token actor makes a request per route and target: more than one token may make in a minute by default.
    t = await buildTestApp(engine, { API_TOKEN_REQUESTS_PER_MINUTE: '100000' });
    w = await buildWorld(t);
    spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    // HEAD answers as GET does (Fastify adds one beside every GET, with the same policy): checked below, not requested.
    routes = declaredRoutes(t.app).filter((r) => r.method !== 'HEAD');
    targets = targetsOf(w);
  }, 120_000);
  afterAll(() => t.close());

  it('knows how to fill every path parameter of every route', () => {
    expect(routes.length).toBeGreaterThan(80);
    const unknown = routes.flatMap((route) =>
      parameterKinds(route.url)
        .filter((kind) => !targets[kind])
        .map((kind) => `${routeKey(route)}: no fixture for the path parameter "${kind}" — add objects of that kind to targetsOf() in authorization-matrix.test.ts (and test/authorization-world.ts)`),
    );
    expect(unknown).toEqual([]);
  });

  it('gives every HEAD route the policy of its GET, and describes every other route in the OpenAPI document', () => {
    const all = declaredRoutes(t.app);
    for (const head of all.filter((r) => r.method === 'HEAD')) expect(all.find((r) => r.method === 'GET' && r.url === head.url)?.policy, head.url).toBe(head.policy);
    const documented = new Set(Object.entries(spec.paths).flatMap(([p, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${p}`)));
    const undocumented = routes.filter((route) => !documented.has(`${route.method} ${openApiPath(route.url)}`)).map(routeKey);
    // Hidden on purpose: the document itself and its browsable reference (/api/docs), public media files, the PWA's pages,
    // and the operator's metrics.
    const reference = ['GET /api/docs', 'GET /api/docs/json', 'GET /api/docs/static/*', 'GET /api/docs/static/index.html', 'GET /api/docs/static/swagger-initializer.js', 'GET /api/docs/yaml'];
    expect(undocumented.sort()).toEqual(['GET /*', ...reference, 'GET /api/openapi.json', 'GET /media/:sha256/:file', 'GET /metrics']);
    const registered = new Set(routes.map((route) => `${route.method} ${openApiPath(route.url)}`));
    expect([...documented].filter((operation) => !registered.has(operation))).toEqual([]);
  });

  // Run before the matrix, whose last route signs every actor out.
  describe('data scope and reach, beyond what a policy can say', () => {
    const actor = (name: ActorName) => w.actors.get(name)!;
    const ids = (list: { id: number }[]) => list.map((item) => item.id);

    it('campaigns: the ones over the caller’s units, drafts only to their leads', async () => {
      for (const name of ['manager', 'campaign_lead', 'admin'] as const) {
        const { campaigns } = (await actor(name).get('/api/campaigns')).json();
        expect(ids(campaigns), name).toContain(w.campaigns.inside);
        expect(ids(campaigns), name).not.toContain(w.campaigns.outside);
        expect(ids(campaigns), name).not.toContain(w.campaigns.organisation);
        if (name === 'campaign_lead') expect(ids(campaigns), name).toContain(w.campaigns.insideDraft);
        else expect(ids(campaigns), name).not.toContain(w.campaigns.insideDraft);
      }
    });

    it('courses being written: only those of units the author writes for', async () => {
      const { courses } = (await actor('author').get('/api/authoring/courses')).json();
      expect(ids(courses)).toContain(w.courses.inside.id);
      expect(ids(courses)).not.toContain(w.courses.outside.id);
      expect(ids(courses)).not.toContain(w.courses.organisation.id);
    });

    it('people, grants and reports of the inside ward: none from elsewhere', async () => {
      const people = (await actor('manager').get(`/api/units/${unitOf.inside}/people`)).json().people;
      expect(ids(people)).toContain(w.bystanders.inside.id);
      expect(ids(people)).not.toContain(w.bystanders.outside.id);
      expect(ids(people)).not.toContain(w.bystanders.organisation.id);
      const grants = (await actor('admin').get(`/api/units/${unitOf.inside}/grants`)).json().grants;
      expect(ids(grants)).toContain(w.grants.inside);
      expect(ids(grants)).not.toContain(w.grants.outside);
      const reports = (await actor('manager').get(`/api/units/${unitOf.inside}/reports`)).json().reports;
      expect(ids(reports)).toEqual([w.reports.inside]);
    });

    it('members: adding the phone of someone living elsewhere reveals nothing about them', async () => {
      const manager = actor('manager');
      const add = (fullName: string, phone: string) => manager.post(`/api/units/${unitOf.inside}/members`, { fullName, phone, birthYear: '1980', unitCode: unitOf.inside, group: 'citizen' });
      const unregistered = await add('Người Chưa Đăng Ký', nationalForm(nextPhone()));
      expect(unregistered.statusCode).toBe(201);
      const registered = await add('Tên Do Quản Lý Nhập', nationalForm(w.bystanders.outside.phone));
      expect({ status: registered.statusCode, body: registered.json() }).toEqual({ status: 201, body: unregistered.json() });
      const listed = (await manager.get(`/api/units/${unitOf.inside}/members?limit=200`)).json().members as { fullName: string; phone: string; claimed?: boolean }[];
      const entry = listed.find((m) => m.fullName === 'Tên Do Quản Lý Nhập');
      expect(entry).toBeDefined();
      expect(entry!.claimed).not.toBe(true);
      expect(JSON.stringify(listed)).not.toContain(outsideMarker);
    });

    it('support requests: the helper’s queue and figures and the manager’s hold the inside ward’s, none from elsewhere', async () => {
      for (const name of ['helper', 'manager'] as const) {
        const queue = (await actor(name).get('/api/support-requests?limit=200')).json().requests;
        expect(ids(queue), name).toContain(w.supportRequests.inside);
        expect(ids(queue), name).not.toContain(w.supportRequests.outside);
        expect(ids(queue), name).not.toContain(w.supportRequests.organisation);
        const teams = ids((await actor(name).get('/api/support-requests/figures')).json().teams);
        expect(teams, name).toContain(w.teams.inside);
        expect(teams, name).not.toContain(w.teams.outside);
        expect(teams, name).not.toContain(w.teams.organisation);
      }
    });

    it('grants: a ward admin cannot give a role to someone holding a wider grant', async () => {
      const response = await actor('admin').post(`/api/units/${unitOf.inside}/grants`, { phone: nationalForm(w.provinceAdmin.phone), role: 'helper' });
      expect([403, 404]).toContain(response.statusCode);
    });

    it('campaign targets: a ward manager may raise the campaign’s target for the ward, never lower it', async () => {
      const target = (percent: number) => actor('manager').request('PUT', `/api/campaigns/${w.campaigns.inside}/targets/${unitOf.inside}`, { percent });
      expect((await target(10)).statusCode).toBe(400);
      expect((await target(80)).statusCode).toBe(204);
    });
  });

  it(
    'answers every route × actor × target as the route’s policy says',
    async () => {
      const failures: string[] = [];
      let requests = 0;
      const phase = (route: DeclaredRoute) => (endsSessions(route) ? 2 : destroys(route) ? 1 : 0);
      const ordered = [...routes].filter((route) => parameterKinds(route.url).every((kind) => targets[kind])).sort((a, b) => phase(a) - phase(b));
      for (const route of ordered) {
        const key = routeKey(route);
        const operation = spec.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
        const kinds = parameterKinds(route.url);
        const query = new URLSearchParams();
        for (const p of operation?.parameters ?? []) if (p.in === 'query' && p.required) query.set(p.name, String(p.schema.default ?? sample(p.schema, t.clock.now())));
        const bodySchema = operation?.requestBody?.content['application/json']?.schema;
        for (const target of combinations(kinds, targets)) {
          // Fresh objects are shared by the actors of one request line: only one of them may act, and it goes last.
          const freshValues = new Map<string, string | number>();
          if (destroys(route)) for (const [kind, part] of target.parts) if (part.fresh) freshValues.set(kind, await part.fresh());
          const lines = [...actorNames, tokenCaller].map((who: Caller) => ({ who, expected: expectedAnswer(route, who, kinds, target) }));
          lines.sort((a, b) => Number(a.expected.allowed) - Number(b.expected.allowed));
          for (const { who, expected } of lines) {
            const values = new Map([...target.parts].map(([kind, part]) => [kind, freshValues.get(kind) ?? part.value(who === tokenCaller ? 'anonymous' : who)]));
            const url = fill(route.url, values) + (query.size > 0 ? `?${query}` : '');
            const body = bodyOverrides[key]?.(w) ?? (bodySchema ? sample(bodySchema, t.clock.now()) : ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined);
            const response =
              who === tokenCaller
                ? await anonymous(t).request(route.method as 'GET', url, body, { authorization: `Bearer ${w.tokens.inside.secret}` })
                : await w.actors.get(who)!.request(route.method as 'GET', url, body);
            requests += 1;
            const code = response.headers['content-type']?.toString().includes('json') ? (response.json() as { error?: { code?: string } })?.error?.code : undefined;
            const where = `${key} as ${who} on ${target.label} (${url})`;
            const got = `${response.statusCode}${code ? ` ${code}` : ''}`;
            if (!expected.allowed) {
              if (!expected.statuses.includes(response.statusCode)) failures.push(`${where}: expected ${expected.statuses.join(' or ')} (${expected.why}), got ${got}`);
              continue;
            }
            const listed = allowedAnswers[key];
            if (listed && listed.status === response.statusCode && (!listed.code || listed.code === code)) continue;
            if ([401, 403, 404].includes(response.statusCode) || response.statusCode >= 500) {
              failures.push(`${where}: expected to be allowed, got ${got}`);
              continue;
            }
            if (route.policy.kind === 'roleAnywhere' || route.policy.kind === 'roleOnUnit') {
              const text = await textOf(response);
              if (text?.includes(outsideMarker)) failures.push(`${where}: the answer shows something of the outside units`);
            }
          }
        }
      }
      expect(requests).toBeGreaterThan(1000);
      expect(failures).toEqual([]);
    },
    300_000,
  );
});
