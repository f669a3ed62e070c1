import { computed, effect } from '@preact/signals';
import { render } from 'preact';
import { App } from './app.js';
import { keepHistoryDepth } from './embed.js';
import { initLanguage } from './i18n/i18n.js';
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
  return userId === undefined ? undefined : keepOutboxSent(userId);
});
initLanguage()
  .catch(() => {})
  .then(() => render(<App />, document.getElementById('app')!));
registerServiceWorker().catch(() => {
  // Without a service worker the app still works online.
});
