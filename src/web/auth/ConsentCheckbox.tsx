/** Consent to the personal data notice: never pre-ticked, with the notice one tap away (sign-up, claiming an account). */
import { t } from '../i18n/i18n.js';
import { Checkbox } from '../ui/forms.js';

export function ConsentCheckbox(props: { checked: boolean; onChange(checked: boolean): void; error?: string }) {
  return (
    <Checkbox
      name="consent"
      checked={props.checked}
      onChange={props.onChange}
      error={props.error}
      label={
        <>
          {t('signUp.consent')} <a href="/privacy" target="_blank" rel="noopener">{t('signUp.readNotice')}</a>
        </>
      }
    />
  );
}
