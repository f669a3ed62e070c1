/**
 * Participants of an event: groups with a quota per venue, invitations of named people (by phone, an account
 * linked or made as the members import does), seats handed to a unit whose managers name its people, the RSVP
 * from the invitation link, and reminders by text. A seat is held by an invitation neither cancelled nor declined;
 * seats handed to a unit are held for it whether named yet or not. Quotas are checked inside the transaction that
 * writes the invitation, with the quota row locked, so two invitations at once cannot pass the last seat.
 */
import type { InvitationSource } from '../../shared/events.js';
import type { EventId, InvitationId, ParticipantGroupId, UnitId, UserId, VenueId } from '../../shared/ids.js';
import { vietnamTimeZone } from '../../shared/days.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import type { Language } from '../../shared/limits.js';
import { formatPhoneNational, type PhoneNumber } from '../../shared/phone.js';
import { recordAudit, recordPersonalDataRead } from '../audit/audit.service.js';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import { isUniqueViolation } from '../db/dialect.js';
import { AppError, conflict, type FieldProblem, notFound, tooManyRequests } from '../errors.js';
import { findEvent, newInvitationCode, newInvitationSecret, venueOf, venuesOf } from '../events/events.service.js';
import { consumeRateLimit, peekRateLimit } from '../http/rate-limits.js';
import { enqueueTextMessage } from '../messages/text-messages.js';
import { findUnitByCode } from '../units/units.service.js';
import { accountOf, type CheckedPerson, checkPerson, type PersonInput } from './invitation-person.js';
import {
  codeInUse,
  findAllocation,
  findAllocationsOfEvent,
  findAllocationsUnder,
  findGroupOfEvent,
  findGroupsOfEvent,
  findInvitationBySecret,
  findInvitationOfEvent,
  findInvitationOfPerson,
  findInvitations,
  findInvitationsOfUser,
  findQuotaUse,
  type InvitationRow,
  lockQuota,
  namedByUnit,
  seatsTaken,
} from './invitations.queries.js';
import type { InvitationsOverview, MyInvitations, NewInvitation, PublicInvitation } from './invitations.schema.js';

export type { InvitationRow } from './invitations.queries.js';

