import { describe, expect, it } from 'vitest';
import { type Language, languages } from '../limits.js';
import { en } from './en.js';
import { km } from './km.js';
import { readLessonIn } from './own-language.js';
import { languageFromAcceptLanguage, translate } from './translate.js';
import { vi } from './vi.js';

const dictionaries: Record<Language, Readonly<Record<string, string>>> = { vi, en, km };
const translations = languages.filter((language) => language !== 'vi');
const pluralBlocks = (text: string) => [...text.matchAll(/\{(\w+), plural,((?:\s*\w+\s*\{(?:[^{}]|\{\w+\})*\})+)\s*\}/g)];
/** Every argument a message takes: {name} placeholders (also inside plural branches) and the numbers plural blocks choose by. */
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();

describe('the dictionaries', () => {
  it("agree with the words shown in their own language (a lesson's offer of its other version)", () => {
    expect(readLessonIn.vi).toBe(vi['lesson.readInVietnamese']);
    expect(readLessonIn.km).toBe(km['lesson.readInKhmer']);
  });

  it.each(languages)('hold every key in %s, none empty, none unknown, all in NFC', (language) => {
    const dictionary = dictionaries[language];
    // The types say so too, but a dictionary built at run time (or cast) would slip past them.
    expect(Object.keys(dictionary).filter((key) => !(key in vi))).toEqual([]);
    for (const key of Object.keys(vi)) {
      expect.soft(typeof dictionary[key], `${language} ${key}`).toBe('string');
      expect.soft(dictionary[key]?.trim().length, `${language} ${key}`).toBeGreaterThan(0);
      expect.soft(dictionary[key], `${language} ${key}`).toBe(dictionary[key]?.normalize('NFC'));
    }
  });

  it.each(translations)('give every key the same placeholders in %s as in Vietnamese', (language) => {
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect.soft(placeholders(dictionaries[language][key] ?? ''), `${language} ${key}`).toEqual(placeholders(vi[key]));
    }
  });

  it('write Khmer in Khmer script', () => {
    // Keys whose text is a name, a code or an SMS (sent without diacritics, as phones show them) may stay in Latin.
    const khmerScript = /[\u1780-\u17ff]/;
    const inKhmer = Object.entries(km).filter(([, text]) => khmerScript.test(text)).length;
    expect(inKhmer / Object.keys(km).length).toBeGreaterThan(0.9);
  });

  it.each(languages)('give plural blocks in %s exactly the forms the language has', (language) => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    for (const [key, text] of Object.entries(dictionaries[language])) {
      for (const block of pluralBlocks(text)) {
        const forms = [...block[2]!.matchAll(/(\w+)\s*\{/g)].map((m) => m[1]);
        expect.soft([...forms].sort(), `${key}: ${block[0]}`).toEqual([...categories].sort());
      }
      // Braces outside {name} and plural blocks would show up on screen as typed.
      expect.soft(text.replace(/\{(\w+), plural,((?:\s*\w+\s*\{(?:[^{}]|\{\w+\})*\})+)\s*\}/g, '').replace(/\{\w+\}/g, ''), key).not.toMatch(/[{}]/);
    }
  });

  it('put every English count before a plural noun into a plural block', () => {
    // "{count} lessons" would read "1 lessons"; the verbs after a name ("{field} is") are not counts.
    const countedNoun = /\{\w+\} (?:[a-z]+ )?(?!(?:is|was|has|needs|does)\b)[a-z]+s\b/;
    for (const [key, text] of Object.entries(en)) {
      const outsidePlurals = pluralBlocks(text).reduce((rest, block) => rest.replace(block[0], ''), text);
      expect.soft(outsidePlurals, key).not.toMatch(countedNoun);
    }
  });

  it('choose English plural forms by the number, and Vietnamese has one form', () => {
    expect(translate('en', 'catalog.lessons', { count: 1 })).toBe('1 lesson');
    expect(translate('en', 'catalog.lessons', { count: 2 })).toBe('2 lessons');
    expect(translate('en', 'catalog.lessons', { count: 0 })).toBe('0 lessons');
    expect(translate('vi', 'catalog.lessons', { count: 1 })).toBe('1 bài học');
    expect(translate('vi', 'catalog.lessons', { count: 2 })).toBe('2 bài học');
    expect(translate('en', 'members.summary', { rows: 1, valid: 0, problems: 1 })).toBe('1 row: 0 valid, 1 problem. Nothing has been written yet.');
    expect(translate('en', 'members.summary', { rows: 3, valid: 2, problems: 1 })).toBe('3 rows: 2 valid, 1 problem. Nothing has been written yet.');
    expect(translate('en', 'error.quiz_no_attempts_left', { max: 1 })).toBe('You have used your only attempt at this quiz.');
    expect(new Intl.PluralRules('km-KH').resolvedOptions().pluralCategories).toEqual(['other']);
    expect(translate('km', 'catalog.lessons', { count: 1 })).toContain('1');
    expect(translate('km', 'catalog.lessons', { count: 2 })).toBe(translate('km', 'catalog.lessons', { count: 1 }).replace('1', '2'));
  });

  it('fill placeholders and fall back to Vietnamese', () => {
    expect(translate('en', 'error.too_many_requests', { minutes: 15 })).toBe('Too many attempts. Please try again in 15 minutes.');
    expect(translate('vi', 'home.greeting', { name: 'Lan' })).toBe('Xin chào, Lan!');
  });

  it.each([
    [undefined, 'vi'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR,fr;q=0.9,en;q=0.5', 'en'],
    ['km-KH,vi;q=0.8', 'km'],
    ['km', 'km'],
    ['th-TH,km;q=0.5,vi;q=0.4', 'km'],
    ['de', 'vi'],
    ['en;q=0, vi', 'vi'],
  ])('reads Accept-Language %s as %s', (header, language) => {
    expect(languageFromAcceptLanguage(header)).toBe(language);
  });
});
