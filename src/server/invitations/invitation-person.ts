/**
 * The person an invitation is for, named by phone as the members import does: a registered phone is linked; an
 * unknown one gets an account without a password (claimed later by phone through "Quên mật khẩu"), counted as a
 * registration at its home. Name, birth year and home are needed only for such a new account.
 */
import type { UnitId, UserId } from '../../shared/ids.js';
import type { MessageKey, MessageParams } from '../../shared/i18n/translate.js';
import { normalizeVietnameseMobile, type PhoneNumber } from '../../shared/phone.js';
import { noPassword } from '../auth/auth.service.js';
import type { DbOrTx, Tx } from '../db/database.js';
import { recordRegistration } from '../rollups/rollups.service.js';
import { birthYearProblem, fullNameProblem, insertUser, residentialUnitProblem, searchableName } from '../users/users.service.js';

export interface PersonProblem {
  field: 'phone' | 'fullName' | 'birthYear' | 'homeCode';
  key: MessageKey;
  params?: MessageParams;
}

export interface PersonInput {
  phone: string;
  fullName?: string;
  birthYear?: string;
  homeCode?: string;
}

export type CheckedPerson = { phone: PhoneNumber; userId: UserId } | { phone: PhoneNumber; userId: null; fullName: string; birthYear: number; homeUnitId: UnitId };

/** Excel keeps a phone typed as a number without its leading 0. */
export const phoneOf = (raw: string) => normalizeVietnameseMobile(/^\d{9}$/.test(raw.trim()) ? `0${raw.trim()}` : raw);

/** Checks a person without writing: the account of the phone, or what a new account needs. */
export async function checkPerson(db: DbOrTx, input: PersonInput, defaultHomeCode: string | null, now: number): Promise<{ person?: CheckedPerson; problems: PersonProblem[] }> {
  const phone = phoneOf(input.phone);
  if (!phone) return { problems: [{ field: 'phone', key: 'error.invalid_phone' }] };
  const account = await db.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirst();
  if (account) return { person: { phone, userId: account.id }, problems: [] };
  const problems: PersonProblem[] = [];
  const nameProblem = fullNameProblem(input.fullName ?? '');
  if (nameProblem) problems.push({ field: 'fullName', ...nameProblem });
  const year = Number(input.birthYear ?? '');
  const yearProblem = /^\d{4}$/.test(input.birthYear ?? '') ? birthYearProblem(year, now) : { key: 'invitations.problem.birth_year_needed' as MessageKey };
  if (yearProblem) problems.push({ field: 'birthYear', ...yearProblem });
  const homeCode = input.homeCode?.trim() || defaultHomeCode;
  let homeUnitId: UnitId | undefined;
  if (!homeCode) problems.push({ field: 'homeCode', key: 'invitations.problem.home_needed' });
  else {
    const home = await residentialUnitProblem(db, homeCode);
    if (home.problem) problems.push({ field: 'homeCode', ...home.problem });
    homeUnitId = home.unit?.id;
  }
  if (problems.length > 0) return { problems };
  return { person: { phone, userId: null, fullName: input.fullName ?? '', birthYear: year, homeUnitId: homeUnitId! }, problems: [] };
}

/** The account of a checked person, made now if it is new (inside the invitation's transaction). */
export async function accountOf(trx: Tx, person: CheckedPerson, now: number): Promise<{ userId: UserId; created: boolean }> {
  if (person.userId !== null) return { userId: person.userId, created: false };
  // Two invitations of the same new phone in one file or at one moment: the second links the first's account.
  const existing = await trx.selectFrom('users').select('id').where('phone', '=', person.phone).executeTakeFirst();
  if (existing) return { userId: existing.id, created: false };
  const userId = await insertUser(trx, { phone: person.phone, passwordHash: noPassword, ...searchableName(person.fullName), birthYear: person.birthYear, homeUnitId: person.homeUnitId, language: 'vi', now });
  await recordRegistration(trx, person.homeUnitId, now);
  return { userId, created: true };
}
