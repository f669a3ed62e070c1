import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { limits } from '../../shared/limits.js';
import { formatPhoneNational } from '../../shared/phone.js';
import { endSessionKey } from '../auth/ProviderButtons.js';
import { MyCardSection } from '../cards/MyCardSection.js';
import { MyDataSection } from './MyDataSection.js';
import { useApi } from '../ui/useApi.js';
import { api, ApiError } from '../api.js';
import { apiCacheName } from '../offline/api-cache.js';
import { type PickedUnit, UnitPicker } from '../units/UnitPicker.js';
import { HamletPicker } from '../units/HamletPicker.js';
import { t } from '../i18n/i18n.js';
import { type Me, session } from '../session.js';
import { Checkbox, FormError, PasswordField, TextField, useSubmit } from '../ui/forms.js';
import { dataSaver, setDataSaver } from '../settings.js';

/** A home in a hamlet is shown as its commune, then the hamlet. */
function ProfileDetails({ me }: { me: Me }) {
  const inHamlet = me.unit.kind === 'hamlet';
  const { data } = useApi(inHamlet ? 'GET /api/units/:code' : null, { params: { code: me.unit.code } });
  if (inHamlet && !data) return <p class="muted">{t('common.loading')}</p>;
  const commune = inHamlet && data?.parent ? { code: data.parent.code, fullName: data.parent.fullName, parentName: null } : { code: me.unit.code, fullName: me.unit.fullName, parentName: null };
  return <DetailsForm me={me} commune={commune} hamlet={inHamlet ? me.unit.code : ''} />;
}

function DetailsForm({ me, commune, hamlet: initialHamlet }: { me: Me; commune: PickedUnit; hamlet: string }) {
  const [fullName, setFullName] = useState(me.fullName);
  const [birthYear, setBirthYear] = useState(String(me.birthYear));
  const [unit, setUnit] = useState<PickedUnit | null>(commune);
  const [hamlet, setHamlet] = useState(initialHamlet);
  const [saved, setSaved] = useState(false);
  const { busy, error, setError, run, fieldError } = useSubmit();

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    // A commune typed but not chosen would otherwise be dropped without a word while the rest is saved.
    if (!unit) {
      setError(new ApiError(400, 'invalid_input', t('signUp.unitChoose'), { unitCode: t('signUp.unitChoose') }));
      return;
    }
    const updated = await run(() => api('PATCH /api/me', { body: { fullName, birthYear: Number(birthYear) || 0, unitCode: hamlet || unit.code } }));
    if (updated) {
      session.value = updated;
      setSaved(true);
    }
  };
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h2>{t('profile.details')}</h2>
      <p>{t('profile.phone', { phone: formatPhoneNational(me.phone) })}</p>
      <FormError error={error} />
      {saved ? <p class="success" role="status">{t('common.saved')}</p> : null}
      <TextField name="fullName" autoComplete="name" label={t('field.fullName')} required value={fullName} onValue={setFullName} error={fieldError('fullName')} maxLength={limits.fullNameMaxLength} />
      <TextField name="birthYear" inputMode="numeric" label={t('field.birthYear')} required value={birthYear} onValue={setBirthYear} error={fieldError('birthYear')} maxLength={4} />
      <UnitPicker label={t('field.unitCode')} value={unit} onChange={(u) => (setUnit(u), setHamlet(''))} error={fieldError('unitCode')} />
      <HamletPicker communeCode={unit?.code ?? null} value={hamlet} onChange={setHamlet} />
      <button class="button" type="submit" disabled={busy}>
        {busy ? t('common.saving') : t('common.save')}
      </button>
    </form>
  );
}

