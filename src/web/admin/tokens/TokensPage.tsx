/**
 * API tokens (admins): make one for a unit with chosen scopes and an expiry, see its secret once (with a copy
 * button), list the tokens of the units one administers, revoke.
 */
import { useState } from 'preact/hooks';
import { apiTokenScopes, type ApiTokenScope } from '../../../shared/limits.js';
import { type Answer, type BodyOf, api } from '../../api.js';
import { formatDateTime } from '../../../shared/i18n/format.js';
import { language, t } from '../../i18n/i18n.js';
import { session } from '../../session.js';
import { ErrorMessage, Loading } from '../../ui/Feedback.js';
import { Checkbox, FormError, TextField, useSubmit } from '../../ui/forms.js';
import { useApi } from '../../ui/useApi.js';

type Created = Answer<'POST /api/units/:code/tokens'>;
const expiryChoices = [30, 90, 180, 366];

function SecretOnce({ created, onDone }: { created: Created; onDone(): void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied(true);
    } catch {
      // Without clipboard access (an old web view) the secret stays selectable below.
      setCopied(false);
    }
  };
  return (
    <section class="card" role="alert">
      <h2>{t('tokens.secretTitle')}</h2>
      <p>
        <strong>{t('tokens.secretOnce')}</strong>
      </p>
      <p class="token-secret">
        <code>{created.secret}</code>
      </p>
      <button type="button" class="button" onClick={copy}>
        {t('tokens.copy')}
      </button>
      {copied ? <p role="status">{t('tokens.copied')}</p> : null}
      <button type="button" class="button button--secondary" onClick={onDone}>
        {t('tokens.done')}
      </button>
    </section>
  );
}

function NewTokenForm({ units, onCreated }: { units: { code: string; fullName: string }[]; onCreated(created: Created): void }) {
  const [unit, setUnit] = useState(units[0]?.code ?? '');
  // A unit below one the admin holds: the server checks it lies within reach.
  const [subunit, setSubunit] = useState('');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiTokenScope[]>([]);
  const [days, setDays] = useState(90);
  const { busy, error, run, fieldError } = useSubmit();
  const submit = async (event: Event) => {
    event.preventDefault();
    const body: BodyOf<'POST /api/units/:code/tokens'> = { name, scopes, expiresInDays: days };
    const created = await run(() => api('POST /api/units/:code/tokens', { params: { code: subunit.trim() || unit }, body }));
    if (created) {
      setName('');
      setScopes([]);
      onCreated(created);
    }
  };
  return (
    <form class="card" onSubmit={submit}>
      <h2>{t('tokens.new')}</h2>
      <div class="field">
        <label for="token-unit">{t('tokens.unit')}</label>
        <select id="token-unit" value={unit} onChange={(e) => setUnit((e.target as HTMLSelectElement).value)}>
          {units.map((u) => (
            <option key={u.code} value={u.code}>
              {u.fullName} ({u.code})
            </option>
          ))}
        </select>
      </div>
      <TextField label={t('tokens.subunit')} hint={t('tokens.unitHint')} name="subunit" value={subunit} onValue={setSubunit} maxLength={40} />
      <TextField label={t('tokens.name')} name="name" value={name} onValue={setName} required maxLength={100} error={fieldError('name')} />
      <fieldset class="field">
        <legend>{t('tokens.scopes')}</legend>
        {fieldError('scopes') ? <p class="field__error" role="alert">{fieldError('scopes')}</p> : null}
        {apiTokenScopes.map((scope) => (
          <Checkbox
            key={scope}
            name={`scope-${scope}`}
            label={
              <>
                {t(`tokens.scope.${scope}`)} <code>{scope}</code>
              </>
            }
            checked={scopes.includes(scope)}
            onChange={(on) => setScopes(on ? [...scopes, scope] : scopes.filter((s) => s !== scope))}
          />
        ))}
      </fieldset>
      <div class="field">
        <label for="token-expiry">{t('tokens.expiry')}</label>
        <select id="token-expiry" value={days} onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))}>
          {expiryChoices.map((d) => (
            <option key={d} value={d}>
              {t('tokens.days', { days: d })}
            </option>
          ))}
        </select>
      </div>
      <FormError error={error} />
      <button type="submit" class="button" disabled={busy || scopes.length === 0 || !name.trim() || !unit}>
        {t('tokens.create')}
      </button>
    </form>
  );
}

export function TokensPage() {
  const me = session.value;
  const { data, error, reload } = useApi(me ? 'GET /api/tokens' : null);
  const [created, setCreated] = useState<Created | null>(null);
  const revoking = useSubmit();
  if (me === undefined) return <Loading />;
  const adminUnits = (me?.grants ?? []).filter((g) => g.role === 'admin').map((g) => g.unit);
  const revoke = async (id: number, name: string) => {
    if (!window.confirm(t('tokens.revokeConfirm', { name }))) return;
    await revoking.run(() => api('DELETE /api/tokens/:id', { params: { id } }));
    reload();
  };
  return (
    <div class="wide">
      <p>
        <a href="/admin">← {t('integrations.title')}</a>
      </p>
      <h1>{t('tokens.title')}</h1>
      <p>{t('tokens.intro')}</p>
      {created ? <SecretOnce created={created} onDone={() => setCreated(null)} /> : <NewTokenForm units={adminUnits} onCreated={(c) => (setCreated(c), reload())} />}
      <h2>{t('tokens.list')}</h2>
      <FormError error={revoking.error} />
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : data.tokens.length === 0 ? <p>{t('tokens.none')}</p> : null}
      {data?.tokens.map((token) => (
        <section class="card" key={token.id}>
          <h3>{token.name}</h3>
          <p>
            <strong>{t(`tokens.status.${token.status}`)}</strong> · {token.unit.fullName} ({token.unit.code}) · <code>{token.hint}</code>
          </p>
          <p>{token.scopes.map((scope) => t(`tokens.scope.${scope}`)).join(', ')}</p>
          <p class="muted">
            {t('tokens.expires', { date: formatDateTime(language.value, token.expiresAt) })}
            <br />
            {token.lastUsedAt ? t('tokens.lastUsed', { date: formatDateTime(language.value, token.lastUsedAt), count: token.useCount }) : t('tokens.neverUsed')}
          </p>
          {token.status === 'active' ? (
            <button type="button" class="button danger button--secondary" disabled={revoking.busy} onClick={() => revoke(token.id, token.name)}>
              {t('tokens.revoke')}
            </button>
          ) : null}
        </section>
      ))}
    </div>
  );
}
