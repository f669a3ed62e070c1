/** Each team member's credit: sign-ups, classes, attendees and resolved requests, one table per team. */
import type { Static } from 'typebox';
import type { TeamCredit } from '../../server/assisted/review.schema.js';
import { formatNumber } from '../../shared/i18n/format.js';
import { language, t } from '../i18n/i18n.js';
import { DataTable } from '../ui/DataTable.js';

export function CreditTables({ teams }: { teams: readonly Static<typeof TeamCredit>[] }) {
  const number = (n: number) => formatNumber(language.value, n);
  if (teams.length === 0) return <p>{t('helperFigures.noTeam')}</p>;
  const columns = [t('credit.helper'), t('credit.signups'), t('credit.classes'), t('credit.attendees'), t('credit.resolved')];
  return (
    <>
      {teams.map((team) => (
        <DataTable
          key={team.id}
          caption={team.name}
          columns={columns}
          rows={team.helpers.map((h) => ({ key: String(h.userId), cells: [h.fullName, number(h.signups), number(h.classes), number(h.attendees), number(h.resolved)] }))}
        />
      ))}
    </>
  );
}
