/**
 * Where to go after signing in: a path on this site, never another site. Anything
 * that is not a plain same-origin path ("//evil", "/\\evil", "https://…", control
 * characters, the sign-in pages themselves) falls back to the home page, so that a
 * link cannot turn sign-in into an open redirect or a loop.
 */
const maxLength = 512;
const signInPages = /^\/((signin|signup|reset)(\/|$)|auth\/)/;

/** The sign-in, sign-up, reset and OIDC pages: never a return path, and open to people who are signed out. */
export function isSignInPage(pathname: string): boolean {
  return signInPages.test(pathname);
}

export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  // biome-ignore lint: control characters are exactly what is refused here.
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, 'http://return.invalid');
  } catch {
    return fallback;
  }
  if (url.origin !== 'http://return.invalid' || isSignInPage(url.pathname)) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