export interface InvitationsActor {
  userId: UserId;
  ip: string;
  now: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const maskPhone = (phone: string) => {
  const national = formatPhoneNational(phone).replace(/\s/g, '');
  return `${national.slice(0, 4)} *** ${national.slice(-3)}`;
};
/** "Nguyễn Thị Lan" → "N*** Thị Lan": enough for the person to know the link is theirs, little for anyone else. */
const maskFamilyName = (name: string) => {
  const [family, ...rest] = name.trim().split(/\s+/);
  return rest.length === 0 ? `${(family ?? '').slice(0, 1)}***` : [`${(family ?? '').slice(0, 1)}***`, ...rest].join(' ');
};

/** Per venue × group of the event: the quota, the seats taken, how many accepted, how many are held for units. */
export function quotaUse(db: DbOrTx, eventId: EventId) {
  return findQuotaUse(db, eventId);
}

export interface NewInvitationRow {
  eventId: EventId;
  venueId: VenueId;
  /** Null: no group, so no quota (a guest of the organiser). */
  groupId: ParticipantGroupId | null;
  userId: UserId;
  source: InvitationSource;
  invitedBy: UserId;
  /** For source 'unit': the allocation whose seats this fills. */
  allocationId?: number;
  now: number;
}

async function slotNames(trx: DbOrTx, eventId: EventId, venueId: VenueId, groupId: ParticipantGroupId) {
  const [venue, group] = await Promise.all([venueOf(trx, eventId, venueId), findGroupOfEvent(trx, eventId, groupId)]);
  if (!group) throw notFound('invitation_group_not_found');
  return { venue: venue.name, group: group.name };
}

/**
 * Writes one invitation under the quota rules and returns its id, QR secret and door code. Run it in the caller's
 * transaction (check-in registers walk-ins with it). 409 invitation_quota_full names the group and venue;
 * 409 invitation_exists when the person is already invited to the event (a cancelled invitation is renewed).
 */
export async function createInvitation(trx: Tx, input: NewInvitationRow): Promise<{ id: InvitationId; secret: string; code: string }> {
  let unitId: UnitId | null = null;
  if (input.groupId !== null) {
    const quota = await lockQuota(trx, input.groupId, input.venueId);
    const names = await slotNames(trx, input.eventId, input.venueId, input.groupId);
    if (!quota) throw conflict('invitation_no_seats', names);
    if (input.source === 'unit') {
      const allocation = input.allocationId === undefined ? undefined : await findAllocation(trx, input.allocationId);
      if (!allocation || allocation.venue_id !== input.venueId || allocation.group_id !== input.groupId) throw notFound('invitation_allocation_not_found');
      if ((await namedByUnit(trx, allocation)) >= allocation.seats) throw conflict('invitation_allocation_full', { ...names, seats: allocation.seats });
      unitId = allocation.unit_id;
    } else if ((await seatsTaken(trx, input.venueId, input.groupId)) >= quota.quota) {
      throw conflict('invitation_quota_full', { ...names, quota: quota.quota });
    }
  }
  const existing = await findInvitationOfPerson(trx, input.eventId, input.userId);
  if (existing && existing.cancelled_at === null) throw conflict('invitation_exists');
  let code = newInvitationCode();
  while (await codeInUse(trx, input.eventId, code)) code = newInvitationCode();
  const secret = newInvitationSecret();
  const values = {
    venue_id: input.venueId,
    group_id: input.groupId,
    unit_id: unitId,
    source: input.source,
    secret,
    code,
    rsvp: 'pending' as const,
    rsvp_at: null,
    invited_by: input.invitedBy,
    created_at: input.now,
    cancelled_at: null,
    reminded_at: null,
  };
  try {
    if (existing) {
      await trx.updateTable('event_invitations').set(values).where('id', '=', existing.id).execute();
      return { id: existing.id, secret, code };
    }
    const row = await trx
      .insertInto('event_invitations')
      .values({ ...values, event_id: input.eventId, user_id: input.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, secret, code };
  } catch (error) {
    // The same person invited by two requests at once: the second meets the unique index.
    if (isUniqueViolation(error)) throw conflict('invitation_exists');
    throw error;
  }
}

const personFields = (problems: { field: string; key: FieldProblem['key']; params?: FieldProblem['params'] }[]) => {
  const fields = Object.fromEntries(problems.map((p) => [p.field, { key: p.key, params: p.params }]));
  const only = problems.length === 1 ? problems[0]! : undefined;
  return new AppError(only ? (only.key.replace(/^(error|invitations\.problem)\./, '') as never) : 'invalid_input', 400, only?.params ?? {}, fields);
};

async function homeCodeOfVenue(db: DbOrTx, eventId: EventId, venueId: VenueId): Promise<string | null> {
  const venue = await venueOf(db, eventId, venueId);
  if (venue.unit_id === null) return null;
  const unit = await db.selectFrom('units').select('code').where('id', '=', venue.unit_id).executeTakeFirst();
  return unit?.code ?? null;
}

async function checkedPerson(db: Db, eventId: EventId, venueId: VenueId, input: PersonInput, now: number): Promise<CheckedPerson> {
  const { person, problems } = await checkPerson(db, input, await homeCodeOfVenue(db, eventId, venueId), now);
  if (!person) throw personFields(problems);
  return person;
}

/** An organiser invites one person by phone to a group at a venue. Audited. */
export async function inviteByPhone(db: Db, eventId: EventId, body: NewInvitation, actor: InvitationsActor) {
  const person = await checkedPerson(db, eventId, body.venueId, body, actor.now);
  return db.transaction().execute(async (trx) => {
    const { userId, created } = await accountOf(trx, person, actor.now);
    const invitation = await createInvitation(trx, { eventId, venueId: body.venueId, groupId: body.groupId, userId, source: 'named', invitedBy: actor.userId, now: actor.now });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'invitation.create', subjectUserId: userId, details: { event: eventId, invitation: invitation.id, created }, ip: actor.ip });
    return { id: invitation.id, code: invitation.code, created };
  });
}

