/**
 * The programme of an event (`/organise/events/:id/programme`): items in their order with their warnings
 * (overlaps, overruns: warned, not refused), a form to add or edit one, moving items up and down, and the PDF.
 */
import { useState } from 'preact/hooks';
import { programmeSpan } from '../../shared/events.js';
import { type Answer, api, fetchFile } from '../api.js';
import { t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { BackToEvent } from './EventBits.js';
import { fromVietnamInput, toVietnamInput } from './time.js';

type Programme = Answer<'GET /api/events/:id/programme'>;
type Item = Programme['items'][number];

function ItemForm({ eventId, item, defaultStart, onDone }: { eventId: string; item: Item | null; defaultStart: string; onDone(p: Programme | null): void }) {
  const [startsAt, setStartsAt] = useState(item ? toVietnamInput(item.startsAt) : defaultStart);
  const [duration, setDuration] = useState(item ? String(item.durationMinutes) : '15');
  const [content, setContent] = useState(item?.content ?? '');
  const [responsibleName, setResponsibleName] = useState(item?.responsibleName ?? '');
  const { busy, error, run, fieldError } = useSubmit();
  const submit = async (e: Event) => {
    e.preventDefault();
    const body = { startsAt: fromVietnamInput(startsAt) ?? '', durationMinutes: Number(duration), content, responsibleName: responsibleName.trim() || null };
    const result = await run(() =>
      item ? api('PATCH /api/events/:id/programme/:itemId', { params: { id: eventId, itemId: item.id }, body }) : api('POST /api/events/:id/programme', { params: { id: eventId }, body }),
    );
    if (result) onDone(result);
  };
  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>{item ? t('programme.edit') : t('programme.add')}</h2>
      <FormError error={error} />
      <TextField name="itemStartsAt" type="datetime-local" label={t('programme.startsAt')} required value={startsAt} onValue={setStartsAt} error={fieldError('startsAt')} />
      <TextField name="itemDuration" type="number" inputMode="numeric" label={t('programme.duration')} required value={duration} onValue={setDuration} error={fieldError('durationMinutes')} />
      <TextField name="itemContent" label={t('programme.content')} required value={content} onValue={setContent} error={fieldError('content')} maxLength={1000} />
      <TextField name="itemResponsible" label={t('programme.responsible')} hint={t('programme.responsibleHint')} value={responsibleName} onValue={setResponsibleName} error={fieldError('responsibleName')} maxLength={200} />
      <button class="button" type="submit" disabled={busy || !content.trim() || !startsAt}>
        {item ? t('common.save') : t('programme.addButton')}
      </button>{' '}
      {item ? (
        <button class="button button--secondary" type="button" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      ) : null}
    </form>
  );
}

export function ProgrammePage({ id }: { id: string }) {
  const { data, error, setData } = useApi('GET /api/events/:id/programme', { params: { id } });
  const event = useApi('GET /api/events/:id', { params: { id } });
  const [editing, setEditing] = useState<Item | null>(null);
  const action = useSubmit();
  if (error) return <ErrorMessage error={error} />;
  if (!data || !event.data) return <Loading />;
  const move = async (index: number, by: number) => {
    const ids = data.items.map((i) => i.id);
    [ids[index], ids[index + by]] = [ids[index + by]!, ids[index]!];
    const result = await action.run(() => api('PUT /api/events/:id/programme/order', { params: { id }, body: { ids } }));
    if (result) setData(result);
  };
  const remove = async (item: Item) => {
    if (!window.confirm(t('programme.removeConfirm', { content: item.content }))) return;
    const result = await action.run(() => api('DELETE /api/events/:id/programme/:itemId', { params: { id, itemId: item.id } }));
    if (result) setData(result);
  };
  const download = async () => {
    const pdf = await action.run(() => fetchFile('GET /api/events/:id/programme.pdf', { params: { id } }));
    if (pdf) window.open(URL.createObjectURL(pdf), '_blank');
  };
  const last = data.items.at(-1);
  const defaultStart = toVietnamInput(last ? new Date(Date.parse(last.startsAt) + last.durationMinutes * 60_000).toISOString() : event.data.startsAt);
  return (
    <>
      <BackToEvent id={id} />
      <h1>{t('programme.title')}</h1>
      <p class="muted">{event.data.title}</p>
      <FormError error={action.error} />
      {data.warnings.length > 0 ? (
        <section class="card warning" role="status">
          <h2>{t('programme.warnings')}</h2>
          <ul>
            {data.warnings.map((w) => (
              <li key={`${w.itemId}-${w.kind}`}>{w.message}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.items.length === 0 ? <p>{t('programme.empty')}</p> : null}
      <ol class="plain-list">
        {data.items.map((item, index) => (
          <li class="card" key={item.id}>
            <p>
              <strong>{programmeSpan(Date.parse(item.startsAt), item.durationMinutes)}</strong>
              {data.warnings.some((w) => w.itemId === item.id) ? <span class="badge">{t('programme.warned')}</span> : null}
            </p>
            <p>{item.content}</p>
            {item.responsibleUnit || item.responsibleName ? <p class="muted">{[item.responsibleUnit?.fullName, item.responsibleName].filter(Boolean).join(' – ')}</p> : null}
            <span class="actions">
              <button class="button button--secondary button--small" type="button" onClick={() => setEditing(item)}>
                {t('programme.editButton')}
              </button>
              <button class="button button--secondary button--small" type="button" disabled={index === 0 || action.busy} onClick={() => move(index, -1)} aria-label={t('programme.up', { content: item.content })}>
                ↑
              </button>
              <button class="button button--secondary button--small" type="button" disabled={index === data.items.length - 1 || action.busy} onClick={() => move(index, 1)} aria-label={t('programme.down', { content: item.content })}>
                ↓
              </button>
              <button class="button button--secondary button--small danger" type="button" disabled={action.busy} onClick={() => remove(item)}>
                {t('programme.remove')}
              </button>
            </span>
          </li>
        ))}
      </ol>
      <p>
        <button class="button button--secondary" type="button" disabled={action.busy || data.items.length === 0} onClick={download}>
          {t('programme.pdf')}
        </button>
      </p>
      <ItemForm
        key={editing?.id ?? `new-${data.items.length}`}
        eventId={id}
        item={editing}
        defaultStart={defaultStart}
        onDone={(p) => {
          if (p) setData(p);
          setEditing(null);
        }}
      />
    </>
  );
}
