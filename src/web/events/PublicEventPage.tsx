/**
 * The public page of an event (`/events/:slug`, no sign-in): when and how, the item running now and the next one
 * (from the server's answer, then the phone's clock every 30 s), the programme, and the venues with stream links.
 */
import { useEffect, useState } from 'preact/hooks';
import { nowAndNext, programmeSpan } from '../../shared/events.js';
import { t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useApi } from '../ui/useApi.js';
import { eventWhenText } from './EventBits.js';

export function PublicEventPage({ slug }: { slug: string }) {
  const { data, error } = useApi('GET /api/public/events/:slug', { params: { slug } });
  // The phone's clock, corrected by how far it is from the server's when the page loaded.
  const [skew, setSkew] = useState(0);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (data) setSkew(Date.parse(data.serverTime) - Date.now());
  }, [data]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const slots = data.programme.map((item) => ({ ...item, startsAt: Date.parse(item.startsAt) }));
  const current = nowAndNext(slots, now + skew);
  return (
    <>
      <h1>{data.title}</h1>
      <p>
        <strong>{eventWhenText(data.startsAt, data.endsAt)}</strong> · {t(`events.mode.${data.mode}`)}
      </p>
      <p class="muted">{t('events.organisedBy', { unit: data.organiser })}</p>
      <section class="card" aria-live="polite" data-testid="now-next">
        <h2>{t('events.nowNext')}</h2>
        <p>
          <strong>{t('events.now')}:</strong> {current.now ? `${programmeSpan(current.now.startsAt, current.now.durationMinutes)} ${current.now.content}` : t('events.nothingNow')}
        </p>
        <p>
          <strong>{t('events.next')}:</strong> {current.next ? `${programmeSpan(current.next.startsAt, current.next.durationMinutes)} ${current.next.content}` : t('events.nothingNext')}
        </p>
      </section>
      {data.description ? <p class="event-description">{data.description}</p> : null}
      <h2>{t('programme.title')}</h2>
      <ol class="plain-list">
        {slots.map((item) => (
          <li class="card" key={`${item.startsAt}-${item.content}`}>
            <p>
              <strong>{programmeSpan(item.startsAt, item.durationMinutes)}</strong>
            </p>
            <p>{item.content}</p>
            {item.responsible ? <p class="muted">{item.responsible}</p> : null}
          </li>
        ))}
      </ol>
      <h2>{t('venues.title')}</h2>
      <ul class="plain-list">
        {data.venues.map((venue) => (
          <li class="card" key={`${venue.kind}-${venue.name}`}>
            <p>
              <strong>{venue.name}</strong> <span class="badge">{t(`venues.kind.${venue.kind}`)}</span>
            </p>
            {venue.address ? <p>{venue.address}</p> : null}
            {venue.streamUrl ? (
              <a class="button button--secondary" href={venue.streamUrl} rel="noopener noreferrer" target="_blank">
                {t('venues.watch')}
              </a>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
