import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { limits } from '../../shared/limits.js';
import { normalizeVietnameseMobile } from '../../shared/phone.js';
import { safeReturnPath } from '../../shared/return-path.js';
import { api, ApiError } from '../api.js';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ConsentCheckbox } from './ConsentCheckbox.js';
import { keepingNext } from './return-path.js';
import { FormError, PasswordField, TextField, useSubmit } from '../ui/forms.js';
import { type PickedUnit, UnitPicker } from '../units/UnitPicker.js';
import { HamletPicker } from '../units/HamletPicker.js';

export function SignUpPage() {
  const { route, query } = useLocation();
  const [phone, setPhone] = useState('');
  const [fullName, setFullName] = useState('');
  const [birthYear, setBirthYear] = useState('');
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [hamlet, setHamlet] = useState('');
  const [password, setPassword] = useState('');
  const [consent, setConsent] = useState(false);
  const { busy, error, setError, run, fieldError } = useSubmit();

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    // Checked here first so that a slow connection is not needed to learn of a typo.
    const local: Record<string, string> = {};
    if (!normalizeVietnameseMobile(phone)) local.phone = t('error.invalid_phone');
    if (!unit) local.unitCode = t('signUp.unitChoose');
    if (!consent) local.consent = t('error.consent_required');
    if (Object.keys(local).length > 0) {
      setError(new ApiError(400, 'invalid_input', Object.values(local)[0]!, local));
      return;
    }
    const me = await run(() =>
      api('POST /api/auth/register', { body: { phone, password, fullName, birthYear: Number(birthYear) || 0, unitCode: hamlet || unit!.code, consent } }),
    );
    if (me) {
      session.value = me;
      route(safeReturnPath(query.next), true);
    }
  };

  return (
    <>
      <h1>{t('signUp.title')}</h1>
      <p>{t('signUp.intro')}</p>
      <form class="card" onSubmit={onSubmit} noValidate>
        <FormError error={error} />
        <TextField name="phone" type="tel" inputMode="tel" autoComplete="tel" label={t('field.phone')} hint={t('signUp.phoneHint')} required value={phone} onValue={setPhone} error={fieldError('phone')} maxLength={limits.phoneInputMaxLength} />
        <TextField name="fullName" autoComplete="name" label={t('field.fullName')} required value={fullName} onValue={setFullName} error={fieldError('fullName')} maxLength={limits.fullNameMaxLength} />
        <TextField name="birthYear" inputMode="numeric" label={t('field.birthYear')} hint={t('signUp.birthYearHint')} required value={birthYear} onValue={setBirthYear} error={fieldError('birthYear')} maxLength={4} />
        <UnitPicker label={t('field.unitCode')} value={unit} onChange={(u) => (setUnit(u), setHamlet(''))} error={fieldError('unitCode')} />
        <HamletPicker communeCode={unit?.code ?? null} value={hamlet} onChange={setHamlet} />
        <PasswordField name="password" autoComplete="new-password" label={t('field.password')} hint={t('signUp.passwordHint')} required value={password} onValue={setPassword} error={fieldError('password')} maxLength={limits.passwordMaxLength} />
        <ConsentCheckbox checked={consent} onChange={setConsent} error={fieldError('consent')} />
        <button class="button" type="submit" disabled={busy}>
          {busy ? t('signUp.submitting') : t('signUp.submit')}
        </button>
        <p>
          <a href={keepingNext('/signin', query.next)}>{t('signUp.haveAccount')}</a>
        </p>
      </form>
    </>
  );
}