/** Cancels an invitation: its seat is free again, its QR no longer admits. Audited. */
export async function cancelInvitation(db: Db, eventId: EventId, invitationId: InvitationId, actor: InvitationsActor) {
  return db.transaction().execute(async (trx) => {
    const invitation = await findInvitationOfEvent(trx, eventId, invitationId);
    if (!invitation) throw notFound('invitation_not_found');
    const cancelledAt = invitation.cancelled_at ?? actor.now;
    if (invitation.cancelled_at === null) {
      await trx.updateTable('event_invitations').set({ cancelled_at: cancelledAt }).where('id', '=', invitationId).execute();
      await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'invitation.cancel', subjectUserId: invitation.user_id, details: { event: eventId, invitation: invitationId }, ip: actor.ip });
    }
    return { id: invitationId, cancelledAt: iso(cancelledAt) };
  });
}

export async function createGroup(db: Db, eventId: EventId, name: string, actor: InvitationsActor) {
  const position = (await findGroupsOfEvent(db, eventId)).reduce((max, g) => Math.max(max, g.position), 0) + 1;
  const row = await db.insertInto('event_groups').values({ event_id: eventId, name: name.trim(), position }).returning(['id', 'name', 'position']).executeTakeFirstOrThrow();
  await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: 'event_group.create', details: { event: eventId, group: row.id }, ip: actor.ip });
  return row;
}

/** Sets a group's quota at a venue; never below the seats already taken there (409, naming them). */
export async function setQuota(db: Db, eventId: EventId, change: { groupId: ParticipantGroupId; venueId: VenueId; quota: number }, actor: InvitationsActor) {
  await db.transaction().execute(async (trx) => {
    const names = await slotNames(trx, eventId, change.venueId, change.groupId);
    await lockQuota(trx, change.groupId, change.venueId);
    const taken = await seatsTaken(trx, change.venueId, change.groupId);
    if (change.quota < taken) throw conflict('invitation_quota_below_taken', { ...names, taken });
    await trx
      .insertInto('event_quotas')
      .values({ group_id: change.groupId, venue_id: change.venueId, quota: change.quota })
      .onConflict((oc) => oc.columns(['group_id', 'venue_id']).doUpdateSet({ quota: change.quota }))
      .execute();
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event_quota.set', details: { event: eventId, group: change.groupId, venue: change.venueId, quota: change.quota }, ip: actor.ip });
  });
  return invitationsOverview(db, eventId);
}

/** Hands seats of a group at a venue to a unit (out of the quota); its managers then name the people. Audited. */
export async function allocateSeats(db: Db, eventId: EventId, body: { unitCode: string; groupId: ParticipantGroupId; venueId: VenueId; seats: number }, actor: InvitationsActor) {
  const unit = await findUnitByCode(db, body.unitCode.trim());
  if (!unit) throw notFound('unknown_unit', { code: body.unitCode.slice(0, 40) });
  return db.transaction().execute(async (trx) => {
    const quota = await lockQuota(trx, body.groupId, body.venueId);
    const names = await slotNames(trx, eventId, body.venueId, body.groupId);
    if (!quota) throw conflict('invitation_no_seats', names);
    const existing = await trx.selectFrom('event_allocations').select('id').where('event_id', '=', eventId).where('venue_id', '=', body.venueId).where('group_id', '=', body.groupId).where('unit_id', '=', unit.id).executeTakeFirst();
    if ((await seatsTaken(trx, body.venueId, body.groupId, existing?.id)) + body.seats > quota.quota) throw conflict('invitation_quota_full', { ...names, quota: quota.quota });
    if (existing) {
      const named = await namedByUnit(trx, { venue_id: body.venueId, group_id: body.groupId, unit_id: unit.id });
      if (body.seats < named) throw conflict('invitation_quota_below_taken', { ...names, taken: named });
      await trx.updateTable('event_allocations').set({ seats: body.seats }).where('id', '=', existing.id).execute();
    }
    const id =
      existing?.id ??
      (
        await trx
          .insertInto('event_allocations')
          .values({ event_id: eventId, venue_id: body.venueId, group_id: body.groupId, unit_id: unit.id, seats: body.seats, created_by: actor.userId, created_at: actor.now })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'event_allocation.set', unitId: unit.id, details: { event: eventId, allocation: id, seats: body.seats }, ip: actor.ip });
    return { id, seats: body.seats };
  });
}

