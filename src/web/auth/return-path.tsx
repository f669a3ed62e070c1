/**
 * Deep links survive sign-in: a page that needs a signed-in person sends a signed-out one to
 * /signin?next=<where they were>, and sign-in, sign-up and password reset go back there (only ever to a path
 * on this site: shared/return-path.ts), carrying `next` between themselves.
 */
import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { isSignInPage, safeReturnPath } from '../../shared/return-path.js';
import { session } from '../session.js';
import { Loading } from '../ui/Feedback.js';

/** Where the sign-in link of the current page goes. */
export function signInHref(): string {
  // On the sign-in pages themselves the link keeps the `next` they were given.
  if (isSignInPage(location.pathname)) return `/signin${location.search}`;
  const next = safeReturnPath(`${location.pathname}${location.search}${location.hash}`);
  return next === '/' ? '/signin' : `/signin?next=${encodeURIComponent(next)}`;
}

/** A link from one sign-in page to another (sign-up, reset), keeping where to go afterwards. */
export function keepingNext(path: string, next: string | undefined): string {
  const safe = safeReturnPath(next);
  return safe === '/' ? path : `${path}?next=${encodeURIComponent(safe)}`;
}

/** Wraps a page that needs a signed-in person: a signed-out visitor goes to sign-in, and comes back after. */
export function signedInOnly<P extends object>(Page: ComponentType<P>): ComponentType<P> {
  return function SignedInPage(props: P) {
    const me = session.value;
    const { route } = useLocation();
    useEffect(() => {
      if (me === null) route(signInHref(), true);
    }, [me]);
    return me ? <Page {...props} /> : <Loading />;
  };
}
