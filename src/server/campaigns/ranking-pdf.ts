import { translate } from '../../shared/i18n/translate.js';
import { formatDate, formatNumber, formatPercent } from '../../shared/i18n/format.js';
import { madeAt, tablePdf } from '../dashboards/dashboards.service.js';
import type { campaignRanking } from './campaigns.service.js';

const label = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('vi', key, params);
const number = (n: number) => formatNumber('vi', n);
const percent = (n: number) => formatPercent('vi', n);
const signed = (n: number) => (n > 0 ? `+${number(n)}` : number(n));

/** The printable "bảng xếp hạng" of a campaign. */
export function rankingPdf(ranking: Awaited<ReturnType<typeof campaignRanking>>, now: number): Promise<Buffer> {
  return tablePdf({
    title: `${label('ranking.title')}: ${ranking.campaign.title}`,
    subtitle: `${ranking.campaign.unit.fullName} · ${label('ranking.asOf', { date: formatDate('vi', ranking.asOf) })} · ${label('export.generatedAt')}: ${madeAt(now)}`,
    header: [label('ranking.rank'), label('dashboard.unit'), label('ranking.comparableGroup'), label('ranking.residents'), label('dashboard.completed'), label('ranking.achieved'), label('ranking.target'), label('ranking.targetSetBy'), label('ranking.ofTarget'), label('ranking.trend')],
    rows: ranking.units.map((u) => [
      String(u.rank),
      u.unit.fullName,
      label(`ranking.group.${u.comparableGroup as 'commune'}`),
      number(u.people),
      number(u.completed),
      percent(u.achievedPercent),
      percent(u.targetPercent),
      u.targetSetBy ? u.targetSetBy.name : label('ranking.targetOfCampaign'),
      percent(u.ofTarget),
      `${signed(u.trend.ofTarget)} / ${signed(u.trend.rank)}`,
    ]),
    widths: [36, 160, 84, 60, 58, 58, 56, 110, 76, 72],
  });
}
