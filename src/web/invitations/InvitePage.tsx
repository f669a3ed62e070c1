/**
 * Where an invitation's link and QR lead: /invite#<secret>. The secret is in the fragment, so it never reaches a
 * server log; the page posts it, shows the invitation and lets the person accept or decline without signing in.
 */
import { useEffect, useState } from 'preact/hooks';
import { invitationSecretFromScan } from '../../shared/events.js';
import { api, type Answer } from '../api.js';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useSubmit } from '../ui/forms.js';
import { InvitationDetails, RsvpButtons } from './InvitationCard.js';

export function InvitePage() {
  const [secret] = useState(() => invitationSecretFromScan(`/invite${decodeURIComponent(location.hash)}`));
  const [invitation, setInvitation] = useState<Answer<'POST /api/invitations/lookup'> | null>(null);
  const { busy, error, run } = useSubmit();

  useEffect(() => {
    if (secret) void run(async () => setInvitation(await api('POST /api/invitations/lookup', { body: { secret } })));
  }, [secret]);

  const answer = (choice: 'accepted' | 'declined') => run(async () => setInvitation(await api('POST /api/invitations/rsvp', { body: { secret: secret!, answer: choice } })));

  return (
    <>
      <h1>{t('invitations.title')}</h1>
      {!secret ? (
        <p class="form-error" role="alert">
          {t('invitations.badLink')}
        </p>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      {secret && !invitation && !error ? <Loading /> : null}
      {invitation ? (
        <section class="card">
          <p>{t('invitations.dear', { name: invitation.name })}</p>
          <InvitationDetails invitation={invitation}>
            {invitation.cancelled ? <p class="form-error">{t('invitations.cancelled')}</p> : <RsvpButtons rsvp={invitation.rsvp} busy={busy} onAnswer={answer} />}
          </InvitationDetails>
          <p>
            <a href={session.value ? '/invitations' : '/signin?next=/invitations'}>{t('invitations.seeMine')}</a>
          </p>
        </section>
      ) : null}
    </>
  );
}
