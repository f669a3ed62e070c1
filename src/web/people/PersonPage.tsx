/**
 * One person for an admin: where they live, the roles they hold (revoke), a grant form whose unit picker
 * offers only units within the admin's reach, lock or unlock, and the password reset text. Managers see it
 * read-only; the server decides what each may do (canManage, canRevoke) and checks it again on every action.
 */
import { useState } from 'preact/hooks';
import { roles, type Role } from '../../shared/limits.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import { type Answer, api } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';

type Person = Answer<'GET /api/people/:id'>;

function GrantForm({ person, onGranted }: { person: Person; onGranted(message: string): void }) {
  const [role, setRole] = useState<Role>('manager');
  const [unitQuery, setUnitQuery] = useState('');
  const [unit, setUnit] = useState('');
  const units = useApi('GET /api/people/grant-units', { query: unitQuery.trim() ? { q: unitQuery.trim() } : {} });
  const { busy, error, run, fieldError } = useSubmit();
  const options = units.data?.units ?? [];
  const chosen = options.some((u) => u.code === unit) ? unit : (options[0]?.code ?? '');
  const submit = async (event: Event) => {
    event.preventDefault();
    const granted = await run(() => api('POST /api/units/:code/grants', { params: { code: chosen }, body: { phone: person.phone, role } }));
    if (granted) onGranted(t('people.granted', { role: t(`role.${granted.role}`), unit: granted.unit.fullName }));
  };
  return (
    <form class="card" onSubmit={submit}>
      <h2>{t('people.grantTitle')}</h2>
      <div class="field">
        <label for="grant-role">{t('people.role')}</label>
        <select id="grant-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <TextField label={t('people.unitSearch')} hint={t('people.unitHint')} name="unit-query" value={unitQuery} onValue={setUnitQuery} maxLength={100} autoComplete="off" />
      <div class="field">
        <label for="grant-unit">{t('people.unit')}</label>
        <select id="grant-unit" value={chosen} onChange={(e) => setUnit((e.target as HTMLSelectElement).value)} aria-invalid={fieldError('phone') ? true : undefined}>
          {options.map((u) => (
            <option key={u.code} value={u.code}>
              {u.fullName} ({u.code})
            </option>
          ))}
        </select>
      </div>
      <FormError error={error} />
      {error && Object.keys(error.fields).length > 0 ? (
        <p class="form-error" role="alert">
          {error.message}
        </p>
      ) : null}
      <button type="submit" class="button" disabled={busy || !chosen}>
        {t('people.grant')}
      </button>
    </form>
  );
}

export function PersonPage({ id }: { id: string }) {
  const { data: person, error, reload } = useApi('GET /api/people/:id', { params: { id: Number(id) } });
  const action = useSubmit();
  const [notice, setNotice] = useState('');
  if (error) return <ErrorMessage error={error} />;
  if (!person) return <Loading />;
  const act = async (confirmText: string, task: () => Promise<unknown>, done: string) => {
    if (!window.confirm(confirmText)) return;
    setNotice('');
    const result = await action.run(async () => {
      await task();
      return true;
    });
    if (result) {
      setNotice(done);
      reload();
    }
  };
  const params = { params: { id: person.id } };
  return (
    <div class="wide">
      <p>
        <a href="/people">← {t('people.back')}</a>
      </p>
      <h1>{person.fullName}</h1>
      <p>
        {person.phone} · {person.unit.fullName} · {t('people.birthYear', { year: person.birthYear })}
        <br />
        <span class="muted">{t('people.registered', { date: formatDateTime(language.value, person.registeredAt) })}</span>
        {' · '}
        <strong>{person.locked ? t('people.locked') : t('people.active')}</strong>
      </p>
      {notice ? <p role="status">{notice}</p> : null}
      <FormError error={action.error} />
      <section class="card">
        <h2>{t('people.grants')}</h2>
        {person.grants.length === 0 ? <p>{t('people.noGrants')}</p> : null}
        <ul class="person-grants">
          {person.grants.map((g) => (
            <li key={g.id}>
              <strong>{t(`role.${g.role}`)}</strong> · {g.unit.fullName} ({g.unit.code}){' '}
              {g.canRevoke ? (
                <button
                  type="button"
                  class="button button--secondary danger"
                  disabled={action.busy}
                  onClick={() =>
                    act(
                      t('people.revokeConfirm', { role: t(`role.${g.role}`), unit: g.unit.fullName, name: person.fullName }),
                      () => api('DELETE /api/grants/:id', { params: { id: g.id } }),
                      '',
                    )
                  }
                >
                  {t('people.revoke')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {person.canManage ? (
        <>
          <GrantForm
            person={person}
            onGranted={(message) => {
              setNotice(message);
              reload();
            }}
          />
          <section class="card">
            <h2>{t('people.account')}</h2>
            <p class="person-actions">
              {person.locked ? (
                <button type="button" class="button" disabled={action.busy} onClick={() => act(t('people.unlock'), () => api('POST /api/users/:id/enable', params), t('people.unlockedDone'))}>
                  {t('people.unlock')}
                </button>
              ) : (
                <button type="button" class="button button--secondary danger" disabled={action.busy} onClick={() => act(t('people.lockConfirm', { name: person.fullName }), () => api('POST /api/users/:id/disable', params), t('people.lockedDone'))}>
                  {t('people.lock')}
                </button>
              )}{' '}
              {person.locked ? null : (
                <button type="button" class="button button--secondary" disabled={action.busy} onClick={() => act(t('people.resetConfirm', { name: person.fullName }), () => api('POST /api/people/:id/password-reset', params), t('people.resetSent'))}>
                  {t('people.reset')}
                </button>
              )}
            </p>
          </section>
        </>
      ) : (
        <p class="muted">{t('people.readOnly')}</p>
      )}
    </div>
  );
}
