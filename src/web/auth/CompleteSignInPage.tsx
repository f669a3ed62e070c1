/**
 * After a first sign-in at an identity provider: no account exists yet. With a phone the provider
 * verified, the person gives commune, birth year and their own consent (never pre-ticked) and starts
 * learning; without one, they prove an existing account with its phone and password to link it.
 */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { limits } from '../../shared/limits.js';
import { safeReturnPath } from '../../shared/return-path.js';
import { type Answer, api, ApiError } from '../api.js';
import { t } from '../i18n/i18n.js';
import { type Me, session } from '../session.js';
import { Loading } from '../ui/Feedback.js';
import { FormError, PasswordField, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { type PickedUnit, UnitPicker } from '../units/UnitPicker.js';
import { ConsentCheckbox } from './ConsentCheckbox.js';

export function CompleteSignInPage() {
  const { data: pending, error } = useApi('GET /api/auth/oidc/pending');
  if (error) {
    return (
      <>
        <h1>{t('oidc.complete.title')}</h1>
        <p class="form-error" role="alert">
          {t('oidc.complete.missing')}
        </p>
        <a class="button" href="/signin">
          {t('signIn.title')}
        </a>
      </>
    );
  }
  if (!pending) return <Loading />;
  return pending.phoneVerified ? <CompleteForm pending={pending} /> : <LinkForm pending={pending} />;
}

function useFinish(pending: Answer<'GET /api/auth/oidc/pending'>) {
  const { route } = useLocation();
  return (me: Me | undefined) => {
    if (!me) return;
    session.value = me;
    route(safeReturnPath(pending.returnPath));
  };
}

function CompleteForm({ pending }: { pending: Answer<'GET /api/auth/oidc/pending'> }) {
  const finish = useFinish(pending);
  const [fullName, setFullName] = useState(pending.fullName);
  const [birthYear, setBirthYear] = useState('');
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [consent, setConsent] = useState(false);
  const { busy, error, setError, run, fieldError } = useSubmit();

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!unit) local.unitCode = t('signUp.unitChoose');
    if (!consent) local.consent = t('error.consent_required');
    if (Object.keys(local).length > 0) {
      setError(new ApiError(400, 'invalid_input', Object.values(local)[0]!, local));
      return;
    }
    finish(await run(() => api('POST /api/auth/oidc/complete', { body: { fullName, birthYear: Number(birthYear) || 0, unitCode: unit!.code, consent } })));
  };

  return (
    <>
      <h1>{t('oidc.complete.title')}</h1>
      <p>{t('oidc.complete.intro', { provider: pending.provider.name })}</p>
      <form class="card" onSubmit={onSubmit} noValidate>
        <FormError error={error} />
        <TextField name="fullName" autoComplete="name" label={t('field.fullName')} required value={fullName} onValue={setFullName} error={fieldError('fullName')} maxLength={limits.fullNameMaxLength} />
        <TextField name="birthYear" inputMode="numeric" label={t('field.birthYear')} hint={t('signUp.birthYearHint')} required value={birthYear} onValue={setBirthYear} error={fieldError('birthYear')} maxLength={4} />
        <UnitPicker label={t('field.unitCode')} value={unit} onChange={setUnit} error={fieldError('unitCode')} />
        <ConsentCheckbox checked={consent} onChange={setConsent} error={fieldError('consent')} />
        <button class="button" type="submit" disabled={busy}>
          {busy ? t('oidc.complete.submitting') : t('oidc.complete.submit')}
        </button>
      </form>
    </>
  );
}

function LinkForm({ pending }: { pending: Answer<'GET /api/auth/oidc/pending'> }) {
  const finish = useFinish(pending);
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run, fieldError } = useSubmit();
  const provider = pending.provider.name;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    finish(await run(() => api('POST /api/auth/oidc/link', { body: { phone, password } })));
  };

  return (
    <>
      <h1>{t('oidc.link.title')}</h1>
      <p>{t('oidc.link.intro', { provider })}</p>
      <form class="card" onSubmit={onSubmit} noValidate>
        <FormError error={error} />
        <TextField name="phone" type="tel" inputMode="tel" autoComplete="tel" label={t('field.phone')} required value={phone} onValue={setPhone} error={fieldError('phone')} maxLength={limits.phoneInputMaxLength} />
        <PasswordField name="password" autoComplete="current-password" label={t('field.password')} required value={password} onValue={setPassword} error={fieldError('password')} maxLength={limits.passwordMaxLength} />
        <button class="button" type="submit" disabled={busy}>
          {t('oidc.link.submit')}
        </button>
        <p>
          <a href="/signup">{t('oidc.link.noAccount', { provider })}</a>
        </p>
      </form>
    </>
  );
}
