import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api.js';
import { currentLanguage, setLanguage, t, useLanguage } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { applyLargeText, isLargeText } from '../settings.js';
import { onUpdateReady } from '../sw-registration.js';

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

function Settings() {
  const { me, setMe } = useSession();
  const [largeText, setLargeText] = useState(isLargeText());
  const language = useLanguage();

  const toggleLargeText = () => {
    applyLargeText(!largeText);
    setLargeText(!largeText);
    if (me) api('PATCH', '/api/me', { largeText: !largeText }).then(setMe as never, () => {});
  };
  const switchLanguage = async () => {
    const next = currentLanguage() === 'vi' ? 'en' : 'vi';
    await setLanguage(next);
    if (me) api('PATCH', '/api/me', { language: next }).then(setMe as never, () => {});
  };
  return (
    <div class="settings">
      <button type="button" class="chip" aria-pressed={largeText} onClick={toggleLargeText}>
        <span aria-hidden="true">A+</span> {t('settings.largeText')}
      </button>
      <button type="button" class="chip" onClick={switchLanguage} lang={language === 'vi' ? 'en' : 'vi'}>
        {language === 'vi' ? 'English' : 'Tiếng Việt'}
      </button>
    </div>
  );
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { me } = useSession();
  const { path } = useLocation();
  const online = useOnline();
  const [update, setUpdate] = useState<(() => void) | null>(null);
  useLanguage();
  useEffect(() => onUpdateReady((apply) => setUpdate(() => apply)), []);
  const firstPath = useRef(path);
  useEffect(() => {
    // After client-side navigation, screen readers start at the new page's content.
    if (path !== firstPath.current) document.getElementById('main')?.focus();
  }, [path]);

  return (
    <>
      <a class="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <header class="site-header">
        <a href="/" class="brand">
          {t('app.name')}
        </a>
        <nav aria-label={t('nav.mainMenu')}>
          {me ? (
            <a href="/profile" aria-current={path === '/profile' ? 'page' : undefined}>
              {t('nav.profile')}
            </a>
          ) : me === null ? (
            <a href="/signin" aria-current={path === '/signin' ? 'page' : undefined}>
              {t('nav.signIn')}
            </a>
          ) : null}
        </nav>
      </header>
      <Settings />
      {online ? null : (
        <p class="banner banner--offline" role="status">
          {t('common.offline')}
        </p>
      )}
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
