/**
 * Support requests (yêu cầu hỗ trợ): a citizen, or a helper for them, asks for help; the request goes to the teams
 * covering its place (recorded when it is made). Helpers of those teams work it (take, note, resolve, close as a
 * duplicate); managers whose grant reaches the place see and may do the same. The person sees only their own,
 * with the status and the resolution message, never the helpers' notes.
 */
import { createHash } from 'node:crypto';
import type { SupportRequestId, TeamId, UnitId, UserId } from '../../shared/ids.js';
import type { Role } from '../../shared/limits.js';
import { normalizeVietnameseMobile, type PhoneNumber } from '../../shared/phone.js';
import type { RequestStatus, RequestTopic } from '../../shared/support-requests.js';
import { dayOf, dayOfIso, isoOfDay } from '../../shared/days.js';
import { homeKinds } from '../../shared/units.js';
import { normalizeLine } from '../../shared/text.js';
import { recordAudit, recordPersonalDataRead } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import { AppError, badRequest, conflict, forbidden, notFound, tooManyRequests } from '../errors.js';
import { consumeRateLimit } from '../http/rate-limits.js';
import { grantsReach } from '../http/reach.js';
import { helperTeamAt, membersOfTeams, findTeam, teamsCovering, teamsOfHelper, teamsUnder, type TeamRow } from '../teams/teams.service.js';
import { findUnitByCode } from '../units/units.service.js';
import { fullNameProblem } from '../users/users.service.js';
import {
  countResolvedByHelper,
  deidentifyRequestsOf,
  findHomeOf,
  findNotes,
  findNotesForExport,
  findOverdueHours,
  findPersonByPhoneUnder,
  findPlaceByCode,
  findPlaceChoices,
  findRequest,
  findRequestsForExport,
  findRequestsInScope,
  findRequestsOf,
  findTeamRequestTimes,
  findTeamsOfRequests,
  insertNote,
  insertRequest,
  type RequestRow,
  setOverdueHours,
  updateRequest,
} from './requests.queries.js';
import type { MyRequest, RequestSummary } from './requests.schema.js';

/** Who acts, as the routes know them. */
export interface RequestActor {
  userId: UserId;
  grants: readonly { role: Role; unitPath: string }[];
  ip: string;
  now: number;
}

const hourMs = 3_600_000;
const defaultOverdueHours = 48;
const ownRequestsPerHour = 10;
const activeStatuses: readonly RequestStatus[] = ['open', 'assigned'];
const closedStatuses: readonly RequestStatus[] = ['resolved', 'duplicate', 'cancelled'];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const placeOf = (r: RequestRow) => ({ code: r.place_code, name: r.place_name, fullName: r.place_full_name, kind: r.place_kind });
const text = (raw: string) => raw.replace(/\r\n/g, '\n').trim();

function requiredText(raw: string, field: string): string {
  const value = text(raw);
  if (!value) throw new AppError('invalid_input', 400, {}, { [field]: { key: 'field.required' } });
  return value;
}

function phoneOf(raw: string, field: string): PhoneNumber {
  const phone = normalizeVietnameseMobile(raw);
  if (!phone) throw badRequest('invalid_phone', {}, field);
  return phone;
}

function mine(r: RequestRow): MyRequest {
  return {
    id: r.id,
    topic: r.topic,
    details: r.details,
    preferredTime: r.preferred_time,
    status: r.status,
    place: placeOf(r),
    contactPhone: r.contact_phone,
    createdAt: iso(r.created_at)!,
    resolvedAt: iso(r.resolved_at),
    resolution: r.resolution,
    closedAt: iso(r.closed_at),
  };
}

type RoutedTeam = Awaited<ReturnType<typeof findTeamsOfRequests>>[number];

async function summaries(db: DbOrTx, rows: readonly RequestRow[], now: number): Promise<RequestSummary[]> {
  const teams = await findTeamsOfRequests(db, rows.map((r) => r.id));
  return rows.map((r) => summary(r, teams.filter((t) => t.request_id === r.id), now));
}

