/**
 * The editor of one event (`/organise/events/:id`): its fields, the button that moves it one step forward
 * (draft → published → live → ended), and links to every organiser page of the event.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Answer } from '../api.js';
import { api } from '../api.js';
import { t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextArea, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { fromVietnamInput, toVietnamInput } from './time.js';

type EventDetail = Answer<'GET /api/events/:id'>;

const subPages = ['programme', 'venues', 'invitations', 'scan', 'attendance', 'launch', 'tasks', 'budget'] as const;

function EventFields({ event, onSaved }: { event: EventDetail; onSaved(e: EventDetail): void }) {
  const [title, setTitle] = useState(event.title);
  const [description, setDescription] = useState(event.description);
  const [startsAt, setStartsAt] = useState(toVietnamInput(event.startsAt));
  const [endsAt, setEndsAt] = useState(toVietnamInput(event.endsAt));
  const [mode, setMode] = useState(event.mode);
  const [saved, setSaved] = useState(false);
  const { busy, error, run, fieldError } = useSubmit();
  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const body = { title, description, startsAt: fromVietnamInput(startsAt) ?? '', endsAt: fromVietnamInput(endsAt) ?? '', mode };
    const result = await run(() => api('PATCH /api/events/:id', { params: { id: event.id }, body }));
    if (result) {
      setSaved(true);
      onSaved(result);
    }
  };
  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>{t('events.details')}</h2>
      <FormError error={error} />
      <TextField name="title" label={t('events.title')} required value={title} onValue={setTitle} error={fieldError('title')} maxLength={200} />
      <TextArea label={t('events.description')} hint={t('events.descriptionHint')} value={description} onValue={setDescription} error={fieldError('description')} />
      <TextField name="startsAt" type="datetime-local" label={t('events.startsAt')} required value={startsAt} onValue={setStartsAt} error={fieldError('startsAt')} />
      <TextField name="endsAt" type="datetime-local" label={t('events.endsAt')} required value={endsAt} onValue={setEndsAt} error={fieldError('endsAt')} />
      <div class="field">
        <label for="event-mode">{t('events.mode')}</label>
        <select id="event-mode" value={mode} onChange={(e) => setMode((e.target as HTMLSelectElement).value as typeof mode)}>
          {(['in_person', 'online', 'hybrid'] as const).map((m) => (
            <option key={m} value={m}>
              {t(`events.mode.${m}`)}
            </option>
          ))}
        </select>
      </div>
      <button class="button" type="submit" disabled={busy}>
        {t('common.save')}
      </button>
      {saved ? <p role="status">{t('events.saved')}</p> : null}
    </form>
  );
}

function StatusCard({ event, onMoved }: { event: EventDetail; onMoved(e: EventDetail): void }) {
  const { busy, error, run } = useSubmit();
  const next = event.nextStatus;
  const move = async () => {
    if (!next || !window.confirm(t('events.moveConfirm', { status: t(`events.status.${next}`) }))) return;
    const result = await run(() => api('POST /api/events/:id/status', { params: { id: event.id }, body: { status: next } }));
    if (result) onMoved(result);
  };
  return (
    <section class="card">
      <h2>{t('events.statusTitle')}</h2>
      <p>
        <span class="badge">{t(`events.status.${event.status}`)}</span>
      </p>
      <FormError error={error} />
      {next ? (
        <button class="button" type="button" disabled={busy} onClick={move}>
          {t(`events.moveTo.${next as Exclude<typeof next, "draft">}`)}
        </button>
      ) : null}
      {event.status !== 'draft' ? (
        <p>
          <a href={`/events/${event.slug}`}>{t('events.publicPage')}</a>
        </p>
      ) : (
        <p class="muted">{t('events.draftHint')}</p>
      )}
    </section>
  );
}

export function EventEditorPage({ id }: { id: string }) {
  const { data, error, setData } = useApi('GET /api/events/:id', { params: { id } });
  const [event, setEvent] = useState<EventDetail | undefined>(undefined);
  useEffect(() => setEvent(data), [data]);
  if (error) return <ErrorMessage error={error} />;
  if (!event) return <Loading />;
  const update = (e: EventDetail) => {
    setEvent(e);
    setData(e);
  };
  return (
    <>
      <p>
        <a href="/organise">← {t('events.hub')}</a>
      </p>
      <h1>{event.title}</h1>
      <p class="muted">{event.unit.fullName}</p>
      <StatusCard event={event} onMoved={update} />
      <nav class="card" aria-label={t('events.pages')}>
        <h2>{t('events.pages')}</h2>
        <ul class="plain-list">
          {subPages.map((page) => (
            <li key={page}>
              <a class="button button--secondary" href={`/organise/events/${event.id}/${page}`}>
                {t(`events.page.${page}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <EventFields key={event.updatedAt} event={event} onSaved={update} />
    </>
  );
}
