/** Ask for help (citizen): a topic by big buttons, a few words, where and when; then my requests and their status. */
import { useState } from 'preact/hooks';
import { formatDateTime } from '../../shared/i18n/format.js';
import { type RequestTopic, requestLimits, requestSlots, requestTopics } from '../../shared/support-requests.js';
import type { MyRequest } from '../../server/requests/requests.schema.js';
import { api } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextArea, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { StatusBadge, topicIcons, topicLabel } from './topics.js';

export function HelpPage() {
  const { data, error, reload } = useApi('GET /api/support-requests/mine');
  const [sent, setSent] = useState(false);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  return (
    <>
      <h1>{t('help.title')}</h1>
      <p>{t('help.intro')}</p>
      {sent ? (
        <p class="notice" role="status">
          {t('help.sent')}
        </p>
      ) : null}
      <AskForm
        places={data.places}
        defaultPlace={data.defaultPlace}
        phone={data.phone}
        onSent={() => {
          setSent(true);
          reload();
        }}
      />
      <h2>{t('help.mine')}</h2>
      {data.requests.length === 0 ? <p class="muted">{t('help.none')}</p> : null}
      {data.requests.map((r) => (
        <MyRequestCard key={r.id} request={r} onChange={reload} />
      ))}
    </>
  );
}

function AskForm(props: { places: { code: string; fullName: string }[]; defaultPlace: string; phone: string; onSent(): void }) {
  const [topic, setTopic] = useState<RequestTopic | null>(null);
  const [details, setDetails] = useState('');
  const [place, setPlace] = useState(props.defaultPlace);
  const [time, setTime] = useState('');
  const [phone, setPhone] = useState(props.phone.replace(/^\+84/, '0'));
  const { busy, error, run, fieldError } = useSubmit();
  if (!topic) {
    return (
      <section>
        <h2 class="topic-heading">{t('help.chooseTopic')}</h2>
        <div class="topic-grid">
          {requestTopics.map((k) => (
            <button key={k} type="button" class="topic-button" onClick={() => setTopic(k)}>
              <span class="topic-button__icon" aria-hidden="true">
                {topicIcons[k]}
              </span>
              {t(`help.topic.${k}`)}
            </button>
          ))}
        </div>
      </section>
    );
  }
  const submit = async (event: Event) => {
    event.preventDefault();
    const done = await run(() => api('POST /api/support-requests/mine', { body: { topic, details, placeCode: place, preferredTime: time, phone } }));
    if (done) {
      setTopic(null);
      setDetails('');
      setTime('');
      props.onSent();
    }
  };
  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>{topicLabel(topic)}</h2>
      <button type="button" class="chip" onClick={() => setTopic(null)}>
        {t('help.changeTopic')}
      </button>
      <TextArea label={t('help.details')} value={details} onValue={setDetails} error={fieldError('details')} rows={3} />
      <div class="field">
        <label for="help-place">{t('help.place')}</label>
        {fieldError('placeCode') ? <p class="field__error" role="alert">{fieldError('placeCode')}</p> : null}
        <select id="help-place" value={place} onChange={(e) => setPlace((e.target as HTMLSelectElement).value)}>
          {props.places.map((p) => (
            <option key={p.code} value={p.code}>
              {p.fullName}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <p class="field__label">{t('help.time')}</p>
        <div class="chips">
          {requestSlots.map((slot) => (
            <button key={slot} type="button" class="chip" aria-pressed={time === t(`help.time.${slot}`)} onClick={() => setTime(t(`help.time.${slot}`))}>
              {t(`help.time.${slot}`)}
            </button>
          ))}
        </div>
      </div>
      <TextField name="time" label={t('help.time')} value={time} onValue={setTime} maxLength={requestLimits.preferredTimeMaxLength} error={fieldError('preferredTime')} />
      <TextField name="phone" type="tel" inputMode="tel" autoComplete="tel" label={t('help.phone')} value={phone} onValue={setPhone} error={fieldError('phone')} />
      <FormError error={error} />
      <button type="submit" class="button" disabled={busy}>
        {busy ? t('help.sending') : t('help.send')}
      </button>
    </form>
  );
}

function MyRequestCard({ request: r, onChange }: { request: MyRequest; onChange(): void }) {
  const { busy, error, run } = useSubmit();
  const cancel = async () => {
    if (!confirm(t('help.cancelConfirm'))) return;
    if (await run(() => api('POST /api/support-requests/:id/cancel', { params: { id: r.id } }))) onChange();
  };
  return (
    <section class="card request-card" data-request={r.id}>
      <h3>{topicLabel(r.topic)}</h3>
      <p>
        <StatusBadge status={r.status} />
      </p>
      <p class="muted">
        {t('help.askedOn', { time: formatDateTime(language.value, r.createdAt) })} · {r.place.fullName}
      </p>
      <p>{r.details}</p>
      {r.resolution ? <p class="notice">{t('help.answer', { message: r.resolution })}</p> : null}
      <FormError error={error} />
      {r.status === 'open' ? (
        <button type="button" class="button button--secondary" disabled={busy} onClick={cancel}>
          {t('help.cancel')}
        </button>
      ) : null}
    </section>
  );
}
