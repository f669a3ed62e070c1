import { describe, expect, it } from 'vitest';
import { escapeLikePattern, foldForSearch, normalizeLine } from './text.js';

describe('search folding', () => {
  it.each([
    ['Long Xuyên', 'long xuyen'],
    ['LONG XUYÊN', 'long xuyen'],
    ['Long Xuye\u0302n', 'long xuyen'],
    ['Đồng Tháp', 'dong thap'],
    ['Hòa', 'hoa'],
    ['Hoà', 'hoa'],
    ['Ô Long Vỹ', 'o long vy'],
    ['  Vĩnh   Ngươn ', 'vinh nguon'],
  ])('folds %s to %s', (input, folded) => {
    expect(foldForSearch(input)).toBe(folded);
  });

  it('stores lines in NFC with single spaces', () => {
    expect(normalizeLine('  Nguye\u0302\u0303n   Văn  ')).toBe('Nguyễn Văn');
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLikePattern('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});
