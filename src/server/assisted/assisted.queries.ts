import { sql } from 'kysely';
import type { AssistedSignupId, TeamId, UnitId, UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { escapeLikePattern } from '../../shared/text.js';
import type { DbOrTx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';

export async function insertSmsCode(db: DbOrTx, code: { helperId: UserId; phone: PhoneNumber; codeHash: string; now: number; expiresAt: number }): Promise<number> {
  const row = await db
    .insertInto('assisted_sms_codes')
    .values({ helper_id: code.helperId, phone: code.phone, code_hash: code.codeHash, created_at: code.now, expires_at: code.expiresAt, failed_attempts: 0, used_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findSmsCode(db: DbOrTx, id: number) {
  return db.selectFrom('assisted_sms_codes').select(['id', 'helper_id', 'phone', 'code_hash', 'expires_at', 'failed_attempts', 'used_at']).where('id', '=', id).executeTakeFirst();
}

export async function countFailedCodeAttempt(db: DbOrTx, id: number): Promise<void> {
  await db.updateTable('assisted_sms_codes').set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) })).where('id', '=', id).execute();
}

/** Marks the code used, if nobody did meanwhile: false when a concurrent request got there first. */
export async function useSmsCode(db: DbOrTx, id: number, now: number): Promise<boolean> {
  const result = await db.updateTable('assisted_sms_codes').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteExpiredSmsCodes(db: DbOrTx, before: number): Promise<void> {
  // A used code stays: it is the consent's evidence (sent to that phone, read back at that time).
  await db.deleteFrom('assisted_sms_codes').where('expires_at', '<', before).where('used_at', 'is', null).execute();
}

export async function insertConsentPhoto(db: DbOrTx, photo: { ref: string; userId: UserId; helperId: UserId; mime: string; width: number; height: number; bytes: Buffer; now: number }): Promise<void> {
  await db
    .insertInto('assisted_consent_photos')
    .values({ ref: photo.ref, user_id: photo.userId, helper_id: photo.helperId, mime: photo.mime, width: photo.width, height: photo.height, bytes: photo.bytes, created_at: photo.now })
    .execute();
}

export function findConsentPhoto(db: DbOrTx, ref: string) {
  return db.selectFrom('assisted_consent_photos').select(['user_id', 'mime', 'bytes']).where('ref', '=', ref).executeTakeFirst();
}

export interface NewSignup {
  userId: UserId;
  helperId: UserId;
  teamId: TeamId;
  unitId: UnitId;
  hamletId: UnitId | null;
  clientId: string;
  channel: 'assisted_sms' | 'assisted_paper';
  consentId: number;
  photoRef: string | null;
  linkedExisting: boolean;
  deviceId: string;
  ip: string;
  now: number;
}

export async function insertSignup(db: DbOrTx, s: NewSignup): Promise<AssistedSignupId> {
  const row = await db
    .insertInto('assisted_signups')
    .values({
      user_id: s.userId,
      helper_id: s.helperId,
      team_id: s.teamId,
      unit_id: s.unitId,
      hamlet_id: s.hamletId,
      client_id: s.clientId,
      channel: s.channel,
      consent_id: s.consentId,
      photo_ref: s.photoRef,
      linked_existing: s.linkedExisting ? 1 : 0,
      device_id: s.deviceId,
      ip: s.ip,
      created_at: s.now,
      flagged_at: null,
      flag_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A sign-up as the helper's retry, the photo view and the review see it. */
function signupsWithPeople(db: DbOrTx) {
  return db
    .selectFrom('assisted_signups as s')
    .innerJoin('users as p', 'p.id', 's.user_id')
    .innerJoin('users as h', 'h.id', 's.helper_id')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .leftJoin('units as hamlet', 'hamlet.id', 's.hamlet_id')
    .select([
      's.id',
      's.user_id',
      's.helper_id',
      's.team_id',
      's.client_id',
      's.channel',
      's.linked_existing',
      's.device_id',
      's.ip',
      's.created_at',
      's.unit_id',
      's.flagged_at',
      's.flag_reason',
      'p.full_name',
      'p.phone',
      'p.birth_year',
      'h.full_name as helper_name',
      'u.code as unit_code',
      'u.path as unit_path',
      'hamlet.code as hamlet_code',
      'hamlet.name as hamlet_name',
      's.photo_ref',
    ]);
}

export function findSignupByClient(db: DbOrTx, helperId: UserId, clientId: string) {
  return signupsWithPeople(db).where('s.helper_id', '=', helperId).where('s.client_id', '=', clientId).executeTakeFirst();
}

export function findSignupById(db: DbOrTx, id: AssistedSignupId) {
  return signupsWithPeople(db).where('s.id', '=', id).executeTakeFirst();
}

export function findSignupsInSubtree(db: DbOrTx, filter: { unitPath: string; from: number; to: number }) {
  return signupsWithPeople(db)
    .where('u.path', 'like', `${escapeLikePattern(filter.unitPath)}%`)
    .where('s.created_at', '>=', filter.from)
    .where('s.created_at', '<', filter.to)
    .orderBy('s.created_at')
    .orderBy('s.id')
    .execute();
}

export function countSignupsByHelper(db: DbOrTx, teamIds: readonly TeamId[], from: number, to: number) {
  return db
    .selectFrom('assisted_signups')
    .select(['helper_id', 'team_id', (eb) => eb.fn.countAll<number>().as('signups'), (eb) => eb.fn.sum<number>('linked_existing').as('linked')])
    .where('team_id', 'in', teamIds)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy(['helper_id', 'team_id'])
    .orderBy('team_id')
    .orderBy('helper_id')
    .execute();
}

export const assistedSignupsPersonalData: PersonalDataHandler = {
  table: 'assisted_signups',
  export: (db, userId) =>
    db
      .selectFrom('assisted_signups')
      .select(['id', 'helper_id', 'team_id', 'unit_id', 'hamlet_id', 'channel', 'consent_id', 'linked_existing', 'created_at', 'flagged_at', 'flag_reason'])
      .where('user_id', '=', userId)
      .execute(),
  // The record of being signed up goes with the person. Rows where they were the helper stay as the team's work
  // record: they name the citizen, not the helper, whose id then points at a de-identified account.
  erase: async (trx, userId) => {
    await trx.deleteFrom('assisted_signups').where('user_id', '=', userId).execute();
  },
};

export const assistedConsentPhotosPersonalData: PersonalDataHandler = {
  table: 'assisted_consent_photos',
  // The picture itself is served to its subject at /api/assisted/signups/:id/consent-photo; the export says it exists.
  export: (db, userId) => db.selectFrom('assisted_consent_photos').select(['ref', 'mime', 'width', 'height', 'created_at']).where('user_id', '=', userId).execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('assisted_consent_photos').where('user_id', '=', userId).execute();
  },
};

const phoneOf = (userId: UserId) => sql<PhoneNumber>`(select phone from users where id = ${userId})`;

export const assistedSmsCodesPersonalData: PersonalDataHandler = {
  table: 'assisted_sms_codes',
  // Codes sent to the person's phone (they may predate the account); the code itself is only a hash.
  export: (db, userId) =>
    db.selectFrom('assisted_sms_codes').select(['helper_id', 'created_at', 'expires_at', 'used_at']).where('phone', '=', phoneOf(userId)).execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('assisted_sms_codes').where('phone', '=', phoneOf(userId)).execute();
  },
};