export async function invitationsOverview(db: DbOrTx, eventId: EventId): Promise<InvitationsOverview> {
  const event = await findEvent(db, eventId);
  if (!event) throw notFound('event_not_found');
  const [venues, groups, quotas, allocations] = await Promise.all([venuesOf(db, eventId), findGroupsOfEvent(db, eventId), findQuotaUse(db, eventId), findAllocationsOfEvent(db, eventId)]);
  const named = await Promise.all(allocations.map((a) => namedByUnit(db, a)));
  return {
    event: { id: event.id, title: event.title, startsAt: iso(event.starts_at), endsAt: iso(event.ends_at) },
    venues: venues.filter((v) => v.retired_at === null).map((v) => ({ id: v.id, name: v.name, address: v.address, kind: v.kind })),
    groups: groups.map((g) => ({ id: g.id, name: g.name, position: g.position })),
    quotas,
    allocations: allocations.map((a, i) => ({ id: a.id, venueId: a.venue_id, groupId: a.group_id, unit: { code: a.code, name: a.name }, seats: a.seats, named: named[i]! })),
  };
}

const listItem = (r: InvitationRow) => ({
  id: r.id,
  fullName: r.full_name,
  phone: maskPhone(r.phone),
  venueId: r.venue_id,
  groupId: r.group_id,
  unit: r.unit_code ? { code: r.unit_code, name: r.unit_name ?? '' } : null,
  source: r.source,
  code: r.code,
  rsvp: r.rsvp,
  createdAt: iso(r.created_at),
  cancelledAt: r.cancelled_at === null ? null : iso(r.cancelled_at),
  remindedAt: r.reminded_at === null ? null : iso(r.reminded_at),
});

export async function listInvitations(db: DbOrTx, eventId: EventId, filter: { venueId?: VenueId; groupId?: ParticipantGroupId }, actor: InvitationsActor) {
  const rows = await findInvitations(db, eventId, filter);
  await recordPersonalDataRead(db, { at: actor.now, actorUserId: actor.userId, ip: actor.ip, list: 'invitations', count: rows.length, details: { event: eventId } });
  return { invitations: rows.map(listItem) };
}

/** The invitations of an event to print (not cancelled), in the order of the list; one of them by id. */
/** Invitations to print: names of those invited, so the printing is audited. */
export async function invitationsToPrint(db: DbOrTx, eventId: EventId, filter: { venueId?: VenueId; groupId?: ParticipantGroupId; id?: InvitationId }, actor: InvitationsActor) {
  let rows: Awaited<ReturnType<typeof findInvitations>>;
  if (filter.id !== undefined) {
    const one = await findInvitationOfEvent(db, eventId, filter.id);
    if (!one || one.cancelled_at !== null) throw notFound('invitation_not_found');
    rows = [one];
  } else rows = await findInvitations(db, eventId, { ...filter, activeOnly: true });
  if (rows.length > 0) await recordPersonalDataRead(db, { at: actor.now, actorUserId: actor.userId, ip: actor.ip, list: 'invitations_pdf', count: rows.length, details: { event: eventId } });
  return rows;
}

/** The unit of an allocation, for the policy of its managers' routes; a missing one is a 404. */
export async function unitCodeOfAllocation(db: DbOrTx, id: number | undefined): Promise<string> {
  const allocation = id === undefined ? undefined : await findAllocation(db, id);
  if (!allocation) throw notFound('invitation_allocation_not_found');
  return allocation.code;
}

