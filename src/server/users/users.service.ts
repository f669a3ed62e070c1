import { fullNamePattern, limits } from '../../shared/limits.js';
import { foldForSearch, normalizeLine } from '../../shared/text.js';
import type { UserId } from '../../shared/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { revokeAllSessionsOf } from '../http/sessions.js';
import { findProfile, setDisabled } from './users.queries.js';
import { AppError, type ErrorCode, type FieldProblem, notFound } from '../errors.js';
import { residentialKinds } from '../../shared/units.js';
import { findUnitByCode, findUnitById, type UnitRow } from '../units/units.queries.js';
import { refuseUnlessAdminOverAllGrants, type ScopedGrant } from '../grants/grants.service.js';

// Plain reads and writes other modules need are the service: features and the seed use them from here, never users.queries.
export {
  findCredentialsById,
  findCredentialsByPhone,
  findPeopleInSubtree,
  findProfile,
  insertUser,
  phoneIsRegistered,
  searchPeopleWithin,
  updatePasswordHash,
  updateProfileRow,
  usersPersonalData,
  type ProfilePatch,
} from './users.queries.js';

const fullNameRegex = new RegExp(fullNamePattern, 'u');

export function latestBirthYear(now: number): number {
  return new Date(now).getUTCFullYear() - limits.minimumAgeYears;
}

export function fullNameProblem(raw: string): FieldProblem | null {
  const name = normalizeLine(raw);
  const ok = name.length >= limits.fullNameMinLength && name.length <= limits.fullNameMaxLength && fullNameRegex.test(name);
  return ok ? null : { key: 'error.invalid_full_name', params: { min: limits.fullNameMinLength, max: limits.fullNameMaxLength } };
}

export function birthYearProblem(year: number, now: number): FieldProblem | null {
  const max = latestBirthYear(now);
  return Number.isInteger(year) && year >= limits.birthYearMin && year <= max
    ? null
    : { key: 'error.invalid_birth_year', params: { min: limits.birthYearMin, max } };
}

const isResidential = (unit: { kind: string; valid_until: string | null }) => (residentialKinds as readonly string[]).includes(unit.kind) && unit.valid_until === null;

/**
 * The unit a person may name as home: a commune, ward or special zone that exists today, or a current hamlet
 * of one (the rollups count people at their home and sum by path, so a hamlet's people count in its commune).
 */
export async function residentialUnitProblem(db: DbOrTx, code: string): Promise<{ unit?: UnitRow; problem: FieldProblem | null }> {
  const unit = await findUnitByCode(db, code.trim());
  if (!unit) return { problem: { key: 'error.unknown_unit', params: { code: code.slice(0, limits.unitCodeMaxLength) } } };
  const parent = unit.kind === 'hamlet' && unit.valid_until === null && unit.parent_id !== null ? await findUnitById(db, unit.parent_id) : undefined;
  if (!isResidential(unit) && !(parent && isResidential(parent))) return { problem: { key: 'error.unit_not_residential' } };
  return { unit, problem: null };
}

/**
 * Throws one error naming every field that is wrong, so a form can mark them all
 * at once; its code is the single problem's own code when there is only one.
 */
export function throwIfProblems(problems: Record<string, FieldProblem | null>): void {
  const present = Object.fromEntries(Object.entries(problems).filter((entry): entry is [string, FieldProblem] => entry[1] !== null));
  const entries = Object.values(present);
  if (entries.length === 0) return;
  const code = (entries.length === 1 ? entries[0]!.key.replace(/^error\./, '') : 'invalid_input') as ErrorCode;
  throw new AppError(code, 400, entries.length === 1 ? entries[0]!.params : {}, present);
}

export function searchableName(raw: string): { fullName: string; fullNameSearch: string } {
  const fullName = normalizeLine(raw);
  return { fullName, fullNameSearch: foldForSearch(fullName) };
}

/** Locks or unlocks an account; locking signs it out everywhere at once. Only an admin over all the person's grants may. */
export async function setAccountDisabled(
  db: Db,
  userId: UserId,
  disabled: boolean,
  actor: { actorUserId: UserId; adminGrants: readonly ScopedGrant[]; ip: string; now: number },
): Promise<void> {
  await refuseUnlessAdminOverAllGrants(db, actor.adminGrants, userId);
  await db.transaction().execute(async (trx) => {
    await setDisabled(trx, userId, disabled ? actor.now : null, actor.now);
    if (disabled) await revokeAllSessionsOf(trx, userId);
    await recordAudit(trx, { at: actor.now, actorUserId: actor.actorUserId, action: disabled ? 'account.disable' : 'account.enable', subjectUserId: userId, ip: actor.ip });
  });
}

/** The unit a person lives in, for the policy of routes that act on one account; a missing account is a 404. */
export async function homeUnitCodeOf(db: DbOrTx, id: UserId | undefined): Promise<string> {
  const profile = id === undefined ? undefined : await findProfile(db, id);
  if (!profile) throw notFound('user_not_found');
  return profile.unit_code;
}
