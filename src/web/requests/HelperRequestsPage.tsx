/**
 * The helpers' queue (/helper/requests): requests of my teams, open ones first; take, note, give to a member,
 * resolve with a message for the person, or close as a duplicate. Below, the team's figures and overdue list.
 */
import { useState } from 'preact/hooks';
import { formatDate, formatDateTime, formatNumber } from '../../shared/i18n/format.js';
import { type RequestTopic, requestTopics } from '../../shared/support-requests.js';
import { formatPhoneNational } from '../../shared/phone.js';
import type { RequestSummary } from '../../server/requests/requests.schema.js';
import { type Answer, api } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextArea, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { StatusBadge, topicLabel } from './topics.js';

type Detail = Answer<'GET /api/support-requests/:id'>;
type Figures = Answer<'GET /api/support-requests/figures'>;

export function HelperRequestsPage() {
  const [status, setStatus] = useState<'active' | 'closed'>('active');
  const queue = useApi('GET /api/support-requests', { query: { status, limit: 100 } });
  const figures = useApi('GET /api/support-requests/figures');
  const reload = () => {
    queue.reload();
    figures.reload();
  };
  return (
    <>
      <h1>{t('requests.title')}</h1>
      <div class="chips" role="group">
        {(['active', 'closed'] as const).map((s) => (
          <button key={s} type="button" class="chip" aria-pressed={status === s} onClick={() => setStatus(s)}>
            {t(`requests.${s}`)}
          </button>
        ))}
      </div>
      {queue.error ? <ErrorMessage error={queue.error} /> : null}
      {queue.data ? (
        <>
          {queue.data.requests.length === 0 ? <p class="muted">{t('requests.none')}</p> : null}
          {queue.data.requests.map((r) => (
            <QueueItem key={r.id} request={r} onChange={reload} />
          ))}
        </>
      ) : queue.error ? null : (
        <Loading />
      )}
      {figures.data ? <OpenForPerson teams={figures.data.teams} onDone={reload} /> : null}
      <h2>{t('requests.figures')}</h2>
      {figures.error ? <ErrorMessage error={figures.error} /> : null}
      {figures.data ? <TeamFiguresList figures={figures.data} onChange={figures.reload} /> : null}
    </>
  );
}

function QueueItem({ request: r, onChange }: { request: RequestSummary; onChange(): void }) {
  const [open, setOpen] = useState(false);
  const waitedHours = Math.floor((Date.now() - Date.parse(r.createdAt)) / 3_600_000);
  return (
    <section class={`card request-card${r.overdue ? ' request-card--overdue' : ''}`} data-request={r.id}>
      <h3>{topicLabel(r.topic)}</h3>
      <p>
        <StatusBadge status={r.status} /> {r.overdue ? <span class="badge badge--request-overdue">{t('requests.overdue')}</span> : null}
      </p>
      <p>
        <strong>{r.requester.fullName}</strong>
        {r.requester.registered ? null : <span class="muted"> ({t('requests.notRegistered')})</span>} ·{' '}
        <a href={`tel:${r.requester.phone}`}>{formatPhoneNational(r.requester.phone)}</a>
      </p>
      <p class="muted">
        {r.place.fullName} · {t('requests.number', { id: r.id })} · {r.status === 'open' || r.status === 'assigned' ? t('requests.waiting', { hours: waitedHours }) : formatDateTime(language.value, r.createdAt)}
      </p>
      <p>{r.details}</p>
      {r.preferredTime ? <p class="muted">{t('requests.preferredTime', { time: r.preferredTime })}</p> : null}
      {r.assignee ? <p>{t('requests.assignee', { name: r.assignee.fullName })}</p> : null}
      {r.resolution ? <p class="notice">{t('requests.resolution.shown', { message: r.resolution })}</p> : null}
      {r.duplicateOf ? <p class="muted">{t('requests.duplicateNote', { id: r.duplicateOf })}</p> : null}
      <button type="button" class="button button--secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('requests.hide') : t('requests.open')}
      </button>
      {open ? <RequestWork id={r.id} onChange={onChange} /> : null}
    </section>
  );
}

