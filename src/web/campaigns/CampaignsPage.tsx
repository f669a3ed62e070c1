/**
 * Campaigns and their emulation ranking: bars a manager can take in at a
 * glance, the table beside them (for screen readers and for checking), the
 * week's movement, and the printable ranking.
 */
import { rankingColumns } from '../../shared/ranking-columns.js';
import { formatDate } from '../../shared/i18n/format.js';
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { DataTable } from '../ui/DataTable.js';
import { useApi } from '../ui/useApi.js';



export function CampaignsPage() {
  const { data, error } = useApi('GET /api/campaigns');
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  return (
    <>
      <h1>{t('nav.campaigns')}</h1>
      {data.campaigns.length === 0 ? <p>{t('campaigns.none')}</p> : null}
      {data.campaigns.map((c) => (
        <section key={c.id} class="card">
          <h2>
            <a href={`/campaigns/${c.id}`}>{c.title}</a>
          </h2>
          <p class="muted">
            {c.unit.fullName} · {c.groups.length > 0 ? c.groups.map((g) => t(`group.${g as 'official'}`)).join(', ') : t('campaigns.residents')} · {formatDate(language.value, c.startsOn)} – {formatDate(language.value, c.endsOn)} · {t(`campaigns.status.${c.status as 'draft' | 'live' | 'ended'}`)} · {t('campaigns.target', { percent: c.targetPercent })}
          </p>
          {c.description ? <p>{c.description}</p> : null}
        </section>
      ))}
    </>
  );
}

export function CampaignPage({ id }: { id: string }) {
  const { data, error } = useApi('GET /api/campaigns/:id/ranking', { params: { id } });
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  // Units whose figures are suppressed (small groups) are not ranked: the chart shows the ranked ones.
  const top = data.units.flatMap((u) => (typeof u.ofTarget === 'number' ? [{ ...u, ofTarget: u.ofTarget }] : [])).slice(0, 15);
  const max = Math.max(100, ...top.map((u) => u.ofTarget));
  return (
    <div class="wide">
      <p>
        <a href="/campaigns">← {t('nav.campaigns')}</a>
      </p>
      <h1>{data.campaign.title}</h1>
      <p class="muted">
        {t('ranking.asOf', { date: formatDate(language.value, data.asOf) })} · {t('campaigns.target', { percent: data.campaign.targetPercent })}
      </p>
      <p class="actions">
        <a class="button" href={`/api/campaigns/${data.campaign.id}/ranking.pdf`} download>
          {t('campaigns.print')}
        </a>
      </p>
      <section class="card">
        <h2>{t('campaigns.top')}</h2>
        <svg class="chart" viewBox={`0 0 320 ${top.length * 20 + 10}`} role="img" aria-label={t('campaigns.top')}>
          {top.map((u, i) => (
            <g key={u.unit.code}>
              <rect x={120} y={5 + i * 20} width={Math.max(1, (190 * u.ofTarget) / max)} height={14} rx={2} class={u.ofTarget >= 100 ? 'chart__bar--2' : 'chart__bar--0'} />
              <text x={116} y={16 + i * 20} text-anchor="end" class="chart__axis">
                {u.rank}. {u.unit.name}
              </text>
            </g>
          ))}
          <line x1={120 + (190 * 100) / max} x2={120 + (190 * 100) / max} y1={0} y2={top.length * 20 + 10} class="chart__target" />
        </svg>
      </section>
      <section class="card">
        <h2>{t('ranking.title')}</h2>
        <DataTable
          rowHeader={1}
          columns={rankingColumns.map((c) => t(c.header))}
          rows={data.units.map((u) => ({
            key: u.unit.code,
            cells: rankingColumns.map((c) => c.cell(u, language.value)),
          }))}
        />
      </section>
    </div>
  );
}
