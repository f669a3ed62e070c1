/**
 * Webhooks for admins: register a receiver for a unit's subtree (the secret is
 * shown once), see each one's status and delivery log, send a delivery again,
 * disable, rotate the secret, delete.
 */
import { useState } from 'preact/hooks';
import { type Answer, api } from '../../api.js';
import { formatDateTime } from '../../../shared/i18n/format.js';
import { language, t } from '../../i18n/i18n.js';
import { ErrorMessage, Loading } from '../../ui/Feedback.js';
import { Checkbox, FormError, TextField, useSubmit } from '../../ui/forms.js';
import { useApi } from '../../ui/useApi.js';
import { session } from '../../session.js';

type Webhook = Answer<'GET /api/webhooks'>['webhooks'][number];
type EventType = Webhook['events'][number];
const eventTypes: EventType[] = ['learner.registered', 'course.completed', 'certificate.issued', 'certificate.revoked'];
const time = (iso: string) => formatDateTime(language.value, iso);

export function WebhooksPage() {
  const { data, error, reload } = useApi('GET /api/webhooks');
  const [secret, setSecret] = useState<string | null>(null);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  return (
    <div class="wide">
      <p>
        <a href="/admin">← {t('integrations.title')}</a>
      </p>
      <h1>{t('webhooks.title')}</h1>
      <p>{t('webhooks.intro')}</p>
      {secret ? <SecretOnce secret={secret} /> : null}
      <NewWebhook
        onCreated={(created) => {
          setSecret(created.secret);
          reload();
        }}
      />
      {data.webhooks.length === 0 ? <p>{t('webhooks.none')}</p> : null}
      {data.webhooks.map((w) => (
        <WebhookCard key={w.id} webhook={w} onChanged={reload} onSecret={setSecret} />
      ))}
    </div>
  );
}

function SecretOnce({ secret }: { secret: string }) {
  return (
    <section class="card" role="status">
      <p>{t('webhooks.secretOnce')}</p>
      <p>
        <code class="secret">{secret}</code>
      </p>
    </section>
  );
}

function NewWebhook({ onCreated }: { onCreated(created: Answer<'POST /api/units/:code/webhooks'>): void }) {
  const adminUnit = session.value?.grants.find((g) => g.role === 'admin')?.unit.code ?? '';
  const [url, setUrl] = useState('');
  const [unitCode, setUnitCode] = useState(adminUnit);
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<EventType[]>(['course.completed', 'certificate.issued']);
  const { busy, error, run, fieldError } = useSubmit();
  const submit = async (event: Event) => {
    event.preventDefault();
    const created = await run(() => api('POST /api/units/:code/webhooks', { params: { code: unitCode.trim() }, body: { url, events, description } }));
    if (!created) return;
    setUrl('');
    setDescription('');
    onCreated(created);
  };
  return (
    <form class="card" onSubmit={submit}>
      <h2>{t('webhooks.new')}</h2>
      <FormError error={error} />
      <TextField name="url" type="url" label={t('webhooks.url')} value={url} onValue={setUrl} required maxLength={2000} error={fieldError('url')} inputMode="url" />
      <TextField name="unitCode" label={t('webhooks.unitCode')} hint={t('webhooks.unitHint')} value={unitCode} onValue={setUnitCode} required />
      <TextField name="description" label={t('webhooks.description')} value={description} onValue={setDescription} maxLength={200} />
      <fieldset>
        <legend>{t('webhooks.events')}</legend>
        {eventTypes.map((type) => (
          <Checkbox
            key={type}
            name={`event-${type}`}
            label={t(`webhooks.event.${type}`)}
            checked={events.includes(type)}
            onChange={(on) => setEvents(on ? [...events, type] : events.filter((e) => e !== type))}
          />
        ))}
      </fieldset>
      <button type="submit" class="button" disabled={busy || events.length === 0}>
        {t('webhooks.register')}
      </button>
    </form>
  );
}

function WebhookCard({ webhook: w, onChanged, onSecret }: { webhook: Webhook; onChanged(): void; onSecret(secret: string): void }) {
  const [open, setOpen] = useState(false);
  const { busy, error, run } = useSubmit();
  const params = { id: w.id };
  const act = async (send: () => Promise<object | undefined>) => {
    // A 204 answers nothing: success is any answer at all.
    const answer = await run(async () => (await send()) ?? {});
    if (!answer) return;
    if ('secret' in answer && typeof answer.secret === 'string') onSecret(answer.secret);
    onChanged();
  };
  return (
    <section class="card">
      <h2 class="break">{w.url}</h2>
      <p>
        <strong>{t(`webhooks.status.${w.status}`)}</strong> · {w.unit.fullName} · {w.events.map((e) => t(`webhooks.event.${e}`)).join(', ')}
      </p>
      {w.description ? <p class="muted">{w.description}</p> : null}
      <p>{t('webhooks.counts', { delivered: w.deliveries.delivered, pending: w.deliveries.pending, failed: w.deliveries.failed })}</p>
      <FormError error={error} />
      <p class="actions">
        <button type="button" class="button button--secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t('webhooks.showDeliveries')}
        </button>
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => act(() => api(w.status === 'active' ? 'POST /api/webhooks/:id/disable' : 'POST /api/webhooks/:id/enable', { params }))}>
          {t(w.status === 'active' ? 'webhooks.disable' : 'webhooks.enable')}
        </button>
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => act(() => api('POST /api/webhooks/:id/secret', { params }))}>
          {t('webhooks.rotate')}
        </button>
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => confirm(t('webhooks.confirmDelete')) && act(() => api('DELETE /api/webhooks/:id', { params }))}>
          {t('webhooks.delete')}
        </button>
      </p>
      {open ? <Deliveries webhookId={w.id} onChanged={onChanged} /> : null}
    </section>
  );
}

function Deliveries({ webhookId, onChanged }: { webhookId: number; onChanged(): void }) {
  const { data, error, reload } = useApi('GET /api/webhooks/:id/deliveries', { params: { id: webhookId } });
  const { busy, error: sendError, run } = useSubmit();
  const [resent, setResent] = useState(false);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  if (data.deliveries.length === 0) return <p>{t('webhooks.noDeliveries')}</p>;
  const resend = async (id: number) => {
    const done = await run(() => api('POST /api/webhook-deliveries/:id/resend', { params: { id } }).then(() => true));
    if (!done) return;
    setResent(true);
    reload();
    onChanged();
  };
  return (
    <div>
      <FormError error={sendError} />
      {resent ? (
        <p class="success" role="status">
          {t('webhooks.resent')}
        </p>
      ) : null}
      <ul class="plain-list">
        {data.deliveries.map((d) => (
          <li key={d.id}>
            <p>
              <strong>{t(`webhooks.event.${d.eventType as EventType}`)}</strong> · {t(`webhooks.delivery.${d.status}`)} · {time(d.createdAt)}
            </p>
            <ul>
              {d.log.map((a, i) => (
                <li key={i}>
                  {a.statusCode !== null
                    ? t('webhooks.attempt', { time: time(a.at), code: a.statusCode, ms: a.durationMs })
                    : t('webhooks.attemptError', { time: time(a.at), error: a.error ?? '', ms: a.durationMs })}
                </li>
              ))}
            </ul>
            {d.status !== 'pending' ? (
              <button type="button" class="button button--secondary" disabled={busy} onClick={() => resend(d.id)}>
                {t('webhooks.resend')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
