/** How a quiz's questions did: the share answered right, discrimination (best against weakest 27 %), the most chosen wrong answer. */
import { formatNumber, formatPercent } from '../../shared/i18n/format.js';
import { language, t } from '../i18n/i18n.js';
import { DataTable } from '../ui/DataTable.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useApi } from '../ui/useApi.js';


export function ItemStatistics({ quizId }: { quizId: number }) {
  const { data, error } = useApi('GET /api/authoring/quizzes/:id/statistics', { params: { id: quizId } });
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const percent = (share: number | null) => (share === null ? '—' : formatPercent(language.value, Math.round(share * 100)));
  return (
    <>
      <p class="muted">{t('bank.statsAttempts', { count: data.attempts })}</p>
      <DataTable
        caption={t('bank.statistics')}
        columns={[t('bank.key'), t('bank.difficulty'), t('bank.discrimination'), t('bank.mostChosenWrong')]}
        rows={data.items.map((item) => ({
          key: item.key,
          cells: [
            <span title={item.prompt}>{item.key}</span>,
            percent(item.difficulty),
            item.discrimination === null ? '—' : formatNumber(language.value, item.discrimination, 2),
            item.mostChosenWrong ? `${item.mostChosenWrong.answer} (${item.mostChosenWrong.count})` : '—',
          ],
        }))}
      />
    </>
  );
}
