/**
 * A unit's dashboard: the figures of its subtree, a funnel and a daily series
 * drawn as charts with their tables beside them (the tables are what screen
 * readers and printouts use), and each child unit to drill down into. This
 * page is its own chunk: the charts load only here.
 */
import type { Static } from 'typebox';
import type { Dashboard } from '../../server/dashboards/dashboards.schema.js';
import { formatDayMonth } from '../../shared/i18n/format.js';
import { chartValue, type Figure, formatFigure, suppressionMarker } from '../../shared/small-groups.js';
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading, ProgressBar } from '../ui/Feedback.js';
import { DataTable } from '../ui/DataTable.js';
import { useApi } from '../ui/useApi.js';
import { session } from '../session.js';
import { SplitChart, TeamChart } from './AssistedCharts.js';

type View = Static<typeof Dashboard>;
/** The funnel, after the people on a members list who have not signed in yet (a figure of its own, not registered). */
const stages = ['listed', 'registered', 'enrolled', 'completed', 'certified'] as const;
/** What the daily series counts per day. */
const seriesKeys = ['registered', 'enrolled', 'completed', 'certified'] as const;
const figureKeys = ['members', 'registered', 'listed', 'active7d', 'enrolled', 'completed', 'certified'] as const;
/** The drill-down's columns: the figures, then the assisted share of three of them. */
const childKeys = [...figureKeys, 'registeredAssisted', 'active7dAssisted', 'completedAssisted'] as const;
const number = (n: Figure) => formatFigure(language.value, n);
const dayLabel = (iso: string) => formatDayMonth(language.value, iso);

