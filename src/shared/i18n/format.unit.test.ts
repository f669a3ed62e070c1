import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDayMonth, formatMessage, formatNumber, formatPercent } from './format.js';

describe('formatting by the UI language', () => {
  it('groups digits and writes decimals as each language does', () => {
    expect(formatNumber('vi', 1234567)).toBe('1.234.567');
    expect(formatNumber('en', 1234567)).toBe('1,234,567');
    expect(formatNumber('vi', 2.5, 1)).toBe('2,5');
    expect(formatNumber('en', 0.3456, 2)).toBe('0.35');
    expect(formatNumber('km', 1234567.5)).toBe('1,234,567.5');
  });

  it('writes percentages given from 0 to 100 with at most one decimal', () => {
    expect(formatPercent('vi', 87.5)).toBe('87,5%');
    expect(formatPercent('en', 87.5)).toBe('87.5%');
    expect(formatPercent('vi', 100)).toBe('100%');
    expect(formatPercent('en', 33.3333)).toBe('33.3%');
    expect(formatPercent('km', 87.5)).toBe('87.5%');
  });

  it('writes calendar days day first, and leaves anything else as it is', () => {
    expect(formatDate('vi', '2026-11-05')).toBe('05/11/2026');
    expect(formatDate('en', '2026-11-05')).toBe('05/11/2026');
    expect(formatDayMonth('vi', '2026-11-05')).toBe('5/11');
    expect(formatDayMonth('en', '2026-11-05')).toBe('05/11');
    expect(formatDate('km', '2026-11-05')).toBe('05/11/2026');
    expect(formatDayMonth('km', '2026-11-05')).toBe('5/11');
    expect(formatDate('vi', '')).toBe('');
  });

  it('writes an instant in the time zone asked for', () => {
    const instant = Date.UTC(2026, 10, 5, 7, 3);
    expect(formatDateTime('vi', instant, 'Asia/Ho_Chi_Minh')).toBe('14:03 05/11/2026');
    expect(formatDateTime('en', new Date(instant).toISOString(), 'Asia/Ho_Chi_Minh')).toBe('05/11/2026, 14:03');
    expect(formatDateTime('km', instant, 'Asia/Ho_Chi_Minh')).toBe('05/11/2026, 14:03');
  });

  it('fills messages, keeping what it cannot fill visible', () => {
    expect(formatMessage('en', 'Hello, {name}! {missing}', { name: 'Lan' })).toBe('Hello, Lan! {missing}');
    expect(formatMessage('en', '{n, plural, one {# item of {what}} other {# items of {what}}}', { n: 1, what: 'news' })).toBe('1 item of news');
    expect(formatMessage('en', '{n, plural, one {# item} other {# items}}', { n: 'many' })).toBe('{n, plural, one {# item} other {# items}}');
    // A value is inserted as text: braces and "#" in a learner's name are not read as syntax.
    expect(formatMessage('en', '{name}: {n, plural, one {# try} other {# tries}}', { name: '#{n}', n: 3 })).toBe('#{n}: 3 tries');
  });
});
