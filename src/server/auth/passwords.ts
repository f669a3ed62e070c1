/**
 * Passwords are hashed with argon2id (the library's default algorithm) at the
 * OWASP-recommended cost, and refused when they appear in lists of leaked passwords.
 */
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { limits } from '../../shared/limits.js';
import { AppError, type FieldProblem } from '../errors.js';

const argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// Common in Vietnam and absent from the international leak lists.
const vietnameseCommonPasswords = [
  'matkhau123', 'matkhau1', 'anhyeuem123', 'emyeuanh', 'emyeuanh123', 'yeuem123', 'iloveyou123', 'vietnam123', 'vietnam1',
  'angiang123', 'hoctap123', 'hoctapsuotdoi', 'longxuyen', 'rachgia123', 'chaudoc123', 'tanchau123', 'conyeume', 'thuong123',
  'hanhphuc', 'hanhphuc123', 'tinhyeu123', 'motdentam', '12345678a', 'a12345678', '123456789a', 'abcd1234', 'qwerty123',
  'zxcvbnm123', '11111111', '88888888', '66666666', '68686868', '86868686', '99999999', '12341234', '00000000', '0123456789',
  'password1', 'password123', 'admin123', 'admin@123', '123456aA@', 'Aa123456', 'Abc@1234', 'Abc12345', 'matkhau@123',
].map((p) => p.toLowerCase());

let commonPasswords: Set<string> | undefined;

function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set([...(dictionary['passwords-common'] as string[]), ...vietnameseCommonPasswords]);
  return commonPasswords.has(password.toLowerCase());
}

/** Problems with a chosen password, keyed by field name; empty when it is acceptable. */
export function passwordProblem(password: string): FieldProblem | null {
  if (password.length < limits.passwordMinLength) return { key: 'error.password_too_short', params: { min: limits.passwordMinLength } };
  if (password.length > limits.passwordMaxLength) return { key: 'error.password_too_long', params: { max: limits.passwordMaxLength } };
  if (isCommonPassword(password)) return { key: 'error.password_too_common' };
  return null;
}

export function assertAcceptablePassword(password: string, field = 'password'): void {
  const problem = passwordProblem(password);
  if (problem) {
    const code = problem.key.slice('error.'.length) as 'password_too_short' | 'password_too_long' | 'password_too_common';
    throw new AppError(code, 400, problem.params, { [field]: problem });
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), argon2Options);
}

/** Accounts without a password yet (made by a members import, claimed by phone) or erased hold '!': nothing matches. */
export const noPassword = '!';

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (passwordHash === noPassword) return verifyAgainstDecoy(password);
  return verify(passwordHash, password.normalize('NFC'));
}

// Verifying against this when no account matches keeps "unknown phone" as slow as "wrong password".
let decoyHash: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword('decoy password that matches nothing');
  await verify(await decoyHash, password.normalize('NFC'));
  return false;
}
