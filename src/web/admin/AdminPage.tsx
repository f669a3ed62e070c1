/** The integrations section for admins: one entry per screen, so the menu needs one link only. */
import { t } from '../i18n/i18n.js';

const screens = [
  { href: '/admin/identity', title: 'admin.identity.title', hint: 'integrations.identityHint' },
  { href: '/admin/tokens', title: 'tokens.title', hint: 'integrations.tokensHint' },
  { href: '/admin/webhooks', title: 'webhooks.title', hint: 'integrations.webhooksHint' },
  { href: '/api/docs', title: 'integrations.docs', hint: 'integrations.docsHint' },
] as const;

export function AdminPage() {
  return (
    <>
      <h1>{t('integrations.title')}</h1>
      <p>{t('integrations.intro')}</p>
      <ul class="admin-screens">
        {screens.map((screen) => (
          <li key={screen.href} class="card">
            {/* The API reference is a page of its own, outside the PWA's router: it opens in a new tab. */}
            <a class="button button--secondary" href={screen.href} {...(screen.href.startsWith('/api/') ? { target: '_blank', rel: 'noopener' } : {})}>
              {t(screen.title)}
            </a>
            <p class="muted">{t(screen.hint)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