/** Seats handed to the unit and the units below it, with whom each has named. */
export async function unitAllocations(db: DbOrTx, unitPath: string) {
  const allocations = await findAllocationsUnder(db, unitPath);
  return {
    allocations: await Promise.all(
      allocations.map(async (a) => {
        const people = await db
          .selectFrom('event_invitations as i')
          .innerJoin('users as p', 'p.id', 'i.user_id')
          .select(['p.full_name', 'p.phone', 'i.rsvp'])
          .where('i.event_id', '=', a.event_id)
          .where('i.venue_id', '=', a.venue_id)
          .where('i.group_id', '=', a.group_id)
          .where('i.unit_id', '=', a.unit_id)
          .where('i.source', '=', 'unit')
          .where('i.cancelled_at', 'is', null)
          .orderBy('p.full_name_search')
          .execute();
        return {
          id: a.id,
          event: { id: a.event_id, title: a.title, startsAt: iso(a.starts_at) },
          venue: { id: a.venue_id, name: a.venue_name },
          group: { id: a.group_id, name: a.group_name },
          unit: { code: a.code, name: a.unit_name },
          seats: a.seats,
          people: people.map((p) => ({ fullName: p.full_name, phone: maskPhone(p.phone), rsvp: p.rsvp })),
        };
      }),
    ),
  };
}

/** A unit's manager names one person for the unit's seats. Audited. */
export async function inviteForAllocation(db: Db, allocationId: number, body: PersonInput, actor: InvitationsActor) {
  const allocation = await findAllocation(db, allocationId);
  if (!allocation) throw notFound('invitation_allocation_not_found');
  const person = await checkedPerson(db, allocation.event_id, allocation.venue_id, body, actor.now);
  return db.transaction().execute(async (trx) => {
    const { userId, created } = await accountOf(trx, person, actor.now);
    const invitation = await createInvitation(trx, {
      eventId: allocation.event_id,
      venueId: allocation.venue_id,
      groupId: allocation.group_id,
      userId,
      source: 'unit',
      allocationId,
      invitedBy: actor.userId,
      now: actor.now,
    });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'invitation.create', subjectUserId: userId, unitId: allocation.unit_id, details: { event: allocation.event_id, invitation: invitation.id, created }, ip: actor.ip });
    return { id: invitation.id, code: invitation.code, created };
  });
}

const eventOf = (r: InvitationRow) => ({ title: r.title, startsAt: iso(r.starts_at), endsAt: iso(r.ends_at), slug: r.slug });
const venueOfRow = (r: InvitationRow) => ({ name: r.venue_name, address: r.venue_address, streamUrl: r.stream_url });

export interface SecretThrottle {
  ip: string;
  now: number;
  windowMinutes: number;
}

const maxWrongSecretsPerIp = 10;

/** The invitation of a link's secret. Wrong secrets are counted per address; past the limit, 429 before any look-up. */
async function bySecret(db: Db, secret: string, throttle: SecretThrottle) {
  const key = `invitation-secret-ip:${throttle.ip}`;
  const windowMs = throttle.windowMinutes * 60_000;
  const state = await peekRateLimit(db, key, windowMs, throttle.now);
  if (state.hits >= maxWrongSecretsPerIp) throw tooManyRequests(state.retryAfterSeconds);
  const invitation = await findInvitationBySecret(db, secret);
  if (!invitation) {
    await consumeRateLimit(db, key, windowMs, throttle.now);
    throw notFound('invitation_not_found');
  }
  return invitation;
}

const publicView = (r: InvitationRow): PublicInvitation => ({
  event: eventOf(r),
  venue: venueOfRow(r),
  group: r.group_name,
  name: maskFamilyName(r.full_name),
  rsvp: r.rsvp,
  cancelled: r.cancelled_at !== null,
});

export async function lookupInvitation(db: Db, secret: string, throttle: SecretThrottle): Promise<PublicInvitation> {
  return publicView(await bySecret(db, secret, throttle));
}

