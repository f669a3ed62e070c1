/**
 * Hamlets (ấp, khóm): units under a commune, ward or special zone, made by its managers so that people,
 * teams, classes and requests can be placed one level further down. Retiring a hamlet ends it (like a unit
 * dissolved by a reform) and keeps its figures: people living there still count in their commune.
 */
import type { UnitId, UserId } from '../../shared/ids.js';
import { dayOf, isoOfDay } from '../../shared/days.js';
import { foldForSearch, normalizeLine } from '../../shared/text.js';
import { residentialKinds } from '../../shared/units.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { AppError, badRequest, conflict, notFound } from '../errors.js';
import { nameMaxLength } from './hamlets.schema.js';
import { endUnit, findChildUnits, findUnitByCode, findUnitById, renameUnit, type UnitRow } from './units.queries.js';

export { findUnitsByCodes } from './units.queries.js';
import { insertChildUnits } from './units.reference.js';

interface Actor {
  userId: UserId;
  ip: string;
  now: number;
}

const codePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const isCommune = (unit: { kind: string; valid_until: string | null }) => (residentialKinds as readonly string[]).includes(unit.kind) && unit.valid_until === null;

const present = (u: UnitRow) => ({ code: u.code, name: u.name, fullName: u.full_name, retiredOn: u.valid_until });

/** A hamlet's or team's name, trimmed; a name a person can read back, not punctuation alone. */
export function cleanName(raw: string, field = 'name'): string {
  const name = normalizeLine(raw);
  if (name.length < 2 || name.length > nameMaxLength || !/\p{L}/u.test(name) || /\p{Cc}/u.test(name)) {
    throw new AppError('invalid_name', 400, { min: 2, max: nameMaxLength }, { [field]: { key: 'error.invalid_name', params: { min: 2, max: nameMaxLength } } });
  }
  return name;
}

/** The hamlets of a commune, ward or special zone (public, like every unit look-up: the sign-up form offers them). */
export async function listHamlets(db: DbOrTx, code: string, includeRetired = false) {
  const unit = await findUnitByCode(db, code);
  if (!unit) throw notFound('unit_not_found');
  const children = await findChildUnits(db, unit.id);
  const hamlets = children.filter((c) => c.kind === 'hamlet' && (includeRetired || c.valid_until === null));
  return { unit: { code: unit.code, fullName: unit.full_name }, hamlets: hamlets.map(present) };
}

async function sameNameLive(db: DbOrTx, communeId: UnitId, name: string, except?: UnitId): Promise<boolean> {
  const folded = foldForSearch(name);
  const siblings = await findChildUnits(db, communeId);
  return siblings.some((s) => s.kind === 'hamlet' && s.valid_until === null && s.id !== except && foldForSearch(s.name) === folded);
}

export async function createHamlet(db: Db, commune: UnitRow, input: { name: string; hamletCode?: string }, actor: Actor) {
  if (!isCommune(commune)) throw badRequest('hamlet_parent_not_commune');
  const name = cleanName(input.name);
  const given = input.hamletCode?.trim();
  if (given !== undefined && given !== '' && !codePattern.test(given)) throw badRequest('invalid_hamlet_code', {}, 'hamletCode');
  return db.transaction().execute(async (trx) => {
    if (await sameNameLive(trx, commune.id, name)) throw conflict('hamlet_name_taken', { name }, 'name');
    const siblings = (await findChildUnits(trx, commune.id)).filter((s) => s.kind === 'hamlet');
    let code = given || '';
    if (code) {
      if (await findUnitByCode(trx, code)) throw conflict('hamlet_code_taken', { code }, 'hamletCode');
    } else {
      // <commune code>.H<n>: the next number not yet taken (a retired hamlet keeps its code).
      for (let n = siblings.length + 1; !code; n += 1) if (!(await findUnitByCode(trx, `${commune.code}.H${n}`))) code = `${commune.code}.H${n}`;
    }
    const depth = commune.path.split('/').filter(Boolean).length - 1;
    const ids = await insertChildUnits(trx, { id: commune.id, path: commune.path, depth }, [{ code, kind: 'hamlet', name, fullName: `${name}, ${commune.full_name}`, sortOrder: siblings.length + 1 }], actor.now);
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'hamlet.create', unitId: ids.get(code)!, details: { code, name }, ip: actor.ip });
    return present((await findUnitByCode(trx, code))!);
  });
}

/** The hamlet a route names; anything else (a commune's code) is not one. */
async function hamletOf(db: DbOrTx, unit: UnitRow): Promise<{ hamlet: UnitRow; commune: UnitRow }> {
  if (unit.kind !== 'hamlet' || unit.parent_id === null) throw notFound('hamlet_not_found');
  const commune = await findUnitById(db, unit.parent_id);
  if (!commune) throw notFound('hamlet_not_found');
  return { hamlet: unit, commune };
}

export async function renameHamlet(db: Db, unit: UnitRow, input: { name: string }, actor: Actor) {
  const { hamlet, commune } = await hamletOf(db, unit);
  if (hamlet.valid_until !== null) throw conflict('hamlet_retired');
  const name = cleanName(input.name);
  return db.transaction().execute(async (trx) => {
    if (await sameNameLive(trx, commune.id, name, hamlet.id)) throw conflict('hamlet_name_taken', { name }, 'name');
    const fullName = `${name}, ${commune.full_name}`;
    await renameUnit(trx, hamlet.id, { name, fullName });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'hamlet.rename', unitId: hamlet.id, details: { from: hamlet.name, to: name }, ip: actor.ip });
    return present((await findUnitByCode(trx, hamlet.code))!);
  });
}

/** Ends a hamlet today; retiring it again changes nothing. */
export async function retireHamlet(db: Db, unit: UnitRow, actor: Actor) {
  const { hamlet } = await hamletOf(db, unit);
  if (hamlet.valid_until !== null) return present(hamlet);
  return db.transaction().execute(async (trx) => {
    await endUnit(trx, hamlet.id, isoOfDay(dayOf(actor.now)));
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'hamlet.retire', unitId: hamlet.id, details: { code: hamlet.code }, ip: actor.ip });
    return present((await findUnitByCode(trx, hamlet.code))!);
  });
}
