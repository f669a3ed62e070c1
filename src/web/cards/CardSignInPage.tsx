/** /signin/card: signing in with the phone number and the short code printed on a sign-in card (for phones whose camera does not scan). */
import { useState } from 'preact/hooks';
import { limits } from '../../shared/limits.js';
import { normalizeVietnameseMobile } from '../../shared/phone.js';
import { api, ApiError } from '../api.js';
import { t } from '../i18n/i18n.js';
import { FormError, TextField, useSubmit } from '../ui/forms.js';
import { deviceId } from './device.js';
import { forgetWhatThisPhoneKept, goHomeAfresh } from './switch-person.js';

export function CardSignInPage() {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const { busy, error, setError, run, fieldError } = useSubmit();

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!normalizeVietnameseMobile(phone)) {
      setError(new ApiError(400, 'invalid_phone', t('error.invalid_phone'), { cardPhone: t('error.invalid_phone') }));
      return;
    }
    await run(async () => {
      // Whatever an earlier person left cached on this phone goes before someone else signs in.
      await forgetWhatThisPhoneKept();
      await api('POST /api/cards/sign-in-code', { body: { phone, code, deviceId: deviceId() } });
      goHomeAfresh();
      return true;
    });
  };

  return (
    <>
      <h1>{t('cards.signIn.title')}</h1>
      <form class="card" onSubmit={onSubmit} noValidate>
        <p>{t('cards.signIn.intro')}</p>
        <FormError error={error} />
        <TextField name="cardPhone" type="tel" inputMode="tel" autoComplete="tel" label={t('field.phone')} required value={phone} onValue={setPhone} error={fieldError('cardPhone') ?? fieldError('phone')} maxLength={limits.phoneInputMaxLength} />
        <TextField name="cardCode" autoComplete="off" autoCapitalize="characters" spellcheck={false} label={t('cards.signIn.code')} required value={code} onValue={setCode} maxLength={20} />
        <button class="button" type="submit" disabled={busy}>
          {busy ? t('signIn.submitting') : t('cards.signIn.submit')}
        </button>
      </form>
    </>
  );
}
