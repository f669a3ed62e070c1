/**
 * Organisations and the unit tree: admins (of the province, or of an organisation's subtree) create, rename,
 * move and retire departments, unions and their branches, schools, enterprises, cooperatives and other
 * organisational units, and hamlets under communes. Every change is kept in unit_changes (who, when, the unit
 * before and after) and audited. A retired unit keeps its figures and shows as historical, as the pre-reform
 * districts do. Subtrees are paths (units.path), and every figure is stored per unit and summed over paths, so a
 * move rewrites the moved subtree's paths and nothing else: the rollups follow by themselves.
 */
import type { UnitId, UserId } from '../../shared/ids.js';
import { dayOf, isoOfDay } from '../../shared/days.js';
import { foldForSearch, normalizeLine } from '../../shared/text.js';
import { creatableKinds, residentialKinds } from '../../shared/units.js';
import { recordAudit } from '../audit/audit.service.js';
import { liveCampaignsUnder } from '../campaigns/campaigns.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../errors.js';
import { grantsReach, type ScopedGrant } from '../grants/grants.service.js';
import {
  endSubtree,
  findChildUnits,
  findKindsInSubtree,
  findUnitByCode,
  findUnitById,
  highestCodeNumber,
  insertChildUnits,
  moveSubtree,
  renameUnit,
  type UnitRow,
} from '../units/units.service.js';
import { findUnitChanges, insertUnitChange, type UnitSnapshot } from './organisations.queries.js';
import { type CreatableKind, type OrgUnit, unitNameMaxLength } from './organisations.schema.js';

/** Who acts: a signed-in admin (limited to their admin grants), or the operator on the server (`hoctap unit`). */
export interface OrgActor {
  userId: UserId | null;
  /** 'operator': the whole tree. */
  grants: readonly ScopedGrant[] | 'operator';
  ip: string | null;
  now: number;
}

const codePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const organisational: readonly string[] = creatableKinds.filter((k) => k !== 'hamlet');
const isResidential = (u: { kind: string }) => (residentialKinds as readonly string[]).includes(u.kind);
/** Where a new or moved organisational unit may go: the province, a current commune, or a current organisational unit. */
const canHoldOrganisations = (u: UnitRow) => u.valid_until === null && (u.kind === 'province' || isResidential(u) || organisational.includes(u.kind));
const depthOf = (u: { path: string }) => u.path.split('/').filter(Boolean).length - 1;

export const isCreatableKind = (kind: string): kind is CreatableKind => (creatableKinds as readonly string[]).includes(kind);

function reaches(actor: OrgActor, unit: { path: string }): boolean {
  return actor.grants === 'operator' || grantsReach(actor.grants, 'admin', unit.path);
}

async function snapshot(db: DbOrTx, unit: UnitRow): Promise<UnitSnapshot> {
  const parent = unit.parent_id === null ? undefined : await findUnitById(db, unit.parent_id);
  return { code: unit.code, name: unit.name, kind: unit.kind, parentCode: parent?.code ?? null, retiredOn: unit.valid_until };
}

const present = (s: UnitSnapshot, depth: number): OrgUnit => ({ ...s, depth });

async function presentUnit(db: DbOrTx, unit: UnitRow): Promise<OrgUnit> {
  return present(await snapshot(db, unit), depthOf(unit));
}

/** A unit's name, trimmed: something a person can read back, not punctuation alone. */
function cleanUnitName(raw: string): string {
  const name = normalizeLine(raw);
  if (name.length < 2 || name.length > unitNameMaxLength || !/\p{L}/u.test(name) || /\p{Cc}/u.test(name)) {
    throw new AppError('invalid_name', 400, { min: 2, max: unitNameMaxLength }, { name: { key: 'error.invalid_name', params: { min: 2, max: unitNameMaxLength } } });
  }
  return name;
}

/** The unit a route or command names, refused unless it is one admins manage here (organisational, or a hamlet). */
async function managedUnit(db: DbOrTx, code: string, actor: OrgActor): Promise<UnitRow> {
  const unit = await findUnitByCode(db, code);
  if (!unit) throw notFound('unit_not_found');
  if (!reaches(actor, unit)) throw forbidden();
  if (!organisational.includes(unit.kind) && unit.kind !== 'hamlet') throw badRequest('unit_not_organisational', { unit: unit.full_name });
  return unit;
}

async function sameNameSibling(db: DbOrTx, parentId: UnitId, name: string, except?: UnitId): Promise<boolean> {
  const folded = foldForSearch(name);
  return (await findChildUnits(db, parentId)).some((s) => s.valid_until === null && s.id !== except && foldForSearch(s.name) === folded);
}

