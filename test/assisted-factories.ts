/**
 * Assisted learners for tests of the figures and the review: a team, accounts a helper made through it
 * (users.assisted_team_id, counted as assisted from registration on), and the sign-up rows the review reads.
 */
import { hashPassword } from '../src/server/auth/passwords.js';
import { recordRegistration } from '../src/server/rollups/rollups.service.js';
import { insertUser } from '../src/server/users/users.queries.js';
import { searchableName } from '../src/server/users/users.service.js';
import type { Db } from '../src/server/db/database.js';
import type { AssistedSignupId, TeamId, UnitId, UserId } from '../src/shared/ids.js';
import type { PhoneNumber } from '../src/shared/phone.js';
import { nextPhone, testPassword, unitIdOf } from './factories.js';
import { buildHelperTeam } from './request-fixtures.js';

let passwordHash: Promise<string> | undefined;

/** A live team of a commune (or other unit), with these helpers as members. */
export function buildTeam(db: Db, options: { unitCode: string; name?: string; createdBy: UserId; members?: UserId[] }): Promise<TeamId> {
  return buildHelperTeam(db, { unitCode: options.unitCode, name: options.name ?? `Tổ ${options.unitCode}`, members: options.members ?? [], createdBy: options.createdBy });
}

/** An account made by assisted sign-up through this team, counted as such. */
export async function buildAssistedPerson(
  db: Db,
  options: { teamId: TeamId; unitCode?: string; fullName?: string; phone?: PhoneNumber; birthYear?: number; now?: number },
): Promise<{ id: UserId; phone: PhoneNumber; homeUnitId: UnitId }> {
  passwordHash ??= hashPassword(testPassword);
  const phone = options.phone ?? nextPhone();
  const homeUnitId = await unitIdOf(db, options.unitCode ?? '30307');
  const now = options.now ?? Date.UTC(2026, 10, 24);
  const id = await insertUser(db, { phone, passwordHash: await passwordHash, ...searchableName(options.fullName ?? 'Người Được Hỗ Trợ'), birthYear: options.birthYear ?? 1960, homeUnitId, language: 'vi', now });
  await db.updateTable('users').set({ assisted_team_id: options.teamId }).where('id', '=', id).execute();
  await recordRegistration(db, homeUnitId, now, options.teamId);
  return { id, phone, homeUnitId };
}

/** The record of an assisted sign-up (with its consent), as the assisted sign-up writes it. */
export async function insertSignup(
  db: Db,
  s: { userId: UserId; helperId: UserId; teamId: TeamId; unitCode: string; hamletId?: UnitId | null; deviceId?: string; ip?: string; at: number },
): Promise<AssistedSignupId> {
  const consent = await db
    .insertInto('consents')
    .values({ user_id: s.userId, purpose: 'learning', notice_version: '2026-11', channel: 'assisted_sms', evidence: 'sms:123456', given_at: s.at, withdrawn_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('assisted_signups')
    .values({
      user_id: s.userId,
      helper_id: s.helperId,
      team_id: s.teamId,
      unit_id: await unitIdOf(db, s.unitCode),
      hamlet_id: s.hamletId ?? null,
      client_id: crypto.randomUUID(),
      channel: 'assisted_sms',
      consent_id: Number(consent.id),
      linked_existing: 0,
      device_id: s.deviceId ?? `device-${crypto.randomUUID()}`,
      ip: s.ip ?? `203.0.113.${Math.floor(Math.random() * 250)}`,
      created_at: s.at,
      flagged_at: null,
      flag_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id) as AssistedSignupId;
}