function summary(r: RequestRow, teams: readonly RoutedTeam[], now: number): RequestSummary {
  // A request two teams share is overdue by the stricter of them.
  const hours = teams.length > 0 ? Math.min(...teams.map((t) => t.request_overdue_hours)) : defaultOverdueHours;
  return {
    id: r.id,
    topic: r.topic,
    details: r.details,
    preferredTime: r.preferred_time,
    status: r.status,
    place: placeOf(r),
    requester: { fullName: r.requester_name ?? r.contact_name ?? '', phone: r.contact_phone, registered: r.requester_user_id !== null },
    openedByHelper: r.created_by !== r.requester_user_id,
    teams: teams.map((t) => ({ id: t.id, name: t.name })),
    assignee: r.assigned_to === null ? null : { id: r.assigned_to, fullName: r.assignee_name ?? '' },
    createdAt: iso(r.created_at)!,
    assignedAt: iso(r.assigned_at),
    firstResponseAt: iso(r.first_response_at),
    resolvedAt: iso(r.resolved_at),
    resolution: r.resolution,
    duplicateOf: r.duplicate_of,
    closedAt: iso(r.closed_at),
    overdue: activeStatuses.includes(r.status) && now - r.created_at > hours * hourMs,
  };
}

/** The teams through which this person acts as a helper: theirs, inside units their helper grant reaches. */
async function actingTeams(db: DbOrTx, actor: RequestActor): Promise<TeamRow[]> {
  if (!actor.grants.some((g) => g.role === 'helper')) return [];
  return (await teamsOfHelper(db, actor.userId)).filter((t) => grantsReach(actor.grants, 'helper', t.unit_path));
}

interface Access {
  row: RequestRow;
  teams: RoutedTeam[];
  asHelper: boolean;
  asLeader: boolean;
  asManager: boolean;
}

/** A request the actor may work on, and in which capacity; 404 if there is none, 403 if it is beyond them. */
async function access(db: DbOrTx, id: SupportRequestId, actor: RequestActor): Promise<Access> {
  const row = await findRequest(db, id);
  if (!row) throw notFound('support_request_not_found');
  const teams = await findTeamsOfRequests(db, [id]);
  const mineTeams = new Set((await actingTeams(db, actor)).map((t) => t.id));
  const asHelper = grantsReach(actor.grants, 'helper', row.place_path) && teams.some((t) => mineTeams.has(t.id));
  const asLeader = asHelper && teams.some((t) => mineTeams.has(t.id) && t.leader_user_id === actor.userId);
  const asManager = grantsReach(actor.grants, 'manager', row.place_path);
  if (!asHelper && !asManager) throw forbidden();
  return { row, teams, asHelper, asLeader, asManager };
}

function audit(db: DbOrTx, actor: RequestActor, action: string, row: { id: number; requester_user_id: UserId | null; place_unit_id: UnitId }, details: Record<string, string | number | null> = {}) {
  return recordAudit(db, { at: actor.now, actorUserId: actor.userId, action, subjectUserId: row.requester_user_id, unitId: row.place_unit_id, details: { request: row.id, ...details }, ip: actor.ip });
}

// ---- The citizen's side

/** Where a person may ask for help: their commune (or ward, special zone) and its hamlets. */
async function placesOf(db: DbOrTx, userId: UserId) {
  const home = await findHomeOf(db, userId);
  const communeId = home.kind === 'hamlet' && home.parent_id !== null ? home.parent_id : home.id;
  return { home, choices: await findPlaceChoices(db, communeId) };
}

export async function listMyRequests(db: Db, userId: UserId) {
  const [{ home, choices }, rows] = await Promise.all([placesOf(db, userId), findRequestsOf(db, userId)]);
  return {
    requests: rows.map(mine),
    places: choices.map((u) => ({ code: u.code, name: u.name, fullName: u.full_name, kind: u.kind })),
    defaultPlace: home.code,
    phone: home.phone,
  };
}

