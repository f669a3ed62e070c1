/** My invitations: each with its answer buttons, my personal QR (the invitation link) and the door code. */
import QRCode from 'qrcode';
import { useEffect, useState } from 'preact/hooks';
import { invitationPath } from '../../shared/events.js';
import type { MyInvitations } from '../../server/invitations/invitations.schema.js';
import { api } from '../api.js';
import { t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { InvitationDetails, RsvpButtons } from './InvitationCard.js';

type Invitation = MyInvitations['invitations'][number];

export function MyInvitationsPage() {
  const { data, error, reload } = useApi('GET /api/me/invitations', {});
  return (
    <>
      <h1>{t('invitations.mine')}</h1>
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : data.invitations.length === 0 ? <p>{t('invitations.none')}</p> : data.invitations.map((i) => <MyInvitation key={i.id} invitation={i} onChange={reload} />)}
    </>
  );
}

function MyInvitation({ invitation, onChange }: { invitation: Invitation; onChange(): void }) {
  const [qr, setQr] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  const link = `${location.origin}${invitationPath}#${invitation.secret}`;
  useEffect(() => {
    void QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, width: 280 }).then(setQr);
  }, [link]);
  const answer = (choice: 'accepted' | 'declined') =>
    run(async () => {
      await api('POST /api/invitations/rsvp', { body: { secret: invitation.secret, answer: choice } });
      onChange();
    });
  return (
    <section class="card">
      <InvitationDetails invitation={invitation}>
        {invitation.rsvp !== 'declined' ? (
          <figure class="invitation-qr">
            {qr ? <img src={qr} width={280} height={280} alt={t('invitations.qrAlt')} /> : null}
            <figcaption>
              {t('invitations.doorCode')}: <strong class="door-code">{invitation.code}</strong>
            </figcaption>
          </figure>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
        <RsvpButtons rsvp={invitation.rsvp} busy={busy} onAnswer={answer} />
      </InvitationDetails>
    </section>
  );
}
