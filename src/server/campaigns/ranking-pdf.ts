import { translate } from '../../shared/i18n/translate.js';
import { formatDate } from '../../shared/i18n/format.js';
import { rankingColumns } from '../../shared/ranking-columns.js';
import { madeAt, tablePdf } from '../dashboards/dashboards.service.js';
import type { Ranking } from './campaigns.schema.js';

const label = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('vi', key, params);

/** The printable "bảng xếp hạng" of a campaign: the web page's columns. */
export function rankingPdf(ranking: Ranking, now: number): Promise<Buffer> {
  return tablePdf({
    title: `${label('ranking.title')}: ${ranking.campaign.title}`,
    subtitle: `${ranking.campaign.unit.fullName} · ${label('ranking.asOf', { date: formatDate('vi', ranking.asOf) })} · ${label('export.generatedAt')}: ${madeAt(now)}`,
    header: rankingColumns.map((c) => label(c.header)),
    rows: ranking.units.map((u) => rankingColumns.map((c) => c.cell(u, 'vi'))),
    widths: [36, 160, 84, 60, 58, 58, 56, 110, 76, 72],
    // The rank and the unit's name; the rest are figures.
    textColumns: 2,
  });
}
