import { computed, effect } from '@preact/signals';
import { render } from 'preact';
import { App } from './app.js';
import { keepHistoryDepth } from './embed.js';
import { initLanguage } from './i18n/i18n.js';
import { apiCacheName } from './offline/api-cache.js';
import { keepOutboxSent } from './offline/outbox.js';
import { registerServiceWorker } from './offline/sw-registration.js';
import { session } from './session.js';
import { largeText, setLargeText } from './settings.js';
import './ui/styles.css';

setLargeText(largeText.value);
keepHistoryDepth();
// Progress saved offline goes out as soon as its owner is signed in and a connection is there.
const signedInId = computed(() => session.value?.id);
effect(() => {
  const userId = signedInId.value;
  if (userId === undefined) return undefined;
  // So do practice attempts made offline, and saved courses get their newer published versions (both tried again
  // on their own when the connection returns); loaded apart, since most people never save a course.
  void Promise.all([import('./offline/saved-attempts.js'), import('./offline/saved-courses.js')]).then(([attempts, saved]) => {
    void attempts.sendQueuedAttempts(userId);
    void saved.refreshSavedCourses();
  });
  return keepOutboxSent(userId);
});
// Answers cached for offline reading belong to the person signed in: they go when nobody is (signed out, or the
// session ended on the server), so that the next person on a shared phone never sees them. The outbox stays.
effect(() => {
  if (session.value === null && 'caches' in globalThis) void caches.delete(apiCacheName).catch(() => false);
});
// So do assisted sign-ups a helper made offline (loaded only for helpers: most people never need it).
const helperId = computed(() => (session.value?.grants.some((g) => g.role === 'helper') ? session.value.id : undefined));
effect(() => {
  const id = helperId.value;
  if (id === undefined) return undefined;
  let stop: (() => void) | undefined;
  let stopped = false;
  void import('./assisted/outbox.js').then((m) => {
    if (!stopped) stop = m.keepSignupsSent(id);
  });
  return () => {
    stopped = true;
    stop?.();
  };
});
initLanguage()
  .catch(() => {})
  .then(() => render(<App />, document.getElementById('app')!));
// After the page has loaded: the first visit on 3G downloads what this page needs first, and the service worker
// then fetches the rest for offline use in the background.
const register = () =>
  registerServiceWorker().catch(() => {
    // Without a service worker the app still works online.
  });
if (document.readyState === 'complete') void register();
else addEventListener('load', () => void register(), { once: true });
