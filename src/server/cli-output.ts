/** Messages for the operator's terminal, in Vietnamese unless LANG asks for English. */
import { type MessageKey, type MessageParams, translate } from '../shared/i18n/translate.js';
import type { Language } from '../shared/limits.js';
import { ConfigError } from './config.js';
import { AppError } from './errors.js';

export const terminalLanguage: Language = (process.env.LANG ?? '').toLowerCase().startsWith('en') ? 'en' : 'vi';

export function say(key: MessageKey, params?: MessageParams): void {
  process.stdout.write(`${translate(terminalLanguage, key, params)}\n`);
}

export function complain(key: MessageKey, params?: MessageParams): void {
  process.stderr.write(`${translate(terminalLanguage, key, params)}\n`);
}

/** One line per problem, never a stack trace; exit code 1. */
export function failAndExit(error: unknown): never {
  if (error instanceof ConfigError) {
    for (const p of error.problems) {
      complain('config.invalid', { variable: p.variable, value: JSON.stringify(p.value), expected: translate(terminalLanguage, p.expected) });
    }
  } else if (error instanceof AppError) {
    complain('cli.failed', { message: translate(terminalLanguage, `error.${error.code}`, error.params) });
    for (const p of error.problems) process.stderr.write(`  ${translate(terminalLanguage, p.place.key, p.place.params)}: ${translate(terminalLanguage, p.problem.key, p.problem.params)}\n`);
  } else {
    complain('cli.failed', { message: error instanceof Error ? error.message : String(error) });
  }
  process.exit(1);
}
