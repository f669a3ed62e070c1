/** Small pieces the event pages share. */
import { programmeSpan } from '../../shared/events.js';
import { t } from '../i18n/i18n.js';

/** "7h30 – 9h30 · 19/5/2025" in Vietnam time. */
export function eventWhenText(startsAt: string, endsAt: string): string {
  const start = Date.parse(startsAt);
  const day = new Date(start + 7 * 3_600_000);
  return `${programmeSpan(start, Math.round((Date.parse(endsAt) - start) / 60_000))} · ${day.getUTCDate()}/${day.getUTCMonth() + 1}/${day.getUTCFullYear()}`;
}

/** The way back to the event's editor, on every sub-page. */
export function BackToEvent({ id }: { id: number | string }) {
  return (
    <p>
      <a href={`/organise/events/${id}`}>← {t('events.backToEvent')}</a>
    </p>
  );
}
