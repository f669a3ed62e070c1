/**
 * Live attendance of an event (/organise/events/:id/attendance): per venue and group, checked in against the quota,
 * as bars with the same figures in a table beside them, refreshed every 5 seconds; the scans not counted; downloads.
 */
import { useEffect } from 'preact/hooks';
import type { EventId } from '../../shared/ids.js';
import { formatTime } from '../../shared/i18n/format.js';
import { language, t } from '../i18n/i18n.js';
import { DataTable } from '../ui/DataTable.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useApi } from '../ui/useApi.js';

const refreshMs = 5000;

export function AttendancePage({ id }: { id: string }) {
  const eventId = Number(id) as EventId;
  const { data, error, reload } = useApi('GET /api/events/:id/attendance', { params: { id: eventId } });
  useEffect(() => {
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [reload]);
  if (error && !data) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const lines = data.venues.flatMap((v) => [
    { key: `v${v.id}`, label: v.name, figures: v, strong: true },
    ...v.groups.map((g) => ({ key: `v${v.id}g${g.id ?? 0}`, label: `${v.name} · ${g.name ?? t('checkin.noGroup')}`, figures: g, strong: false })),
  ]);
  const percent = (done: number, of: number | null) => (of ? Math.min(100, Math.round((done / of) * 100)) : 0);
  return (
    <div>
      <h1>{t('checkin.attendanceTitle')}</h1>
      <p>
        <strong>{data.title}</strong>
        <br />
        <span class="muted" role="status">
          {t('checkin.asOf', { time: formatTime(language.value, data.asOf) })}
        </span>
      </p>
      <p class="big-number">
        {t('checkin.checkedIn')}: <strong>{data.totals.checkedIn}</strong> / {data.totals.quota ?? data.totals.invited}
      </p>
      <div class="attendance-layout">
        <section class="card" aria-hidden="true">
          <ul class="bar-chart">
            {lines.map((l) => (
              <li key={l.key}>
                <span class={l.strong ? 'strong' : undefined}>
                  {l.label}: {l.figures.checkedIn} / {l.figures.quota ?? l.figures.invited}
                </span>
                <div class="bar-chart__track">
                  <div class="bar-chart__fill" style={{ width: `${percent(l.figures.checkedIn, l.figures.quota ?? l.figures.invited)}%` }} />
                </div>
              </li>
            ))}
          </ul>
        </section>
        <section class="card">
          <DataTable
            columns={[t('checkin.venue'), t('checkin.quota'), t('checkin.invited'), t('checkin.accepted'), t('checkin.checkedIn'), t('checkin.atDoor')]}
            rows={[
              ...lines.map((l) => ({ key: l.key, cells: [l.label, l.figures.quota ?? '–', l.figures.invited, l.figures.accepted, l.figures.checkedIn, l.figures.atDoor] })),
              { key: 'total', cells: [t('checkin.total'), data.totals.quota ?? '–', data.totals.invited, data.totals.accepted, data.totals.checkedIn, data.totals.atDoor] },
            ]}
          />
        </section>
      </div>
      <section class="card">
        <h2>{t('checkin.conflicts')}</h2>
        {data.conflicts.length === 0 ? (
          <p>{t('checkin.noConflicts')}</p>
        ) : (
          <DataTable
            columns={[t('checkin.fullName'), t('checkin.venue'), t('checkin.scannedAt'), t('checkin.belongsAt')]}
            rows={data.conflicts.map((c, i) => ({
              key: String(i),
              cells: [c.fullName, `${c.venue.name} (${t(`checkin.result.${c.result}`)})`, formatTime(language.value, c.scannedAt), c.belongsAt?.name ?? ''],
            }))}
          />
        )}
      </section>
      <p class="actions">
        <a class="button" href={`/organise/events/${eventId}/scan`}>
          {t('checkin.openScanner')}
        </a>
        <a class="button button--secondary" href={`/api/events/${eventId}/attendance.xlsx`} download>
          {t('checkin.downloadExcel')}
        </a>
        <a class="button button--secondary" href={`/api/events/${eventId}/report.pdf`} download>
          {t('checkin.downloadPdf')}
        </a>
      </p>
    </div>
  );
}
