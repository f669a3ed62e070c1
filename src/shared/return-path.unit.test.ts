import { describe, expect, it } from 'vitest';
import { isSignInPage, safeReturnPath } from './return-path.js';

describe('safeReturnPath', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeReturnPath('/lessons/42')).toBe('/lessons/42');
    expect(safeReturnPath('/courses?q=k%E1%BB%B9#top')).toBe('/courses?q=k%E1%BB%B9#top');
    expect(safeReturnPath('/verify/ABC#payload')).toBe('/verify/ABC#payload');
  });

  it.each([
    ['another site', 'https://evil.example/'],
    ['a protocol-relative link', '//evil.example/x'],
    ['a backslash browsers read as a slash', '/\\evil.example'],
    ['a relative path', 'lessons/42'],
    ['a javascript: link', 'javascript:alert(1)'],
    ['a control character', '/lessons/1\n//evil'],
    ['a tab', '/\t/evil.example'],
    ['the sign-in page itself', '/signin?next=/x'],
    ['an OIDC callback', '/auth/oidc/callback'],
    ['nothing', undefined],
    ['not a string', 42],
    ['far too long', `/${'a'.repeat(600)}`],
  ])('refuses %s', (_why, value) => {
    expect(safeReturnPath(value)).toBe('/');
  });

  it('normalises dot segments instead of letting them climb', () => {
    expect(safeReturnPath('/courses/../lessons/1')).toBe('/lessons/1');
  });
});

describe('isSignInPage', () => {
  it('names the pages a signed-out person must reach, which are never a return path', () => {
    for (const page of ['/signin', '/signup', '/reset', '/auth/oidc/callback']) expect(isSignInPage(page)).toBe(true);
    for (const page of ['/', '/lessons/1', '/signing-rules', '/author', '/events/3']) expect(isSignInPage(page)).toBe(false);
  });
});
