/**
 * A helper or manager asks, for a citizen within their reach, for the citizen's data, the withdrawal of a consent or
 * the deletion of the account (`/helper/privacy`). The citizen gets a code by text message; nothing is done until
 * they read it back and it is entered here. An export comes back as a file to hand over.
 */
import { useState } from 'preact/hooks';
import { formatDateTime } from '../../shared/i18n/format.js';
import { limits } from '../../shared/limits.js';
import { consentPurposes, type ConsentPurpose, privacyRequestKinds, type PrivacyRequestKind } from '../../shared/privacy.js';
import type { PrivacyRequestAnswerShape } from '../../server/privacy/privacy.schema.js';
import { api } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { FormError, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';

function downloadExport(request: PrivacyRequestAnswerShape) {
  const blob = new Blob([JSON.stringify(request.export, null, 2)], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `du-lieu-ca-nhan-${request.id}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

function Confirm({ request, onDone }: { request: PrivacyRequestAnswerShape; onDone(done: PrivacyRequestAnswerShape): void }) {
  const [code, setCode] = useState('');
  const { busy, error, run, fieldError } = useSubmit();
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const done = await run(() => api('POST /api/privacy/requests/:id/confirm', { params: { id: request.id }, body: { code } }));
    if (done) onDone(done);
  };
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <p class="success" role="status">{t('privacyRequests.codeSent', { name: request.fullName })}</p>
      <FormError error={error} />
      <TextField name="code" inputMode="numeric" autoComplete="off" label={t('reset.codeLabel')} required value={code} onValue={setCode} error={fieldError('code')} maxLength={limits.oneTimeCodeLength} />
      <button class={`button${request.kind === 'export' ? '' : ' button--danger'}`} type="submit" disabled={busy}>
        {t('privacyRequests.confirm')}
      </button>
    </form>
  );
}

export function OnBehalfPage() {
  const [phone, setPhone] = useState('');
  const [kind, setKind] = useState<PrivacyRequestKind>('export');
  const [purpose, setPurpose] = useState<ConsentPurpose>('updates');
  const [pending, setPending] = useState<PrivacyRequestAnswerShape | null>(null);
  const [done, setDone] = useState<PrivacyRequestAnswerShape | null>(null);
  const mine = useApi('GET /api/privacy/requests');
  const { busy, error, run, fieldError } = useSubmit();
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const started = await run(() => api('POST /api/privacy/requests', { body: kind === 'withdraw' ? { phone, kind, purpose } : { phone, kind } }));
    if (started) {
      setPending(started);
      setDone(null);
      mine.reload();
    }
  };
  const finish = (request: PrivacyRequestAnswerShape) => {
    setPending(null);
    setDone(request);
    mine.reload();
  };
  const again = () => {
    setDone(null);
    setPhone('');
  };
  return (
    <>
      <h1>{t('privacyRequests.title')}</h1>
      <p>{t('privacyRequests.intro')}</p>
      {done ? (
        <section class="card">
          <p class="success" role="status">
            {done.kind === 'export' ? t('privacyRequests.doneExport') : done.kind === 'delete' || done.purpose === 'account' ? t('privacyRequests.doneDelete') : t('privacyRequests.doneWithdraw')}
          </p>
          {done.export ? (
            <button class="button" type="button" onClick={() => downloadExport(done)}>
              {t('privacyRequests.downloadFile')}
            </button>
          ) : null}
          <button class="button button--secondary" type="button" onClick={again}>
            {t('privacyRequests.another')}
          </button>
        </section>
      ) : pending ? (
        <Confirm request={pending} onDone={finish} />
      ) : (
        <form class="card" onSubmit={onSubmit} noValidate>
          <FormError error={error} />
          <TextField name="phone" type="tel" inputMode="tel" autoComplete="off" label={t('privacyRequests.phone')} required value={phone} onValue={setPhone} error={fieldError('phone')} maxLength={20} />
          <div class="field">
            <label for="privacy-kind">{t('privacyRequests.kind')}</label>
            <select id="privacy-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as PrivacyRequestKind)}>
              {privacyRequestKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`privacyRequests.kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          {kind === 'withdraw' ? (
            <div class={`field${fieldError('purpose') ? ' field--error' : ''}`}>
              <label for="privacy-purpose">{t('privacyRequests.purpose')}</label>
              <select id="privacy-purpose" value={purpose} onChange={(e) => setPurpose((e.target as HTMLSelectElement).value as ConsentPurpose)}>
                {consentPurposes.map((p) => (
                  <option key={p} value={p}>
                    {t(`myData.purpose.${p}`)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {kind === 'delete' || (kind === 'withdraw' && purpose === 'account') ? <p class="warning-note">{t('privacyRequests.eraseWarning')}</p> : null}
          <button class="button" type="submit" disabled={busy}>
            {t('privacyRequests.send')}
          </button>
        </form>
      )}
      <section class="card">
        <h2>{t('privacyRequests.mine')}</h2>
        {mine.data && mine.data.requests.length > 0 ? (
          <ul>
            {mine.data.requests.map((r) => (
              <li key={r.id}>
                {t('privacyRequests.entry', { kind: t(`privacyRequests.kind.${r.kind}`), name: r.fullName, when: formatDateTime(language.value, r.createdAt), status: t(`privacyRequests.status.${r.status}`) })}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('privacyRequests.none')}</p>
        )}
      </section>
    </>
  );
}
