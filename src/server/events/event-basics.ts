/** What the events feature's own modules share: who runs an event, who is acting, media checks, how a time reads. */
import { programmeSpan } from '../../shared/events.js';
import type { UserId } from '../../shared/ids.js';
import type { Role } from '../../shared/limits.js';
import type { DbOrTx } from '../db/database.js';
import { AppError } from '../errors.js';
import { findMediaById } from '../media/media.service.js';

/** Who runs an event: organisers whose grant reaches the event's unit. */
export const organiserRoles: readonly Role[] = ['organiser'];

export interface EventActor {
  userId: UserId;
  ip: string;
  now: number;
}

/** A media id an organiser gave must name a file of the media library (of the kind asked for). */
export async function checkMediaId(db: DbOrTx, id: number, kinds: readonly string[], field: string): Promise<void> {
  const media = await findMediaById(db, id);
  if (!media || !kinds.includes(media.kind)) throw new AppError('event_media_not_found', 400, {}, { [field]: { key: 'error.event_media_not_found' } });
}

const weekdays = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** "7h30 – 9h30, Thứ Hai, 19/5/2025" in Vietnam time, as invitations and programmes write it. */
export function eventWhen(startsAt: number, endsAt: number): string {
  const d = new Date(startsAt + 7 * 3_600_000);
  const span = programmeSpan(startsAt, Math.round((endsAt - startsAt) / 60_000));
  return `${span}, ${weekdays[d.getUTCDay()]}, ${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
}

