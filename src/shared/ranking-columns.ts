/**
 * The columns of a campaign's ranking table, defined once: the web page and
 * the printable PDF show the same headers and the same cells.
 */
import { formatNumber, formatPercent } from './i18n/format.js';
import { type MessageKey, translate } from './i18n/translate.js';
import type { Language } from './limits.js';
import { type Figure, formatFigure } from './small-groups.js';

/** One ranked unit, as GET /api/campaigns/:id/ranking returns it. */
export interface RankingRow {
  /** null: not ranked, its figures suppressed (small-groups.ts). */
  rank: number | null;
  comparableGroup: string;
  unit: { fullName: string };
  people: Figure;
  completed: Figure;
  achievedPercent: Figure;
  targetPercent: number;
  targetSetBy: { name: string } | null;
  ofTarget: Figure;
  trend: { ofTarget: Figure; rank: number | null };
}

export interface RankingColumn {
  header: MessageKey;
  cell(row: RankingRow, language: Language): string;
}

const signed = (language: Language, n: Figure | null) => (typeof n !== 'number' ? (n ?? '–') : n > 0 ? `+${formatNumber(language, n)}` : formatNumber(language, n));
const percent = (language: Language, n: Figure) => (typeof n === 'number' ? formatPercent(language, n) : n);

export const rankingColumns: readonly RankingColumn[] = [
  { header: 'ranking.rank', cell: (u) => (u.rank === null ? '–' : String(u.rank)) },
  { header: 'dashboard.unit', cell: (u) => u.unit.fullName },
  { header: 'ranking.comparableGroup', cell: (u, language) => translate(language, `ranking.group.${u.comparableGroup as 'commune'}`) },
  { header: 'ranking.residents', cell: (u, language) => formatFigure(language, u.people) },
  { header: 'dashboard.completed', cell: (u, language) => formatFigure(language, u.completed) },
  { header: 'ranking.achieved', cell: (u, language) => percent(language, u.achievedPercent) },
  { header: 'ranking.target', cell: (u, language) => formatPercent(language, u.targetPercent) },
  { header: 'ranking.targetSetBy', cell: (u, language) => (u.targetSetBy ? u.targetSetBy.name : translate(language, 'ranking.targetOfCampaign')) },
  { header: 'ranking.ofTarget', cell: (u, language) => percent(language, u.ofTarget) },
  { header: 'ranking.trend', cell: (u, language) => `${signed(language, u.trend.ofTarget)} / ${signed(language, u.trend.rank)}` },
];
