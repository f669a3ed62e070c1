/**
 * Demo data for `npm start` on an empty database: a small organisational tree
 * and one account for every role, all with the same public password. Never
 * runs with DEMO=0, and start-up prints a warning whenever it has run.
 */
import sharp from 'sharp';
import type { CourseId, UnitId, UserId } from '../../shared/ids.js';
import { signUpCitizen } from '../assisted/assisted.service.js';
import type { Role } from '../../shared/limits.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { privacyNoticeVersion } from '../../shared/privacy.js';
import { hashPassword, insertConsent } from '../auth/auth.service.js';
import { type ImportDeps, publishShippedCourses } from '../packages/packages.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { seedDemoActivity, seedDemoCampaign } from './demo-activity.seed.js';
import { seedDemoCards } from './demo-cards.seed.js';
import { seedLaunchCeremony } from './demo-events.seed.js';
import { seedLaunchButton } from './demo-launch.seed.js';
import { seedDemoCheckin } from './demo-checkin.seed.js';
import { seedLaunchInvitations } from './demo-invitations.seed.js';
import { insertGrant } from '../grants/grants.service.js';
import { recordRegistration } from '../rollups/rollups.service.js';
import { seedReviewDemo } from './demo-review.seed.js';
import { findUnitByCode } from '../units/units.service.js';
import { createHamlet } from '../units/hamlets.service.js';
import { createTeam, setTeamHamlets } from '../teams/teams.service.js';
import { insertChildUnits, provinceCode } from '../units/units.reference.js';
import { insertUser, searchableName } from '../users/users.service.js';
import { seedDemoRequests } from './demo-requests.seed.js';
import { seedLaunchTasksBudgetNews } from './demo-launch-tasks.seed.js';
import { openSigner } from '../certificates/certificates.service.js';
import { recordHeldClass } from '../classes/classes.service.js';
import { browseCatalog } from '../courses/courses.service.js';
import { dayOf } from '../../shared/days.js';
import { PublishedLessonCache } from '../lessons/lessons.service.js';
import { createProgressWriter } from '../progress/progress.service.js';
import { teamsOfHelper } from '../teams/teams.service.js';
import { listChildUnits } from '../units/units.service.js';

export const demoPassword = 'hoctap-demo';

/** Real bodies of An Giang, as a tree under the province. */
const organisations = [
  { code: 'ORG.SGDDT', kind: 'department', name: 'Sở Giáo dục và Đào tạo', children: [
    { code: 'ORG.THPT.TNH', kind: 'school', name: 'Trường THPT chuyên Thoại Ngọc Hầu' },
    { code: 'ORG.THPT.LX', kind: 'school', name: 'Trường THPT Long Xuyên' },
  ] },
  { code: 'ORG.SKHCN', kind: 'department', name: 'Sở Khoa học và Công nghệ', children: [] },
  { code: 'ORG.SNV', kind: 'department', name: 'Sở Nội vụ', children: [] },
  { code: 'ORG.TDTN', kind: 'union', name: 'Tỉnh Đoàn An Giang', children: [] },
  { code: 'ORG.VNPT', kind: 'enterprise', name: 'VNPT An Giang', children: [] },
] as const;

interface DemoAccount {
  role: Role;
  phone: PhoneNumber;
  fullName: string;
  birthYear: number;
  homeUnit: string;
  grantUnit: string | null;
}

// Phone numbers in 0900 000 00x: valid mobile form, reserved for the demo.
export const demoAccounts: readonly DemoAccount[] = [
  { role: 'learner', phone: '+84900000001' as PhoneNumber, fullName: 'Nguyễn Thị Lan', birthYear: 1968, homeUnit: '30307', grantUnit: null },
  { role: 'helper', phone: '+84900000002' as PhoneNumber, fullName: 'Trần Văn Hùng', birthYear: 1999, homeUnit: '30307', grantUnit: '30307' },
  { role: 'author', phone: '+84900000003' as PhoneNumber, fullName: 'Lê Thị Thu Hà', birthYear: 1985, homeUnit: '30292', grantUnit: 'ORG.SGDDT' },
  { role: 'manager', phone: '+84900000004' as PhoneNumber, fullName: 'Phạm Minh Tuấn', birthYear: 1978, homeUnit: '30307', grantUnit: '30307' },
  { role: 'campaign_lead', phone: '+84900000005' as PhoneNumber, fullName: 'Võ Thị Mỹ Dung', birthYear: 1980, homeUnit: '30301', grantUnit: provinceCode },
  { role: 'organiser', phone: '+84900000006' as PhoneNumber, fullName: 'Huỳnh Quốc Bảo', birthYear: 1990, homeUnit: '30292', grantUnit: provinceCode },
  { role: 'admin', phone: '+84900000007' as PhoneNumber, fullName: 'Đặng Hoàng Nam', birthYear: 1987, homeUnit: '30301', grantUnit: provinceCode },
  // An author of the province: reviews the Department of Education's courses (reviewers sit above the course's unit).
  { role: 'author', phone: '+84900000008' as PhoneNumber, fullName: 'Ngô Thanh Tâm', birthYear: 1976, homeUnit: '30292', grantUnit: provinceCode },
];

