/**
 * The first admin of a real deployment (DEMO=0): `npx hoctap admin create` makes the account with an admin
 * grant on the province, after which everything else is done from the admin screens.
 */
import type { UserId } from '../../shared/ids.js';
import { normalizeVietnameseMobile } from '../../shared/phone.js';
import { recordAudit } from '../audit/audit.service.js';
import { assertAcceptablePassword, hashPassword } from '../auth/auth.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { anyGrantOf, insertGrant } from '../grants/grants.service.js';
import { recordRegistration } from '../rollups/rollups.service.js';
import { findUnitByCode, provinceCode } from '../units/units.service.js';
import { birthYearProblem, fullNameProblem, insertUser, phoneIsRegistered, searchableName, throwIfProblems } from '../users/users.service.js';

/** Whether anyone holds an admin grant: without one, start-up tells how to create the first. */
export function adminExists(db: DbOrTx): Promise<boolean> {
  return anyGrantOf(db, 'admin');
}

export interface NewAdmin {
  phone: string;
  password: string;
  fullName: string;
  birthYear: number;
  /** Where the person lives; the province itself when not given. */
  homeUnitCode?: string;
}

/** Creates an account holding admin on the province root; refuses a weak password or a number already registered. Audited. */
export async function createProvinceAdmin(db: Db, input: NewAdmin, now: number): Promise<{ userId: UserId; phone: string; unitName: string }> {
  const phone = normalizeVietnameseMobile(input.phone);
  throwIfProblems({
    phone: phone ? null : { key: 'error.invalid_phone' },
    fullName: fullNameProblem(input.fullName),
    birthYear: birthYearProblem(input.birthYear, now),
  });
  assertAcceptablePassword(input.password, 'password', { phone, fullName: input.fullName });
  if (await phoneIsRegistered(db, phone!)) throw conflict('phone_taken', {}, 'phone');
  const province = await findUnitByCode(db, provinceCode);
  const home = input.homeUnitCode ? await findUnitByCode(db, input.homeUnitCode) : province;
  if (!province || !home) throw notFound('unit_not_found');
  if (!home.path.startsWith(province.path)) throw badRequest('unknown_unit', { code: input.homeUnitCode ?? '' }, 'home');
  const passwordHash = await hashPassword(input.password);
  const userId = await db.transaction().execute(async (trx) => {
    const id = await insertUser(trx, { phone: phone!, passwordHash, ...searchableName(input.fullName), birthYear: input.birthYear, homeUnitId: home.id, language: 'vi', now });
    await recordRegistration(trx, home.id, now);
    await insertGrant(trx, { userId: id, role: 'admin', unitId: province.id, grantedBy: null, now });
    await recordAudit(trx, { at: now, actorUserId: null, action: 'account.create_admin', subjectUserId: id, unitId: province.id, details: { role: 'admin', channel: 'cli' }, ip: null });
    return id;
  });
  return { userId, phone: phone!, unitName: province.full_name };
}
