/**
 * Embed mode, for the super-app's web view or frame: opened with ?embed=1, the PWA drops its own header and menu
 * (the super-app has its own chrome) and keeps a compact back button. The choice lasts for the browsing session
 * (sessionStorage, so every in-app link and a reload keep it) until ?embed=0.
 */
import { signal } from '@preact/signals';

const storageKey = 'hoctap.embed';

function remembered(asked: string | null): boolean {
  try {
    if (asked === '1') sessionStorage.setItem(storageKey, '1');
    else if (asked === '0') sessionStorage.removeItem(storageKey);
    return sessionStorage.getItem(storageKey) === '1';
  } catch {
    // Storage refused (some web views): the mode lasts as long as the page.
    return asked === '1' || (asked !== '0' && embedded.peek());
  }
}

export const embedded = signal(false);
embedded.value = remembered(new URLSearchParams(location.search).get('embed'));

/** Follows ?embed=1 / ?embed=0 on an in-app navigation too. */
export function followEmbedParam(asked: string | undefined): void {
  if (asked === '1' || asked === '0') embedded.value = remembered(asked);
}

interface DepthState {
  hoctapDepth?: number;
}
const depthNow = () => (history.state as DepthState | null)?.hoctapDepth ?? 0;

/**
 * Each history entry the app makes carries how many in-app pages lie behind it, so that the back button never
 * leaves the app: in a frame, history.back() from the frame's first page would move the super-app's own page.
 * The router pushes and replaces with no state of its own, so the depth goes into that empty state.
 */
export function keepHistoryDepth(): void {
  const push = history.pushState.bind(history);
  const replace = history.replaceState.bind(history);
  history.pushState = (data, unused, url) => push(data ?? ({ hoctapDepth: depthNow() + 1 } satisfies DepthState), unused, url);
  history.replaceState = (data, unused, url) => replace(data ?? ({ hoctapDepth: depthNow() } satisfies DepthState), unused, url);
}

/** Back to the previous in-app page, or home when this is the first one. */
export function goBack(home: () => void): void {
  if (depthNow() > 0) history.back();
  else home();
}
