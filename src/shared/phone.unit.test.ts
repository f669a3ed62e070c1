import { describe, expect, it } from 'vitest';
import { formatPhoneNational, normalizeVietnameseMobile } from './phone.js';

describe('Vietnamese mobile numbers', () => {
  it.each([
    ['0912345678', '+84912345678'],
    ['+84912345678', '+84912345678'],
    ['84 912 345 678', '+84912345678'],
    ['84912345678', '+84912345678'],
    ['0912.345.678', '+84912345678'],
    ['(0912) 345-678', '+84912345678'],
    [' 0389 123 456 ', '+84389123456'],
    ['0703123456', '+84703123456'],
    ['0523123456', '+84523123456'],
    ['0812345678', '+84812345678'],
  ])('accepts %s as %s', (input, expected) => {
    expect(normalizeVietnameseMobile(input)).toBe(expected);
  });

  it.each(['', '0912', '091234567', '09123456789', '02963123456', '0112345678', '0312345678', '+1 912 345 678', '8491234567', '0912-abc-678', '+84 0912345678'])(
    'refuses %s',
    (input) => {
      expect(normalizeVietnameseMobile(input)).toBeNull();
    },
  );

  it('reads back in the national form people know', () => {
    expect(formatPhoneNational('+84912345678')).toBe('0912 345 678');
  });
});
