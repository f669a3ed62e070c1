/**
 * The demo's launch ceremony (issue 14), as plan 570/KH-UBND of An Giang describes it: 19 May 2025, 7:30–9:30,
 * hybrid, run by the province; the hall of the provincial People's Committee and a bridge site at every commune's;
 * the programme of the plan's annex. Made through the events services, as an organiser would; skipped if present.
 */
import type { UserId } from '../../shared/ids.js';
import type { Db } from '../db/database.js';
import { addAgendaItem, addBridgeSites, addVenue, createEvent, eventIdBySlug, moveEventStatus } from '../events/events.service.js';
import { findUnitByCode } from '../units/units.service.js';
import { provinceCode } from '../units/units.reference.js';

export const launchCeremonySlug = 'le-phat-dong-binh-dan-hoc-vu-so';

// Vietnam time (UTC+7) on 19 May 2025.
const at = (hour: number, minute: number) => new Date(Date.UTC(2025, 4, 19, hour - 7, minute)).toISOString();

const programme: ReadonlyArray<{ at: [number, number]; minutes: number; content: string; unit?: string; name?: string }> = [
  {
    at: [7, 30],
    minutes: 30,
    content: 'Đón tiếp đại biểu. Chiếu clip hướng dẫn cài đặt ứng dụng SmartAnGiang, hướng dẫn sử dụng ứng dụng hỗ trợ học tập suốt đời trên nền tảng SmartAnGiang',
    unit: 'ORG.SKHCN',
    name: 'phối hợp Văn phòng UBND tỉnh; Viễn thông An Giang',
  },
  { at: [8, 0], minutes: 20, content: 'Văn nghệ chào mừng', name: 'Sở Văn hóa, Thể thao và Du lịch' },
  { at: [8, 20], minutes: 5, content: 'Tuyên bố lý do, giới thiệu đại biểu', name: 'MC' },
  { at: [8, 25], minutes: 5, content: 'Chiếu clip: Vai trò, tầm quan trọng học tập suốt đời và phong trào “Bình dân học vụ số”', unit: 'ORG.SKHCN' },
  { at: [8, 30], minutes: 15, content: 'Phát biểu phát động phong trào “Bình dân học vụ số” của Lãnh đạo UBND tỉnh', name: 'Ông Hồ Văn Mừng, Chủ tịch UBND tỉnh' },
  { at: [8, 45], minutes: 10, content: 'Phát biểu hưởng ứng phong trào của Tỉnh đoàn', unit: 'ORG.TDTN' },
  { at: [8, 55], minutes: 10, content: 'Phát biểu hưởng ứng của đại diện tổ công nghệ số cộng đồng trên địa bàn Long Xuyên', name: 'Đại diện Tổ công nghệ số cộng đồng Long Xuyên' },
  { at: [9, 5], minutes: 10, content: 'Phát biểu của Sở Giáo dục và Đào tạo về việc triển khai phong trào trong học sinh trên địa bàn tỉnh', unit: 'ORG.SGDDT' },
  {
    at: [9, 15],
    minutes: 5,
    content: 'Phát biểu của Viễn thông An Giang về ứng dụng công nghệ trong “Bình dân học vụ số” và ứng dụng hỗ trợ học tập suốt đời trên nền tảng SmartAnGiang',
    unit: 'ORG.VNPT',
  },
  {
    at: [9, 20],
    minutes: 5,
    content: 'Bấm nút ra mắt ứng dụng hỗ trợ “Học tập suốt đời” trên nền tảng SmartAnGiang',
    name: 'Lãnh đạo: Tỉnh ủy, HĐND tỉnh, UBMTTQVN tỉnh, Ban Tuyên giáo và Dân vận, UBND tỉnh, Sở KHCN, Sở GDĐT, Tỉnh đoàn, VNPT',
  },
  // The plan's last line, "9 giờ 30 Kết thúc buổi Lễ", is the event's end, not an item.
  { at: [9, 25], minutes: 5, content: 'Văn nghệ bế mạc', name: 'Sở Văn hóa, Thể thao và Du lịch' },
];

export async function seedLaunchCeremony(db: Db, organiserId: UserId, now: number): Promise<void> {
  if (await eventIdBySlug(db, launchCeremonySlug)) return;
  const province = (await findUnitByCode(db, provinceCode))!;
  const actor = { userId: organiserId, ip: '127.0.0.1', now, grants: [{ role: 'organiser' as const, unitPath: province.path }] };
  const event = await createEvent(
    db,
    province,
    {
      title: 'Lễ phát động phong trào “Bình dân học vụ số” và ra mắt ứng dụng hỗ trợ “Học tập suốt đời” trên nền tảng SmartAnGiang',
      description:
        'Chào mừng kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 – 19/5/2025), hưởng ứng phong trào “Bình dân học vụ số”. Theo Kế hoạch số 570/KH-UBND ngày 15/5/2025 của UBND tỉnh An Giang.',
      startsAt: at(7, 30),
      endsAt: at(9, 30),
      mode: 'hybrid',
    },
    actor,
    launchCeremonySlug,
  );
  await addVenue(db, event.id, { kind: 'main', name: 'Hội trường UBND tỉnh', address: '16C Tôn Đức Thắng, Long Xuyên, An Giang', unitCode: provinceCode, capacity: 140 }, actor);
  await addBridgeSites(db, event.id, provinceCode, actor);
  for (const item of programme) {
    const unitKnown = item.unit ? await findUnitByCode(db, item.unit) : undefined;
    await addAgendaItem(db, event.id, { startsAt: at(...item.at), durationMinutes: item.minutes, content: item.content, responsibleUnitCode: unitKnown ? item.unit : null, responsibleName: item.name ?? null }, actor, 'vi');
  }
  await moveEventStatus(db, event.id, 'published', actor);
}