export interface OwnRequest {
  topic: RequestTopic;
  details: string;
  placeCode?: string;
  preferredTime?: string;
  phone?: string;
}

export async function askForHelp(db: Db, input: OwnRequest, actor: RequestActor): Promise<MyRequest> {
  const details = requiredText(input.details, 'details');
  const { home, choices } = await placesOf(db, actor.userId);
  const place = choices.find((u) => u.code === (input.placeCode?.trim() || home.code));
  if (!place) throw badRequest('support_request_place_invalid', {}, 'placeCode');
  const phone = input.phone?.trim() ? phoneOf(input.phone, 'phone') : home.phone;
  // Asking is cheap; a flood of requests from one account would bury every team's queue.
  const key = `support-request:${createHash('sha256').update(String(actor.userId)).digest('base64url').slice(0, 32)}`;
  const state = await consumeRateLimit(db, key, hourMs, actor.now);
  if (state.hits > ownRequestsPerHour) throw tooManyRequests(state.retryAfterSeconds);
  const teams = await teamsCovering(db, place);
  const id = await db.transaction().execute(async (trx) => {
    const row = {
      requester_user_id: actor.userId,
      contact_name: null,
      contact_phone: phone,
      place_unit_id: place.id,
      topic: input.topic,
      details,
      preferred_time: normalizeLine(input.preferredTime ?? ''),
      created_by: actor.userId,
      created_at: actor.now,
    };
    const made = await insertRequest(trx, row, teams.map((t) => t.id));
    await audit(trx, actor, 'support_request.create', { id: made, requester_user_id: actor.userId, place_unit_id: place.id }, { teams: teams.length });
    return made;
  });
  return mine((await findRequest(db, id))!);
}

/** The person withdraws a request nobody has taken yet. */
export async function cancelMyRequest(db: Db, id: SupportRequestId, actor: RequestActor): Promise<MyRequest> {
  const row = await findRequest(db, id);
  // Someone else's request looks exactly like one that does not exist.
  if (!row || row.requester_user_id !== actor.userId) throw notFound('support_request_not_found');
  await db.transaction().execute(async (trx) => {
    if (!(await updateRequest(trx, id, ['open'], { status: 'cancelled', closed_at: actor.now, updated_at: actor.now }))) throw conflict('support_request_not_open');
    await audit(trx, actor, 'support_request.cancel', row);
  });
  return mine((await findRequest(db, id))!);
}

// ---- The helpers' and managers' side

export interface RequestForPerson {
  phone: string;
  fullName?: string;
  topic: RequestTopic;
  details: string;
  placeCode: string;
  preferredTime?: string;
}

/**
 * A helper asks for someone (met in person, or who called). A registered person of the helper's commune is linked
 * by phone; anyone else is named on the request itself (their name and phone, erased with the request).
 */
export async function openRequestFor(db: Db, input: RequestForPerson, actor: RequestActor) {
  const details = requiredText(input.details, 'details');
  const phone = phoneOf(input.phone, 'phone');
  const place = await findPlaceByCode(db, input.placeCode.trim());
  if (!place || place.valid_until !== null || !(homeKinds as readonly string[]).includes(place.kind)) throw badRequest('support_request_place_invalid', {}, 'placeCode');
  const team = grantsReach(actor.grants, 'helper', place.path) ? await helperTeamAt(db, actor.userId, place) : null;
  if (!team) throw forbidden();
  const person = await findPersonByPhoneUnder(db, phone, team.unit_path);
  let contactName: string | null = null;
  if (!person) {
    const problem = fullNameProblem(input.fullName ?? '');
    if (!input.fullName?.trim()) throw badRequest('support_request_name_required', {}, 'fullName');
    if (problem) throw new AppError('invalid_full_name', 400, problem.params, { fullName: problem });
    contactName = normalizeLine(input.fullName);
  }
  const teams = await teamsCovering(db, place);
  const id = await db.transaction().execute(async (trx) => {
    const made = await insertRequest(
      trx,
      {
        requester_user_id: person?.id ?? null,
        contact_name: contactName,
        contact_phone: phone,
        place_unit_id: place.id,
        topic: input.topic,
        details,
        preferred_time: normalizeLine(input.preferredTime ?? ''),
        created_by: actor.userId,
        created_at: actor.now,
      },
      teams.map((t) => t.id),
    );
    await audit(trx, actor, 'support_request.create_for', { id: made, requester_user_id: person?.id ?? null, place_unit_id: place.id }, { team: team.id, registered: person ? 1 : 0 });
    return made;
  });
  return readRequest(db, id, actor);
}

