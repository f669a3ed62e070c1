/**
 * The organiser's hub (`/organise`): the events of the units their grants reach, and a form for a new one.
 */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api.js';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { eventWhenText } from './EventBits.js';
import { fromVietnamInput } from './time.js';

function NewEventForm() {
  const units = (session.value?.grants ?? []).filter((g) => g.role === 'organiser').map((g) => g.unit);
  const [unitCode, setUnitCode] = useState(units[0]?.code ?? '');
  const [title, setTitle] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [mode, setMode] = useState<'in_person' | 'online' | 'hybrid'>('hybrid');
  const { busy, error, run, fieldError } = useSubmit();
  const { route } = useLocation();
  const submit = async (event: Event) => {
    event.preventDefault();
    const made = await run(() => api('POST /api/units/:code/events', { params: { code: unitCode }, body: { title, startsAt: fromVietnamInput(startsAt) ?? '', endsAt: fromVietnamInput(endsAt) ?? '', mode } }));
    if (made) route(`/organise/events/${made.id}`);
  };
  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>{t('events.new')}</h2>
      <FormError error={error} />
      <div class="field">
        <label for="event-unit">{t('events.unit')}</label>
        <select id="event-unit" value={unitCode} onChange={(e) => setUnitCode((e.target as HTMLSelectElement).value)}>
          {units.map((u) => (
            <option key={u.code} value={u.code}>
              {u.fullName}
            </option>
          ))}
        </select>
      </div>
      <TextField name="title" label={t('events.title')} required value={title} onValue={setTitle} error={fieldError('title')} maxLength={200} />
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
      <button class="button" type="submit" disabled={busy || !title.trim() || !startsAt || !endsAt || !unitCode}>
        {t('events.create')}
      </button>
    </form>
  );
}

export function OrganisePage() {
  const { data, error } = useApi('GET /api/events');
  return (
    <>
      <h1>{t('events.hub')}</h1>
      {error ? <ErrorMessage error={error} /> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        data.events.length === 0 ? (
          <p>{t('events.none')}</p>
        ) : (
          <ul class="plain-list">
            {data.events.map((event) => (
              <li class="card" key={event.id}>
                <h2>
                  <a href={`/organise/events/${event.id}`}>{event.title}</a>
                </h2>
                <p>
                  {eventWhenText(event.startsAt, event.endsAt)} · <span class="badge">{t(`events.status.${event.status}`)}</span>
                </p>
                <p class="muted">{event.unit.fullName}</p>
              </li>
            ))}
          </ul>
        )
      ) : null}
      <NewEventForm />
    </>
  );
}