/** Accept or decline from the link (or the person's own page). A cancelled invitation cannot be answered (409). */
export async function answerInvitation(db: Db, secret: string, answer: 'accepted' | 'declined', throttle: SecretThrottle): Promise<PublicInvitation> {
  const invitation = await bySecret(db, secret, throttle);
  if (invitation.cancelled_at !== null) throw conflict('invitation_cancelled');
  if (invitation.rsvp !== answer) {
    await db.transaction().execute(async (trx) => {
      // Accepting again after declining takes a seat again: only if the quota still has one.
      if (answer === 'accepted' && invitation.rsvp === 'declined' && invitation.group_id !== null && invitation.source !== 'unit') {
        const quota = await lockQuota(trx, invitation.group_id, invitation.venue_id);
        if (quota && (await seatsTaken(trx, invitation.venue_id, invitation.group_id)) >= quota.quota) {
          throw conflict('invitation_quota_full', { group: invitation.group_name ?? '', venue: invitation.venue_name, quota: quota.quota });
        }
      }
      await trx.updateTable('event_invitations').set({ rsvp: answer, rsvp_at: throttle.now }).where('id', '=', invitation.id).execute();
      await recordAudit(trx, { at: throttle.now, actorUserId: null, action: `invitation.${answer}`, subjectUserId: invitation.user_id, details: { event: invitation.event_id, invitation: invitation.id }, ip: throttle.ip });
    });
  }
  return { ...publicView(invitation), rsvp: answer };
}

export async function myInvitations(db: DbOrTx, userId: UserId): Promise<MyInvitations> {
  const rows = await findInvitationsOfUser(db, userId);
  return { invitations: rows.map((r) => ({ id: r.id, secret: r.secret, code: r.code, event: eventOf(r), venue: venueOfRow(r), group: r.group_name, rsvp: r.rsvp })) };
}

const remindAfterMs = 12 * 3_600_000;
// Texts go out without diacritics (as the platform's other texts): one SMS holds 160 such characters, 70 otherwise.
const plainText = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

/**
 * Texts everyone invited who has not declined (and whose invitation stands) their link, unless they were reminded
 * in the last 12 hours. The texts leave through the job queue after the commit. Audited with the count.
 */
export async function remindInvitees(db: Db, eventId: EventId, origin: string, actor: InvitationsActor) {
  return db.transaction().execute(async (trx) => {
    const rows = await findInvitations(trx, eventId, { activeOnly: true });
    const due = rows.filter((r) => r.rsvp !== 'declined');
    const toSend = due.filter((r) => r.reminded_at === null || r.reminded_at <= actor.now - remindAfterMs);
    for (const r of toSend) {
      await enqueueTextMessage(trx, {
        to: r.phone as PhoneNumber,
        language: r.language as Language,
        key: 'sms.invitation_reminder',
        params: { event: plainText(r.title), time: formatEventTime(r.starts_at), venue: plainText(r.venue_name), link: `${origin}/invite#${r.secret}` },
        userId: r.user_id,
        now: actor.now,
      });
    }
    for (let i = 0; i < toSend.length; i += 500) {
      await trx.updateTable('event_invitations').set({ reminded_at: actor.now }).where('id', 'in', toSend.slice(i, i + 500).map((r) => r.id)).execute();
    }
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'invitation.remind', details: { event: eventId, sent: toSend.length }, ip: actor.ip });
    return { sent: toSend.length, skipped: due.length - toSend.length };
  });
}

/** "07:30 19/05/2025", in Vietnam time, as printed on invitations and texts. */
export const formatEventTime = (ms: number) => formatDateTime('vi', ms, vietnamTimeZone);

export const invitationsPersonalData: PersonalDataHandler = {
  table: 'event_invitations',
  export: (db, userId) =>
    db
      .selectFrom('event_invitations as i')
      .innerJoin('events as e', 'e.id', 'i.event_id')
      .innerJoin('event_venues as v', 'v.id', 'i.venue_id')
      .select(['e.title as event', 'v.name as venue', 'i.source', 'i.rsvp', 'i.rsvp_at', 'i.created_at', 'i.cancelled_at', 'i.reminded_at'])
      .where('i.user_id', '=', userId)
      .execute(),
  // Who was invited is the person's own; the seat counts go with it. Check-in rows pointing here are check-in's.
  erase: async (trx, userId) => {
    await trx.deleteFrom('event_invitations').where('user_id', '=', userId).execute();
  },
};

export const allocationsPersonalData: PersonalDataHandler = {
  table: 'event_allocations',
  // An allocation is a unit's, not a person's; only who made it points at a person.
  export: (db, userId) => db.selectFrom('event_allocations').select(['event_id', 'seats', 'created_at']).where('created_by', '=', userId).execute(),
  erase: async () => {},
};
