import { moveLearner } from '../rollups/rollups.service.js';
import type { UserId } from '../../shared/ids.js';
import type { Role } from '../../shared/limits.js';
import { recordAudit } from '../audit/audit.service.js';
import { assertAcceptablePassword, type AuthDeps, checkCurrentPassword, hashPassword, noPassword, type PasswordOwner } from '../auth/auth.service.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import { findGrantsOfUser } from '../grants/grants.service.js';
import { revokeAllSessionsOf } from '../http/sessions.js';
import type { UnitKind } from '../../shared/units.js';
import {
  birthYearProblem,
  findCredentialsById,
  findProfile,
  fullNameProblem,
  type ProfilePatch as ProfileRowPatch,
  residentialUnitProblem,
  searchableName,
  throwIfProblems,
  updatePasswordHash,
  updateProfileRow,
} from '../users/users.service.js';
import type { MeResponse, ProfilePatch } from './me.schema.js';

export async function loadMe(db: Db, userId: UserId): Promise<MeResponse> {
  const [profile, grants] = await Promise.all([findProfile(db, userId), findGrantsOfUser(db, userId)]);
  if (!profile) throw notFound('user_not_found');
  return {
    id: profile.id,
    phone: profile.phone,
    fullName: profile.full_name,
    birthYear: profile.birth_year,
    unit: { code: profile.unit_code, name: profile.unit_name, fullName: profile.unit_full_name, kind: profile.unit_kind as UnitKind },
    language: profile.language,
    largeText: profile.large_text === 1,
    createdAt: new Date(profile.created_at).toISOString(),
    grants: grants.map((g) => ({
      id: g.id,
      role: g.role as Role,
      unit: { code: g.unit_code, name: g.unit_name, fullName: g.unit_full_name, kind: g.unit_kind },
    })),
  };
}

export async function updateMyProfile(deps: { db: Db; clock: Clock }, userId: UserId, patch: ProfilePatch, ip: string): Promise<void> {
  const now = deps.clock.now();
  const home = patch.unitCode === undefined ? undefined : await residentialUnitProblem(deps.db, patch.unitCode);
  throwIfProblems({
    fullName: patch.fullName === undefined ? null : fullNameProblem(patch.fullName),
    birthYear: patch.birthYear === undefined ? null : birthYearProblem(patch.birthYear, now),
    unitCode: home?.problem ?? null,
  });
  const row: ProfileRowPatch = {};
  if (patch.fullName !== undefined) {
    const { fullName, fullNameSearch } = searchableName(patch.fullName);
    row.full_name = fullName;
    row.full_name_search = fullNameSearch;
  }
  if (patch.birthYear !== undefined) row.birth_year = patch.birthYear;
  if (home?.unit) row.home_unit_id = home.unit.id;
  if (patch.language !== undefined) row.language = patch.language;
  if (patch.largeText !== undefined) row.large_text = patch.largeText ? 1 : 0;
  if (Object.keys(row).length === 0) return;
  await deps.db.transaction().execute(async (trx) => {
    // Counts go with the learner: the dashboards of the old commune lose them, the new one's gain them.
    if (row.home_unit_id !== undefined) await moveLearner(trx, userId, row.home_unit_id);
    await updateProfileRow(trx, userId, row, now);
    const changed = Object.keys(row).filter((k) => k !== 'full_name_search');
    await recordAudit(trx, { at: now, actorUserId: userId, action: 'profile.update', subjectUserId: userId, details: { fields: changed.join(',') }, ip });
  });
}

/**
 * Changing the password signs out every other device: whoever knew the old one is out. A person who has none yet
 * (signed in with a sign-in card or an identity provider) sets a first one without a current password; their
 * other devices stay signed in and their card keeps working, since nobody knew a password to shut out.
 */
export async function changeMyPassword(
  deps: AuthDeps,
  viewer: { userId: UserId; sessionId: string },
  input: { currentPassword?: string; newPassword: string },
  ip: string,
): Promise<void> {
  const account = await findCredentialsById(deps.db, viewer.userId);
  const first = account?.password_hash === noPassword;
  let owner: PasswordOwner;
  if (first) {
    const profile = await findProfile(deps.db, viewer.userId);
    owner = { phone: profile?.phone, fullName: profile?.full_name };
  } else {
    if (input.currentPassword === undefined) throw new AppError('wrong_current_password', 400, {}, { currentPassword: { key: 'error.wrong_current_password' } });
    owner = await checkCurrentPassword(deps, viewer.userId, input.currentPassword, 'currentPassword', ip);
  }
  assertAcceptablePassword(input.newPassword, 'newPassword', owner);
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, viewer.userId, passwordHash, now);
    if (!first) await revokeAllSessionsOf(trx, viewer.userId, viewer.sessionId);
    await recordAudit(trx, { at: now, actorUserId: viewer.userId, action: first ? 'password.set' : 'password.change', subjectUserId: viewer.userId, ip });
  });
}
