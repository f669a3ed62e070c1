/**
 * Where a sign-in card's QR code leads: /the#<secret>. The secret is in the fragment, so it never reaches a server
 * log; the page posts it. Nobody signed in: sign in and go home. The card's own holder signed in: go home.
 * Someone else signed in (a family sharing a phone): ask first, and switch only after the tap.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type Answer } from '../api.js';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ErrorMessage } from '../ui/Feedback.js';
import { useSubmit } from '../ui/forms.js';
import { deviceId } from './device.js';
import { forgetWhatThisPhoneKept, goHomeAfresh, signOutBeforeSwitching } from './switch-person.js';

export function CardLandingPage() {
  // Read once, then dropped from the address bar and the history.
  const [secret] = useState(() => decodeURIComponent(location.hash.slice(1)).trim());
  useEffect(() => {
    if (location.hash) history.replaceState(history.state, '', '/the');
  }, []);
  const me = session.value;
  const [holder, setHolder] = useState<Answer<'POST /api/cards/peek'> | null>(null);
  const { busy, error, run } = useSubmit();

  const signInWithCard = () =>
    run(async () => {
      await forgetWhatThisPhoneKept();
      await api('POST /api/cards/sign-in', { body: { secret, deviceId: deviceId() } });
      goHomeAfresh();
      return true;
    });

  useEffect(() => {
    if (!secret || me === undefined) return;
    if (me === null) void signInWithCard();
    else
      void run(async () => {
        const card = await api('POST /api/cards/peek', { body: { secret } });
        if (card.you) goHomeAfresh();
        else setHolder(card);
      });
    // Once the session is known; switching itself sets it to null, which must not sign in again.
  }, [me === undefined]);

  const switchPerson = () =>
    run(async () => {
      await signOutBeforeSwitching(me!.id);
      await api('POST /api/cards/sign-in', { body: { secret, deviceId: deviceId() } });
      goHomeAfresh();
      return true;
    });

  return (
    <>
      <h1>{t('cards.landing.title')}</h1>
      {!secret ? <p class="form-error" role="alert">{t('cards.landing.noSecret')}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {secret && !error && (!holder || busy) ? <p role="status">{holder ? t('cards.landing.switching') : t('cards.landing.signingIn')}</p> : null}
      {holder && me && !busy && !error ? (
        <section class="card">
          <p>
            <strong>{t('cards.landing.switchQuestion', { current: me.fullName, next: holder.fullName })}</strong>
          </p>
          <p class="muted">{t('cards.landing.switchNote', { current: me.fullName })}</p>
          <button class="button" type="button" onClick={switchPerson}>
            {t('cards.landing.switch', { name: holder.fullName })}
          </button>
          <a class="button button--secondary" href="/">
            {t('cards.landing.stay', { name: me.fullName })}
          </a>
        </section>
      ) : null}
      {!secret || error ? (
        <p>
          <a href="/signin/card">{t('cards.landing.codeInstead')}</a>
        </p>
      ) : null}
    </>
  );
}
