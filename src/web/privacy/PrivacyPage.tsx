import { privacyNoticeVersion } from '../../shared/privacy.js';
import { t } from '../i18n/i18n.js';

export function PrivacyPage() {
  return (
    <article class="card">
      <h1>{t('privacy.title')}</h1>
      <p class="muted">{t('privacy.version', { version: privacyNoticeVersion })}</p>
      <p>{t('privacy.body1')}</p>
      <p>{t('privacy.body2')}</p>
      <p>{t('privacy.body3')}</p>
      {/* Where those rights are exercised: the profile's own section (a signed-out reader is asked to sign in first). */}
      <a class="button button--secondary" href="/profile">
        {t('myData.title')}
      </a>
    </article>
  );
}