/** The queue: requests routed to the actor's teams and, for managers, every request placed in their subtree. */
export async function listQueue(db: Db, query: { status: 'active' | 'closed' | RequestStatus; limit: number; offset: number }, actor: RequestActor) {
  const teams = await actingTeams(db, actor);
  const unitPaths = actor.grants.filter((g) => g.role === 'manager').map((g) => g.unitPath);
  const statuses = query.status === 'active' ? activeStatuses : query.status === 'closed' ? closedStatuses : [query.status];
  const { rows, total } = await findRequestsInScope(db, { teamIds: teams.map((t) => t.id), unitPaths }, { statuses, limit: query.limit, offset: query.offset });
  // Names and phones of those asking: a manager's look is audited (a helper's own queue is their daily work).
  if (unitPaths.length > 0) await recordPersonalDataRead(db, { at: actor.now, actorUserId: actor.userId, ip: actor.ip, list: 'support_requests', count: rows.length, details: { status: query.status, offset: query.offset } });
  return { total, requests: await summaries(db, rows, actor.now) };
}

export async function readRequest(db: Db, id: SupportRequestId, actor: RequestActor) {
  const a = await access(db, id, actor);
  const notes = await findNotes(db, id);
  let assignable: { id: number; fullName: string }[] = [];
  if (a.asLeader || a.asManager) {
    const members = await membersOfTeams(db, a.teams.map((t) => t.id));
    assignable = [...new Map(members.map((m) => [m.user_id, { id: m.user_id, fullName: m.full_name }])).values()];
  } else if (a.asHelper) {
    assignable = [{ id: actor.userId, fullName: (await membersOfTeams(db, a.teams.map((t) => t.id))).find((m) => m.user_id === actor.userId)?.full_name ?? '' }];
  }
  return {
    ...summary(a.row, a.teams, actor.now),
    notes: notes.map((n) => ({ author: n.author_name, text: n.body, at: iso(n.created_at)! })),
    assignable,
  };
}

/** A helper takes a request, or a team leader or manager gives it to a member of its teams. */
export async function assignRequest(db: Db, id: SupportRequestId, helperId: number | undefined, actor: RequestActor) {
  const a = await access(db, id, actor);
  let assignee = actor.userId;
  if (helperId === undefined || helperId === actor.userId) {
    // A manager who is no helper of its teams cannot take it, as no one outside them can be given it.
    if (!a.asHelper) throw badRequest('support_request_assignee_invalid', {}, 'helperId');
    // Taking work from a colleague is the leader's (or a manager's) call, not a race between helpers.
    if (a.row.status === 'assigned' && a.row.assigned_to !== actor.userId && !a.asLeader && !a.asManager) throw conflict('support_request_taken');
  } else {
    if (!a.asLeader && !a.asManager) throw forbidden();
    const member = (await membersOfTeams(db, a.teams.map((t) => t.id))).find((m) => m.user_id === helperId);
    if (!member) throw badRequest('support_request_assignee_invalid', {}, 'helperId');
    assignee = member.user_id;
  }
  await db.transaction().execute(async (trx) => {
    const changed = await updateRequest(trx, id, activeStatuses, {
      status: 'assigned',
      assigned_to: assignee,
      assigned_at: actor.now,
      first_response_at: a.row.first_response_at ?? actor.now,
      updated_at: actor.now,
    });
    if (!changed) throw conflict('support_request_closed');
    await audit(trx, actor, 'support_request.assign', a.row, { assignee });
  });
  return readRequest(db, id, actor);
}

