import { sql } from 'kysely';
import type { EventId, InvitationId, ParticipantGroupId, UnitId, UserId, VenueId } from '../../shared/ids.js';
import type { DbOrTx, Tx } from '../db/database.js';
import { isPostgres } from '../db/dialect.js';

/** A seat is taken by an invitation that is neither cancelled nor declined. */
const active = sql<boolean>`i.cancelled_at is null and i.rsvp <> 'declined'`;

/**
 * The quota row of a group at a venue, locked until the transaction ends on PostgreSQL (SQLite runs one write
 * transaction at a time), so that two invitations at once cannot both take the last seat.
 */
export function lockQuota(trx: Tx, groupId: ParticipantGroupId, venueId: VenueId) {
  const query = trx.selectFrom('event_quotas').select('quota').where('group_id', '=', groupId).where('venue_id', '=', venueId);
  return (isPostgres(trx) ? query.forUpdate() : query).executeTakeFirst();
}

/** Seats of a slot taken outside allocations (named, imported, walk-ins) and reserved for units. */
export async function seatsTaken(trx: Tx, venueId: VenueId, groupId: ParticipantGroupId, exceptAllocation?: number) {
  const named = await trx
    .selectFrom('event_invitations as i')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('i.venue_id', '=', venueId)
    .where('i.group_id', '=', groupId)
    .where('i.source', '<>', 'unit')
    .where(active)
    .executeTakeFirstOrThrow();
  let allocated = trx.selectFrom('event_allocations').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('seats'), eb.lit(0)).as('n')).where('venue_id', '=', venueId).where('group_id', '=', groupId);
  if (exceptAllocation !== undefined) allocated = allocated.where('id', '<>', exceptAllocation);
  const reserved = await allocated.executeTakeFirstOrThrow();
  return Number(named.n) + Number(reserved.n);
}

export async function namedByUnit(db: DbOrTx, allocation: { venue_id: VenueId; group_id: ParticipantGroupId; unit_id: UnitId }) {
  const row = await db
    .selectFrom('event_invitations as i')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('i.venue_id', '=', allocation.venue_id)
    .where('i.group_id', '=', allocation.group_id)
    .where('i.unit_id', '=', allocation.unit_id)
    .where('i.source', '=', 'unit')
    .where(active)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findInvitationOfPerson(trx: Tx, eventId: EventId, userId: UserId) {
  return trx.selectFrom('event_invitations').select(['id', 'cancelled_at']).where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst();
}

export async function codeInUse(trx: Tx, eventId: EventId, code: string) {
  return !!(await trx.selectFrom('event_invitations').select('id').where('event_id', '=', eventId).where('code', '=', code).executeTakeFirst());
}

export function findGroupOfEvent(db: DbOrTx, eventId: EventId, groupId: ParticipantGroupId) {
  return db.selectFrom('event_groups').selectAll().where('event_id', '=', eventId).where('id', '=', groupId).executeTakeFirst();
}

export function findGroupsOfEvent(db: DbOrTx, eventId: EventId) {
  return db.selectFrom('event_groups').selectAll().where('event_id', '=', eventId).orderBy('position').orderBy('id').execute();
}

/** Per venue × group of the event: quota, seats taken, accepted, reserved for units. */
export async function findQuotaUse(db: DbOrTx, eventId: EventId) {
  const [quotas, counts, reserved] = await Promise.all([
    db
      .selectFrom('event_quotas as q')
      .innerJoin('event_groups as g', 'g.id', 'q.group_id')
      .select(['q.venue_id', 'q.group_id', 'q.quota'])
      .where('g.event_id', '=', eventId)
      .execute(),
    db
      .selectFrom('event_invitations as i')
      .select(['i.venue_id', 'i.group_id'])
      .select((eb) => [
        eb.fn.sum<number>(sql`case when ${active} then 1 else 0 end`).as('invited'),
        eb.fn.sum<number>(sql`case when i.cancelled_at is null and i.rsvp = 'accepted' then 1 else 0 end`).as('accepted'),
      ])
      .where('i.event_id', '=', eventId)
      .groupBy(['i.venue_id', 'i.group_id'])
      .execute(),
    db.selectFrom('event_allocations').select(['venue_id', 'group_id']).select((eb) => eb.fn.sum<number>('seats').as('seats')).where('event_id', '=', eventId).groupBy(['venue_id', 'group_id']).execute(),
  ]);
  const key = (v: VenueId, g: ParticipantGroupId | null) => `${v}:${g}`;
  const countOf = new Map(counts.map((c) => [key(c.venue_id, c.group_id), c]));
  const reservedOf = new Map(reserved.map((r) => [key(r.venue_id, r.group_id), Number(r.seats)]));
  return quotas.map((q) => {
    const c = countOf.get(key(q.venue_id, q.group_id));
    return { venueId: q.venue_id, groupId: q.group_id, quota: q.quota, invited: Number(c?.invited ?? 0), accepted: Number(c?.accepted ?? 0), allocated: reservedOf.get(key(q.venue_id, q.group_id)) ?? 0 };
  });
}

export function findAllocationsOfEvent(db: DbOrTx, eventId: EventId) {
  return db
    .selectFrom('event_allocations as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.venue_id', 'a.group_id', 'a.unit_id', 'a.seats', 'u.code', 'u.name'])
    .where('a.event_id', '=', eventId)
    .orderBy('a.id')
    .execute();
}

