/**
 * The language of the PWA. Vietnamese ships in the first bundle; English is
 * fetched when chosen. The choice persists on the device and travels to the
 * server in Accept-Language, so error messages come back in the same language.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatMessage, type MessageParams } from '../../shared/i18n/format.js';
import { type MessageKey, vi } from '../../shared/i18n/vi.js';
import type { Language } from '../../shared/limits.js';

const storageKey = 'hoctap.language';
let language: Language = readStoredLanguage();
let dictionary: Readonly<Record<MessageKey, string>> = vi;
const listeners = new Set<() => void>();

function readStoredLanguage(): Language {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function t(key: MessageKey, params?: MessageParams): string {
  return formatMessage(language, dictionary[key] ?? vi[key] ?? key, params);
}

export function currentLanguage(): Language {
  return language;
}

export async function setLanguage(next: Language): Promise<void> {
  dictionary = next === 'en' ? (await import('../../shared/i18n/en.js')).en : vi;
  language = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // Private mode: the choice lasts for this visit only.
  }
  for (const listener of listeners) listener();
}

/** Loads the stored language before the first render. */
export async function initLanguage(): Promise<void> {
  if (language !== 'vi') await setLanguage(language);
  document.documentElement.lang = language;
}

/** Re-renders the calling component when the language changes. */
export function useLanguage(): Language {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((v) => v + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return language;
}

/** A date and time as people of the chosen language write it. */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}
