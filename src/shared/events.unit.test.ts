import { describe, expect, it } from 'vitest';
import { invitationSecretFromScan, nowAndNext } from './events.js';

describe('invitationSecretFromScan', () => {
  const secret = 'abcdefghijklmnopqrstuvwxyz012_-9';
  it('reads the secret from the invitation link or a bare secret', () => {
    expect(invitationSecretFromScan(`https://hoctap.angiang.gov.vn/invite#${secret}`)).toBe(secret);
    expect(invitationSecretFromScan(` ${secret}\n`)).toBe(secret);
  });
  it('refuses other links and malformed secrets', () => {
    expect(invitationSecretFromScan(`https://hoctap.angiang.gov.vn/the#${secret}`)).toBeNull();
    expect(invitationSecretFromScan(`https://x/invite#${secret.slice(1)}`)).toBeNull();
    expect(invitationSecretFromScan('hello')).toBeNull();
  });
});

describe('nowAndNext', () => {
  const at = (h: number, m: number) => Date.UTC(2025, 4, 19, h, m);
  const items = [
    { startsAt: at(0, 45), durationMinutes: 10, content: 'speeches' },
    { startsAt: at(0, 30), durationMinutes: 15, content: 'welcome' },
    { startsAt: at(1, 0), durationMinutes: 5, content: 'launch' },
  ];
  it('finds the running item and the next by the clock, whatever the order given', () => {
    expect(nowAndNext(items, at(0, 31))).toMatchObject({ now: { content: 'welcome' }, next: { content: 'speeches' } });
    expect(nowAndNext(items, at(0, 45))).toMatchObject({ now: { content: 'speeches' }, next: { content: 'launch' } });
  });
  it('has no current item in a gap, before the start and after the end', () => {
    expect(nowAndNext(items, at(0, 57))).toMatchObject({ now: null, next: { content: 'launch' } });
    expect(nowAndNext(items, at(0, 0))).toMatchObject({ now: null, next: { content: 'welcome' } });
    expect(nowAndNext(items, at(2, 0))).toEqual({ now: null, next: null });
  });
});