const invitationColumns = [
  'i.id',
  'i.event_id',
  'i.venue_id',
  'i.group_id',
  'i.user_id',
  'i.unit_id',
  'i.source',
  'i.secret',
  'i.code',
  'i.rsvp',
  'i.created_at',
  'i.cancelled_at',
  'i.reminded_at',
  'p.full_name',
  'p.phone',
  'p.language',
  'e.title',
  'e.slug',
  'e.starts_at',
  'e.ends_at',
  'v.name as venue_name',
  'v.address as venue_address',
  'v.stream_url',
  'g.name as group_name',
  'u.code as unit_code',
  'u.name as unit_name',
] as const;

function invitations(db: DbOrTx) {
  return db
    .selectFrom('event_invitations as i')
    .innerJoin('users as p', 'p.id', 'i.user_id')
    .innerJoin('events as e', 'e.id', 'i.event_id')
    .innerJoin('event_venues as v', 'v.id', 'i.venue_id')
    .leftJoin('event_groups as g', 'g.id', 'i.group_id')
    .leftJoin('units as u', 'u.id', 'i.unit_id')
    .select(invitationColumns);
}

export function findInvitations(db: DbOrTx, eventId: EventId, filter: { venueId?: VenueId; groupId?: ParticipantGroupId; activeOnly?: boolean } = {}) {
  let query = invitations(db).where('i.event_id', '=', eventId);
  if (filter.venueId !== undefined) query = query.where('i.venue_id', '=', filter.venueId);
  if (filter.groupId !== undefined) query = query.where('i.group_id', '=', filter.groupId);
  if (filter.activeOnly) query = query.where('i.cancelled_at', 'is', null);
  return query.orderBy('v.position').orderBy('g.position').orderBy('p.full_name_search').orderBy('i.id').execute();
}

export type InvitationRow = Awaited<ReturnType<typeof findInvitations>>[number];

export function findInvitationBySecret(db: DbOrTx, secret: string) {
  return invitations(db).where('i.secret', '=', secret).executeTakeFirst();
}

export function findInvitationsOfUser(db: DbOrTx, userId: UserId) {
  return invitations(db).where('i.user_id', '=', userId).where('i.cancelled_at', 'is', null).orderBy('e.starts_at', 'desc').execute();
}

export function findInvitationOfEvent(db: DbOrTx, eventId: EventId, id: InvitationId) {
  return invitations(db).where('i.event_id', '=', eventId).where('i.id', '=', id).executeTakeFirst();
}

/** Allocations of units at or below a unit's path, with the event, venue and group. */
export function findAllocationsUnder(db: DbOrTx, path: string) {
  return db
    .selectFrom('event_allocations as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('events as e', 'e.id', 'a.event_id')
    .innerJoin('event_venues as v', 'v.id', 'a.venue_id')
    .innerJoin('event_groups as g', 'g.id', 'a.group_id')
    .select(['a.id', 'a.event_id', 'a.venue_id', 'a.group_id', 'a.unit_id', 'a.seats', 'u.code', 'u.name as unit_name', 'e.title', 'e.starts_at', 'v.name as venue_name', 'g.name as group_name'])
    .where('u.path', 'like', `${path}%`)
    .orderBy('e.starts_at', 'desc')
    .orderBy('a.id')
    .execute();
}

export function findAllocation(db: DbOrTx, id: number) {
  return db.selectFrom('event_allocations as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['a.id', 'a.event_id', 'a.venue_id', 'a.group_id', 'a.unit_id', 'a.seats', 'u.code']).where('a.id', '=', id).executeTakeFirst();
}
