import { describe, expect, it } from 'vitest';
import { choicesText, list, toDocument } from './question-lines.js';

const base = { id: 'q-1', prompt: 'Câu hỏi?', competences: [] };

describe('questions written as plain lines', () => {
  it('reads "*" as the right options and gives back the same lines', () => {
    const single = toDocument({ ...base, type: 'single' }, 'Công an\n* Không ai cả\n\n  Ngân hàng  ', false, false);
    expect(single).toMatchObject({ options: ['Công an', 'Không ai cả', 'Ngân hàng'], answer: 1 });
    expect(choicesText(single)).toBe('Công an\n* Không ai cả\nNgân hàng');
    const multiple = toDocument({ ...base, type: 'multiple' }, '*A\nB\n* C', false, false);
    expect(multiple).toMatchObject({ options: ['A', 'B', 'C'], answer: [0, 2] });
    // No right option marked: the server names the problem instead of the form guessing.
    expect(toDocument({ ...base, type: 'single' }, 'A\nB', false, false).answer).toBe(-1);
  });

  it('reads pairs, orders and accepted answers line by line', () => {
    const matching = toDocument({ ...base, type: 'matching' }, 'VNeID = định danh\nZalo = nhắn tin', false, false);
    expect(matching.pairs).toEqual([['VNeID', 'định danh'], ['Zalo', 'nhắn tin']]);
    expect(choicesText(matching)).toBe('VNeID = định danh\nZalo = nhắn tin');
    expect(toDocument({ ...base, type: 'short_text' }, 'tiền\ntien', false, true)).toMatchObject({ answers: ['tiền', 'tien'], ignoreDiacritics: true });
    expect(toDocument({ ...base, type: 'true_false' }, '', true, false).answer).toBe(true);
    expect(list(' 1.1, 2.3 ,,')).toEqual(['1.1', '2.3']);
  });
});
