/**
 * One class: what it covers, attendance (scan a sign-in card, type a phone number, or sign up a walk-in), closing it
 * to credit the lessons, and the attendance sheet to download.
 */
import { useState } from 'preact/hooks';
import type { ClassId, UserId } from '../../shared/ids.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import { normalizeVietnameseMobile } from '../../shared/phone.js';
import { type Answer, api } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, useSubmit } from '../ui/forms.js';
import { QrScanner } from '../ui/QrScanner.js';
import { useApi } from '../ui/useApi.js';

type Detail = Answer<'GET /api/classes/:id'>;

function Attendance({ view, onChange }: { view: Detail; onChange(view: Detail): void }) {
  const [message, setMessage] = useState('');
  const { busy, error, run } = useSubmit();
  const record = async (body: { card: string } | { phone: string }) => {
    setMessage('');
    const done = await run(() => api('POST /api/classes/:id/attendance', { params: { id: view.id }, body }));
    if (done) {
      setMessage(t(done.added ? 'classes.added' : 'classes.already', { name: done.attendee.fullName }));
      onChange(done.class);
    }
  };
  // A typed phone number finds the person; anything else is taken as what the card's QR holds.
  const typed = (text: string) => (normalizeVietnameseMobile(text) ? record({ phone: text }) : record({ card: text }));
  const remove = async (userId: number) => {
    // The id is the server's own, from the list above.
    await run(() => api('DELETE /api/classes/:id/attendees/:userId', { params: { id: view.id, userId: userId as UserId } }));
    onChange(await api('GET /api/classes/:id', { params: { id: view.id } }));
  };
  return (
    <section class="card">
      <h2>{t('classes.attendance')}</h2>
      {view.status !== 'cancelled' ? (
        <>
          <QrScanner onScan={(text) => record({ card: text })} onTyped={typed} busy={busy} />
          {message ? <p role="status">{message}</p> : null}
          <FormError error={error} />
          <a class="button button--secondary" href={view.walkInPath}>
            {t('classes.walkIn')}
          </a>
        </>
      ) : null}
      <p>{t('classes.attendeeCount', { count: view.attendees.length })}</p>
      <ul class="attendee-list">
        {view.attendees.map((a) => (
          <li key={a.userId}>
            <span>
              <strong>{a.fullName}</strong> ({a.birthYear}) · {a.place}
              <br />
              <span class="muted">
                {t(`classes.method.${a.method}`)}
                {a.creditedAt ? ` · ${t('classes.credited')}` : ''}
              </span>
            </span>
            {a.creditedAt === null ? (
              <button type="button" class="button button--secondary button--small" onClick={() => remove(a.userId)} aria-label={t('classes.remove', { name: a.fullName })}>
                ✕
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Actions({ view, onChange }: { view: Detail; onChange(view: Detail): void }) {
  const { busy, error, run } = useSubmit();
  const [closedMessage, setClosedMessage] = useState('');
  const close = async () => {
    const done = await run(() => api('POST /api/classes/:id/close', { params: { id: view.id } }));
    if (done) {
      setClosedMessage(t('classes.closed', { count: done.attendees.filter((a) => a.creditedAt).length }));
      onChange(done);
    }
  };
  const cancel = async () => {
    if (!window.confirm(t('classes.cancelConfirm'))) return;
    const done = await run(() => api('POST /api/classes/:id/cancel', { params: { id: view.id } }));
    if (done) onChange(done);
  };
  return (
    <section class="card">
      {view.status === 'started' || view.status === 'closed' ? (
        <>
          <p class="muted">{t('classes.closeNote')}</p>
          <button type="button" class="button" disabled={busy} onClick={close}>
            {t('classes.close')}
          </button>
        </>
      ) : null}
      {view.status === 'scheduled' ? (
        <button type="button" class="button button--secondary danger" disabled={busy} onClick={cancel}>
          {t('classes.cancel')}
        </button>
      ) : null}
      {closedMessage ? <p role="status">{closedMessage}</p> : null}
      <FormError error={error} />
    </section>
  );
}

export function ClassPage({ id }: { id: string }) {
  const { data, error, setData } = useApi('GET /api/classes/:id', { params: { id: Number(id) as ClassId } });
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  return (
    <div>
      <p>
        <a href="/helper/classes">← {t('classes.back')}</a>
      </p>
      <h1>{data.course.title}</h1>
      <p>
        <strong>{formatDateTime(language.value, data.startsAt, 'Asia/Ho_Chi_Minh')}</strong> · {t('classes.minutes', { count: data.durationMinutes })}
        <br />
        {data.placeName}, {data.unit.fullName}
        <br />
        <span class="muted">{t(`classes.status.${data.status}`)}</span>
      </p>
      {data.canManage ? <Attendance view={data} onChange={setData} /> : null}
      {data.canManage ? <Actions view={data} onChange={setData} /> : null}
      <section class="card">
        <h2>{t('classes.lessons')}</h2>
        <ol>
          {data.lessons.map((l) => (
            <li key={l.id}>{l.title}</li>
          ))}
        </ol>
        <h2>{t('classes.helpers')}</h2>
        <p>{data.helpers.map((h) => h.fullName).join(', ')}</p>
      </section>
      <p class="actions">
        <a class="button" href={`/api/classes/${data.id}/attendance.pdf`} download>
          {t('classes.pdf')}
        </a>
        <a class="button button--secondary" href={`/api/classes/${data.id}/attendance.xlsx`} download>
          {t('classes.xlsx')}
        </a>
      </p>
    </div>
  );
}