async function unitId(db: DbOrTx, code: string): Promise<UnitId> {
  const unit = await findUnitByCode(db, code);
  if (!unit) throw new Error(`demo seed: unit ${code} is missing`);
  return unit.id;
}

export async function seedDemo(deps: ImportDeps, now: number): Promise<void> {
  const { db } = deps;
  const passwordHash = await hashPassword(demoPassword);
  await db.transaction().execute(async (trx) => {
    const province = (await findUnitByCode(trx, provinceCode))!;
    const top = await insertChildUnits(
      trx,
      { id: province.id, path: province.path, depth: 0 },
      organisations.map((o, i) => ({ code: o.code, kind: o.kind, name: o.name, fullName: `${o.name}`, sortOrder: 20_000 + i })),
      now,
    );
    for (const org of organisations) {
      if (org.children.length === 0) continue;
      const id = top.get(org.code)!;
      await insertChildUnits(
        trx,
        { id, path: `${province.path}${id}/`, depth: 1 },
        org.children.map((c) => ({ code: c.code, kind: c.kind, name: c.name, fullName: c.name })),
        now,
      );
    }
  });

  const ids = new Map<Role, UserId>();
  for (const account of demoAccounts) {
    await db.transaction().execute(async (trx) => {
      const homeUnitId = await unitId(trx, account.homeUnit);
      const userId: UserId = await insertUser(trx, {
        phone: account.phone,
        passwordHash,
        ...searchableName(account.fullName),
        birthYear: account.birthYear,
        homeUnitId,
        language: 'vi',
        now,
      });
      await recordRegistration(trx, homeUnitId, now);
      await insertConsent(trx, { userId, purpose: 'account', noticeVersion: privacyNoticeVersion, channel: 'demo_seed', evidence: '', now });
      if (account.grantUnit) await insertGrant(trx, { userId, role: account.role, unitId: await unitId(trx, account.grantUnit), grantedBy: null, now });
      if (!ids.has(account.role)) ids.set(account.role, userId);
    });
  }
  // The Department of Education signs the certificates of the courses it publishes. The names are placeholders for the demo.
  await db
    .updateTable('units')
    .set({ certificate_issuer: 'Sở Giáo dục và Đào tạo tỉnh An Giang', certificate_signatory_name: 'Nguyễn Văn Demo', certificate_signatory_title: 'Giám đốc' })
    .where('code', '=', 'ORG.SGDDT')
    .execute();
  await publishShippedCourses(deps, { unitId: await unitId(db, 'ORG.SGDDT'), authorId: ids.get('author')! }, now);
  await seedDemoTeam(db, ids.get('manager')!, now);
  await seedAssistedSignups(deps, now);
  await seedDemoCards(db, now);
  await seedDemoRequests(db, demoAccounts[0]!.phone, demoAccounts[1]!.phone, now);
  await seedDemoClass(deps, ids.get('helper')!, passwordHash, now);
  await seedReviewDemo(db, ids.get('manager')!, now);
  await seedLaunchCeremony(db, ids.get('organiser')!, now);
  await seedLaunchTasksBudgetNews(db, ids.get('organiser')!, now);
  await seedLaunchButton(db, ids.get('organiser')!, passwordHash, now);
  await seedLaunchInvitations(db, now);
  await seedDemoCheckin(db, ids.get('organiser')!, demoAccounts[0]!, now);
  await seedDemoActivity(deps, now);
  await seedDemoCampaign(db, ids.get('campaign_lead')!, now);
}

