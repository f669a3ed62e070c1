import type { GrantId, UnitId, UserId } from '../../shared/ids.js';
import type { Role } from '../../shared/limits.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { normalizeVietnameseMobile } from '../../shared/phone.js';
import { badRequest } from '../errors.js';
import { grantsReach, type ScopedGrant } from '../http/reach.js';
import type { ViewerGrant } from '../http/access.js';
import type { UnitRow } from '../units/units.queries.js';
import { findCredentialsByPhone, findProfile } from '../users/users.queries.js';
import { deleteGrant, findGrantById, findGrantId, findGrantsInSubtree, findGrantsOfUser, type GrantRow, insertGrant } from './grants.queries.js';

// The policy needs the same check, and http/ sits below the core: the logic lives there.
export { grantsReach, type ScopedGrant } from '../http/reach.js';
// Plain reads and writes other modules need are the service: features and the seed use them from here.
export { anyGrantOf, findGrantsOfUser, grantsPersonalData, insertGrant } from './grants.queries.js';

/** A person's grants as the request hook hands them to policies and handlers (app.ts wires it into http/). */
export async function viewerGrantsOf(db: DbOrTx, userId: UserId): Promise<ViewerGrant[]> {
  const rows = await findGrantsOfUser(db, userId);
  return rows.map((g) => ({ id: g.id, role: g.role, unitId: g.unit_id, unitCode: g.unit_code, unitPath: g.unit_path }));
}

/** The unit paths from which a role reaches, with nested ones removed (a province grant covers its communes). */
export function reachRoots(grants: readonly ScopedGrant[], role: Role): string[] {
  const paths = grants.filter((g) => g.role === role).map((g) => g.unitPath).sort();
  return paths.filter((p, i) => !paths.slice(0, i).some((outer) => p.startsWith(outer)));
}

/**
 * An admin acts on a person (locks, unlocks, grants, revokes) only when every
 * grant the person holds lies within the admin's reach: a commune's admin must
 * not lock the province's admin who happens to live in the commune.
 */
export async function refuseUnlessAdminOverAllGrants(db: DbOrTx, adminGrants: readonly ScopedGrant[], userId: UserId): Promise<void> {
  const held = await findGrantsOfUser(db, userId);
  if (!held.every((g) => grantsReach(adminGrants, 'admin', g.unit_path))) throw forbidden();
}

export interface GrantChange {
  userId: UserId;
  role: Role;
  unitId: UnitId;
  actorUserId: UserId | null;
  ip: string | null;
  now: number;
}

export async function grantRole(db: Db, change: GrantChange): Promise<GrantId> {
  return db.transaction().execute(async (trx) => {
    const id = await insertGrant(trx, { userId: change.userId, role: change.role, unitId: change.unitId, grantedBy: change.actorUserId, now: change.now });
    if (id === undefined) throw conflict('grant_exists');
    await recordAudit(trx, {
      at: change.now,
      actorUserId: change.actorUserId,
      action: 'grant.create',
      subjectUserId: change.userId,
      unitId: change.unitId,
      details: { role: change.role },
      ip: change.ip,
    });
    return id;
  });
}

export async function revokeRole(db: Db, change: GrantChange): Promise<void> {
  const id = await findGrantId(db, change.userId, change.role, change.unitId);
  if (id === undefined) throw notFound('grant_not_found');
  await revokeGrantById(db, id, change);
}

/**
 * Grants a role inside the caller's transaction when the person does not hold it yet (audited then);
 * true when it was new. For features that grant as part of their own work (a helper team's members).
 */
export async function ensureRole(trx: Tx, change: GrantChange): Promise<boolean> {
  const id = await insertGrant(trx, { userId: change.userId, role: change.role, unitId: change.unitId, grantedBy: change.actorUserId, now: change.now });
  if (id === undefined) return false;
  await recordAudit(trx, { at: change.now, actorUserId: change.actorUserId, action: 'grant.create', subjectUserId: change.userId, unitId: change.unitId, details: { role: change.role }, ip: change.ip });
  return true;
}

/** Takes a role back inside the caller's transaction if the person holds it (audited then); true when it was held. */
export async function dropRole(trx: Tx, change: GrantChange): Promise<boolean> {
  const id = await findGrantId(trx, change.userId, change.role, change.unitId);
  if (id === undefined) return false;
  await deleteGrant(trx, id);
  await recordAudit(trx, { at: change.now, actorUserId: change.actorUserId, action: 'grant.revoke', subjectUserId: change.userId, unitId: change.unitId, details: { role: change.role }, ip: change.ip });
  return true;
}

/** `adminGrants`: the acting admin's grants (the CLI, an operator tool, passes none and is not limited). */
export async function revokeGrantById(db: Db, id: GrantId, actor: { actorUserId: UserId | null; ip: string | null; now: number; adminGrants?: readonly ScopedGrant[] }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const grant = await findGrantById(trx, id);
    if (!grant) throw notFound('grant_not_found');
    if (actor.adminGrants) await refuseUnlessAdminOverAllGrants(trx, actor.adminGrants, grant.user_id);
    await deleteGrant(trx, id);
    await recordAudit(trx, {
      at: actor.now,
      actorUserId: actor.actorUserId,
      action: 'grant.revoke',
      subjectUserId: grant.user_id,
      unitId: grant.unit_id,
      details: { role: grant.role },
      ip: actor.ip,
    });
  });
}

function presentGrant(g: GrantRow, fullName: string) {
  return {
    id: g.id,
    role: g.role,
    unit: { code: g.unit_code, name: g.unit_name, fullName: g.unit_full_name, kind: g.unit_kind },
    person: { id: g.user_id, fullName },
  };
}

/** The unit a grant is on, for the policy of routes that act on one grant; a missing grant is a 404. */
export async function unitCodeOfGrant(db: DbOrTx, id: GrantId | undefined): Promise<string> {
  const grant = id === undefined ? undefined : await findGrantById(db, id);
  if (!grant) throw notFound('grant_not_found');
  return grant.unit_code;
}

export async function listGrantsUnder(db: Db, unit: UnitRow) {
  const rows = await findGrantsInSubtree(db, unit.path, 500);
  return { grants: rows.map((g) => presentGrant(g, g.full_name)) };
}

/** Grants a role on a unit to the person registered with a phone number. */
export async function grantRoleByPhone(db: Db, unit: UnitRow, input: { phone: string; role: Role }, actor: { actorUserId: UserId; ip: string; now: number; adminGrants: readonly ScopedGrant[] }) {
  const phone = normalizeVietnameseMobile(input.phone);
  if (!phone) throw badRequest('invalid_phone', {}, 'phone');
  const person = await findCredentialsByPhone(db, phone);
  if (!person) throw notFound('user_not_found');
  await refuseUnlessAdminOverAllGrants(db, actor.adminGrants, person.id);
  const { adminGrants: _, ...change } = actor;
  const id = await grantRole(db, { userId: person.id, role: input.role, unitId: unit.id, ...change });
  const [grant, profile] = await Promise.all([findGrantById(db, id), findProfile(db, person.id)]);
  return presentGrant(grant!, profile!.full_name);
}