function RequestWork({ id, onChange }: { id: number; onChange(): void }) {
  const { data, error, setData } = useApi('GET /api/support-requests/:id', { params: { id } });
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  const [duplicateOf, setDuplicateOf] = useState('');
  const [assignee, setAssignee] = useState('');
  const { busy, error: failed, run, fieldError } = useSubmit();
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const act = async (task: () => Promise<Detail>) => {
    const next = await run(task);
    if (next) {
      setData(next);
      onChange();
    }
    return next;
  };
  const active = data.status === 'open' || data.status === 'assigned';
  const others = data.assignable.length > 1;
  return (
    <div class="request-work">
      <h4>{t('requests.notes')}</h4>
      <ul class="notes">
        {data.notes.map((n, i) => (
          <li key={i}>
            <strong>{n.author}</strong> · <span class="muted">{formatDateTime(language.value, n.at)}</span>
            <br />
            {n.text}
          </li>
        ))}
      </ul>
      <FormError error={failed} />
      {active && data.assignable.length > 0 ? (
        others ? (
          <div class="field">
            <label for={`assign-${id}`}>{t('requests.assignTo')}</label>
            <select id={`assign-${id}`} value={assignee} onChange={(e) => setAssignee((e.target as HTMLSelectElement).value)}>
              <option value="">—</option>
              {data.assignable.map((p) => (
                <option key={p.id} value={String(p.id)}>
                  {p.fullName}
                </option>
              ))}
            </select>
            <button type="button" class="button button--secondary" disabled={busy || !assignee} onClick={() => act(() => api('POST /api/support-requests/:id/assign', { params: { id }, body: { helperId: Number(assignee) } }))}>
              {t('requests.assign')}
            </button>
          </div>
        ) : null
      ) : null}
      {active && data.assignee?.id !== session.value?.id && (data.status === 'open' || others) ? (
        <button type="button" class="button" disabled={busy} onClick={() => act(() => api('POST /api/support-requests/:id/assign', { params: { id }, body: {} }))}>
          {t('requests.take')}
        </button>
      ) : null}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await act(() => api('POST /api/support-requests/:id/notes', { params: { id }, body: { text: note } }))) setNote('');
        }}
      >
        <TextArea label={t('requests.note')} value={note} onValue={setNote} error={fieldError('text')} rows={2} />
        <button type="submit" class="button button--secondary" disabled={busy}>
          {t('requests.addNote')}
        </button>
      </form>
      {active ? (
        <>
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              await act(() => api('POST /api/support-requests/:id/resolve', { params: { id }, body: { message } }));
            }}
          >
            <TextArea label={t('requests.resolution')} value={message} onValue={setMessage} error={fieldError('message')} rows={2} />
            <button type="submit" class="button" disabled={busy}>
              {t('requests.resolve')}
            </button>
          </form>
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              await act(() => api('POST /api/support-requests/:id/duplicate', { params: { id }, body: { ofId: Number(duplicateOf) } }));
            }}
          >
            <TextField name="ofId" inputMode="numeric" label={t('requests.duplicateOf')} value={duplicateOf} onValue={setDuplicateOf} error={fieldError('ofId')} />
            <button type="submit" class="button button--secondary" disabled={busy || !duplicateOf}>
              {t('requests.markDuplicate')}
            </button>
          </form>
        </>
      ) : null}
    </div>
  );
}

