import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { limits } from '../../shared/limits.js';
import { normalizeVietnameseMobile } from '../../shared/phone.js';
import { safeReturnPath } from '../../shared/return-path.js';
import { api, ApiError } from '../api.js';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { FormError, PasswordField, TextField, useSubmit } from '../ui/forms.js';
import { keepingNext } from './return-path.js';
import { ProviderButtons } from './ProviderButtons.js';

export function SignInPage() {
  const { route, query } = useLocation();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, setError, run, fieldError } = useSubmit();

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!normalizeVietnameseMobile(phone)) {
      setError(new ApiError(400, 'invalid_phone', t('error.invalid_phone'), { phone: t('error.invalid_phone') }));
      return;
    }
    const me = await run(() => api('POST /api/auth/login', { body: { phone, password } }));
    if (me) {
      session.value = me;
      route(safeReturnPath(query.next), true);
    }
  };

  return (
    <>
      <h1>{t('signIn.title')}</h1>
      <ProviderButtons />
      <form class="card" onSubmit={onSubmit} noValidate>
        <FormError error={error} />
        <TextField name="phone" type="tel" inputMode="tel" autoComplete="tel" label={t('field.phone')} required value={phone} onValue={setPhone} error={fieldError('phone')} maxLength={limits.phoneInputMaxLength} />
        <PasswordField name="password" autoComplete="current-password" label={t('field.password')} required value={password} onValue={setPassword} error={fieldError('password')} maxLength={limits.passwordMaxLength} />
        <button class="button" type="submit" disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
        <p>
          <a href={keepingNext('/reset', query.next)}>{t('signIn.forgot')}</a>
        </p>
        <p>
          <a href={keepingNext('/signup', query.next)}>{t('signIn.noAccount')}</a>
        </p>
        <p>
          <a href="/signin/card">{t('cards.signIn.link')}</a>
        </p>
      </form>
    </>
  );
}
