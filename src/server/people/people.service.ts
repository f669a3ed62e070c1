/**
 * The people screens: admins find a person within their reach (by phone in any form, by name without
 * diacritics, by unit), see the roles they hold and act on them; managers see their units' people, read-only.
 * A person is within reach when they live under one of the viewer's units or hold a role there; acting on an
 * account also needs an admin over the person's home and over every role they hold (grants.service).
 */
import type { UserId } from '../../shared/ids.js';
import type { Role } from '../../shared/limits.js';
import { formatPhoneNational, normalizeVietnameseMobile } from '../../shared/phone.js';
import { foldForSearch } from '../../shared/text.js';
import { recordAudit } from '../audit/audit.service.js';
import { type AuthDeps, sendPasswordResetFor } from '../auth/auth.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { forbidden, notFound } from '../errors.js';
import { findGrantsOfUser, grantsReach, reachRoots, refuseUnlessAdminOverAllGrants, type ScopedGrant } from '../grants/grants.service.js';
import { findUnitByCode, searchUnitsWithin } from '../units/units.service.js';
import { findProfile, searchPeopleWithin } from '../users/users.service.js';

export interface PeopleViewer {
  userId: UserId;
  grants: readonly ScopedGrant[];
  ip: string;
  now: number;
}

const unitRef = (u: { code: string; name: string; full_name: string; kind: string }) => ({ code: u.code, name: u.name, fullName: u.full_name, kind: u.kind as never });

function maskPhone(phone: string): string {
  const national = formatPhoneNational(phone);
  return `${national.slice(0, 4)} *** ${national.slice(-3)}`;
}

/** Where the viewer sees people from: their admin and manager units, nested ones removed. */
function visibleRoots(grants: readonly ScopedGrant[]): string[] {
  const roots = [...reachRoots(grants, 'admin'), ...reachRoots(grants, 'manager')].sort();
  return roots.filter((p, i) => !roots.slice(0, i).some((outer) => p.startsWith(outer)));
}

const within = (roots: readonly string[], path: string) => roots.some((root) => path.startsWith(root));

export async function findPeople(db: Db, query: { q?: string; unit?: string; limit?: number; offset?: number }, viewer: PeopleViewer) {
  const roots = visibleRoots(viewer.grants);
  let unitPath: string | null = null;
  let unitId = null;
  if (query.unit) {
    const unit = await findUnitByCode(db, query.unit.trim());
    if (!unit) throw notFound('unit_not_found');
    if (!within(roots, unit.path)) throw forbidden();
    unitPath = unit.path;
    unitId = unit.id;
  }
  const q = (query.q ?? '').trim();
  const phone = q ? normalizeVietnameseMobile(q) : null;
  const { total, rows } = await searchPeopleWithin(db, { roots, unitPath, phone, foldedName: phone ? '' : foldForSearch(q), limit: query.limit ?? 30, offset: query.offset ?? 0 });
  await recordAudit(db, { at: viewer.now, actorUserId: viewer.userId, action: 'people.search', unitId, details: { count: rows.length, byPhone: phone !== null }, ip: viewer.ip });
  return {
    total,
    people: rows.map((p) => ({
      id: p.id,
      fullName: p.full_name,
      phone: grantsReach(viewer.grants, 'admin', p.unit_path) ? formatPhoneNational(p.phone) : maskPhone(p.phone),
      birthYear: p.birth_year,
      unit: { code: p.unit_code, name: p.unit_name, fullName: p.unit_full_name, kind: p.unit_kind },
      locked: p.disabled_at !== null,
    })),
  };
}

async function visiblePerson(db: DbOrTx, id: UserId, viewer: PeopleViewer) {
  const [person, grants] = await Promise.all([findProfile(db, id), findGrantsOfUser(db, id)]);
  const roots = visibleRoots(viewer.grants);
  // Someone out of reach is answered like someone who does not exist.
  if (!person || person.full_name_search === '' || !(within(roots, person.unit_path) || grants.some((g) => within(roots, g.unit_path)))) throw notFound('user_not_found');
  return { person, grants };
}

export async function describePerson(db: Db, id: UserId, viewer: PeopleViewer) {
  const { person, grants } = await visiblePerson(db, id, viewer);
  const adminOverHome = grantsReach(viewer.grants, 'admin', person.unit_path);
  const adminOverAll = grants.every((g) => grantsReach(viewer.grants, 'admin', g.unit_path));
  await recordAudit(db, { at: viewer.now, actorUserId: viewer.userId, action: 'people.view', subjectUserId: id, ip: viewer.ip });
  return {
    id: person.id,
    fullName: person.full_name,
    phone: adminOverHome ? formatPhoneNational(person.phone) : maskPhone(person.phone),
    birthYear: person.birth_year,
    unit: unitRef({ code: person.unit_code, name: person.unit_name, full_name: person.unit_full_name, kind: person.unit_kind }),
    locked: person.disabled_at !== null,
    registeredAt: new Date(person.created_at).toISOString(),
    canManage: adminOverHome && adminOverAll,
    grants: grants.map((g) => ({
      id: g.id,
      role: g.role as Role,
      unit: unitRef({ code: g.unit_code, name: g.unit_name, full_name: g.unit_full_name, kind: g.unit_kind }),
      canRevoke: adminOverAll && grantsReach(viewer.grants, 'admin', g.unit_path),
    })),
  };
}

/** Units on which the viewer may grant roles: those under their admin grants. */
export async function findGrantableUnits(db: Db, q: string | undefined, viewer: Pick<PeopleViewer, 'grants'>) {
  const units = await searchUnitsWithin(db, reachRoots(viewer.grants, 'admin'), foldForSearch(q ?? ''), 30);
  return { units: units.map(unitRef) };
}

/** Sends the person the forgotten-password text (the one reset path there is); the admin never sees the code. */
export async function triggerPasswordReset(deps: Pick<AuthDeps, 'db' | 'jobs'>, id: UserId, viewer: PeopleViewer): Promise<void> {
  await refuseUnlessAdminOverAllGrants(deps.db, viewer.grants, id);
  await sendPasswordResetFor(deps, id, { actorUserId: viewer.userId, ip: viewer.ip, now: viewer.now });
}