/** Issue 13: three khóm of Phường Long Xuyên and its community digital technology team, made by the demo manager. */
async function seedDemoTeam(db: Db, managerId: UserId, now: number): Promise<void> {
  const ward = (await findUnitByCode(db, '30307'))!;
  const actor = { userId: managerId, ip: '127.0.0.1', now };
  const hamlets = [];
  for (const name of ['Khóm Đông Thịnh', 'Khóm Đông An', 'Khóm Bình Khánh']) hamlets.push(await createHamlet(db, ward, { name }, actor));
  const helper = demoAccounts.find((a) => a.role === 'helper')!;
  const team = await createTeam(db, ward, { name: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh', leaderPhone: helper.phone }, actor);
  await setTeamHamlets(db, team.id, { hamletCodes: hamlets.slice(0, 2).map((h) => h.code) }, actor);
}

/**
 * Two citizens the demo helper signed up on paper consent forms (issue 13, assisted sign-up), so that the team's
 * credit and review pages have something to show. Skipped while the demo has no helper team (the teams seed makes it).
 */
async function seedAssistedSignups(deps: ImportDeps, now: number): Promise<void> {
  const { db } = deps;
  const commune = await findUnitByCode(db, '30307');
  const helper = await db.selectFrom('users').select('id').where('phone', '=', demoAccounts.find((a) => a.role === 'helper')!.phone).executeTakeFirst();
  const team = await db.selectFrom('helper_teams').select('id').where('name', '=', 'Tổ công nghệ số cộng đồng khóm Đông Thịnh').where('unit_id', '=', commune?.id ?? (0 as UnitId)).executeTakeFirst();
  if (!commune || !helper || !team) return;
  // A blank sheet stands in for the photo of a signed form.
  const photo = (await sharp({ create: { width: 600, height: 850, channels: 3, background: '#fbfaf5' } }).jpeg().toBuffer()).toString('base64');
  const citizens = [
    { phone: '0900000021', fullName: 'Chau Thị Sóc Na', birthYear: 1956 },
    { phone: '0900000022', fullName: 'Nguyễn Văn Tư', birthYear: 1949 },
  ];
  for (const [i, citizen] of citizens.entries()) {
    await signUpCitizen(
      { db, clock: { now: () => now }, jobs: { kick: () => {} } },
      commune,
      { userId: helper.id, origin: { ip: '127.0.0.1', userAgent: 'demo seed', language: 'vi' } },
      { clientId: `demo-assisted-${i + 1}`, deviceId: 'demo-helper-phone', ...citizen, consent: { channel: 'assisted_paper', photo } },
    );
  }
}

/**
 * A class held three days ago at the cultural house of khóm Đông Thịnh by the demo team, on the first two lessons of
 * the basic digital skills course, with three attendees credited. Skipped when the demo team or the course is absent.
 */
export async function seedDemoClass(deps: Pick<ImportDeps, 'db' | 'config'>, helperId: UserId, passwordHash: string, now: number): Promise<void> {
  const { db } = deps;
  const team = (await teamsOfHelper(db, helperId)).find((t) => t.name === 'Tổ công nghệ số cộng đồng khóm Đông Thịnh' && t.unit_code === '30307');
  const course = (await browseCatalog(db, { q: 'Kỹ năng số cơ bản' })).courses.find((c) => c.title.startsWith('Kỹ năng số cơ bản'));
  if (!team || !course) return;
  const hamlet = (await listChildUnits(db, '30307')).units.find((u) => u.kind === 'hamlet' && u.name.includes('Đông Thịnh'));
  const place = await findUnitByCode(db, hamlet?.code ?? '30307');
  const attendees: UserId[] = [];
  for (const [i, [fullName, birthYear]] of ([['Nguyễn Văn Hai', 1957], ['Lê Thị Ba', 1962], ['Trần Văn Bốn', 1950]] as const).entries()) {
    attendees.push(
      await db.transaction().execute(async (trx) => {
        const userId = await insertUser(trx, { phone: `+8490000013${i + 1}` as PhoneNumber, passwordHash, ...searchableName(fullName), birthYear, homeUnitId: place!.id, language: 'vi', now });
        await recordRegistration(trx, place!.id, now);
        await insertConsent(trx, { userId, purpose: 'account', noticeVersion: privacyNoticeVersion, channel: 'demo_seed', evidence: '', now });
        return userId;
      }),
    );
  }
  const clock = { now: () => now };
  const writer = createProgressWriter(db, await openSigner(db, deps.config, now), 1, false);
  // 08:00 in Vietnam (UTC+7), three days ago.
  const startsAt = (dayOf(now) - 3) * 86_400_000 + 3_600_000;
  await recordHeldClass(
    { db, clock, writer, lessons: new PublishedLessonCache(clock) },
    { teamId: team.id, unitId: place!.id, placeName: 'Nhà văn hóa khóm Đông Thịnh', startsAt, durationMinutes: 90, courseId: course.id as CourseId, lessonCount: 2, leaderId: helperId, attendees },
  );
  await writer.drain();
}
