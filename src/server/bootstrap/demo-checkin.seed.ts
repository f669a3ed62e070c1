/**
 * Issue 14, check-in: the demo learner registered at the door of the launch ceremony's hall, so that the attendance
 * page and its downloads show figures. The ceremony itself is the events demo's; until that is merged, a minimal one
 * (the hall, one quota group) is made here if it is missing.
 */
import type { EventId, ParticipantGroupId, UserId, VenueId } from '../../shared/ids.js';
import { registerWalkIn } from '../checkin/checkin.service.js';
import type { Db } from '../db/database.js';
import { findUnitByCode } from '../units/units.service.js';
import { provinceCode } from '../units/units.reference.js';

const slug = 'le-phat-dong-binh-dan-hoc-vu-so';
const ceremonyStart = Date.UTC(2025, 4, 19, 0, 30);

async function ceremony(db: Db, organiserId: UserId, now: number): Promise<{ eventId: EventId; hallId: VenueId; groupId: ParticipantGroupId }> {
  let event = await db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!event) {
    const province = (await findUnitByCode(db, provinceCode))!;
    event = await db
      .insertInto('events')
      .values({ unit_id: province.id, slug, title: 'Lễ phát động phong trào “Bình dân học vụ số”', description: '', starts_at: ceremonyStart, ends_at: ceremonyStart + 2 * 3_600_000, mode: 'hybrid', status: 'ended', image_media_id: null, created_by: organiserId, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
  }
  let hall = await db.selectFrom('event_venues').select('id').where('event_id', '=', event.id).where('kind', '=', 'main').orderBy('position').executeTakeFirst();
  hall ??= await db
    .insertInto('event_venues')
    .values({ event_id: event.id, kind: 'main', name: 'Hội trường UBND tỉnh An Giang', address: '16C Tôn Đức Thắng, phường Long Xuyên', unit_id: null, capacity: 140, contact_name: null, contact_phone: null, stream_url: null, position: 0, created_at: now, retired_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  let group = await db.selectFrom('event_quotas').select('group_id as id').where('venue_id', '=', hall.id).orderBy('group_id').executeTakeFirst();
  if (!group) {
    group = await db.insertInto('event_groups').values({ event_id: event.id, name: 'Thành viên Ban Chỉ đạo', position: 0 }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('event_quotas').values({ group_id: group.id, venue_id: hall.id, quota: 40 }).execute();
  }
  return { eventId: event.id, hallId: hall.id, groupId: group.id };
}

export async function seedDemoCheckin(db: Db, organiserId: UserId, learner: { phone: string; fullName: string; birthYear: number }, now: number): Promise<void> {
  const { eventId, hallId, groupId } = await ceremony(db, organiserId, now);
  await registerWalkIn(db, eventId, { nonce: 'demo-walk-in-0001', deviceId: 'demo', venueId: hallId, groupId, phone: learner.phone, fullName: learner.fullName, birthYear: learner.birthYear }, { userId: organiserId, ip: '127.0.0.1', now });
}