export async function addNote(db: Db, id: SupportRequestId, raw: string, actor: RequestActor) {
  const a = await access(db, id, actor);
  const body = requiredText(raw, 'text');
  await db.transaction().execute(async (trx) => {
    await insertNote(trx, { request_id: id, author_user_id: actor.userId, body, created_at: actor.now });
    if (a.row.first_response_at === null) await updateRequest(trx, id, activeStatuses, { first_response_at: actor.now, updated_at: actor.now });
    await audit(trx, actor, 'support_request.note', a.row);
  });
  return readRequest(db, id, actor);
}

export async function resolveRequest(db: Db, id: SupportRequestId, message: string, actor: RequestActor) {
  const a = await access(db, id, actor);
  const resolution = requiredText(message, 'message');
  await db.transaction().execute(async (trx) => {
    const changed = await updateRequest(trx, id, activeStatuses, {
      status: 'resolved',
      resolved_by: actor.userId,
      resolved_at: actor.now,
      resolution,
      assigned_to: a.row.assigned_to ?? actor.userId,
      assigned_at: a.row.assigned_at ?? actor.now,
      first_response_at: a.row.first_response_at ?? actor.now,
      updated_at: actor.now,
    });
    if (!changed) throw conflict('support_request_closed');
    await audit(trx, actor, 'support_request.resolve', a.row);
  });
  return readRequest(db, id, actor);
}

/** Closes a request as a duplicate of another of the same person or the same place, which the actor may also see. */
export async function markDuplicate(db: Db, id: SupportRequestId, ofNumber: number, actor: RequestActor) {
  const a = await access(db, id, actor);
  // The body's id is a plain number (the PWA types it so); an unknown one finds nothing.
  const other = ofNumber === id ? undefined : await findRequest(db, ofNumber as SupportRequestId);
  const samePerson = other && ((other.requester_user_id !== null && other.requester_user_id === a.row.requester_user_id) || (other.contact_phone !== '' && other.contact_phone === a.row.contact_phone));
  if (!other || other.status === 'duplicate' || !(samePerson || other.place_unit_id === a.row.place_unit_id)) throw badRequest('support_request_not_duplicate', {}, 'ofId');
  // The other request must be within the actor's reach too: an id from elsewhere tells them nothing.
  const ofId = other.id;
  await access(db, ofId, actor).catch(() => {
    throw badRequest('support_request_not_duplicate', {}, 'ofId');
  });
  await db.transaction().execute(async (trx) => {
    const changed = await updateRequest(trx, id, activeStatuses, { status: 'duplicate', duplicate_of: ofId, closed_at: actor.now, updated_at: actor.now });
    if (!changed) throw conflict('support_request_closed');
    await audit(trx, actor, 'support_request.duplicate', a.row, { of: ofId });
  });
  return readRequest(db, id, actor);
}

// ---- Figures

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 10) / 10;
}

const vietnamOffsetMs = 7 * hourMs;
const startOfDay = (day: number) => day * 24 * hourMs - vietnamOffsetMs;

/** The teams whose figures the actor may see, and whether they may change each one's overdue hours. */
async function visibleTeams(db: Db, unitCode: string | undefined, actor: RequestActor): Promise<TeamRow[]> {
  if (unitCode !== undefined) {
    const unit = await findUnitByCode(db, unitCode);
    if (!unit) throw notFound('unit_not_found');
    if (!grantsReach(actor.grants, 'manager', unit.path)) throw forbidden();
    return teamsUnder(db, unit.path);
  }
  const byId = new Map((await actingTeams(db, actor)).map((t) => [t.id, t]));
  for (const g of actor.grants.filter((grant) => grant.role === 'manager')) for (const t of await teamsUnder(db, g.unitPath)) byId.set(t.id, t);
  return [...byId.values()];
}

