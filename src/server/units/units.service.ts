import type { UserId } from '../../shared/ids.js';
import { formatPhoneNational } from '../../shared/phone.js';
import { foldForSearch } from '../../shared/text.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import { findPeopleInSubtree } from '../users/users.queries.js';
import {
  findChildUnits,
  findSuccessorsOfMany,
  findSuccessorUnits,
  findUnitByCode,
  findUnitById,
  searchFormerUnits,
  searchUnits,
  type UnitRow,
  type UnitSearchRow,
} from './units.queries.js';
import { type UnitKind, unitKinds } from '../../shared/units.js';

// Plain reads other modules need are the service: features, the policy (through app.ts) and start-up use them from here.
export { countUnits, findCurrentCommunesUnder, findUnitByCode, findUnitsInSubtree, type UnitRow } from './units.queries.js';
// The people screens' unit picker and the province root (first admin, shipped courses).
export { searchUnitsWithin } from './units.queries.js';
export { provinceCode } from './units.reference.js';
// The tree's writes, for the organisations feature (admins create, rename, move and retire units).
export { endSubtree, findChildUnits, findKindsInSubtree, highestCodeNumber, findUnitById, moveSubtree, renameUnit } from './units.queries.js';
export { insertChildUnits } from './units.reference.js';

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

// Old units' names carry their kind ("Xã Châu Lăng", "Huyện Tri Tôn"); people often type the name alone.
const kindPrefix = /^(huyen|thi xa|thanh pho|thi tran|xa|phuong) /;

/** 0 the name itself, 1 a name starting with the query, 2 a name containing it. */
function matchQuality(name: string, fullName: string, foldedQuery: string): number {
  const folded = foldForSearch(name);
  const bare = folded.replace(kindPrefix, '');
  if (folded === foldedQuery || bare === foldedQuery || foldForSearch(fullName) === foldedQuery) return 0;
  return folded.startsWith(foldedQuery) || bare.startsWith(foldedQuery) ? 1 : 2;
}

export async function findUnits(db: Db, query: { q?: string; kind?: string; historical?: boolean; former?: boolean; limit?: number }) {
  const foldedQuery = foldForSearch(query.q ?? '');
  const kinds = parseKinds(query.kind);
  const limit = query.limit ?? 20;
  const rows = await searchUnits(db, { foldedQuery, kinds, includeHistorical: query.historical ?? false, limit });
  if (!query.former || !foldedQuery) return { units: rows.map(summary) };

  // Current units by the name people know from before the reform. Each current unit is answered once, for its best
  // match; at equal match a current name beats a former one, so "tri ton" gives Xã Tri Tôn first, then the communes
  // that took over the former Huyện Tri Tôn.
  const former = await searchFormerUnits(db, foldedQuery, 20);
  const formerById = new Map(former.map((u) => [u.id, u]));
  const order = new Map(former.map((u, i) => [u.id, i]));
  const successions = (await findSuccessorsOfMany(db, former)).sort((a, b) => order.get(a.old_unit_id)! - order.get(b.old_unit_id)!);
  const candidates = [
    ...rows.map((u) => ({ rank: 2 * matchQuality(u.name, u.full_name, foldedQuery), unit: summary(u) })),
    ...successions
      .filter((u) => !kinds || kinds.includes(u.kind))
      .map((u) => {
        const old = formerById.get(u.old_unit_id)!;
        return { rank: 2 * matchQuality(old.name, old.name, foldedQuery) + 1, unit: { ...summary(u), formerly: ref(old) } };
      }),
  ].sort((a, b) => a.rank - b.rank);
  const seen = new Set<string>();
  const units = candidates.filter(({ unit }) => !seen.has(unit.code) && seen.add(unit.code)).map(({ unit }) => unit);
  return { units: units.slice(0, limit) };
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
