/**
 * The organiser's launch button: who presses, how many presses launch, the planned moment (the big screen counts down
 * to it), the courses published and the campaign set live at the launch; and the big screens' tokens.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Answer } from '../api.js';
import { api } from '../api.js';
import { t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextArea, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';

type Config = Answer<'GET /api/events/:id/launch'>;

/** ISO time ↔ the value of a datetime-local field, in the phone's own time zone. */
const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

function ConfigForm({ id, config, onSaved }: { id: number; config: Config; onSaved(c: Config): void }) {
  const [phones, setPhones] = useState(config.leaders.map((l) => l.phone).join('\n'));
  const [needed, setNeeded] = useState(String(config.pressesNeeded));
  const [planned, setPlanned] = useState(toLocalInput(config.plannedAt));
  const [courseIds, setCourseIds] = useState<number[]>(config.courses.map((c) => c.id));
  const [campaignId, setCampaignId] = useState<number | null>(config.campaign?.id ?? null);
  const courses = useApi('GET /api/authoring/courses', { query: {} });
  const campaigns = useApi('GET /api/campaigns');
  const { busy, error, run, fieldError } = useSubmit();
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      leaderPhones: phones.split('\n').map((p) => p.trim()).filter(Boolean),
      pressesNeeded: Number(needed) || 1,
      plannedAt: planned ? new Date(planned).toISOString() : null,
      courseIds,
      campaignId,
    };
    const saved = await run(() => api('PUT /api/events/:id/launch', { params: { id }, body }));
    if (saved) onSaved(saved);
  };
  const choosable = (courses.data?.courses ?? []).filter((c) => c.status !== 'published' || courseIds.includes(c.id));
  const toggle = (courseId: number, on: boolean) => setCourseIds(on ? [...courseIds, courseId] : courseIds.filter((c) => c !== courseId));
  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>{t('launch.setup')}</h2>
      <FormError error={error} />
      <TextArea label={t('launch.leaderPhones')} hint={t('launch.leaderPhonesHint')} value={phones} onValue={setPhones} error={fieldError('leaderPhones')} rows={5} />
      <TextField name="pressesNeeded" type="number" inputMode="numeric" label={t('launch.pressesNeeded')} value={needed} onValue={setNeeded} error={fieldError('pressesNeeded')} />
      <TextField name="plannedAt" type="datetime-local" label={t('launch.plannedAt')} hint={t('launch.plannedAtHint')} value={planned} onValue={setPlanned} error={fieldError('plannedAt')} />
      <fieldset>
        <legend>{t('launch.courses')}</legend>
        {courses.error ? <p class="muted">{t('launch.coursesNeedAuthor')}</p> : null}
        {choosable.length === 0 && !courses.error ? <p class="muted">{t('launch.noDraftCourses')}</p> : null}
        {choosable.map((c) => (
          <label key={c.id} class="checkbox">
            <input type="checkbox" checked={courseIds.includes(c.id)} onChange={(e) => toggle(c.id, (e.target as HTMLInputElement).checked)} /> {c.title}
          </label>
        ))}
      </fieldset>
      <label class="field">
        <span class="field__label">{t('launch.campaign')}</span>
        <select value={campaignId === null ? '' : String(campaignId)} onChange={(e) => setCampaignId((e.target as HTMLSelectElement).value ? Number((e.target as HTMLSelectElement).value) : null)}>
          <option value="">{t('launch.noCampaign')}</option>
          {(campaigns.data?.campaigns ?? [])
            .filter((c) => c.status !== 'ended')
            .map((c) => (
              <option key={c.id} value={String(c.id)}>
                {c.title}
              </option>
            ))}
        </select>
      </label>
      <button class="button" type="submit" disabled={busy}>
        {t('common.save')}
      </button>
    </form>
  );
}

function Summary({ id, config }: { id: number; config: Config }) {
  const pressed = config.leaders.filter((l) => l.pressedAt).length;
  return (
    <section class="card">
      <h2>{config.launchedAt ? t('launch.launchedAt', { time: new Date(config.launchedAt).toLocaleString('vi-VN') }) : t('launch.pressedCount', { pressed, needed: config.pressesNeeded })}</h2>
      <ul>
        {config.leaders.map((l) => (
          <li key={l.id}>
            {l.fullName} — {l.pressedAt ? t('launch.hasPressed') : t('launch.notPressed')}
          </li>
        ))}
      </ul>
      {config.locked ? <p class="muted">{t('launch.lockedHint')}</p> : null}
      <p>
        {t('launch.leaderLink')} <a href={`/launch/${id}`}>{`${location.origin}/launch/${id}`}</a>
      </p>
    </section>
  );
}

function ScreenTokens({ id }: { id: number }) {
  const { data, error, reload } = useApi('GET /api/events/:id/screen-tokens', { params: { id } });
  const [name, setName] = useState('');
  const [made, setMade] = useState<string | null>(null);
  const { busy, error: submitError, run, fieldError } = useSubmit();
  const create = async (event: Event) => {
    event.preventDefault();
    const token = await run(() => api('POST /api/events/:id/screen-tokens', { params: { id }, body: { name } }));
    if (token) {
      setMade(`${location.origin}/screen#${token.token}`);
      setName('');
      reload();
    }
  };
  const revoke = async (tokenId: number) => {
    if (await run(() => api('POST /api/events/:id/screen-tokens/:tokenId/revoke', { params: { id, tokenId } }))) reload();
  };
  return (
    <section class="card">
      <h2>{t('launch.screens')}</h2>
      {error ? <ErrorMessage error={error} /> : null}
      <FormError error={submitError} />
      {made ? (
        <p role="status">
          {t('launch.screenLinkOnce')} <a href={made}>{made}</a>
        </p>
      ) : null}
      <ul>
        {(data?.tokens ?? []).map((token) => (
          <li key={token.id}>
            {token.name} {token.revokedAt ? <span class="muted">({t('launch.revoked')})</span> : (
              <button class="button button--secondary button--small danger" type="button" disabled={busy} onClick={() => revoke(token.id)}>
                {t('launch.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={create} noValidate>
        <TextField name="screenName" label={t('launch.screenName')} value={name} onValue={setName} error={fieldError('name')} maxLength={100} />
        <button class="button" type="submit" disabled={busy || !name.trim()}>
          {t('launch.newScreen')}
        </button>
      </form>
    </section>
  );
}

export function LaunchSetupPage({ id }: { id: string }) {
  const eventId = Number(id);
  const { data, error } = useApi('GET /api/events/:id/launch', { params: { id: eventId } });
  const [config, setConfig] = useState<Config | undefined>(undefined);
  useEffect(() => setConfig(data), [data]);
  if (error) return <ErrorMessage error={error} />;
  if (!config) return <Loading />;
  return (
    <>
      <p>
        <a href={`/organise/events/${eventId}`}>← {t('launch.backToEvent')}</a>
      </p>
      <h1>{t('launch.title')}</h1>
      <Summary id={eventId} config={config} />
      {config.locked ? null : <ConfigForm id={eventId} config={config} onSaved={setConfig} />}
      <ScreenTokens id={eventId} />
    </>
  );
}
