/** A helper's own figures: how many people they signed up, and the learners of their teams (chart and table). */
import { formatNumber } from '../../shared/i18n/format.js';
import { TeamChart } from '../dashboards/AssistedCharts.js';
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useApi } from '../ui/useApi.js';
import { CreditTables } from './CreditTable.js';

export function HelperFiguresPage() {
  const { data, error } = useApi('GET /api/helper/figures');
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const number = (n: number) => formatNumber(language.value, n);
  return (
    <div class="wide">
      <p>
        <a href="/helper">← {t('helperFigures.back')}</a>
      </p>
      <h1>{t('helperFigures.title')}</h1>
      <dl class="figures">
        <div class="figure">
          <dt>{t('helperFigures.mySignups')}</dt>
          <dd>{number(data.signups)}</dd>
        </div>
        <div class="figure">
          <dt>{t('helperFigures.last30')}</dt>
          <dd>{number(data.signupsLast30Days)}</dd>
        </div>
      </dl>
      <section class="card">
        <h2>{t('dashboard.teams')}</h2>
        {data.teams.length === 0 ? <p>{t('helperFigures.noTeam')}</p> : <TeamChart teams={data.teams} />}
      </section>
      <section class="card">
        <h2>{t('credit.title30')}</h2>
        <CreditTables teams={data.credit} />
      </section>
    </div>
  );
}
