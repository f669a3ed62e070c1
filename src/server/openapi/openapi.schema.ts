/**
 * What the OpenAPI document says about the API as a whole: the introduction an integrator reads first
 * at /api/docs, the security schemes and the tags. Each route describes itself in its own schema.
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { apiTokenScopes } from '../../shared/limits.js';

const scopeMeanings: Record<(typeof apiTokenScopes)[number], string> = {
  'dashboards:read': "units' dashboards (JSON, Excel, PDF): figures from the rollups, no names",
  'learners:read': "learners living in the unit, with their progress (names, no phone numbers)",
  'members:read': "the unit's members list (names, phones, groups)",
  'members:write': 'adding members and importing members files',
  'reports:read': "the unit's weekly reports and their Excel files",
  'events:read': 'events (reserved for the events capability to come)',
};
const apiTokenDescription = [
  'Server-to-server calls: `Authorization: Bearer hts_…`, a token an admin makes on the admin screen /admin/tokens. A token is bound to one unit (and the units below it) and to scopes; a route that takes tokens names its scope. A token outside its unit or without the scope gets 403; an unknown, revoked or expired one 401; each token may make a limited number of requests a minute (429 with Retry-After). Tokens carry no cookie, so the browser cross-site check does not apply to them; a session cookie is never taken as a token.',
  'Scopes:',
  ...apiTokenScopes.map((scope) => `- \`${scope}\`: ${scopeMeanings[scope]}`),
].join('\n');


const introduction = `The API the PWA itself uses, and the one the province's other systems (the SmartAnGiang super-app and its back office) call. JSON under \`/api\`; this reference is generated from the same schemas that validate every request, so it cannot drift from what the server does.

## Authentication
- **People (the PWA)**: \`POST /api/auth/login\` (or sign-up, or single sign-on) sets the HttpOnly cookie \`hoctap_session\`. Browsers send it by themselves; a state-changing request from a browser must come from the platform's own origin or an allowed origin (403 \`cross_site_request\` otherwise).
- **Other systems**: \`Authorization: Bearer <token>\` with an API token an administrator created for a unit (it reaches that unit and the units below it) and a set of scopes. A route accepts a token only where its policy allows tokens and the token holds the route's scope; the same rules as for people then decide which units' data it sees. An unknown, expired or revoked token is 401; a token outside its unit or scope is 403.

### Token scopes
${apiTokenScopes.map((scope) => `- \`${scope}\`: ${scopeMeanings[scope]}`).join('\n')}

## Errors
Every error is \`{"error":{"code":"invalid_phone","message":"…","fields":{"phone":"…"}}}\`: \`code\` is stable snake_case (program against it), \`message\` is for people, \`fields\` names each invalid input field. Bad input is always a 4xx, never a 5xx; unknown body fields are dropped. Ids are whole numbers 1 … 2^53 − 1; days are \`YYYY-MM-DD\` (Vietnam time).

## Languages
Messages (and names in generated files) follow \`Accept-Language\`: Vietnamese (\`vi\`) by default, English (\`en\`) on request.

## Limits
Sign-in, password and similar actions are throttled per person and per address: 429 \`too_many_requests\` with \`Retry-After\` (seconds). While the server restarts or the database is unreachable the answer is 503 \`service_unavailable\` with \`Retry-After\`: wait that long and send the same request again (progress events are idempotent by \`eventId\`). When the server has more work than it can carry (a burst beyond its password-hashing or certificate queue, or a lagging process) the answer is 503 \`overloaded\` with \`Retry-After\`, sent before the request was acted on: wait that long, with some random extra so that callers do not all come back at once.

## Pagination
Lists that can grow take \`limit\` (with a default and a maximum given on each route) and \`offset\` (default 0) in the query, and answer \`total\` (how many match in all) beside the page. Shorter lists answer whole.`;

export const openApiDefinition: FastifyDynamicSwaggerOptions['openapi'] = {
  openapi: '3.1.0',
  info: { title: 'Học tập suốt đời API', version: '1', description: introduction },
  components: {
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'hoctap_session', description: 'The session cookie a sign-in sets (the PWA).' },
      apiToken: { type: 'http', scheme: 'bearer', bearerFormat: 'hts_…', description: apiTokenDescription },
    },
  },
  tags: [
    { name: 'health', description: 'Liveness for load balancers and monitoring.' },
    { name: 'auth', description: 'Sign-up, sign-in and sign-out of people, password reset by text message.' },
    { name: 'cards', description: 'Sign-in cards for people without a password: printing (QR code and short code), revoking, signing in with one.' },
    { name: 'me', description: 'The signed-in person: profile, settings, password.' },
    {
      name: 'privacy',
      description:
        "Personal data rights (Law 91/2025): the person's export (JSON and a readable page), consents and their history, withdrawal, deletion; requests a helper or manager makes on a person's behalf, carried out only with the code texted to the person.",
    },
    { name: 'organisations', description: 'Organisations and the unit tree as admins keep it: departments, unions, schools, enterprises, cooperatives and hamlets created, renamed, moved, retired and imported from Excel, with their history.' },
    { name: 'units', description: 'The administrative units of An Giang (province, communes, wards, special zones, and the hamlets communes add) and who lives in them.' },
    { name: 'grants', description: 'Roles (admin, manager, author, campaign lead) granted on a unit and its subtree.' },
    { name: 'audit', description: 'The audit log, for auditors: who viewed, changed or exported whose data, in their subtree; read and exported, never changed.' },
    { name: 'users', description: 'Locking and unlocking accounts, for administrators.' },
    { name: 'people', description: 'Finding people within reach (by phone, name without diacritics, unit), their roles, and sending them a password reset code.' },
    { name: 'learning', description: 'Published courses and lessons, the competence framework, and a learner\'s progress.' },
    { name: 'quizzes', description: 'Quizzes: taking them (attempts, answers, results) and writing them (question bank, statistics).' },
    { name: 'authoring', description: 'Writing courses: drafts, modules, lessons, media, review, publication, versions and course packages.' },
    { name: 'certificates', description: 'Certificates of completion: PDF, picture, Open Badges credential, public verification and revocation.' },
    { name: 'dashboards', description: 'Figures of a unit and its subtree, as JSON, Excel or PDF, and scheduled weekly reports.' },
    { name: 'members', description: 'Members of a unit (people a manager enrols), one by one or from an Excel file.' },
    { name: 'admin', description: 'Administration of the integrations: identity providers as configured, and a test sign-in.' },
    { name: 'tokens', description: 'API tokens for other systems: bound to a unit and scopes, shown once, revocable.' },
    { name: 'webhooks', description: 'Signed webhooks to other systems (Standard Webhooks) and their delivery log.' },
    { name: 'app links', description: 'Association files for Android App Links and iOS universal links, when configured.' },
    { name: 'launch', description: 'The launch button of an event (leaders press on their phones; the launch publishes courses and sets a campaign live, once) and its big screens (token, live figures over server-sent events).' },
    { name: 'teams', description: 'Community digital technology teams (tổ công nghệ số cộng đồng) of a commune or an organisation: members, leader, the hamlets they cover.' },
    { name: 'assisted', description: 'Assisted sign-up by community digital technology teams, with the evidence of the citizen\'s own consent (texted code or signed paper form).' },
    { name: 'classes', description: 'In-person classes of helper teams: scheduling, attendance by card or phone, crediting lessons as assisted learning, attendance sheets.' },
    { name: 'check-in', description: 'Check-in at the doors of an event (issue 14): the offline list for a door phone, idempotent batches of scans with conflicts reported, walk-ins, live attendance per venue and group, the Excel export and the event report.' },
    { name: 'campaigns', description: 'Learning campaigns over a unit\'s subtree, their targets and the emulation ranking (thi đua).' },
    { name: 'support requests', description: 'Support requests (yêu cầu hỗ trợ): citizens ask community digital technology teams for help; helpers and managers work the queue.' },
    { name: 'invitations', description: 'Participants of events: groups with quotas per venue, invitations by phone or through a unit, the invitation PDF (giấy mời), RSVP from the link, reminders and list imports.' },
    { name: 'review', description: 'Review of assisted sign-ups by managers (fraud signals, flags, call-back verification) and a helper\'s own figures.' },
    { name: 'event-tasks', description: 'Preparation tasks of an event assigned to units, reported on by each unit\'s managers; the overdue list.' },
    { name: 'event-budget', description: 'The budget (dự toán kinh phí) of an event: lines, totals per funding source, the Excel sheet.' },
    { name: 'news', description: 'Announcements of the movement (tin tuyên truyền): public posts and their authors\' drafts.' },
    { name: 'events', description: 'Events such as the launch ceremony: the event, its venues and bridge sites, the programme (with its printable PDF), and the public page.' },
  ],
};
