/**
 * Issue 14, launch area: the launch button of the launch ceremony of 19 May 2025 — three leaders who press on their
 * own phones (demo accounts +84900000061…63, password as the other demo accounts; …21 and …22 are citizens the demo
 * helper signed up), two presses needed, the launch planned at 9:15. The demo has no draft course nor draft campaign, so the launch publishes none; the organiser makes
 * the big screen's link themselves (its token is a secret, never printed).
 */
import type { EventId, UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { privacyNoticeVersion } from '../../shared/privacy.js';
import { insertConsent } from '../auth/auth.service.js';
import type { Db } from '../db/database.js';
import { configureLaunch } from '../launch/launch.service.js';
import { recordRegistration } from '../rollups/rollups.service.js';
import { findUnitByCode } from '../units/units.service.js';
import { insertUser, searchableName } from '../users/users.service.js';

const launchCeremonySlug = 'le-phat-dong-binh-dan-hoc-vu-so';

const leaders = [
  { phone: '+84900000061' as PhoneNumber, fullName: 'Hồ Văn Mừng', birthYear: 1968 },
  { phone: '+84900000062' as PhoneNumber, fullName: 'Lê Trung Hồ', birthYear: 1970 },
  { phone: '+84900000063' as PhoneNumber, fullName: 'Nguyễn Thanh Phong', birthYear: 1975 },
];

export async function seedLaunchButton(db: Db, organiserId: UserId, passwordHash: string, now: number): Promise<void> {
  const province = (await findUnitByCode(db, '91'))!;
  // The events area seeds the ceremony itself; until that is merged, a minimal one stands in (the lead reconciles).
  const existing = await db.selectFrom('events').select('id').where('slug', '=', launchCeremonySlug).executeTakeFirst();
  const startsAt = Date.UTC(2025, 4, 19, 0, 30);
  const eventId: EventId =
    existing?.id ??
    (
      await db
        .insertInto('events')
        .values({
          unit_id: province.id,
          slug: launchCeremonySlug,
          title: 'Lễ phát động phong trào “Bình dân học vụ số” tỉnh An Giang',
          description: '',
          starts_at: startsAt,
          ends_at: startsAt + 2 * 3_600_000,
          mode: 'hybrid',
          status: 'published',
          image_media_id: null,
          created_by: organiserId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  for (const leader of leaders) {
    const userId = await insertUser(db, { phone: leader.phone, passwordHash, ...searchableName(leader.fullName), birthYear: leader.birthYear, homeUnitId: province.id, language: 'vi', now });
    await recordRegistration(db, province.id, now);
    await insertConsent(db, { userId, purpose: 'account', noticeVersion: privacyNoticeVersion, channel: 'demo_seed', evidence: '', now });
  }
  await configureLaunch(
    db,
    eventId,
    { leaderPhones: leaders.map((l) => l.phone), pressesNeeded: 2, plannedAt: new Date(Date.UTC(2025, 4, 19, 2, 15)).toISOString(), courseIds: [], campaignId: null },
    { userId: organiserId, ip: '127.0.0.1', now, grants: [] },
  );
}
