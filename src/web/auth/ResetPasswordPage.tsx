import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { limits } from '../../shared/limits.js';
import { safeReturnPath } from '../../shared/return-path.js';
import { api, ApiError } from '../api.js';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ConsentCheckbox } from './ConsentCheckbox.js';
import { FormError, PasswordField, TextField, useSubmit } from '../ui/forms.js';

export function ResetPasswordPage() {
  const { route, query } = useLocation();
  const [phone, setPhone] = useState('');
  const [codeSent, setCodeSent] = useState(false);
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  // Asked only when the server says so: the account was made by a unit from its members list.
  const [askConsent, setAskConsent] = useState(false);
  const [consent, setConsent] = useState(false);
  const { busy, error, run, fieldError } = useSubmit();

  const requestCode = async (event: Event) => {
    event.preventDefault();
    const sent = await run(async () => {
      await api('POST /api/auth/password-reset', { body: { phone } });
      return true;
    });
    if (sent) setCodeSent(true);
  };
  const confirm = async (event: Event) => {
    event.preventDefault();
    const me = await run(async () => {
      try {
        return await api('POST /api/auth/password-reset/confirm', { body: { phone, code, newPassword, ...(askConsent ? { consent } : {}) } });
      } catch (caught) {
        if (caught instanceof ApiError && caught.fields.consent) setAskConsent(true);
        throw caught;
      }
    });
    if (me) {
      session.value = me;
      route(safeReturnPath(query.next), true);
    }
  };

  return (
    <>
      <h1>{t('reset.title')}</h1>
      {codeSent ? null : <p>{t('reset.intro')}</p>}
      {!codeSent ? (
        <form class="card" onSubmit={requestCode} noValidate>
          <FormError error={error} />
          <TextField name="phone" type="tel" inputMode="tel" autoComplete="tel" label={t('field.phone')} required value={phone} onValue={setPhone} error={fieldError('phone')} maxLength={limits.phoneInputMaxLength} />
          <button class="button" type="submit" disabled={busy}>
            {t('reset.sendCode')}
          </button>
        </form>
      ) : (
        <form class="card" onSubmit={confirm} noValidate>
          <p class="success" role="status">
            {t('reset.codeSent')}
          </p>
          <FormError error={error} />
          <TextField name="code" inputMode="numeric" autoComplete="one-time-code" label={t('reset.codeLabel')} required value={code} onValue={setCode} error={fieldError('code')} maxLength={limits.oneTimeCodeLength} />
          <PasswordField name="newPassword" autoComplete="new-password" label={t('field.newPassword')} hint={t('signUp.passwordHint')} required value={newPassword} onValue={setNewPassword} error={fieldError('newPassword')} maxLength={limits.passwordMaxLength} />
          {askConsent ? (
            <ConsentCheckbox checked={consent} onChange={setConsent} error={fieldError('consent')} />
          ) : null}
          <button class="button" type="submit" disabled={busy}>
            {t('reset.submit')}
          </button>
        </form>
      )}
    </>
  );
}
