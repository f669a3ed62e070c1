/**
 * Passwords are hashed with argon2id (the library's default algorithm) at the
 * OWASP-recommended cost. A new password is refused when it is mostly spaces,
 * in lists of leaked passwords or public (the demo's), holds the person's phone
 * number or name, or is easy to guess: zxcvbn, told the person's own data, must
 * score it at least 2 of 4 (about 10^8 guesses: far beyond online guessing,
 * which is throttled, and a bar a citizen reaches with three or four words).
 */
import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { limits } from '../../shared/limits.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { AppError, type ErrorCode, type FieldProblem } from '../errors.js';
import { BoundedQueue, type QueueLimits } from '../http/bounded-queue.js';

const argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// Common in Vietnam and absent from the international leak lists.
const vietnameseCommonPasswords = [
  'matkhau123', 'matkhau1', 'anhyeuem123', 'emyeuanh', 'emyeuanh123', 'yeuem123', 'iloveyou123', 'vietnam123', 'vietnam1',
  'angiang123', 'hoctap123', 'hoctapsuotdoi', 'longxuyen', 'rachgia123', 'chaudoc123', 'tanchau123', 'conyeume', 'thuong123',
  'hanhphuc', 'hanhphuc123', 'tinhyeu123', 'motdentam', '12345678a', 'a12345678', '123456789a', 'abcd1234', 'qwerty123',
  'zxcvbnm123', '11111111', '88888888', '66666666', '68686868', '86868686', '99999999', '12341234', '00000000', '0123456789',
  'password1', 'password123', 'admin123', 'admin@123', '123456aA@', 'Aa123456', 'Abc@1234', 'Abc12345', 'matkhau@123',
].map((p) => p.toLowerCase());

// Published with the demo data (README, start-up banner): anyone may know them.
const publicPasswords = ['hoctap-demo'];

// The platform's own names: the first words anyone guessing here would try.
const platformWords = ['hoctap', 'hoctapsuotdoi', 'binhdanhocvuso', 'angiang'];

const minimumScore = 2;
// zxcvbn's time grows fast with length and with l33t substitutions (hundreds of milliseconds at 128 characters,
// on the event loop): the first 32 characters are scored, with at most 8 substitutions tried.
const scoredLength = 32;

let commonPasswords: Set<string> | undefined;
let strength: ZxcvbnFactory | undefined;

function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set([...(dictionary['passwords-common'] as string[]), ...vietnameseCommonPasswords, ...publicPasswords]);
  return commonPasswords.has(password.toLowerCase()) || commonPasswords.has(withoutMarks(password).toLowerCase());
}

/** Vietnamese letters without their marks (mật khẩu → mat khau): marks typed on a phone keyboard add little to guess. */
function withoutMarks(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** Letters and digits only, lower case, without marks: how a name or number hidden in a password is found. */
function bare(text: string): string {
  return withoutMarks(text).toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Whose password it is, as far as the caller knows: their own data must not be (in) it. */
export interface PasswordOwner {
  phone?: PhoneNumber | null;
  fullName?: string;
}

/** Problems with a chosen password, keyed by field name; empty when it is acceptable. */
export function passwordProblem(password: string, owner: PasswordOwner = {}): FieldProblem | null {
  if (password.length < limits.passwordMinLength) return { key: 'error.password_too_short', params: { min: limits.passwordMinLength } };
  if (password.length > limits.passwordMaxLength) return { key: 'error.password_too_long', params: { max: limits.passwordMaxLength } };
  if (password.replace(/\s/gu, '').length < limits.passwordMinLength) return { key: 'error.password_mostly_spaces', params: { min: limits.passwordMinLength } };
  if (isCommonPassword(password)) return { key: 'error.password_too_common' };

  // +84912345678 → 912345678: the digits every common writing of the number contains.
  const phoneDigits = owner.phone ? owner.phone.slice(3) : null;
  if (phoneDigits && password.replace(/[\s.\-()+]/g, '').includes(phoneDigits)) return { key: 'error.password_contains_phone' };
  const nameParts = owner.fullName ? withoutMarks(owner.fullName).toLowerCase().split(/\s+/).map(bare).filter((p) => p.length > 0) : [];
  const wholeNames = [nameParts.join(''), [...nameParts].reverse().join('')];
  // A short name (Lê An) would also match unrelated words; zxcvbn still weighs it below.
  if (wholeNames[0]!.length >= 5 && wholeNames.some((name) => bare(password).includes(name))) return { key: 'error.password_contains_name' };

  strength ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, maxLength: scoredLength, l33tMaxSubstitutions: 8 });
  const ownData = [
    ...platformWords,
    ...(phoneDigits ? [phoneDigits, `0${phoneDigits}`, `84${phoneDigits}`] : []),
    ...nameParts.filter((p) => p.length >= 2),
    ...wholeNames.filter((n) => n.length >= 2),
  ];
  if (strength.check(withoutMarks(password), ownData).score < minimumScore) return { key: 'error.password_too_weak' };
  return null;
}

export function assertAcceptablePassword(password: string, field = 'password', owner: PasswordOwner = {}): void {
  const problem = passwordProblem(password, owner);
  if (problem) {
    const code = problem.key.slice('error.'.length) as ErrorCode;
    throw new AppError(code, 400, problem.params, { [field]: problem });
  }
}

// Every hash and verification of the process goes through one queue: they share libuv's thread pool (4 threads by
// default) and the machine's cores, and each holds 19 MiB while it runs. buildApp sets the limits from the
// configuration (HASH_CONCURRENCY, HASH_QUEUE_MAX); these defaults serve the command line.
let hashing = new BoundedQueue({ concurrency: 2, maxWaiting: 200, retryAfterSeconds: 5 });

export function limitPasswordHashing(limits: QueueLimits): void {
  hashing = new BoundedQueue(limits);
}

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password.normalize('NFC'), argon2Options));
}

/** Accounts without a password yet (made by a members import, claimed by phone) or erased hold '!': nothing matches. */
export const noPassword = '!';

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (passwordHash === noPassword) return verifyAgainstDecoy(password);
  return hashing.run(() => verify(passwordHash, password.normalize('NFC')));
}

// Verifying against this when no account matches keeps "unknown phone" as slow as "wrong password".
// Made once, outside the queue, so that a refusal under load cannot leave a failed promise here for good.
let decoyHash: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hash('decoy password that matches nothing', argon2Options);
  const decoy = await decoyHash;
  await hashing.run(() => verify(decoy, password.normalize('NFC')));
  return false;
}