async function record(db: DbOrTx, actor: OrgActor, unit: UnitRow, action: 'create' | 'rename' | 'move' | 'retire', before: UnitSnapshot | null, after: UnitSnapshot | null) {
  await insertUnitChange(db, { unitId: unit.id, action, actorUserId: actor.userId, at: actor.now, before, after });
  await recordAudit(db, {
    at: actor.now,
    actorUserId: actor.userId,
    action: `unit.${action}`,
    unitId: unit.id,
    details: { code: unit.code, ...(before ? { before: `${before.name} ← ${before.parentCode ?? ''}` } : {}), ...(after ? { after: `${after.name} ← ${after.parentCode ?? ''}` } : {}) },
    ip: actor.ip,
  });
}

export interface NewUnitInput {
  name: string;
  kind: string;
  code?: string;
}

/** Creates one unit under `parent` inside a transaction; the checks every way in (API, command, import) shares. */
export async function createUnitIn(trx: DbOrTx, parent: UnitRow, input: NewUnitInput, actor: OrgActor): Promise<UnitRow> {
  if (!reaches(actor, parent)) throw forbidden();
  if (!isCreatableKind(input.kind)) throw new AppError('unit_kind_unknown', 400, { kind: input.kind.slice(0, 40) }, { kind: { key: 'error.unit_kind_unknown', params: { kind: input.kind.slice(0, 40) } } });
  const name = cleanUnitName(input.name);
  if (input.kind === 'hamlet' ? !(isResidential(parent) && parent.valid_until === null) : !canHoldOrganisations(parent)) {
    throw badRequest(input.kind === 'hamlet' ? 'hamlet_parent_not_commune' : 'unit_parent_invalid', { parent: parent.full_name }, 'parentCode');
  }
  const given = input.code?.trim() ?? '';
  if (given && !codePattern.test(given)) throw badRequest('invalid_unit_code', {}, 'code');
  if (await sameNameSibling(trx, parent.id, name)) throw conflict('unit_name_taken', { name, parent: parent.full_name }, 'name');
  let code = given;
  if (code) {
    if (await findUnitByCode(trx, code)) throw conflict('unit_code_taken', { code }, 'code');
  } else {
    // The next free number: <hamlet's commune>.H<n>, <organisation>.<n> below an organisation, ORG.<n> elsewhere.
    const prefix = input.kind === 'hamlet' ? `${parent.code}.H` : parent.code.startsWith('ORG.') ? `${parent.code}.` : 'ORG.';
    code = `${prefix}${(await highestCodeNumber(trx, prefix)) + 1}`;
  }
  const fullName = input.kind === 'hamlet' ? `${name}, ${parent.full_name}` : name;
  const sortOrder = (await findChildUnits(trx, parent.id)).length + 1;
  await insertChildUnits(trx, { id: parent.id, path: parent.path, depth: depthOf(parent) }, [{ code, kind: input.kind, name, fullName, sortOrder }], actor.now);
  const unit = (await findUnitByCode(trx, code))!;
  await record(trx, actor, unit, 'create', null, await snapshot(trx, unit));
  return unit;
}

export async function createUnit(db: Db, parentCode: string, input: NewUnitInput, actor: OrgActor): Promise<OrgUnit> {
  const parent = await findUnitByCode(db, parentCode);
  if (!parent) throw notFound('unit_not_found');
  return db.transaction().execute(async (trx) => presentUnit(trx, await createUnitIn(trx, parent, input, actor)));
}

export async function renameOrgUnit(db: Db, code: string, input: { name: string }, actor: OrgActor): Promise<OrgUnit> {
  const unit = await managedUnit(db, code, actor);
  if (unit.valid_until !== null) throw conflict('unit_retired');
  const name = cleanUnitName(input.name);
  return db.transaction().execute(async (trx) => {
    const parent = unit.parent_id === null ? undefined : await findUnitById(trx, unit.parent_id);
    if (parent && (await sameNameSibling(trx, parent.id, name, unit.id))) throw conflict('unit_name_taken', { name, parent: parent.full_name }, 'name');
    const before = await snapshot(trx, unit);
    await renameUnit(trx, unit.id, { name, fullName: unit.kind === 'hamlet' && parent ? `${name}, ${parent.full_name}` : name });
    const after = (await findUnitByCode(trx, code))!;
    await record(trx, actor, after, 'rename', before, await snapshot(trx, after));
    return presentUnit(trx, after);
  });
}