/** Per team: open and assigned now, medians to first response and to resolution over the period, the overdue list. */
export async function teamFigures(db: Db, query: { from?: string; to?: string; unit?: string }, actor: RequestActor) {
  const toDay = query.to ? dayOfIso(query.to) : dayOf(actor.now);
  const fromDay = query.from ? dayOfIso(query.from) : toDay - 29;
  if (fromDay > toDay || toDay - fromDay > 366) throw badRequest('support_figures_period_invalid', {}, 'from');
  const [from, to] = [startOfDay(fromDay), startOfDay(toDay + 1)];
  const teams = await visibleTeams(db, query.unit, actor);
  const hours = await findOverdueHours(db, teams.map((t) => t.id));
  const figures = [];
  for (const team of teams) {
    const limit = hours.get(team.id) ?? defaultOverdueHours;
    const rows = await findTeamRequestTimes(db, team.id, from);
    const within = (ms: number | null) => ms !== null && ms >= from && ms < to;
    const asked = rows.filter((r) => within(r.created_at));
    const resolved = rows.filter((r) => r.status === 'resolved' && within(r.resolved_at));
    const overdue = rows
      .filter((r) => activeStatuses.includes(r.status) && actor.now - r.created_at > limit * hourMs)
      .sort((x, y) => x.created_at - y.created_at)
      .map((r) => ({ id: r.id, topic: r.topic, status: r.status, place: r.place_name, createdAt: iso(r.created_at)!, hoursWaiting: Math.floor((actor.now - r.created_at) / hourMs), assignee: r.assignee_name }));
    figures.push({
      id: team.id,
      name: team.name,
      unit: { code: team.unit_code, name: (await findUnitByCode(db, team.unit_code))?.name ?? team.unit_code },
      overdueHours: limit,
      mayChangeOverdueHours: mayChangeOverdueHours(team, actor),
      open: rows.filter((r) => r.status === 'open').length,
      assigned: rows.filter((r) => r.status === 'assigned').length,
      created: asked.length,
      resolved: resolved.length,
      medianFirstResponseMinutes: median(asked.filter((r) => r.first_response_at !== null).map((r) => (r.first_response_at! - r.created_at) / 60_000)),
      medianResolutionMinutes: median(resolved.map((r) => (r.resolved_at! - r.created_at) / 60_000)),
      overdue,
    });
  }
  return { from: isoOfDay(fromDay), to: isoOfDay(toDay), teams: figures };
}

function mayChangeOverdueHours(team: TeamRow, actor: RequestActor): boolean {
  return grantsReach(actor.grants, 'manager', team.unit_path) || (team.leader_user_id === actor.userId && grantsReach(actor.grants, 'helper', team.unit_path));
}

/** The team's leader or a manager over the team's unit sets after how many hours its requests are overdue. */
export async function changeOverdueHours(db: Db, teamId: TeamId, hours: number, actor: RequestActor): Promise<void> {
  const team = await findTeam(db, teamId);
  if (!team) throw notFound('support_team_not_found');
  if (!mayChangeOverdueHours(team, actor)) throw forbidden();
  await db.transaction().execute(async (trx) => {
    await setOverdueHours(trx, teamId, hours);
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'support_request.overdue_hours', details: { team: teamId, hours }, ip: actor.ip });
  });
}

/** How many requests routed to these teams each helper resolved in [from, to) (ms): the helpers' credit. */
export async function resolvedByHelper(db: DbOrTx, teamIds: readonly TeamId[], from: number, to: number): Promise<Map<UserId, number>> {
  const rows = await countResolvedByHelper(db, teamIds, from, to);
  return new Map(rows.map((r) => [r.resolved_by!, Number(r.n)]));
}

export const supportRequestsPersonalData: PersonalDataHandler = {
  table: 'support_requests',
  export: findRequestsForExport,
  erase: deidentifyRequestsOf,
};

export const supportRequestNotesPersonalData: PersonalDataHandler = {
  table: 'support_request_notes',
  export: findNotesForExport,
  // Notes on the person's requests go with their de-identification (above); notes they wrote as a helper are the
  // team's work record about someone else, kept under their now de-identified account.
  erase: async () => {},
};
