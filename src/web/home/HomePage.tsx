import { watcherRoles } from '../../shared/limits.js';
import { t } from '../i18n/i18n.js';
import { ContinueCard, LearningList } from '../learning/LearningPage.js';
import { session } from '../session.js';
import { Later } from '../ui/Later.js';
import { useApi } from '../ui/useApi.js';
import { learningWithPending, useWithPending } from '../offline/with-pending.js';

/** The latest news, below the main content: the home page's first screen and JS budget stay as they were. */
const loadNews = () => import('../news/LatestNews.js').then((m) => m.LatestNews);
/** Weekly reports made for those who scheduled them: only watchers of units load it. */
const loadReportNotices = () => import('./ReportNotices.js').then((m) => m.ReportNotices);

function SignedInHome({ name, helper, watcher }: { name: string; helper: boolean; watcher: boolean }) {
  const data = useWithPending(useApi('GET /api/me/learning'), learningWithPending);
  const [current, ...others] = data?.courses ?? [];
  return (
    <>
      <h1>{t('home.greeting', { name })}</h1>
      {watcher ? <Later load={loadReportNotices} /> : null}
      {helper ? (
        <a class="button" href="/helper">
          {t('helper.title')}
        </a>
      ) : null}
      {current ? <ContinueCard course={current} /> : <p>{t('learning.none')}</p>}
      {others.length > 0 ? (
        <>
          <h2>{t('learning.title')}</h2>
          <LearningList courses={others} />
        </>
      ) : null}
      <a class="button button--secondary" href="/courses">
        {t('learning.browse')}
      </a>
      <a class="button button--secondary" href="/help">
        {t('nav.help')}
      </a>
      <a class="button button--secondary" href="/invitations">
        {t('invitations.mine')}
      </a>
      <Later load={loadNews} />
    </>
  );
}

export function HomePage() {
  const me = session.value;
  if (me === undefined) return <p class="muted">{t('common.loading')}</p>;
  if (me) return <SignedInHome name={me.fullName} helper={me.grants.some((g) => g.role === 'helper')} watcher={me.grants.some((g) => (watcherRoles as readonly string[]).includes(g.role))} />;
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
      <a class="button button--secondary" href="/courses">
        {t('learning.browse')}
      </a>
      <p class="muted">{t('app.tagline')}</p>
      <Later load={loadNews} />
    </>
  );
}
