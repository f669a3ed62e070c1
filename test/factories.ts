/** Builders for what a test needs, each making its own rows. */
import { hashPassword } from '../src/server/auth/passwords.js';
import { insertGrant } from '../src/server/grants/grants.queries.js';
import { findUnitByCode } from '../src/server/units/units.queries.js';
import { insertUser } from '../src/server/users/users.queries.js';
import { searchableName } from '../src/server/users/users.service.js';
import type { Db } from '../src/server/db/database.js';
import type { UserId } from '../src/shared/ids.js';
import type { Role } from '../src/shared/limits.js';
import type { PhoneNumber } from '../src/shared/phone.js';

export const testPassword = 'mat-khau-kiem-thu';
let passwordHash: Promise<string> | undefined;
let phoneCounter = 0;

/** A valid, unused Vietnamese mobile number in E.164. */
export function nextPhone(): PhoneNumber {
  phoneCounter += 1;
  return `+8497${String(process.pid % 1000).padStart(3, '0')}${String(phoneCounter).padStart(4, '0')}` as PhoneNumber;
}

export function nationalForm(phone: PhoneNumber): string {
  return `0${phone.slice(3)}`;
}

export async function unitIdOf(db: Db, code: string) {
  const unit = await findUnitByCode(db, code);
  if (!unit) throw new Error(`no unit ${code}`);
  return unit.id;
}

export async function buildPerson(
  db: Db,
  options: { unitCode?: string; fullName?: string; phone?: PhoneNumber; birthYear?: number; now?: number } = {},
): Promise<{ id: UserId; phone: PhoneNumber }> {
  passwordHash ??= hashPassword(testPassword);
  const phone = options.phone ?? nextPhone();
  const id = await insertUser(db, {
    phone,
    passwordHash: await passwordHash,
    ...searchableName(options.fullName ?? 'Người Kiểm Thử'),
    birthYear: options.birthYear ?? 1980,
    homeUnitId: await unitIdOf(db, options.unitCode ?? '30307'),
    language: 'vi',
    now: options.now ?? Date.UTC(2026, 10, 24),
  });
  return { id, phone };
}

export async function grant(db: Db, userId: UserId, role: Role, unitCode: string): Promise<void> {
  await insertGrant(db, { userId, role, unitId: await unitIdOf(db, unitCode), grantedBy: null, now: Date.UTC(2026, 10, 24) });
}
