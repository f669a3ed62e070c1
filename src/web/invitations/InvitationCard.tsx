/**
 * One invitation as the invited person sees it: the event, when and where first, then what matters now (the answer
 * buttons, or the QR at the door), then the address and group.
 */
import type { ComponentChildren } from 'preact';
import { formatDateTime } from '../../shared/i18n/format.js';
import type { PublicInvitation } from '../../server/invitations/invitations.schema.js';
import { language, t } from '../i18n/i18n.js';

type Shown = Pick<PublicInvitation, 'event' | 'venue' | 'group' | 'rsvp'>;

export function InvitationDetails({ invitation, children }: { invitation: Shown; children?: ComponentChildren }) {
  return (
    <>
      <h2>{invitation.event.title}</h2>
      <p>
        <strong>{formatDateTime(language.value, invitation.event.startsAt, 'Asia/Ho_Chi_Minh')}</strong> · {invitation.venue.name}
      </p>
      {/* The answer comes before the state, so that it stays on a phone's first screen under a long event title. */}
      {children}
      <p role="status">
        <strong>{t(`invitations.rsvp.${invitation.rsvp}`)}</strong>
      </p>
      {invitation.venue.address ? <p class="muted">{invitation.venue.address}</p> : null}
      {invitation.group ? <p class="muted">{t('invitations.as', { group: invitation.group })}</p> : null}
    </>
  );
}

export function RsvpButtons({ rsvp, busy, onAnswer }: { rsvp: Shown['rsvp']; busy: boolean; onAnswer(answer: 'accepted' | 'declined'): void }) {
  return (
    <div class="actions">
      {rsvp !== 'accepted' ? (
        <button type="button" class="button" disabled={busy} onClick={() => onAnswer('accepted')}>
          {t('invitations.accept')}
        </button>
      ) : null}
      {rsvp !== 'declined' ? (
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => onAnswer('declined')}>
          {t('invitations.decline')}
        </button>
      ) : null}
    </div>
  );
}
