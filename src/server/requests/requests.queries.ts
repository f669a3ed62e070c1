import { sql } from 'kysely';
import type { SupportRequestId, TeamId, UnitId, UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import type { RequestStatus } from '../../shared/support-requests.js';
import type { DbOrTx, Tx } from '../db/database.js';
import type { SupportRequestsTable } from './requests.table.js';

const requestColumns = [
  'r.id',
  'r.requester_user_id',
  'r.contact_name',
  'r.contact_phone',
  'r.place_unit_id',
  'r.topic',
  'r.details',
  'r.preferred_time',
  'r.status',
  'r.created_by',
  'r.created_at',
  'r.assigned_to',
  'r.assigned_at',
  'r.first_response_at',
  'r.resolved_by',
  'r.resolved_at',
  'r.resolution',
  'r.duplicate_of',
  'r.closed_at',
  'place.code as place_code',
  'place.name as place_name',
  'place.full_name as place_full_name',
  'place.kind as place_kind',
  'place.path as place_path',
  'requester.full_name as requester_name',
  'assignee.full_name as assignee_name',
] as const;

function requestsWithNames(db: DbOrTx) {
  return db
    .selectFrom('support_requests as r')
    .innerJoin('units as place', 'place.id', 'r.place_unit_id')
    .leftJoin('users as requester', 'requester.id', 'r.requester_user_id')
    .leftJoin('users as assignee', 'assignee.id', 'r.assigned_to');
}

export async function findRequest(db: DbOrTx, id: SupportRequestId) {
  return requestsWithNames(db).select(requestColumns).where('r.id', '=', id).executeTakeFirst();
}
export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

/** Who may see a list: requests routed to these teams, or placed in one of these subtrees. */
export interface ListScope {
  teamIds: readonly TeamId[];
  unitPaths: readonly string[];
}

export async function findRequestsInScope(db: DbOrTx, scope: ListScope, filter: { statuses: readonly RequestStatus[]; limit: number; offset: number }) {
  if (scope.teamIds.length === 0 && scope.unitPaths.length === 0) return { rows: [], total: 0 };
  const base = requestsWithNames(db)
    .where('r.status', 'in', filter.statuses)
    .where((eb) =>
      eb.or([
        ...(scope.teamIds.length > 0 ? [eb('r.id', 'in', eb.selectFrom('support_request_teams').select('request_id').where('team_id', 'in', scope.teamIds))] : []),
        ...scope.unitPaths.map((path) => eb('place.path', 'like', `${path}%`)),
      ]),
    );
  const [rows, count] = await Promise.all([
    base
      .select(requestColumns)
      // Open before assigned before the rest; within them, the longest-waiting first, closed ones latest first.
      .orderBy(sql`case r.status when 'open' then 0 when 'assigned' then 1 else 2 end`)
      .orderBy(sql`case when r.status in ('open', 'assigned') then r.created_at else -coalesce(r.resolved_at, r.closed_at, r.created_at) end`)
      .orderBy('r.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findRequestsOf(db: DbOrTx, userId: UserId) {
  return requestsWithNames(db).select(requestColumns).where('r.requester_user_id', '=', userId).orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(100).execute();
}

export async function findTeamsOfRequests(db: DbOrTx, ids: readonly SupportRequestId[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('support_request_teams as rt')
    .innerJoin('helper_teams as t', 't.id', 'rt.team_id')
    .select(['rt.request_id', 't.id', 't.name', 't.leader_user_id', 't.unit_id', 't.request_overdue_hours'])
    .where('rt.request_id', 'in', ids)
    .orderBy('t.id')
    .execute();
}

export function findNotes(db: DbOrTx, id: SupportRequestId) {
  return db
    .selectFrom('support_request_notes as n')
    .innerJoin('users as u', 'u.id', 'n.author_user_id')
    .select(['n.id', 'n.body', 'n.created_at', 'u.full_name as author_name'])
    .where('n.request_id', '=', id)
    .orderBy('n.created_at')
    .orderBy('n.id')
    .execute();
}

export type NewRequestRow = Omit<SupportRequestsTable, 'id'>;

/** What the asker states; a new request is open, unassigned and unanswered. */
type AskedRow = Pick<NewRequestRow, 'requester_user_id' | 'contact_name' | 'contact_phone' | 'place_unit_id' | 'topic' | 'details' | 'preferred_time' | 'created_by' | 'created_at'>;

/** A new open request, routed to these teams. */
export async function insertRequest(trx: Tx, asked: AskedRow, teamIds: readonly TeamId[]): Promise<SupportRequestId> {
  const row = {
    ...asked,
    status: 'open' as const,
    assigned_to: null,
    assigned_at: null,
    first_response_at: null,
    resolved_by: null,
    resolved_at: null,
    resolution: null,
    duplicate_of: null,
    closed_at: null,
    updated_at: asked.created_at,
  };
  const { id } = await trx.insertInto('support_requests').values(row).returning('id').executeTakeFirstOrThrow();
  if (teamIds.length > 0) await trx.insertInto('support_request_teams').values(teamIds.map((team_id) => ({ request_id: id, team_id }))).execute();
  return id;
}

/** Changes a request only if it is still in one of the expected statuses; false when someone else got there first. */
export async function updateRequest(trx: Tx, id: SupportRequestId, from: readonly RequestStatus[], change: Partial<NewRequestRow>): Promise<boolean> {
  const result = await trx.updateTable('support_requests').set(change).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertNote(trx: Tx, note: { request_id: SupportRequestId; author_user_id: UserId; body: string; created_at: number }): Promise<void> {
  await trx.insertInto('support_request_notes').values(note).execute();
}

/** Overdue hours of these teams (the column the requests migration added to helper_teams). */
export async function findOverdueHours(db: DbOrTx, teamIds: readonly TeamId[]): Promise<Map<TeamId, number>> {
  if (teamIds.length === 0) return new Map();
  const rows = await db.selectFrom('helper_teams').select(['id', 'request_overdue_hours']).where('id', 'in', teamIds).execute();
  return new Map(rows.map((r) => [r.id, r.request_overdue_hours]));
}

export async function setOverdueHours(db: DbOrTx, teamId: TeamId, hours: number): Promise<void> {
  await db.updateTable('helper_teams').set({ request_overdue_hours: hours }).where('id', '=', teamId).execute();
}

/** Requests routed to one team, with the times figures are made of. */
export function findTeamRequestTimes(db: DbOrTx, teamId: TeamId, since: number) {
  return requestsWithNames(db)
    .innerJoin('support_request_teams as rt', 'rt.request_id', 'r.id')
    .select(requestColumns)
    .where('rt.team_id', '=', teamId)
    .where((eb) => eb.or([eb('r.status', 'in', ['open', 'assigned']), eb('r.created_at', '>=', since), eb('r.resolved_at', '>=', since)]))
    .execute();
}

export async function countResolvedByHelper(db: DbOrTx, teamIds: readonly TeamId[], from: number, to: number) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('support_requests')
    .select(['resolved_by', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'resolved')
    .where('resolved_at', '>=', from)
    .where('resolved_at', '<', to)
    .where('resolved_by', 'is not', null)
    .where('id', 'in', (eb) => eb.selectFrom('support_request_teams').select('request_id').where('team_id', 'in', teamIds))
    .groupBy('resolved_by')
    .execute();
}

/** A registered person with this phone living in this subtree (the helper's commune), or undefined. */
export function findPersonByPhoneUnder(db: DbOrTx, phone: PhoneNumber, unitPath: string) {
  return db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.home_unit_id')
    .select(['users.id', 'users.full_name', 'users.phone'])
    .where('users.phone', '=', phone)
    .where('users.disabled_at', 'is', null)
    .where('units.path', 'like', `${unitPath}%`)
    .executeTakeFirst();
}

/** The home unit of a person, with its parent (a hamlet's commune). */
export function findHomeOf(db: DbOrTx, userId: UserId) {
  return db
    .selectFrom('users')
    .innerJoin('units as home', 'home.id', 'users.home_unit_id')
    .select(['users.phone', 'home.id', 'home.code', 'home.kind', 'home.parent_id', 'home.path'])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
}

/** A live residential unit (commune, ward, special zone) and its hamlets. */
export function findPlaceChoices(db: DbOrTx, communeId: UnitId) {
  return db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'full_name', 'kind', 'path', 'parent_id'])
    .where((eb) => eb.or([eb('id', '=', communeId), eb.and([eb('parent_id', '=', communeId), eb('kind', '=', 'hamlet')])]))
    .where('valid_until', 'is', null)
    .orderBy('depth')
    .orderBy('sort_order')
    .orderBy('name')
    .execute();
}

export function findPlaceByCode(db: DbOrTx, code: string) {
  return db.selectFrom('units').select(['id', 'code', 'name', 'full_name', 'kind', 'path', 'parent_id', 'valid_until']).where('code', '=', code).executeTakeFirst();
}

export function findRequestsForExport(db: DbOrTx, userId: UserId) {
  return db
    .selectFrom('support_requests')
    .selectAll()
    .where('requester_user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

export function findNotesForExport(db: DbOrTx, userId: UserId) {
  return db
    .selectFrom('support_request_notes')
    .selectAll()
    .where((eb) => eb.or([eb('author_user_id', '=', userId), eb('request_id', 'in', eb.selectFrom('support_requests').select('support_requests.id').where('support_requests.requester_user_id', '=', userId))]))
    .orderBy('created_at')
    .execute();
}

/**
 * Erasure: the person's requests lose everything that says who they are or what they wrote, and the notes on them
 * go; topic, place, status and times stay, anonymous, so that the teams' figures do not change after the fact.
 */
export async function deidentifyRequestsOf(trx: Tx, userId: UserId, now: number): Promise<void> {
  await trx
    .deleteFrom('support_request_notes')
    .where('request_id', 'in', (eb) => eb.selectFrom('support_requests').select('support_requests.id').where('support_requests.requester_user_id', '=', userId))
    .execute();
  await trx
    .updateTable('support_requests')
    .set({ requester_user_id: null, contact_name: null, contact_phone: '', details: '', preferred_time: '', resolution: null, updated_at: now })
    .where('requester_user_id', '=', userId)
    .execute();
}
