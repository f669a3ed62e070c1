import { type Language, watcherRoles } from '../../shared/limits.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api.js';
import { signInHref } from '../auth/return-path.js';
import { embedded, followEmbedParam, goBack } from '../embed.js';
import { language, setLanguage, t } from '../i18n/i18n.js';
import { type Me, session } from '../session.js';
import { largeText, setLargeText } from '../settings.js';
import { pendingCount } from '../offline/outbox.js';
import { updateReady } from '../offline/sw-registration.js';

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** Saves a setting on the account too, so that it follows the person to another phone. */
function saveOnAccount(change: { largeText: boolean } | { language: Language }): void {
  if (session.value) {
    api('PATCH /api/me', { body: change }).then(
      (me) => {
        session.value = me;
      },
      () => {},
    );
  }
}

function Settings() {
  const toggleLargeText = () => {
    setLargeText(!largeText.value);
    saveOnAccount({ largeText: largeText.value });
  };
  const switchLanguage = async () => {
    const next = language.value === 'vi' ? 'en' : 'vi';
    await setLanguage(next);
    saveOnAccount({ language: next });
  };
  const other = language.value === 'vi' ? 'en' : 'vi';
  return (
    <div class="settings">
      <button type="button" class="chip" aria-pressed={largeText.value} aria-label={t('settings.largeText')} title={t('settings.largeText')} onClick={toggleLargeText}>
        A+
      </button>
      <button type="button" class="chip" onClick={switchLanguage} lang={other} aria-label={other === 'en' ? 'English' : 'Tiếng Việt'}>
        {other.toUpperCase()}
      </button>
    </div>
  );
}

/** The platform's own header and menu, left out in embed mode. */
function Chrome({ me, path }: { me: Me | null | undefined; path: string }) {
  // The unit whose dashboard the person watches: their first manager, campaign lead or admin grant.
  const watchedUnit = me?.grants.find((g) => (watcherRoles as readonly string[]).includes(g.role))?.unit.code;
  return (
    <>
      <header class="site-header">
        <a href="/" class="brand">
          {t('app.name')}
        </a>
        <Settings />
      </header>
      <nav class="main-nav" aria-label={t('nav.mainMenu')}>
        <a href="/" aria-current={path === '/' ? 'page' : undefined}>
          {t('nav.home')}
        </a>
        <a href="/courses" aria-current={path.startsWith('/courses') ? 'page' : undefined}>
          {t('nav.courses')}
        </a>
        {me?.grants.some((g) => g.role === 'author') ? (
          <a href="/author" aria-current={path.startsWith('/author') ? 'page' : undefined}>
            {t('nav.author')}
          </a>
        ) : null}
        {me?.grants.some((g) => g.role === 'organiser') ? (
          <a href="/organise" aria-current={path.startsWith('/organise') ? 'page' : undefined}>
            {t('nav.events')}
          </a>
        ) : null}
        {me?.grants.some((g) => g.role === 'helper') ? (
          <a href="/helper" aria-current={path.startsWith('/helper') ? 'page' : undefined}>
            {t('nav.helper')}
          </a>
        ) : null}
        {watchedUnit ? (
          <a href={`/dashboard/${encodeURIComponent(watchedUnit)}`} aria-current={path.startsWith('/dashboard') ? 'page' : undefined}>
            {t('nav.dashboard')}
          </a>
        ) : null}
        {watchedUnit ? (
          <a href="/campaigns" aria-current={path.startsWith('/campaigns') ? 'page' : undefined}>
            {t('nav.campaigns')}
          </a>
        ) : null}
        {me?.grants.some((g) => g.role === 'admin') ? (
          <a href="/admin" aria-current={path.startsWith('/admin') ? 'page' : undefined}>
            {t('integrations.title')}
          </a>
        ) : null}
        {me ? (
          <a href="/help" aria-current={path === '/help' ? 'page' : undefined}>
            {t('nav.help')}
          </a>
        ) : null}
        {me ? (
          <a href="/certificates" aria-current={path === '/certificates' ? 'page' : undefined}>
            {t('nav.certificates')}
          </a>
        ) : null}
        {me ? (
          <a href="/profile" aria-current={path === '/profile' ? 'page' : undefined}>
            {t('nav.profile')}
          </a>
        ) : me === null ? (
          <a href={signInHref()} aria-current={path === '/signin' ? 'page' : undefined}>
            {t('nav.signIn')}
          </a>
        ) : null}
      </nav>
    </>
  );
}

export function Layout({ children }: { children: ComponentChildren }) {
  const me = session.value;
  const { path, query, route } = useLocation();
  const online = useOnline();
  const update = updateReady.value;
  const pending = pendingCount.value;
  const firstPath = useRef(path);
  useEffect(() => {
    // After client-side navigation, screen readers start at the new page's content.
    if (path !== firstPath.current) document.getElementById('main')?.focus();
  }, [path]);
  useEffect(() => followEmbedParam(query.embed), [query.embed]);

  return (
    <>
      <a class="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      {embedded.value ? (
        // Inside the super-app, whose own chrome has the title and a close button: only a way back, and the reading settings.
        <nav class="embed-bar" aria-label={t('embed.bar')}>
          {path === '/' ? null : (
            <button type="button" class="embed-bar__back" onClick={() => goBack(() => route('/'))}>
              <span aria-hidden="true">←</span> {t('common.back')}
            </button>
          )}
          <Settings />
        </nav>
      ) : (
        <Chrome me={me} path={path} />
      )}
      {online ? null : (
        <p class="banner banner--offline" role="status">
          {t('common.offline')}
        </p>
      )}
      {pending > 0 ? (
        <p class="banner" role="status">
          {t('learning.pending', { count: pending })}
        </p>
      ) : null}
      {update ? (
        <p class="banner" role="status">
          {t('common.updateReady')}{' '}
          <button type="button" class="link-button" onClick={update}>
            {t('common.updateNow')}
          </button>
        </p>
      ) : null}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
