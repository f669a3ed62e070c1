/** A person named by phone; name, birth year and home commune matter only when the phone has no account yet. */
import { t } from '../i18n/i18n.js';
import { TextField } from '../ui/forms.js';

export interface PersonForm {
  phone: string;
  fullName: string;
  birthYear: string;
  homeCode: string;
}

/** The body the server takes: blank optional fields left out. */
export const personBody = (p: PersonForm) => ({
  phone: p.phone,
  ...(p.fullName.trim() ? { fullName: p.fullName } : {}),
  ...(p.birthYear.trim() ? { birthYear: p.birthYear.trim() } : {}),
  ...(p.homeCode.trim() ? { homeCode: p.homeCode.trim() } : {}),
});

export function PersonFields({ value, onChange, fieldError, prefix }: { value: PersonForm; onChange(next: PersonForm): void; fieldError(name: string): string | undefined; prefix: string }) {
  const set = (key: keyof PersonForm) => (v: string) => onChange({ ...value, [key]: v });
  return (
    <>
      <TextField name={`${prefix}-phone`} label={t('invitations.phone')} value={value.phone} onValue={set('phone')} type="tel" inputMode="tel" autoComplete="off" maxLength={30} required error={fieldError('phone')} />
      <p class="field__hint">{t('invitations.newPersonHint')}</p>
      <TextField name={`${prefix}-name`} label={t('members.name')} value={value.fullName} onValue={set('fullName')} maxLength={200} error={fieldError('fullName')} />
      <TextField name={`${prefix}-year`} label={t('invitations.birthYear')} value={value.birthYear} onValue={set('birthYear')} inputMode="numeric" maxLength={4} error={fieldError('birthYear')} />
      <TextField name={`${prefix}-home`} label={t('invitations.homeCode')} value={value.homeCode} onValue={set('homeCode')} maxLength={40} error={fieldError('homeCode')} />
    </>
  );
}
