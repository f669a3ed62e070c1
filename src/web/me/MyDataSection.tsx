/**
 * "Dữ liệu cá nhân của tôi" on the profile (Law 91/2025): download the data (JSON, and a readable page), see and
 * withdraw consents with their history, delete the account. Withdrawing the consent that holding an account needs
 * erases the account: the page says so before, and asks for the same confirmation as a deletion (the password,
 * or, for an account without one, a code texted to the person's phone).
 */
import { useState } from 'preact/hooks';
import { formatDateTime } from '../../shared/i18n/format.js';
import { limits } from '../../shared/limits.js';
import type { MyConsentsAnswer } from '../../server/privacy/privacy.schema.js';
import { api } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, PasswordField, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';

type Purpose = MyConsentsAnswer['purposes'][number];
type Confirmation = { password?: string; code?: string };

/** Asks for the password (or a texted code), then erases with the red button; the warning comes first. */
function ConfirmErasure(props: { hasPassword: boolean; warning: string; confirmLabel: string; erase(confirmation: Confirmation): Promise<void>; onCancel(): void }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [codeSent, setCodeSent] = useState(false);
  const sending = useSubmit();
  const { busy, error, run, fieldError } = useSubmit();
  const sendCode = async () => {
    if (await sending.run(() => api('POST /api/me/confirmation-code'))) setCodeSent(true);
  };
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    await run(() => props.erase(props.hasPassword ? { password } : { code }));
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <p class="warning-note">{props.warning}</p>
      <FormError error={error ?? sending.error} />
      {props.hasPassword ? (
        <>
          <p>{t('myData.confirmWithPassword')}</p>
          <PasswordField name="password" autoComplete="current-password" label={t('field.password')} required value={password} onValue={setPassword} error={fieldError('password')} maxLength={limits.passwordMaxLength} />
        </>
      ) : (
        <>
          <p>{t('myData.confirmWithCode')}</p>
          <button class="button button--secondary" type="button" onClick={sendCode} disabled={sending.busy}>
            {t('myData.sendCode')}
          </button>
          {codeSent ? <p class="success" role="status">{t('myData.codeSent')}</p> : null}
          <TextField name="code" inputMode="numeric" autoComplete="one-time-code" label={t('reset.codeLabel')} required value={code} onValue={setCode} error={fieldError('code')} maxLength={limits.oneTimeCodeLength} />
        </>
      )}
      <button class="button button--danger" type="submit" disabled={busy}>
        {props.confirmLabel}
      </button>
      <button class="button button--secondary" type="button" onClick={props.onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

function PurposeItem({ purpose, hasPassword, reload, onErased }: { purpose: Purpose; hasPassword: boolean; reload(): void; onErased(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  const label = t(`myData.purpose.${purpose.purpose}`);
  const change = async (give: boolean) => {
    setDone(null);
    const ok = await run(async () => {
      if (give) await api('POST /api/me/consents', { body: { purpose: purpose.purpose } });
      else await api('POST /api/me/consents/withdraw', { body: { purpose: purpose.purpose } });
      return true;
    });
    if (ok) {
      setDone(give ? t('myData.givenNow') : t('myData.withdrawn'));
      reload();
    }
  };
  return (
    <li class="card">
      <p>
        <strong>{label}</strong>
        <br />
        {purpose.given ? t('myData.consentActive') : t('myData.consentNotGiven')}
      </p>
      <FormError error={error} />
      {done ? <p class="success" role="status">{done}</p> : null}
      {purpose.essential ? (
        purpose.given && !confirming ? (
          <button class="button button--secondary" type="button" aria-label={`${t('myData.withdraw')}: ${label}`} onClick={() => setConfirming(true)}>
            {t('myData.withdraw')}
          </button>
        ) : null
      ) : (
        <button class="button button--secondary" type="button" disabled={busy} aria-label={`${purpose.given ? t('myData.withdraw') : t('myData.give')}: ${label}`} onClick={() => change(!purpose.given)}>
          {purpose.given ? t('myData.withdraw') : t('myData.give')}
        </button>
      )}
      {confirming ? (
        <ConfirmErasure
          hasPassword={hasPassword}
          warning={t('myData.essentialWarning')}
          confirmLabel={t('myData.essentialConfirm')}
          erase={async (confirmation) => {
            await api('POST /api/me/consents/withdraw', { body: { purpose: purpose.purpose, ...confirmation } });
            onErased();
          }}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </li>
  );
}

function History({ history }: { history: MyConsentsAnswer['history'] }) {
  if (history.length === 0) return <p>{t('myData.noHistory')}</p>;
  return (
    <ol class="history-list">
      {history.map((e, i) => (
        <li key={i}>
          {t('myData.historyEntry', {
            event: e.event === 'given' ? t('myData.consent.given') : t('myData.consent.withdrawn'),
            purpose: t(`myData.purpose.${e.purpose}`),
            when: formatDateTime(language.value, e.at),
            how: `${t(`myData.channel.${e.channel}` as Parameters<typeof t>[0])}${e.byHelper ? ` (${t('myData.consent.byHelper', { name: e.byHelper })})` : ''}`,
          })}
        </li>
      ))}
    </ol>
  );
}

export function MyDataSection({ onErased }: { onErased(): void }) {
  const consents = useApi('GET /api/me/consents');
  const [deleting, setDeleting] = useState(false);
  return (
    <section class="card" aria-labelledby="my-data-title">
      <h2 id="my-data-title">{t('myData.title')}</h2>
      <p>{t('myData.intro')}</p>
      <a class="button" href="/api/me/export" download="du-lieu-ca-nhan.json">
        {t('myData.download')}
      </a>
      <p class="muted">{t('myData.downloadHint')}</p>
      <a class="button button--secondary" href="/api/me/export.html" target="_blank" rel="noopener">
        {t('myData.openPage')}
      </a>
      <h3>{t('myData.consents')}</h3>
      {consents.error ? <ErrorMessage error={consents.error} /> : null}
      {consents.data ? (
        <>
          <ul class="plain-list">
            {consents.data.purposes.map((p) => (
              <PurposeItem key={p.purpose} purpose={p} hasPassword={consents.data!.hasPassword} reload={consents.reload} onErased={onErased} />
            ))}
          </ul>
          <h3>{t('myData.history')}</h3>
          <History history={consents.data.history} />
          <h3>{t('myData.deleteTitle')}</h3>
          {deleting ? (
            <ConfirmErasure
              hasPassword={consents.data.hasPassword}
              warning={t('myData.deleteWarning')}
              confirmLabel={t('myData.deleteConfirm')}
              erase={async (confirmation) => {
                await api('DELETE /api/me', { body: confirmation });
                onErased();
              }}
              onCancel={() => setDeleting(false)}
            />
          ) : (
            <button class="button button--danger" type="button" onClick={() => setDeleting(true)}>
              {t('myData.deleteStart')}
            </button>
          )}
        </>
      ) : consents.error ? null : (
        <Loading />
      )}
    </section>
  );
}
