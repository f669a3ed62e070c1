import { t, useLanguage } from '../i18n/i18n.js';
import { useSession } from '../session.js';

export function HomePage() {
  useLanguage();
  const { me } = useSession();
  if (me === undefined) return <p class="muted">{t('common.loading')}</p>;
  if (!me) {
    return (
      <>
        <h1>{t('home.welcome')}</h1>
        <p>{t('home.intro')}</p>
        <a class="button" href="/signup">
          {t('home.getStarted')}
        </a>
        <a class="button button--secondary" href="/signin">
          {t('home.haveAccount')}
        </a>
        <p class="muted">{t('app.tagline')}</p>
      </>
    );
  }
  return (
    <>
      <h1>{t('home.greeting', { name: me.fullName })}</h1>
      <p>{t('home.signedInIntro')}</p>
      {me.grants.length > 0 ? (
        <section class="card">
          <h2>{t('home.yourRoles')}</h2>
          <ul class="role-list">
            {me.grants.map((g) => (
              <li key={g.id}>{t('home.roleOnUnit', { role: t(`role.${g.role}`), unit: g.unit.fullName })}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
