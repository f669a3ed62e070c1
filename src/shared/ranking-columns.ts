/**
 * The columns of a campaign's ranking table, defined once: the web page and
 * the printable PDF show the same headers and the same cells.
 */
import { formatNumber, formatPercent } from './i18n/format.js';
import { type MessageKey, translate } from './i18n/translate.js';
import type { Language } from './limits.js';

/** One ranked unit, as GET /api/campaigns/:id/ranking returns it. */
export interface RankingRow {
  rank: number;
  comparableGroup: string;
  unit: { fullName: string };
  people: number;
  completed: number;
  achievedPercent: number;
  targetPercent: number;
  targetSetBy: { name: string } | null;
  ofTarget: number;
  trend: { ofTarget: number; rank: number };
}

export interface RankingColumn {
  header: MessageKey;
  cell(row: RankingRow, language: Language): string;
}

const signed = (language: Language, n: number) => (n > 0 ? `+${formatNumber(language, n)}` : formatNumber(language, n));

export const rankingColumns: readonly RankingColumn[] = [
  { header: 'ranking.rank', cell: (u) => String(u.rank) },
  { header: 'dashboard.unit', cell: (u) => u.unit.fullName },
  { header: 'ranking.comparableGroup', cell: (u, language) => translate(language, `ranking.group.${u.comparableGroup as 'commune'}`) },
  { header: 'ranking.residents', cell: (u, language) => formatNumber(language, u.people) },
  { header: 'dashboard.completed', cell: (u, language) => formatNumber(language, u.completed) },
  { header: 'ranking.achieved', cell: (u, language) => formatPercent(language, u.achievedPercent) },
  { header: 'ranking.target', cell: (u, language) => formatPercent(language, u.targetPercent) },
  { header: 'ranking.targetSetBy', cell: (u, language) => (u.targetSetBy ? u.targetSetBy.name : translate(language, 'ranking.targetOfCampaign')) },
  { header: 'ranking.ofTarget', cell: (u, language) => formatPercent(language, u.ofTarget) },
  { header: 'ranking.trend', cell: (u, language) => `${signed(language, u.trend.ofTarget)} / ${signed(language, u.trend.rank)}` },
];
