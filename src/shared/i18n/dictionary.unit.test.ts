import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { languageFromAcceptLanguage, translate } from './translate.js';
import { vi } from './vi.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the dictionaries', () => {
  it('give every key the same placeholders in English as in Vietnamese', () => {
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect.soft(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });

  it('hold Vietnamese in NFC, with no empty strings', () => {
    for (const [key, text] of Object.entries(vi)) {
      expect.soft(text.length, key).toBeGreaterThan(0);
      expect.soft(text, key).toBe(text.normalize('NFC'));
    }
  });

  it('fill placeholders and fall back to Vietnamese', () => {
    expect(translate('en', 'error.too_many_requests', { minutes: 15 })).toBe('Too many attempts. Please try again in 15 minutes.');
    expect(translate('vi', 'home.greeting', { name: 'Lan' })).toBe('Xin chào, Lan!');
  });

  it.each([
    [undefined, 'vi'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR,fr;q=0.9,en;q=0.5', 'en'],
    ['km-KH,vi;q=0.8', 'vi'],
    ['de', 'vi'],
    ['en;q=0, vi', 'vi'],
  ])('reads Accept-Language %s as %s', (header, language) => {
    expect(languageFromAcceptLanguage(header)).toBe(language);
  });
});
