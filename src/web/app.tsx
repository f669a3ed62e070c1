import { useEffect } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, Route, Router } from 'preact-iso';
import { isSignInPage } from '../shared/return-path.js';
import { api } from './api.js';
import { signedInOnly } from './auth/return-path.js';
import { setLanguage, t } from './i18n/i18n.js';
import { routes } from './routes.js';
import { session } from './session.js';
import { setLargeText } from './settings.js';
import { Layout } from './ui/Layout.js';

function NotFound() {
  return (
    <>
      <h1>{t('common.notFoundTitle')}</h1>
      <p>{t('common.notFoundBody')}</p>
      <a href="/">{t('nav.home')}</a>
    </>
  );
}

// Wrapped once, here: a new wrapper on every render would remount the page.
const pages = routes.map((r) => ({ path: r.path, component: r.public || isSignInPage(r.path) ? r.component : signedInOnly(r.component) }));

export function App() {
  useEffect(() => {
    api('GET /api/me').then(
      (who) => {
        session.value = who;
        // Settings saved on the account follow the person to a new phone.
        setLargeText(who.largeText);
        setLanguage(who.language).catch(() => {});
      },
      () => {
        session.value = null;
      },
    );
  }, []);

  return (
    <LocationProvider>
      <ErrorBoundary>
        <Layout>
          <Router>
            {[...pages.map((r) => <Route key={r.path} path={r.path} component={r.component} />), <Route key="404" default component={NotFound} />]}
          </Router>
        </Layout>
      </ErrorBoundary>
    </LocationProvider>
  );
}