/** Moves a unit and its subtree under another unit within the admin's reach; never under itself or its own descendants. */
export async function moveOrgUnit(db: Db, code: string, input: { parentCode: string }, actor: OrgActor): Promise<OrgUnit> {
  const unit = await managedUnit(db, code, actor);
  if (unit.kind === 'hamlet') throw badRequest('hamlet_not_movable');
  if (unit.valid_until !== null) throw conflict('unit_retired');
  const parent = await findUnitByCode(db, input.parentCode);
  if (!parent) throw new AppError('unit_not_found', 404, {}, { parentCode: { key: 'error.unit_not_found' } });
  if (!reaches(actor, parent)) throw forbidden();
  if (parent.path.startsWith(unit.path)) throw badRequest('unit_move_into_own_subtree', { unit: unit.full_name, parent: parent.full_name }, 'parentCode');
  if (!canHoldOrganisations(parent)) throw badRequest('unit_parent_invalid', { parent: parent.full_name }, 'parentCode');
  if (parent.id === unit.parent_id) return presentUnit(db, unit);
  return db.transaction().execute(async (trx) => {
    // Read again inside the transaction: a move made meanwhile may have put the new parent below this unit.
    const [current, target] = [(await findUnitByCode(trx, code))!, (await findUnitByCode(trx, input.parentCode))!];
    if (target.path.startsWith(current.path)) throw badRequest('unit_move_into_own_subtree', { unit: unit.full_name, parent: parent.full_name }, 'parentCode');
    if (await sameNameSibling(trx, parent.id, unit.name)) throw conflict('unit_name_taken', { name: unit.name, parent: parent.full_name }, 'name');
    const before = await snapshot(trx, current);
    await moveSubtree(trx, current, target);
    const after = (await findUnitByCode(trx, code))!;
    await record(trx, actor, after, 'move', before, await snapshot(trx, after));
    return presentUnit(trx, after);
  });
}

/**
 * Retires a unit and every current unit below it, today: they keep their figures and show as historical. Refused
 * while a campaign run by one of them is live (the answer lists those campaigns). Retiring again changes nothing.
 */
export async function retireOrgUnit(db: Db, code: string, actor: OrgActor): Promise<OrgUnit> {
  const unit = await managedUnit(db, code, actor);
  if (unit.valid_until !== null) return presentUnit(db, unit);
  return db.transaction().execute(async (trx) => {
    const live = await liveCampaignsUnder(trx, unit.path);
    if (live.length > 0) {
      throw new AppError('unit_has_live_campaigns', 409, { titles: live.map((c) => `«${c.title}»`).join(', ') }, {}, {}, [], { campaigns: live });
    }
    const lastDay = isoOfDay(dayOf(actor.now));
    const ended = await endSubtree(trx, unit.path, lastDay);
    for (const u of ended) {
      const before = await snapshot(trx, u);
      await record(trx, actor, u, 'retire', before, { ...before, retiredOn: lastDay });
    }
    return presentUnit(trx, (await findUnitByCode(trx, code))!);
  });
}

/** The units an admin manages, topmost first: one per admin grant not already inside another. */
export async function adminRoots(db: DbOrTx, grants: readonly (ScopedGrant & { unitCode: string })[]): Promise<{ roots: OrgUnit[] }> {
  const admin = grants.filter((g) => g.role === 'admin').sort((a, b) => a.unitPath.length - b.unitPath.length);
  const roots = admin.filter((g, i) => !admin.slice(0, i).some((outer) => g.unitPath.startsWith(outer.unitPath)));
  const units: OrgUnit[] = [];
  for (const g of roots) {
    const unit = await findUnitByCode(db, g.unitCode);
    if (unit) units.push(await presentUnit(db, unit));
  }
  return { roots: units };
}

/** The organisational units and hamlets below a unit, parents before children. */
export async function orgTree(db: DbOrTx, code: string, options: { historical?: boolean }, actor: OrgActor) {
  const root = await findUnitByCode(db, code);
  if (!root) throw notFound('unit_not_found');
  if (!reaches(actor, root)) throw forbidden();
  const rows = await findKindsInSubtree(db, root.path, creatableKinds, options.historical ?? false);
  const units = rows.map((u) => ({ code: u.code, name: u.name, kind: u.kind, parentCode: u.parent_code, retiredOn: u.valid_until, depth: u.depth }));
  // Hamlets and organisations placed under a commune: the commune comes along, so that the tree holds together.
  const listed = new Set([root.code, ...units.map((u) => u.code)]);
  const missing = [...new Set(units.map((u) => u.parentCode).filter((c): c is string => c !== null && !listed.has(c)))];
  const communes: OrgUnit[] = [];
  for (const code of missing) {
    const unit = await findUnitByCode(db, code);
    if (unit) communes.push(await presentUnit(db, unit));
  }
  return { root: await presentUnit(db, root), units: [...communes, ...units].sort((a, b) => a.depth - b.depth) };
}

const parseSnapshot = (json: string | null): UnitSnapshot | null => (json ? (JSON.parse(json) as UnitSnapshot) : null);

export async function unitHistory(db: DbOrTx, code: string, actor: OrgActor) {
  const unit = await findUnitByCode(db, code);
  if (!unit) throw notFound('unit_not_found');
  if (!reaches(actor, unit)) throw forbidden();
  const rows = await findUnitChanges(db, unit.id);
  return {
    changes: rows.map((r) => ({
      action: r.action,
      at: new Date(Number(r.at)).toISOString(),
      actor: r.actor_user_id === null ? null : { id: Number(r.actor_user_id), fullName: r.full_name ?? '' },
      before: parseSnapshot(r.before),
      after: parseSnapshot(r.after),
    })),
  };
}
