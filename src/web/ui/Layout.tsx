import { watcherRoles } from '../../shared/limits.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api.js';
import { currentLanguage, setLanguage, t, useLanguage } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { applyLargeText, isLargeText } from '../settings.js';
import { flushOutbox, onOutboxChange, pendingCount } from '../learning/outbox.js';
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
      <button type="button" class="chip" aria-pressed={largeText} aria-label={t('settings.largeText')} title={t('settings.largeText')} onClick={toggleLargeText}>
        A+
      </button>
      <button type="button" class="chip" onClick={switchLanguage} lang={language === 'vi' ? 'en' : 'vi'} aria-label={language === 'vi' ? 'English' : 'Tiếng Việt'}>
        {language === 'vi' ? 'EN' : 'VI'}
      </button>
    </div>
  );
}

/** Sends progress saved offline as soon as the person and a connection are there, and counts what still waits. */
function usePendingProgress(userId: number | undefined): number {
  const [pending, setPending] = useState(0);
  useEffect(() => {
    if (!userId) return;
    const update = () => setPending(pendingCount(userId));
    const flush = () => flushOutbox(userId).finally(update);
    update();
    flush();
    const stop = onOutboxChange(update);
    addEventListener('online', flush);
    // "Online" on a phone often means a Wi-Fi without internet: keep trying quietly while anything waits.
    const retry = setInterval(() => pendingCount(userId) > 0 && flush(), 30_000);
    return () => {
      stop();
      removeEventListener('online', flush);
      clearInterval(retry);
    };
  }, [userId]);
  return pending;
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { me } = useSession();
  const { path } = useLocation();
  const online = useOnline();
  const [update, setUpdate] = useState<(() => void) | null>(null);
  const pending = usePendingProgress(me?.id);
  // The unit whose dashboard the person watches: their first manager, campaign lead or admin grant.
  const watchedUnit = me?.grants.find((g) => (watcherRoles as readonly string[]).includes(g.role))?.unit.code;
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
          <a href="/signin" aria-current={path === '/signin' ? 'page' : undefined}>
            {t('nav.signIn')}
          </a>
        ) : null}
      </nav>
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
