import type { UserId } from '../../shared/ids.js';
import { formatPhoneNational } from '../../shared/phone.js';
import { foldForSearch } from '../../shared/text.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import { findPeopleInSubtree } from '../users/users.queries.js';
import { findChildUnits, findSuccessorUnits, findUnitByCode, findUnitById, searchUnits, type UnitRow, type UnitSearchRow } from './units.queries.js';
import { type UnitKind, unitKinds } from '../../shared/units.js';

// Plain reads other modules need are the service: features, the policy (through app.ts) and start-up use them from here.
export { countUnits, findCurrentCommunesUnder, findUnitByCode, findUnitsInSubtree, type UnitRow } from './units.queries.js';

const ref = (u: UnitRow) => ({ code: u.code, name: u.name, fullName: u.full_name, kind: u.kind });
const summary = (u: UnitSearchRow) => ({ ...ref(u), parentName: u.parent_name, validUntil: u.valid_until });

function parseKinds(raw: string | undefined): UnitKind[] | null {
  if (!raw) return null;
  const kinds = raw.split(',').map((k) => k.trim()).filter(Boolean);
  if (!kinds.every((k): k is UnitKind => (unitKinds as readonly string[]).includes(k))) {
    throw new AppError('invalid_input', 400, {}, { kind: { key: 'field.invalid' } });
  }
  return kinds;
}

export async function findUnits(db: Db, query: { q?: string; kind?: string; historical?: boolean; limit?: number }) {
  const rows = await searchUnits(db, {
    foldedQuery: foldForSearch(query.q ?? ''),
    kinds: parseKinds(query.kind),
    includeHistorical: query.historical ?? false,
    limit: query.limit ?? 20,
  });
  return { units: rows.map(summary) };
}

export async function describeUnit(db: Db, code: string) {
  const unit = await findUnitByCode(db, code);
  if (!unit) throw notFound('unit_not_found');
  const [parent, successors] = await Promise.all([unit.parent_id ? findUnitById(db, unit.parent_id) : undefined, findSuccessorUnits(db, unit.id)]);
  return { ...ref(unit), validUntil: unit.valid_until, parent: parent ? ref(parent) : null, successors: successors.map(ref) };
}

export async function listChildUnits(db: Db, code: string) {
  const unit = await findUnitByCode(db, code);
  if (!unit) throw notFound('unit_not_found');
  const children = await findChildUnits(db, unit.id);
  return { units: children.map((u) => ({ ...ref(u), parentName: unit.name, validUntil: u.valid_until })) };
}

function maskPhone(phone: string): string {
  const national = formatPhoneNational(phone);
  return `${national.slice(0, 4)} *** ${national.slice(-3)}`;
}

/** People living in a unit's subtree, for its managers; the look itself is audited. */
export async function listPeopleOfUnit(
  db: Db,
  unit: UnitRow,
  query: { q?: string; limit?: number; offset?: number },
  viewer: { userId: UserId; ip: string; now: number },
) {
  const { total, rows } = await findPeopleInSubtree(db, {
    unitPath: unit.path,
    foldedName: foldForSearch(query.q ?? ''),
    limit: query.limit ?? 50,
    offset: query.offset ?? 0,
  });
  await recordAudit(db, { at: viewer.now, actorUserId: viewer.userId, action: 'people.list', unitId: unit.id, details: { count: rows.length }, ip: viewer.ip });
  return {
    total,
    people: rows.map((p) => ({
      id: p.id,
      fullName: p.full_name,
      phone: maskPhone(p.phone),
      birthYear: p.birth_year,
      unit: { code: p.unit_code, name: p.unit_name },
      registeredAt: new Date(p.created_at).toISOString(),
    })),
  };
}
