/**
 * The launch ceremony's participants as plan 570/KH-UBND sets them: five quota groups at the main hall, the demo
 * learner invited (so her "Giấy mời của tôi" shows it) and seats of the youth-union members handed to Phường Long
 * Xuyên, whose demo manager names them. The event and its hall are the events feature's; they are made here only
 * minimally if absent.
 */
import type { PhoneNumber } from '../../shared/phone.js';
import type { Db } from '../db/database.js';
import { venuesOf } from '../events/events.service.js';
import { createInvitation } from '../invitations/invitations.service.js';
import { findUnitByCode } from '../units/units.service.js';
import { provinceCode } from '../units/units.reference.js';
import { findCredentialsByPhone } from '../users/users.service.js';

const launchSlug = 'le-phat-dong-binh-dan-hoc-vu-so';

const launchGroups = [
  { name: 'Thành viên Ban Chỉ đạo', quota: 40 },
  { name: 'Đại biểu các sở, ban, ngành, đoàn thể', quota: 30 },
  { name: 'Đoàn viên thanh niên', quota: 30 },
  { name: 'Học sinh trung học phổ thông', quota: 20 },
  { name: 'Tổ công nghệ số cộng đồng và tổ khuyến nông', quota: 20 },
] as const;

export async function seedLaunchInvitations(db: Db, now: number): Promise<void> {
  const [organiser, learner, province, ward] = await Promise.all([
    findCredentialsByPhone(db, '+84900000006' as PhoneNumber),
    findCredentialsByPhone(db, '+84900000001' as PhoneNumber),
    findUnitByCode(db, provinceCode),
    findUnitByCode(db, '30307'),
  ]);
  if (!organiser || !learner || !province || !ward) return;
  await db.transaction().execute(async (trx) => {
    const startsAt = Date.UTC(2025, 4, 19, 0, 30);
    const event =
      (await trx.selectFrom('events').select('id').where('slug', '=', launchSlug).executeTakeFirst()) ??
      (await trx
        .insertInto('events')
        .values({
          unit_id: province.id,
          slug: launchSlug,
          title: 'Lễ phát động phong trào “Bình dân học vụ số” tỉnh An Giang',
          description: '',
          starts_at: startsAt,
          ends_at: Date.UTC(2025, 4, 19, 2, 30),
          mode: 'hybrid',
          status: 'published',
          image_media_id: null,
          created_by: organiser.id,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow());
    const hall =
      (await venuesOf(trx, event.id)).find((v) => v.kind === 'main') ??
      (await trx
        .insertInto('event_venues')
        .values({
          event_id: event.id,
          kind: 'main',
          name: 'Hội trường UBND tỉnh An Giang',
          address: '16C Tôn Đức Thắng, phường Long Xuyên, tỉnh An Giang',
          unit_id: province.id,
          capacity: 140,
          contact_name: null,
          contact_phone: null,
          stream_url: null,
          position: 0,
          created_at: now,
          retired_at: null,
        })
        .returning(['id', 'kind'])
        .executeTakeFirstOrThrow());
    if (await trx.selectFrom('event_groups').select('id').where('event_id', '=', event.id).executeTakeFirst()) return;
    const groups = [];
    for (const [i, g] of launchGroups.entries()) {
      const group = await trx.insertInto('event_groups').values({ event_id: event.id, name: g.name, position: i + 1 }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('event_quotas').values({ group_id: group.id, venue_id: hall.id, quota: g.quota }).execute();
      groups.push(group.id);
    }
    await trx
      .insertInto('event_allocations')
      .values({ event_id: event.id, venue_id: hall.id, group_id: groups[2]!, unit_id: ward.id, seats: 10, created_by: organiser.id, created_at: now })
      .execute();
    await createInvitation(trx, { eventId: event.id, venueId: hall.id, groupId: groups[4]!, userId: learner.id, source: 'named', invitedBy: organiser.id, now });
  });
}
