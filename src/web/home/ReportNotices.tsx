/**
 * Weekly reports made for the person (they scheduled them): each with its unit, its week, a download link and
 * "mark as read". Loaded on its own, only for managers, campaign leads and admins, so a learner's home stays light.
 */
import { formatDate } from '../../shared/i18n/format.js';
import { api } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { useApi } from '../ui/useApi.js';

export function ReportNotices() {
  const { data, setData } = useApi('GET /api/reports/notices');
  if (!data || data.notices.length === 0) return null;
  const markRead = async (reportId: number) => {
    await api('POST /api/reports/:id/read', { params: { id: reportId } });
    setData({ notices: data.notices.filter((n) => n.reportId !== reportId) });
  };
  return (
    <section aria-labelledby="report-notices" class="card">
      <h2 id="report-notices">{t('reports.noticesTitle')}</h2>
      <ul class="plain-list">
        {data.notices.map((notice) => (
          <li key={notice.id}>
            <p>{t('reports.notice', { unit: notice.unit.fullName, from: formatDate(language.value, notice.from), to: formatDate(language.value, notice.to) })}</p>
            <p class="actions">
              <a class="button" href={`/api/reports/${notice.reportId}`} download>
                {t('reports.download')}
              </a>
              <button type="button" class="button button--secondary" onClick={() => void markRead(notice.reportId)}>
                {t('reports.markRead')}
              </button>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
