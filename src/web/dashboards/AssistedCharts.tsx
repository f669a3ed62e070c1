/**
 * The assisted dimension drawn as charts with their tables beside them: registered, active and completed split
 * into self-served and assisted, and the figures of each community digital technology team. Used by the
 * dashboards and by a helper's own figures page.
 */
import type { Static } from 'typebox';
import type { Dashboard } from '../../server/dashboards/dashboards.schema.js';
import { formatNumber } from '../../shared/i18n/format.js';
import { language, t } from '../i18n/i18n.js';
import { DataTable } from '../ui/DataTable.js';

type Totals = Static<typeof Dashboard>['totals'];
type Team = Static<typeof Dashboard>['teams'][number];
const splitKeys = ['registered', 'active7d', 'completed'] as const;
const number = (n: number) => formatNumber(language.value, n);

function Legend() {
  return (
    <svg class="chart" viewBox="0 0 320 20" aria-hidden="true">
      <rect x={10} y={4} width={12} height={12} class="chart__bar chart__bar--0" />
      <text x={28} y={15} class="chart__axis">
        {t('dashboard.selfServed')}
      </text>
      <rect x={160} y={4} width={12} height={12} class="chart__bar chart__bar--2" />
      <text x={178} y={15} class="chart__axis">
        {t('dashboard.assisted')}
      </text>
    </svg>
  );
}

/** One stacked bar per figure: self-served, then assisted. */
export function SplitChart({ figures }: { figures: Totals }) {
  const max = Math.max(1, ...splitKeys.map((k) => figures[k]));
  const rows = splitKeys.map((k) => ({ key: k, assisted: figures[`${k}Assisted`], self: figures[k] - figures[`${k}Assisted`] }));
  return (
    <div class="chart-with-table">
      <div>
        <svg class="chart" viewBox="0 0 320 120" role="img" aria-label={t('dashboard.split')}>
          {rows.map((row, i) => {
            const self = (300 * row.self) / max;
            const assisted = (300 * row.assisted) / max;
            return (
              <g key={row.key}>
                <rect x={10} y={8 + i * 36} width={Math.max(self > 0 ? 2 : 0, self)} height={26} class="chart__bar chart__bar--0" />
                <rect x={10 + self} y={8 + i * 36} width={Math.max(assisted > 0 ? 2 : 0, assisted)} height={26} class="chart__bar chart__bar--2" />
              </g>
            );
          })}
        </svg>
        <Legend />
      </div>
      <DataTable
        caption={t('dashboard.split')}
        columns={['', t('dashboard.selfServed'), t('dashboard.assisted')]}
        rows={rows.map((row) => ({ key: row.key, cells: [t(`dashboard.${row.key}`), number(row.self), number(row.assisted)] }))}
      />
    </div>
  );
}

/** The teams' learners: a bar of sign-ups per team (completions inside it), the full table beside. */
export function TeamChart({ teams }: { teams: readonly Team[] }) {
  const shown = [...teams].sort((a, b) => b.registered - a.registered).slice(0, 8);
  const max = Math.max(1, ...shown.map((team) => team.registered));
  return (
    <div class="chart-with-table">
      <svg class="chart" viewBox={`0 0 320 ${10 + shown.length * 34}`} role="img" aria-label={t('dashboard.teams')}>
        {shown.map((team, i) => (
          <g key={team.id}>
            <rect x={10} y={6 + i * 34} width={Math.max(2, (300 * team.registered) / max)} height={24} rx={3} class="chart__bar chart__bar--0" />
            <rect x={10} y={6 + i * 34} width={Math.min(300, (300 * team.completed) / max)} height={24} rx={3} class="chart__bar chart__bar--2" />
            <text x={14} y={23 + i * 34} class="chart__label">
              {number(team.registered)}
            </text>
          </g>
        ))}
      </svg>
      <DataTable
        caption={t('dashboard.teams')}
        columns={[t('dashboard.team'), t('dashboard.team.registered'), t('dashboard.team.active7d'), t('dashboard.team.completed')]}
        rows={teams.map((team) => ({ key: String(team.id), cells: [team.name, number(team.registered), number(team.active7d), number(team.completed)] }))}
      />
    </div>
  );
}
