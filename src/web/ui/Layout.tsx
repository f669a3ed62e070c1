import { languageNames } from '../../shared/i18n/own-language.js';
import { type Language, languages, watcherRoles } from '../../shared/limits.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, overloaded } from '../api.js';
import { signInHref } from '../auth/return-path.js';
import { embedded, followEmbedParam, goBack } from '../embed.js';
import { language, setLanguage, t } from '../i18n/i18n.js';
import { type Me, session } from '../session.js';
import { largeText, setLargeText } from '../settings.js';
import { pendingCount, sendFailing } from '../offline/outbox.js';
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
  const switchLanguage = async (next: Language) => {
    await setLanguage(next);
    saveOnAccount({ language: next });
  };
  return (
    <div class="settings">
      <button type="button" class="chip" aria-pressed={largeText.value} onClick={toggleLargeText}>
        {t('settings.largeText')}
      </button>
      <select class="language-select" aria-label={t('settings.language')} value={language.value} lang={language.value} onChange={(e) => void switchLanguage((e.target as HTMLSelectElement).value as Language)}>
        {languages.map((code) => (
          <option key={code} value={code} lang={code}>
            {languageNames[code]}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Progress waiting to be sent: a small mark that never moves the page (in the menu, a badge over "my learning"'s icon,
 * which takes no room); the full sentence for screen readers.
 */
function PendingMark({ count, badge = false }: { count: number; badge?: boolean }) {
  if (count === 0) return null;
  return (
    <span class="pending-mark" role="status">
      {badge ? null : <span aria-hidden="true">⟳ {count}</span>}
      <span class="visually-hidden">{t('learning.pending', { count })}</span>
    </span>
  );
}

const icons = {
  home: 'M3 11 12 3l9 8M5 10v10h5v-6h4v6h5V10',
  courses: 'M4 5h7a2 2 0 0 1 2 2v13a2 2 0 0 0-2-2H4zM20 5h-5a2 2 0 0 0-2 2v13a2 2 0 0 1 2-2h5z',
  learning: 'M6 3h12v18l-6-4-6 4z',
  help: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14M12 17h.01',
  signIn: 'M15 3h4a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-4M10 17l5-5-5-5M15 12H3',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
} as const;

function Icon({ name }: { name: keyof typeof icons }) {
  return (
    <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={icons[name]} />
    </svg>
  );
}

interface Entry {
  href: string;
  label: string;
  current: boolean;
}

/**
 * The platform's own header and menu, left out in embed mode. One row of the learner's main places (icon and word),
 * everything else (other roles' pages, certificates, account) behind "Thêm", so that the first screen stays the page's.
 */
function Chrome({ me, path, pending }: { me: Me | null | undefined; path: string; pending: number }) {
  const more = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (more.current) more.current.open = false;
  }, [path]);
  // The unit whose dashboard the person watches: their first manager, campaign lead or admin grant.
  const watchedUnit = me?.grants.find((g) => (watcherRoles as readonly string[]).includes(g.role))?.unit.code;
  const has = (role: string) => me?.grants.some((g) => g.role === role) ?? false;
  const entry = (href: string, label: string, current = path.startsWith(href)): Entry => ({ href, label, current });
  const extra: Entry[] = me
    ? [
        ...(has('author') ? [entry('/author', t('nav.author'))] : []),
        ...(has('organiser') ? [entry('/organise', t('nav.events'))] : []),
        ...(has('helper') ? [entry('/helper', t('nav.helper'))] : []),
        ...(watchedUnit ? [entry(`/dashboard/${encodeURIComponent(watchedUnit)}`, t('nav.dashboard'), path.startsWith('/dashboard')), entry('/campaigns', t('nav.campaigns'))] : []),
        ...(has('admin') || has('manager') ? [entry('/people', t('nav.people'))] : []),
        ...(has('admin') ? [entry('/admin/units', t('orgs.title'), path.startsWith('/admin/units'))] : []),
        ...(has('admin') ? [entry('/admin', t('integrations.title'))] : []),
        ...(has('auditor') ? [entry('/audit', t('nav.audit'))] : []),
        entry('/certificates', t('nav.certificates'), path === '/certificates'),
        entry('/profile', t('nav.profile'), path === '/profile'),
      ]
    : [];
  const link = (icon: keyof typeof icons, { href, label, current }: Entry, badge?: number) => (
    <a href={href} aria-current={current ? 'page' : undefined}>
      <Icon name={icon} />
      {label}
      {badge ? (
        <span class="nav-badge" aria-hidden="true">
          ⟳ {badge}
        </span>
      ) : null}
    </a>
  );
  return (
    <>
      <header class="site-header">
        <a href="/" class="brand">
          {t('app.name')}
        </a>
        <PendingMark count={pending} badge={Boolean(me)} />
        <Settings />
      </header>
      <nav class="main-nav" aria-label={t('nav.mainMenu')}>
        {link('home', entry('/', t('nav.home'), path === '/'))}
        {link('courses', entry('/courses', t('nav.courses')))}
        {me ? link('learning', entry('/learning', t('nav.learning')), pending) : null}
        {me ? link('help', entry('/help', t('nav.help'), path === '/help')) : null}
        {me === null ? link('signIn', entry(signInHref(), t('nav.signIn'), path === '/signin')) : null}
        {extra.length > 0 ? (
          <details class="more-menu" ref={more}>
            <summary aria-current={extra.some((e) => e.current) ? 'page' : undefined}>
              <Icon name="more" />
              {t('nav.more')}
            </summary>
            <ul>
              {extra.map(({ href, label, current }) => (
                <li key={href}>
                  <a href={href} aria-current={current ? 'page' : undefined}>
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </details>
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
          <PendingMark count={pending} />
          <Settings />
        </nav>
      ) : (
        <Chrome me={me} path={path} pending={pending} />
      )}
      {/* Notices float over the page's top edge instead of pushing it down after it has been laid out. */}
      <div class="notices">
        {online ? null : (
          <p class="banner banner--offline" role="status">
            {t('common.offline')}
          </p>
        )}
        {overloaded.value ? (
          <p class="banner" role="status">
            {t('common.overloaded')}
          </p>
        ) : null}
        {pending > 0 && sendFailing.value ? (
          <p class="banner" role="alert">
            {t('offline.sendFailing')}
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
      </div>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
