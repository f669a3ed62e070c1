import { render } from 'preact';
import { App } from './app.js';
import { initLanguage } from './i18n/i18n.js';
import { applyLargeText, isLargeText } from './settings.js';
import { registerServiceWorker } from './sw-registration.js';
import './ui/styles.css';

applyLargeText(isLargeText());
initLanguage()
  .catch(() => {})
  .then(() => render(<App />, document.getElementById('app')!));
registerServiceWorker().catch(() => {
  // Without a service worker the app still works online.
});