export function DashboardPage({ code }: { code: string }) {
  const me = session.value;
  const { data, error } = useApi('GET /api/units/:code/dashboard', { params: { code } });
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const { totals } = data;
  const suppressed = suppressionMarker([totals, data.children, data.groups, data.teams, data.series]);
  return (
    <div class="wide">
      <h1>{t('dashboard.title', { unit: data.unit.fullName })}</h1>
      <p class="muted">{t('dashboard.period', { from: dayLabel(data.period.from), to: dayLabel(data.period.to) })}</p>
      <p class="actions">
        <a class="button" href={`/api/units/${encodeURIComponent(code)}/dashboard.xlsx`} download>
          {t('dashboard.downloadExcel')}
        </a>
        <a class="button button--secondary" href={`/api/units/${encodeURIComponent(code)}/dashboard.pdf`} download>
          {t('dashboard.downloadPdf')}
        </a>
        {me?.grants.some((g) => g.role === 'manager') ? (
          <a class="button button--secondary" href={`/members/${encodeURIComponent(code)}`}>
            {t('members.title')}
          </a>
        ) : null}
        {me?.grants.some((g) => g.role === 'manager' || g.role === 'admin') && !['province', 'hamlet'].includes(data.unit.kind) ? (
          <a class="button button--secondary" href={`/teams/${encodeURIComponent(code)}`}>
            {t('teams.link')}
          </a>
        ) : null}
        {me?.grants.some((g) => g.role === 'manager') ? (
          <a class="button button--secondary" href={`/units/${encodeURIComponent(code)}/invitations`}>
            {t('invitations.unitTitle')}
          </a>
        ) : null}
        {me?.grants.some((g) => g.role === 'manager') ? (
          <a class="button button--secondary" href={`/review/${encodeURIComponent(code)}`}>
            {t('review.title')}
          </a>
        ) : null}
        {me?.grants.some((g) => g.role === 'manager') ? (
          <a class="button button--secondary" href={`/units/${encodeURIComponent(code)}/tasks`}>
            {t('nav.unitTasks')}
          </a>
        ) : null}
      </p>
      <dl class="figures">
        {figureKeys.map((key) => (
          <div key={key} class="figure">
            <dt>{t(`dashboard.${key}`)}</dt>
            <dd>{number(totals[key])}</dd>
          </div>
        ))}
      </dl>

      {suppressed ? <p class="muted">{t('dashboard.suppressedNote', { below: suppressed })}</p> : null}
      {data.campaigns.map((c) => (
        <section key={c.id} class="card">
          <h2>
            <a href={`/campaigns/${c.id}`}>{c.title}</a>
          </h2>
          <ProgressBar percent={Math.min(100, Math.round(c.ofTarget))} label={t('dashboard.ofTarget', { achieved: number(c.achievedPercent), target: c.targetPercent, ofTarget: number(c.ofTarget), rank: c.rank })} />
        </section>
      ))}
      <section class="card">
        <h2>{t('dashboard.funnel')}</h2>
        <div class="chart-with-table">
          <svg class="chart" viewBox={`0 0 320 ${stages.length * 46 + 4}`} role="img" aria-labelledby="funnel-caption">
            {stages.map((stage, i) => {
              const widest = Math.max(chartValue(totals.listed), chartValue(totals.registered), chartValue(totals.enrolled));
              const width = widest === 0 ? 0 : (300 * chartValue(totals[stage])) / widest;
              const y = 4 + i * 46;
              // Each bar named with its stage and figure above it: the colours only repeat what the words say.
              return (
                <g key={stage}>
                  <text x={10} y={y + 13} class="chart__name">
                    {t('dashboard.chartStageLabel', { stage: t(`dashboard.${stage}`), count: number(totals[stage]) })}
                  </text>
                  <rect x={10} y={y + 18} width={Math.max(2, width)} height={22} rx={3} class={`chart__bar chart__bar--${i}`} />
                </g>
              );
            })}
          </svg>
          <table>
            <caption id="funnel-caption">{t('dashboard.funnel')}</caption>
            <tbody>
              {stages.map((stage) => (
                <tr key={stage}>
                  <th scope="row">{t(`dashboard.${stage}`)}</th>
                  <td>{number(totals[stage])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section class="card">
        <h2>{t('dashboard.split')}</h2>
        <p class="muted">{t('dashboard.splitNote')}</p>
        <SplitChart figures={totals} />
      </section>

      {data.teams.length > 0 ? (
        <section class="card">
          <h2>{t('dashboard.teams')}</h2>
          <TeamChart teams={data.teams} />
        </section>
      ) : null}

      <section class="card">
        <h2>{t('dashboard.daily')}</h2>
        <Series series={data.series} />
      </section>

      {data.groups.length > 0 ? (
        <section class="card">
          <h2>{t('dashboard.byGroup')}</h2>
          <DataTable
            columns={[t('dashboard.group'), t('dashboard.members'), t('dashboard.completed')]}
            rows={data.groups.map((g) => ({ key: g.group, cells: [t(`group.${g.group as 'official'}`), number(g.members), number(g.completed)] }))}
          />
        </section>
      ) : null}
      {data.children.length > 0 ? (
        <section class="card">
          <h2>{t('dashboard.children')}</h2>
          <DataTable
            columns={[t('dashboard.unit'), ...childKeys.map((key) => t(`dashboard.${key}`))]}
            rows={data.children.map((c) => ({
              key: c.unit.code,
              cells: [<a href={`/dashboard/${encodeURIComponent(c.unit.code)}`}>{c.unit.fullName}</a>, ...childKeys.map((key) => number(c[key]))],
            }))}
          />
        </section>
      ) : null}
    </div>
  );
}

/** Two lines told apart by their stroke (solid, dashed) and named in the key under them, not by colour alone. */
function Series({ series }: { series: View['series'] }) {
  const max = Math.max(1, ...series.map((d) => Math.max(chartValue(d.enrolled), chartValue(d.completed))));
  const step = 300 / Math.max(1, series.length);
  const line = (key: 'enrolled' | 'completed') => series.map((d, i) => `${10 + i * step + step / 2},${130 - (110 * chartValue(d[key])) / max}`).join(' ');
  return (
    <div class="chart-with-table">
      <svg class="chart" viewBox="0 0 320 172" role="img" aria-label={t('dashboard.daily')}>
        <polyline points={line('enrolled')} class="chart__line chart__line--0" />
        <polyline points={line('completed')} class="chart__line chart__line--2 chart__line--dashed" />
        <text x={10} y={146} class="chart__axis">
          {dayLabel(series[0]?.day ?? '')}
        </text>
        <text x={310} y={146} text-anchor="end" class="chart__axis">
          {dayLabel(series.at(-1)?.day ?? '')}
        </text>
        <line x1={10} y1={163} x2={34} y2={163} class="chart__line chart__line--0" />
        <text x={40} y={167} class="chart__name">
          {t('dashboard.enrolled')}
        </text>
        <line x1={170} y1={163} x2={194} y2={163} class="chart__line chart__line--2 chart__line--dashed" />
        <text x={200} y={167} class="chart__name">
          {t('dashboard.completed')}
        </text>
      </svg>
      <details>
        <summary>{t('dashboard.showTable')}</summary>
        <DataTable
          columns={[t('dashboard.day'), ...seriesKeys.map((key) => t(`dashboard.${key}`))]}
          rows={series.map((d) => ({ key: d.day, cells: [dayLabel(d.day), ...seriesKeys.map((key) => number(d[key]))] }))}
        />
      </details>
    </div>
  );
}
