/**
 * Text, numbers and dates in the reader's language: the one place that knows a
 * language's rules (plural forms, digit grouping, the order of day and month).
 * The PWA and the server's exports both format through here, so a figure reads
 * the same on the screen and in the printout.
 */
import type { Language } from '../limits.js';

export type MessageParams = Readonly<Record<string, string | number>>;

// en-GB rather than en-US: day before month, as Vietnamese readers expect of any date.
// km-KH: Node's and Chromium's full ICU know it (one plural form; Latin digits, as on Vietnamese papers).
const locales: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB', km: 'km-KH' };

/** Intl formatters are costly to build and dashboards format hundreds of cells: one per language and style. */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) formatters.set(key, (formatter = make()));
  return formatter;
}

// {name, plural, one {…} other {…}}: a branch may hold {placeholders} but no further plural.
const pluralBlock = /\{(\w+), plural,((?:\s*\w+\s*\{(?:[^{}]|\{\w+\})*\})+)\s*\}/g;
const pluralBranch = /(\w+)\s*\{((?:[^{}]|\{\w+\})*)\}/g;

/**
 * Fills a dictionary message: {name} placeholders, and plural blocks in the
 * ICU style `{count, plural, one {# lesson} other {# lessons}}`, chosen by
 * Intl.PluralRules ("#" is the number). Vietnamese needs no plural blocks (it
 * has only "other"). An unknown placeholder stays visible rather than vanishing.
 */
export function formatMessage(language: Language, template: string, params?: MessageParams): string {
  if (!params) return template;
  const rules = cached(`plural|${language}`, () => new Intl.PluralRules(locales[language]));
  return template
    .replace(pluralBlock, (whole, name: string, branches: string) => {
      const value = params[name];
      if (typeof value !== 'number') return whole;
      const forms = new Map([...branches.matchAll(pluralBranch)].map((m) => [m[1]!, m[2]!] as const));
      const form = forms.get(rules.select(value)) ?? forms.get('other');
      return form === undefined ? whole : form.replace(/#/g, String(value));
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A number with the language's grouping and decimal mark (1.234,5 / 1,234.5); fractionDigits fixes the decimals. */
export function formatNumber(language: Language, value: number, fractionDigits?: number): string {
  return cached(
    `number|${language}|${fractionDigits ?? ''}`,
    () => new Intl.NumberFormat(locales[language], fractionDigits === undefined ? {} : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }),
  ).format(value);
}

/** A percentage given from 0 to 100 (as the API sends them), at most one decimal: 87,5% / 87.5%. */
export function formatPercent(language: Language, percent: number): string {
  return cached(`percent|${language}`, () => new Intl.NumberFormat(locales[language], { style: 'percent', maximumFractionDigits: 1 })).format(percent / 100);
}

/** Milliseconds of a calendar day given as YYYY-MM-DD (how days travel), or null for anything else. */
function dayMs(isoDay: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

/** A calendar day (YYYY-MM-DD) as the language writes it: 24/11/2026. Text that is not such a day comes back unchanged. */
export function formatDate(language: Language, isoDay: string): string {
  const ms = dayMs(isoDay);
  // The day is already a Vietnam calendar day: formatted in UTC so that no time zone moves it.
  return ms === null ? isoDay : cached(`date|${language}`, () => new Intl.DateTimeFormat(locales[language], { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' })).format(ms);
}

/** A calendar day without its year, for chart axes and daily tables: 5/11 / 05/11. */
export function formatDayMonth(language: Language, isoDay: string): string {
  const ms = dayMs(isoDay);
  return ms === null ? isoDay : cached(`dayMonth|${language}`, () => new Intl.DateTimeFormat(locales[language], { day: 'numeric', month: 'numeric', timeZone: 'UTC' })).format(ms);
}

/**
 * An instant as date and time in the language: "14:03 05/11/2026" / "05/11/2026, 14:03". Always on the 24-hour
 * clock: Khmer would otherwise write "02:03 PM", in Latin letters.
 * The time zone defaults to the device's (in the PWA); the server passes Vietnam's.
 */
export function formatDateTime(language: Language, instant: string | number | Date, timeZone?: string): string {
  return cached(
    `dateTime|${language}|${timeZone ?? ''}`,
    () => new Intl.DateTimeFormat(locales[language], { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }),
  ).format(new Date(instant));
}

/** The time of an instant, to the second, on the device's clock: 14:03:27. */
export function formatTime(language: Language, instant: string | number | Date): string {
  return cached(`time|${language}`, () => new Intl.DateTimeFormat(locales[language], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })).format(new Date(instant));
}
