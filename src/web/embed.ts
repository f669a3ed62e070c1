/**
 * Embed mode, for the super-app's web view or frame: opened with ?embed=1, the PWA drops its own header and menu
 * (the super-app has its own chrome) and keeps a compact back button. The choice lasts for the browsing session,
 * through every in-app link and a reload, until ?embed=0: it is kept in sessionStorage and in each history entry
 * the app makes, since a browser blocking third-party storage refuses sessionStorage to a cross-site frame.
 */
import { signal } from '@preact/signals';

const storageKey = 'hoctap.embed';

/** What the app keeps in the history entries it makes (the router itself keeps nothing there). */
interface EntryState {
  /** How many in-app pages lie behind this one. */
  hoctapDepth?: number;
  hoctapEmbed?: boolean;
}
const entry = () => (history.state as EntryState | null) ?? {};

function remembered(asked: string | null | undefined): boolean {
  const fallback = asked === '1' || (asked !== '0' && (entry().hoctapEmbed ?? false));
  try {
    if (asked === '1') sessionStorage.setItem(storageKey, '1');
    else if (asked === '0') sessionStorage.removeItem(storageKey);
    return sessionStorage.getItem(storageKey) === '1' || fallback;
  } catch {
    return fallback;
  }
}

export const embedded = signal(remembered(new URLSearchParams(location.search).get('embed')));

/** Follows ?embed=1 / ?embed=0 on an in-app navigation too. */
export function followEmbedParam(asked: string | undefined): void {
  if (asked === '1' || asked === '0') {
    embedded.value = remembered(asked);
    history.replaceState({ ...entry(), hoctapEmbed: embedded.value }, '');
  }
}

/**
 * Each history entry the app makes carries its depth, so that the back button never leaves the app: in a frame,
 * history.back() from the frame's first page would move the super-app's own page. The router pushes and replaces
 * with no state of its own, so the app's state goes into that empty state.
 */
export function keepHistoryDepth(): void {
  const push = history.pushState.bind(history);
  const replace = history.replaceState.bind(history);
  history.pushState = (data, unused, url) => push(data ?? ({ hoctapDepth: (entry().hoctapDepth ?? 0) + 1, hoctapEmbed: embedded.peek() } satisfies EntryState), unused, url);
  history.replaceState = (data, unused, url) => replace(data ?? ({ hoctapDepth: entry().hoctapDepth ?? 0, hoctapEmbed: embedded.peek() } satisfies EntryState), unused, url);
  replace({ ...entry(), hoctapDepth: entry().hoctapDepth ?? 0, hoctapEmbed: embedded.peek() }, '');
}

/** Back to the previous in-app page, or home when this is the first one. */
export function goBack(home: () => void): void {
  if ((entry().hoctapDepth ?? 0) > 0) history.back();
  else home();
}
