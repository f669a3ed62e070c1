import { useEffect } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, Route, Router } from 'preact-iso';
import { isSignInPage } from '../shared/return-path.js';
import { api, ApiError } from './api.js';
import { signedInOnly } from './auth/return-path.js';
import { setLanguage, t } from './i18n/i18n.js';
import { routes } from './routes.js';
import { keptSession, type Me, session, sessionOffline } from './session.js';
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

function signedIn(who: Me, offline: boolean): void {
  session.value = who;
  sessionOffline.value = offline;
  // Settings saved on the account follow the person to a new phone.
  setLargeText(who.largeText);
  setLanguage(who.language).catch(() => {});
}

/**
 * Asks the server who is signed in. Without an answer (no network, the server down), the app opens as the person
 * last signed in on this phone, from the copy session.ts keeps, and asks again until the server answers.
 */
function useSession(): void {
  useEffect(() => {
    let retry: ReturnType<typeof setInterval> | undefined;
    const stopRetrying = () => {
      clearInterval(retry);
      removeEventListener('online', ask);
      removeEventListener('focus', ask);
    };
    function ask(): void {
      api('GET /api/me').then(
        (who) => {
          stopRetrying();
          signedIn(who, false);
        },
        (error: unknown) => {
          const unreachable = error instanceof ApiError && (error.status === 0 || error.status >= 500);
          const kept = unreachable ? keptSession() : null;
          if (!kept) {
            stopRetrying();
            session.value = null;
            return;
          }
          if (session.peek() === undefined) signedIn(kept, true);
          else sessionOffline.value = true;
          if (retry === undefined) {
            retry = setInterval(ask, 15_000);
            addEventListener('online', ask);
            addEventListener('focus', ask);
          }
        },
      );
    }
    ask();
    return stopRetrying;
  }, []);
}

export function App() {
  useSession();
  return (
    <LocationProvider>
      <ErrorBoundary>
        <Layout>
          {sessionOffline.value ? (
            <p class="muted" role="status">
              {t('offline.keptSession')}
            </p>
          ) : null}
          <Router>
            {[...pages.map((r) => <Route key={r.path} path={r.path} component={r.component} />), <Route key="404" default component={NotFound} />]}
          </Router>
        </Layout>
      </ErrorBoundary>
    </LocationProvider>
  );
}