/** Change the password; a person without one yet (signed in with a sign-in card) sets a first one, no current password asked. */
function PasswordForm({ hasPassword, onSet }: { hasPassword: boolean; onSet(): void }) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run, fieldError } = useSubmit();
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setDone(false);
    const ok = await run(async () => {
      await api('POST /api/me/password', { body: hasPassword ? { currentPassword, newPassword } : { newPassword } });
      return true;
    });
    if (ok) {
      if (!hasPassword) onSet();
      setDone(true);
      setCurrentPassword('');
      setNewPassword('');
    }
  };
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h2>{hasPassword ? t('profile.changePassword') : t('cards.password.title')}</h2>
      {hasPassword ? null : <p>{t('cards.password.intro')}</p>}
      <FormError error={error} />
      {done ? <p class="success" role="status">{hasPassword ? t('profile.passwordChanged') : t('cards.password.done')}</p> : null}
      {hasPassword ? (
        <PasswordField name="currentPassword" autoComplete="current-password" label={t('field.currentPassword')} required value={currentPassword} onValue={setCurrentPassword} error={fieldError('currentPassword')} maxLength={limits.passwordMaxLength} />
      ) : null}
      <PasswordField name="newPassword" autoComplete="new-password" label={t('field.newPassword')} hint={t('signUp.passwordHint')} required value={newPassword} onValue={setNewPassword} error={fieldError('newPassword')} maxLength={limits.passwordMaxLength} />
      <button class="button button--secondary" type="submit" disabled={busy}>
        {hasPassword ? t('profile.changePassword') : t('cards.password.title')}
      </button>
    </form>
  );
}

/** After the account was erased: said in words first; leaving ends the (already revoked) session on this phone. */
function AccountDeleted() {
  const { route } = useLocation();
  const leave = () => {
    session.value = null;
    route('/');
  };
  return (
    <section class="card">
      <h1>{t('myData.deleted')}</h1>
      <button class="button" type="button" onClick={leave}>
        {t('nav.home')}
      </button>
    </section>
  );
}

export function ProfilePage() {
  const me = session.value;
  const { route } = useLocation();
  const mine = useApi('GET /api/cards/mine');
  const [deleted, setDeleted] = useState(false);
  if (deleted) return <AccountDeleted />;
  if (!me) return <p>{t('common.loading')}</p>;
  const onErased = () => {
    // Lessons and progress cached for offline reading belonged to the person who is gone.
    void caches?.delete(apiCacheName).catch(() => false);
    setDeleted(true);
  };
  const actsForOthers = me.grants.some((g) => g.role === 'helper' || g.role === 'manager');
  // Cards are for citizens: staff sign in with a password.
  const citizen = me.grants.every((g) => g.role === 'learner');

  const signOut = async () => {
    // Ends the session like /api/auth/logout; a session begun at an identity provider also gets its logout address.
    const out = await api('POST /api/auth/oidc/logout').catch(() => null);
    // Lessons and progress cached for offline reading belong to the person who leaves.
    await caches?.delete(apiCacheName).catch(() => false);
    session.value = null;
    if (out?.endSessionUrl) {
      // Offered on the sign-in page, not forced: the super-app may still need its own session.
      sessionStorage.setItem(endSessionKey, out.endSessionUrl);
      route('/signin');
    } else route('/');
  };
  return (
    <>
      <h1>{t('profile.title')}</h1>
      <ProfileDetails me={me} />
      <section class="card">
        <h2>{t('settings.onThisPhone')}</h2>
        <Checkbox name="dataSaver" label={t('settings.dataSaver')} checked={dataSaver.value} onChange={setDataSaver} />
        <p class="muted">{t('settings.dataSaverHint')}</p>
      </section>
      <section class="card">
        <h2>{t('profile.grants')}</h2>
        {me.grants.length === 0 ? (
          <p>{t('profile.noGrants')}</p>
        ) : (
          <ul class="role-list">
            {me.grants.map((g) => (
              <li key={g.id}>{t('home.roleOnUnit', { role: t(`role.${g.role}`), unit: g.unit.fullName })}</li>
            ))}
          </ul>
        )}
      </section>
      {citizen ? <MyCardSection state={mine.data} reload={mine.reload} /> : null}
      <PasswordForm hasPassword={mine.data?.hasPassword ?? true} onSet={mine.reload} />
      <MyDataSection onErased={onErased} />
      {actsForOthers ? (
        <a class="button button--secondary" href="/helper/privacy">
          {t('myData.onBehalfLink')}
        </a>
      ) : null}
      <button class="button button--secondary" type="button" onClick={signOut}>
        {t('nav.signOut')}
      </button>
    </>
  );
}
