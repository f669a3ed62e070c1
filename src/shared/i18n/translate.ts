import { type Language, languages } from '../limits.js';
import { en } from './en.js';
import { km } from './km.js';
import { vi, type MessageKey } from './vi.js';

import { formatMessage, type MessageParams } from './format.js';

export type { MessageKey, MessageParams };

const dictionaries: Record<Language, Readonly<Record<MessageKey, string>>> = { vi, en, km };

/** A key that may be built at run time (field labels, error codes); false when the dictionary lacks it. */
export function isMessageKey(key: string): key is MessageKey {
  return key in vi;
}

export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  // An unknown key comes back as itself, so a missing label shows as its name instead of crashing.
  const template = dictionaries[language][key] ?? vi[key] ?? key;
  return formatMessage(language, template, params);
}

/** Picks the best supported language from an Accept-Language header; Vietnamese when nothing matches. */
export function languageFromAcceptLanguage(header: string | undefined): Language {
  if (!header) return 'vi';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const quality = rest.find((p) => p.trim().startsWith('q='));
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', q: quality ? Number(quality.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { primary } of ranked) {
    const match = languages.find((language) => language === primary);
    if (match) return match;
  }
  return 'vi';
}
