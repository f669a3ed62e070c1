/**
 * Vietnamese mobile numbers. People write them as 0912345678, +84912345678 or
 * "84 912 345 678"; we store one form (E.164, +84…) and accept only the mobile
 * prefixes in use since the 2018 renumbering (03x, 05x, 07x, 08x, 09x).
 */
export type PhoneNumber = string & { readonly __brand: 'PhoneNumber' };

const separators = /[\s.\-()]/g;
const nationalMobile = /^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$/;

export function normalizeVietnameseMobile(input: string): PhoneNumber | null {
  let digits = input.trim().replace(separators, '');
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('84') && digits.length === 11) digits = `0${digits.slice(2)}`;
  if (!nationalMobile.test(digits)) return null;
  return `+84${digits.slice(1)}` as PhoneNumber;
}

/** 0912 345 678: how Vietnamese people read their own number back. */
export function formatPhoneNational(phone: PhoneNumber | string): string {
  const national = phone.startsWith('+84') ? `0${phone.slice(3)}` : phone;
  return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
}