function OpenForPerson({ teams, onDone }: { teams: Figures['teams']; onDone(): void }) {
  const [shown, setShown] = useState(false);
  const [phone, setPhone] = useState('');
  const [fullName, setFullName] = useState('');
  const [topic, setTopic] = useState<RequestTopic>('install_app');
  const [details, setDetails] = useState('');
  const places = [...new Map(teams.map((team) => [team.unit.code, team.unit])).values()];
  const [place, setPlace] = useState(places[0]?.code ?? '');
  const [made, setMade] = useState<number | null>(null);
  const { busy, error, run, fieldError } = useSubmit();
  if (places.length === 0) return null;
  if (!shown) {
    return (
      <button type="button" class="button button--secondary" onClick={() => setShown(true)}>
        {t('requests.newForPerson')}
      </button>
    );
  }
  const submit = async (event: Event) => {
    event.preventDefault();
    const done = await run(() => api('POST /api/support-requests', { body: { phone, fullName: fullName || undefined, topic, details, placeCode: place } }));
    if (done) {
      setMade(done.id);
      setPhone('');
      setFullName('');
      setDetails('');
      onDone();
    }
  };
  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>{t('requests.newForPerson')}</h2>
      {made ? <p class="notice" role="status">{t('requests.created', { id: made })}</p> : null}
      <TextField name="phone" type="tel" inputMode="tel" label={t('requests.personPhone')} value={phone} onValue={setPhone} error={fieldError('phone')} />
      <TextField name="fullName" label={t('requests.personName')} value={fullName} onValue={setFullName} error={fieldError('fullName')} />
      <div class="field">
        <label for="new-topic">{t('field.topic')}</label>
        <select id="new-topic" value={topic} onChange={(e) => setTopic((e.target as HTMLSelectElement).value as RequestTopic)}>
          {requestTopics.map((k) => (
            <option key={k} value={k}>
              {topicLabel(k)}
            </option>
          ))}
        </select>
      </div>
      <TextArea label={t('help.details')} value={details} onValue={setDetails} error={fieldError('details')} rows={3} />
      <div class="field">
        <label for="new-place">{t('help.place')}</label>
        <select id="new-place" value={place} onChange={(e) => setPlace((e.target as HTMLSelectElement).value)}>
          {places.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <FormError error={error} />
      <button type="submit" class="button" disabled={busy}>
        {t('requests.create')}
      </button>
    </form>
  );
}

function duration(minutes: number | null): string {
  if (minutes === null) return t('requests.figures.none');
  return minutes < 60 ? t('requests.figures.minutes', { count: Math.round(minutes) }) : t('requests.figures.hours', { count: formatNumber(language.value, minutes / 60, 1) });
}

function TeamFiguresList({ figures, onChange }: { figures: Figures; onChange(): void }) {
  if (figures.teams.length === 0) return <p class="muted">{t('requests.noTeam')}</p>;
  return (
    <>
      <p class="muted">{t('requests.figures.period', { from: formatDate(language.value, figures.from), to: formatDate(language.value, figures.to) })}</p>
      {figures.teams.map((team) => (
        <section key={team.id} class="card team-figures" data-team={team.id}>
          <h3>{team.name}</h3>
          <dl class="stat-grid">
            <dt>{t('requests.figures.open')}</dt>
            <dd>{team.open}</dd>
            <dt>{t('requests.figures.assigned')}</dt>
            <dd>{team.assigned}</dd>
            <dt>{t('requests.figures.created')}</dt>
            <dd>{team.created}</dd>
            <dt>{t('requests.figures.resolved')}</dt>
            <dd>{team.resolved}</dd>
            <dt>{t('requests.figures.firstResponse')}</dt>
            <dd>{duration(team.medianFirstResponseMinutes)}</dd>
            <dt>{t('requests.figures.resolution')}</dt>
            <dd>{duration(team.medianResolutionMinutes)}</dd>
          </dl>
          <h4>{t('requests.figures.overdueList', { hours: team.overdueHours })}</h4>
          {team.overdue.length === 0 ? <p class="muted">{t('requests.figures.noOverdue')}</p> : null}
          <ul>
            {team.overdue.map((o) => (
              <li key={o.id}>
                {t('requests.number', { id: o.id })}: {topicLabel(o.topic)} · {o.place} · {t('requests.waiting', { hours: o.hoursWaiting })}
                {o.assignee ? ` · ${o.assignee}` : ''}
              </li>
            ))}
          </ul>
          {team.mayChangeOverdueHours ? <OverdueHours teamId={team.id} hours={team.overdueHours} onChange={onChange} /> : null}
        </section>
      ))}
    </>
  );
}

function OverdueHours({ teamId, hours, onChange }: { teamId: number; hours: number; onChange(): void }) {
  const [value, setValue] = useState(String(hours));
  const { busy, error, run, fieldError } = useSubmit();
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await run(async () => {
          await api('PUT /api/support-requests/teams/:id/overdue-hours', { params: { id: teamId }, body: { hours: Number(value) } });
          return true;
        });
        if (ok) onChange();
      }}
    >
      <TextField name="hours" inputMode="numeric" label={t('requests.figures.overdueHours')} value={value} onValue={setValue} error={fieldError('hours')} />
      <FormError error={error} />
      <button type="submit" class="button button--secondary" disabled={busy}>
        {t('common.save')}
      </button>
    </form>
  );
}
