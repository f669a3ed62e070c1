/** One helper team, for its managers: name, leader, members (added by phone), the hamlets it covers; retiring it. */
import { useEffect, useState } from 'preact/hooks';
import { type Answer, api } from '../api.js';
import { t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { Checkbox, FormError, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';

type Team = Answer<'GET /api/teams/:id'>;

function Members({ team, onChange }: { team: Team; onChange(team: Team): void }) {
  const [phone, setPhone] = useState('');
  const adding = useSubmit();
  const changing = useSubmit();
  const add = async (event: Event) => {
    event.preventDefault();
    const updated = await adding.run(() => api('POST /api/teams/:id/members', { params: { id: team.id }, body: { phone } }));
    if (updated) {
      setPhone('');
      onChange(updated);
    }
  };
  const remove = async (member: Team['members'][number]) => {
    if (!window.confirm(t('teams.removeConfirm', { name: member.fullName }))) return;
    const updated = await changing.run(() => api('DELETE /api/teams/:id/members/:userId', { params: { id: team.id, userId: member.id } }));
    if (updated) onChange(updated);
  };
  const setLeader = async (value: string) => {
    const updated = await changing.run(() => api('PATCH /api/teams/:id', { params: { id: team.id }, body: { leaderUserId: team.members.find((m) => String(m.id) === value)?.id ?? null } }));
    if (updated) onChange(updated);
  };
  const live = team.retiredAt === null;
  return (
    <section class="card">
      <h2>{t('teams.members', { count: team.members.length })}</h2>
      <FormError error={changing.error} />
      {team.members.length === 0 ? <p>{t('teams.noMembers')}</p> : null}
      <ul class="plain-list">
        {team.members.map((m) => (
          <li key={m.id}>
            <strong>{m.fullName}</strong> <span class="muted">{m.phone}</span>
            {m.leader ? <span class="badge">{t('teams.leader')}</span> : null}
            {live ? (
              <button class="button button--secondary button--small danger" type="button" disabled={changing.busy} onClick={() => remove(m)}>
                {t('teams.remove')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {live && team.members.length > 0 ? (
        <div class="field">
          <label for="team-leader">{t('teams.leader')}</label>
          <select id="team-leader" value={team.leader ? String(team.leader.id) : ''} disabled={changing.busy} onChange={(e) => setLeader((e.target as HTMLSelectElement).value)}>
            <option value="">{t('teams.noLeader')}</option>
            {team.members.map((m) => (
              <option key={m.id} value={String(m.id)}>
                {m.fullName}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {live ? (
        <form onSubmit={add} noValidate>
          <h3>{t('teams.addMember')}</h3>
          <FormError error={adding.error} />
          <TextField name="memberPhone" type="tel" inputMode="tel" label={t('field.phone')} hint={t('teams.addMemberHint')} required value={phone} onValue={setPhone} error={adding.fieldError('phone')} maxLength={20} />
          <button class="button" type="submit" disabled={adding.busy || !phone.trim()}>
            {t('teams.addMember')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function CoveredHamlets({ team, onChange }: { team: Team; onChange(team: Team): void }) {
  const { data } = useApi('GET /api/units/:code/hamlets', { params: { code: team.unit.code } });
  const [chosen, setChosen] = useState<string[]>(team.hamlets.map((h) => h.code));
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useSubmit();
  useEffect(() => setChosen(team.hamlets.map((h) => h.code)), [team.hamlets.map((h) => h.code).join()]);
  if (!data || data.hamlets.length === 0) return null;
  const save = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const updated = await run(() => api('PUT /api/teams/:id/hamlets', { params: { id: team.id }, body: { hamletCodes: chosen } }));
    if (updated) {
      setSaved(true);
      onChange(updated);
    }
  };
  return (
    <form class="card" onSubmit={save}>
      <h2>{t('teams.hamlets')}</h2>
      <p class="muted">{t('teams.hamletsHint', { unit: team.unit.fullName })}</p>
      <FormError error={error} />
      {saved ? <p class="success" role="status">{t('common.saved')}</p> : null}
      {data.hamlets.map((h) => (
        <Checkbox key={h.code} name={`covers-${h.code}`} label={h.name} checked={chosen.includes(h.code)} onChange={(on) => setChosen(on ? [...chosen, h.code] : chosen.filter((c) => c !== h.code))} />
      ))}
      <button class="button" type="submit" disabled={busy || team.retiredAt !== null}>
        {t('common.save')}
      </button>
    </form>
  );
}

function Rename({ team, onChange }: { team: Team; onChange(team: Team): void }) {
  const [name, setName] = useState(team.name);
  const { busy, error, run, fieldError } = useSubmit();
  const save = async (event: Event) => {
    event.preventDefault();
    const updated = await run(() => api('PATCH /api/teams/:id', { params: { id: team.id }, body: { name } }));
    if (updated) onChange(updated);
  };
  return (
    <details class="card">
      <summary>{t('teams.rename')}</summary>
      <form onSubmit={save} noValidate>
        <FormError error={error} />
        <TextField name="teamName" label={t('teams.name')} required value={name} onValue={setName} error={fieldError('name')} maxLength={100} />
        <button class="button" type="submit" disabled={busy}>
          {t('common.save')}
        </button>
      </form>
    </details>
  );
}

export function TeamPage({ code, id }: { code: string; id: string }) {
  const { data, error, setData } = useApi('GET /api/teams/:id', { params: { id: Number(id) } });
  const retiring = useSubmit();
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const retire = async () => {
    if (!window.confirm(t('teams.retireConfirm', { name: data.name }))) return;
    const updated = await retiring.run(() => api('POST /api/teams/:id/retire', { params: { id: data.id } }));
    if (updated) setData(updated);
  };
  return (
    <div class="wide">
      <p>
        <a href={`/teams/${encodeURIComponent(code)}`}>← {t('teams.back')}</a>
      </p>
      <h1>{data.name}</h1>
      <p>
        {data.unit.fullName}
        {data.retiredAt ? <strong> · {t('teams.isRetired')}</strong> : null}
      </p>
      <Members team={data} onChange={setData} />
      <CoveredHamlets team={data} onChange={setData} />
      {data.retiredAt === null ? (
        <>
          <Rename team={data} onChange={setData} />
          <FormError error={retiring.error} />
          <button class="button button--secondary danger" type="button" disabled={retiring.busy} onClick={retire}>
            {t('teams.retire')}
          </button>
        </>
      ) : null}
    </div>
  );
}
