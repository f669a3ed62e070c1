/**
 * The assisted dimension drawn as charts with their tables beside them: registered, active and completed split
 * into self-served and assisted, and the figures of each community digital technology team. Used by the
 * dashboards and by a helper's own figures page. Assisted parts are hatched and every bar is named with its
 * figures, so that nothing is told by colour alone (a colour-blind reader, a grey printout).
 */
import { useId } from 'preact/hooks';
import type { Static } from 'typebox';
import type { Dashboard } from '../../server/dashboards/dashboards.schema.js';
import { chartValue, type Figure, formatFigure } from '../../shared/small-groups.js';
import { language, t } from '../i18n/i18n.js';
import { DataTable } from '../ui/DataTable.js';

type Totals = Static<typeof Dashboard>['totals'];
type Team = Static<typeof Dashboard>['teams'][number];
const splitKeys = ['registered', 'active7d', 'completed'] as const;
const number = (n: Figure) => formatFigure(language.value, n);

/** Diagonal white stripes over the assisted colour. */
function Hatch({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={id} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width={6} height={6} class="chart__bar--2" />
        <line x1={0} y1={0} x2={0} y2={6} class="chart__hatch" />
      </pattern>
    </defs>
  );
}

function Legend({ hatch }: { hatch: string }) {
  return (
    <svg class="chart" viewBox="0 0 320 20" aria-hidden="true">
      <Hatch id={hatch} />
      <rect x={10} y={4} width={12} height={12} class="chart__bar chart__bar--0" />
      <text x={28} y={15} class="chart__axis">
        {t('dashboard.selfServed')}
      </text>
      <rect x={160} y={4} width={12} height={12} class="chart__bar" style={{ fill: `url(#${hatch})` }} />
      <text x={178} y={15} class="chart__axis">
        {t('dashboard.assisted')}
      </text>
    </svg>
  );
}

/** One stacked bar per figure, named above it: self-served solid, then assisted hatched. */
export function SplitChart({ figures }: { figures: Totals }) {
  const hatch = `${useId()}-hatch`;
  const max = Math.max(1, ...splitKeys.map((k) => chartValue(figures[k])));
  const rows = splitKeys.map((k) => ({ key: k, assisted: figures[`${k}Assisted`], self: figures[`${k}Self`] }));
  return (
    <div class="chart-with-table">
      <div>
        <svg class="chart" viewBox={`0 0 320 ${rows.length * 46 + 4}`} role="img" aria-label={t('dashboard.split')}>
          <Hatch id={hatch} />
          {rows.map((row, i) => {
            // A suppressed part ("< 5", "x") is drawn as nothing: its figure is in the words above the bar.
            const self = (300 * chartValue(row.self)) / max;
            const assisted = (300 * chartValue(row.assisted)) / max;
            const y = 4 + i * 46;
            return (
              <g key={row.key}>
                <text x={10} y={y + 13} class="chart__name">
                  {t('dashboard.chartSplitLabel', { figure: t(`dashboard.${row.key}`), total: number(figures[row.key]), assisted: number(row.assisted) })}
                </text>
                <rect x={10} y={y + 18} width={Math.max(self > 0 ? 2 : 0, self)} height={22} class="chart__bar chart__bar--0" />
                <rect x={10 + self} y={y + 18} width={Math.max(assisted > 0 ? 2 : 0, assisted)} height={22} class="chart__bar" style={{ fill: `url(#${hatch})` }} />
              </g>
            );
          })}
        </svg>
        <Legend hatch={`${hatch}-legend`} />
      </div>
      <DataTable
        caption={t('dashboard.split')}
        columns={['', t('dashboard.selfServed'), t('dashboard.assisted')]}
        rows={rows.map((row) => ({ key: row.key, cells: [t(`dashboard.${row.key}`), number(row.self), number(row.assisted)] }))}
      />
    </div>
  );
}

/**
 * The teams' learners: per team, its name and figures in words over a bar of sign-ups with the completions hatched
 * inside. HTML rather than SVG so that long team names wrap on a phone; the full table is beside.
 */
export function TeamChart({ teams }: { teams: readonly Team[] }) {
  const shown = [...teams].sort((a, b) => chartValue(b.registered) - chartValue(a.registered)).slice(0, 8);
  const max = Math.max(1, ...shown.map((team) => chartValue(team.registered)));
  return (
    <div class="chart-with-table">
      <ul class="bar-chart" role="img" aria-label={t('dashboard.teams')}>
        {shown.map((team) => (
          <li key={team.id}>
            <span>{t('dashboard.chartTeamLabel', { team: team.name, registered: number(team.registered), completed: number(team.completed) })}</span>
            <div class="bar-chart__track">
              <div class="bar-chart__fill chart__team" style={{ width: `${Math.max(1, (100 * chartValue(team.registered)) / max)}%` }}>
                <div class="chart__team-completed" style={{ width: `${Math.min(100, (100 * chartValue(team.completed)) / Math.max(1, chartValue(team.registered)))}%` }} />
              </div>
            </div>
          </li>
        ))}
      </ul>
      <DataTable
        caption={t('dashboard.teams')}
        columns={[t('dashboard.team'), t('dashboard.team.registered'), t('dashboard.team.active7d'), t('dashboard.team.completed')]}
        rows={teams.map((team) => ({ key: String(team.id), cells: [team.name, number(team.registered), number(team.active7d), number(team.completed)] }))}
      />
    </div>
  );
}
