/**
 * A commune's (or organisation's) helper teams and hamlets, for its managers: the teams with their leaders and
 * hamlets, a form to make one, and the hamlets of the commune to add, rename or retire.
 */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Answer } from '../api.js';
import { api } from '../api.js';
import { t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';

type Team = Answer<'GET /api/units/:code/teams'>['teams'][number];
type Hamlet = Answer<'GET /api/units/:code/hamlets'>['hamlets'][number];

function TeamCard({ code, team }: { code: string; team: Team }) {
  return (
    <li class="card">
      <h3>
        <a href={`/teams/${encodeURIComponent(code)}/${team.id}`}>{team.name}</a>
      </h3>
      <p>
        {team.leader ? t('teams.leaderIs', { name: team.leader.fullName }) : t('teams.noLeader')} · {t('teams.memberCount', { count: team.memberCount })}
      </p>
      <p class="muted">{team.hamlets.length > 0 ? t('teams.covers', { hamlets: team.hamlets.map((h) => h.name).join(', ') }) : t('teams.coversAll', { unit: team.unit.fullName })}</p>
    </li>
  );
}

function NewTeamForm({ code, onCreated }: { code: string; onCreated(id: number): void }) {
  const [name, setName] = useState('');
  const [leaderPhone, setLeaderPhone] = useState('');
  const { busy, error, run, fieldError } = useSubmit();
  const submit = async (event: Event) => {
    event.preventDefault();
    const team = await run(() => api('POST /api/units/:code/teams', { params: { code }, body: { name, ...(leaderPhone.trim() ? { leaderPhone } : {}) } }));
    if (team) onCreated(team.id);
  };
  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>{t('teams.new')}</h2>
      <FormError error={error} />
      <TextField name="teamName" label={t('teams.name')} hint={t('teams.nameHint')} required value={name} onValue={setName} error={fieldError('name')} maxLength={100} />
      <TextField name="leaderPhone" type="tel" inputMode="tel" label={t('teams.leaderPhone')} hint={t('teams.leaderPhoneHint')} value={leaderPhone} onValue={setLeaderPhone} error={fieldError('leaderPhone') ?? fieldError('phone')} maxLength={20} />
      <button class="button" type="submit" disabled={busy || !name.trim()}>
        {t('teams.create')}
      </button>
    </form>
  );
}

function HamletRow({ hamlet, onChanged }: { hamlet: Hamlet; onChanged(): void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(hamlet.name);
  const { busy, error, run, fieldError } = useSubmit();
  const rename = async (event: Event) => {
    event.preventDefault();
    if (await run(() => api('PATCH /api/hamlets/:code', { params: { code: hamlet.code }, body: { name } }))) {
      setEditing(false);
      onChanged();
    }
  };
  const retire = async () => {
    if (!window.confirm(t('hamlets.retireConfirm', { name: hamlet.name }))) return;
    if (await run(() => api('POST /api/hamlets/:code/retire', { params: { code: hamlet.code } }))) onChanged();
  };
  if (editing) {
    return (
      <li>
        <form onSubmit={rename} noValidate>
          <FormError error={error} />
          <TextField name={`hamlet-${hamlet.code}`} label={t('hamlets.newName', { code: hamlet.code })} value={name} onValue={setName} error={fieldError('name')} maxLength={100} />
          <button class="button button--small" type="submit" disabled={busy}>
            {t('common.save')}
          </button>{' '}
          <button class="button button--secondary button--small" type="button" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
        </form>
      </li>
    );
  }
  return (
    <li>
      <strong>{hamlet.name}</strong> <span class="muted">({hamlet.code})</span>
      {hamlet.retiredOn ? (
        <span class="muted"> · {t('hamlets.retiredOn', { day: hamlet.retiredOn })}</span>
      ) : (
        <span class="actions">
          <button class="button button--secondary button--small" type="button" onClick={() => setEditing(true)}>
            {t('hamlets.rename')}
          </button>
          <button class="button button--secondary button--small danger" type="button" disabled={busy} onClick={retire}>
            {t('hamlets.retire')}
          </button>
        </span>
      )}
      <FormError error={error} />
    </li>
  );
}

function Hamlets({ code }: { code: string }) {
  const { data, error, reload } = useApi('GET /api/units/:code/hamlets', { params: { code }, query: { retired: true } });
  const [name, setName] = useState('');
  const [hamletCode, setHamletCode] = useState('');
  const adding = useSubmit();
  const add = async (event: Event) => {
    event.preventDefault();
    const made = await adding.run(() => api('POST /api/units/:code/hamlets', { params: { code }, body: { name, ...(hamletCode.trim() ? { hamletCode } : {}) } }));
    if (made) {
      setName('');
      setHamletCode('');
      reload();
    }
  };
  return (
    <section class="card">
      <h2>{t('hamlets.title')}</h2>
      <p class="muted">{t('hamlets.intro')}</p>
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : data.hamlets.length === 0 ? <p>{t('hamlets.none')}</p> : null}
      <ul class="plain-list">
        {data?.hamlets.map((h) => (
          <HamletRow key={`${h.code}-${h.name}-${h.retiredOn}`} hamlet={h} onChanged={reload} />
        ))}
      </ul>
      <form onSubmit={add} noValidate>
        <h3>{t('hamlets.add')}</h3>
        <FormError error={adding.error} />
        <TextField name="hamletName" label={t('hamlets.name')} hint={t('hamlets.nameHint')} required value={name} onValue={setName} error={adding.fieldError('name')} maxLength={100} />
        <TextField name="hamletCode" label={t('field.hamletCode')} hint={t('hamlets.codeHint')} value={hamletCode} onValue={setHamletCode} error={adding.fieldError('hamletCode')} maxLength={32} />
        <button class="button" type="submit" disabled={adding.busy || !name.trim()}>
          {t('hamlets.add')}
        </button>
      </form>
    </section>
  );
}

export function TeamsPage({ code }: { code: string }) {
  const { data, error } = useApi('GET /api/units/:code/teams', { params: { code } });
  const unit = useApi('GET /api/units/:code', { params: { code } }).data;
  const { route } = useLocation();
  const goTo = (id: number) => route(`/teams/${encodeURIComponent(code)}/${id}`);
  const live = data?.teams.filter((x) => x.retiredAt === null) ?? [];
  const retired = data?.teams.filter((x) => x.retiredAt !== null) ?? [];
  const isCommune = unit && ['commune', 'ward', 'special_zone'].includes(unit.kind);
  return (
    <div class="wide">
      <p>
        <a href={`/dashboard/${encodeURIComponent(code)}`}>← {t('nav.dashboard')}</a>
      </p>
      <h1>{t('teams.title', { unit: unit?.fullName ?? code })}</h1>
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : live.length === 0 ? <p>{t('teams.none')}</p> : null}
      <ul class="plain-list">
        {live.map((team) => (
          <TeamCard key={team.id} code={code} team={team} />
        ))}
      </ul>
      {data ? <NewTeamForm code={code} onCreated={goTo} /> : null}
      {isCommune ? <Hamlets code={code} /> : null}
      {retired.length > 0 ? (
        <details>
          <summary>{t('teams.retired', { count: retired.length })}</summary>
          <ul class="plain-list">
            {retired.map((team) => (
              <TeamCard key={team.id} code={code} team={team} />
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
