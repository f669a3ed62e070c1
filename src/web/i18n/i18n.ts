/**
 * The language of the PWA. Vietnamese ships in the first bundle; English and
 * Khmer are fetched when chosen. The choice persists on the device and travels to the
 * server in Accept-Language, so error messages come back in the same language.
 * The language is a signal: a component that calls t() while rendering
 * re-renders by itself when the language changes.
 */
import { batch, signal } from '@preact/signals';
import { formatMessage, type MessageParams } from '../../shared/i18n/format.js';
import { type MessageKey, vi } from '../../shared/i18n/vi.js';
import { type Language, languages } from '../../shared/limits.js';

const storageKey = 'hoctap.language';
const storedLanguage = readStoredLanguage();

/** The language the PWA speaks now; changes only once its dictionary is loaded. */
export const language = signal<Language>('vi');
const dictionary = signal<Readonly<Record<MessageKey, string>>>(vi);

function readStoredLanguage(): Language {
  try {
    const stored = localStorage.getItem(storageKey);
    return languages.find((l) => l === stored) ?? 'vi';
  } catch {
    return 'vi';
  }
}

export function t(key: MessageKey, params?: MessageParams): string {
  return formatMessage(language.value, dictionary.value[key] ?? vi[key] ?? key, params);
}

export async function setLanguage(next: Language): Promise<void> {
  const messages = next === 'en' ? (await import('../../shared/i18n/en.js')).en : next === 'km' ? (await import('../../shared/i18n/km.js')).km : vi;
  // One re-render with both changed, never English words under Vietnamese plural rules.
  batch(() => {
    dictionary.value = messages;
    language.value = next;
  });
  document.documentElement.lang = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // Private mode: the choice lasts for this visit only.
  }
}

/** Loads the stored language before the first render. */
export async function initLanguage(): Promise<void> {
  if (storedLanguage !== 'vi') await setLanguage(storedLanguage);
  document.documentElement.lang = language.value;
}
