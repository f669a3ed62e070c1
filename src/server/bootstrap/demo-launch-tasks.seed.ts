/**
 * Issue 14 demo: the launch ceremony's preparation tasks (plan 570/KH-UBND, section III "Tổ chức thực hiện"), its
 * budget, and two announcements. Bodies the demo tree lacks (the Office of the People's Committee, the Departments of
 * Finance and of Culture, the provincial radio and television) are assigned to the province unit, named in the task.
 * The plan gives no figures ("chi tiết kinh phí kèm theo"): the budget is a plausible small one.
 */
import type { EventId, UserId } from '../../shared/ids.js';
import type { Db } from '../db/database.js';
import { addBudgetLine, createEventTask } from '../event-tasks/event-tasks.service.js';
import type { NewBudgetLine } from '../event-tasks/event-tasks.schema.js';
import { createNewsPost } from '../news/news.service.js';
import { findUnitByCode } from '../units/units.service.js';
import { provinceCode } from '../units/units.reference.js';

const launchSlug = 'le-phat-dong-binh-dan-hoc-vu-so';
// 19 May 2025, 7:30 in Vietnam.
const launchStart = Date.UTC(2025, 4, 19, 0, 30);
const day = (d: number, hour = 17) => new Date(Date.UTC(2025, 4, d, hour - 7)).toISOString();

/** The ceremony as the events feature makes it; made minimally here when that feature's seed has not run. */
async function launchEvent(db: Db, organiserId: UserId): Promise<EventId> {
  const found = await db.selectFrom('events').select('id').where('slug', '=', launchSlug).executeTakeFirst();
  if (found) return found.id;
  const province = (await findUnitByCode(db, provinceCode))!;
  const row = await db
    .insertInto('events')
    .values({
      unit_id: province.id,
      slug: launchSlug,
      title: 'Lễ phát động phong trào “Bình dân học vụ số” và ra mắt ứng dụng hỗ trợ “Học tập suốt đời” trên nền tảng SmartAnGiang',
      description: '',
      starts_at: launchStart,
      ends_at: launchStart + 2 * 3_600_000,
      mode: 'hybrid',
      status: 'ended',
      image_media_id: null,
      created_by: organiserId,
      created_at: Date.UTC(2025, 4, 15, 2),
      updated_at: Date.UTC(2025, 4, 15, 2),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const tasks: ReadonlyArray<{ unit: string; title: string; details?: string; deadline: string; status: 'done' | 'in_progress'; note?: string }> = [
  { unit: 'ORG.SKHCN', title: 'Xây dựng nội dung chi tiết chương trình Lễ phát động', deadline: day(15), status: 'done' },
  { unit: 'ORG.SKHCN', title: 'Xây dựng bài phát biểu phát động phong trào của Lãnh đạo UBND tỉnh', details: 'Chủ trì, phối hợp với Văn phòng UBND tỉnh.', deadline: day(16), status: 'done' },
  { unit: 'ORG.SKHCN', title: 'Chuẩn bị hội trường, sân khấu, maket, cơ sở vật chất, nhân lực, MC', details: 'Hội trường UBND tỉnh, 16C Tôn Đức Thắng.', deadline: day(18), status: 'done' },
  { unit: 'ORG.SKHCN', title: 'Chuẩn bị 02 - 03 tiết mục văn nghệ', details: 'Phối hợp với Sở Văn hóa, Thể thao và Du lịch và Trung tâm Văn hoá Nghệ thuật tỉnh.', deadline: day(17), status: 'done' },
  { unit: provinceCode, title: 'Sở Tài chính: hướng dẫn định mức và thanh quyết toán kinh phí Lễ phát động', deadline: day(16), status: 'done' },
  { unit: 'ORG.SGDDT', title: 'Huy động học sinh THPT tham dự Lễ phát động', deadline: day(17), status: 'done' },
  { unit: 'ORG.SGDDT', title: 'Chuẩn bị học liệu trên ứng dụng hỗ trợ học tập suốt đời', deadline: day(18), status: 'done' },
  { unit: 'ORG.SGDDT', title: 'Chuẩn bị bài phát biểu hưởng ứng phong trào trong học sinh', deadline: day(17), status: 'done' },
  { unit: provinceCode, title: 'Văn phòng UBND tỉnh: phát hành và gửi Giấy mời', details: 'Phối hợp với Sở Khoa học và Công nghệ.', deadline: day(16), status: 'done' },
  { unit: provinceCode, title: 'Văn phòng UBND tỉnh: thống nhất thành phần bấm nút ra mắt ứng dụng', details: 'Đầu mối phối hợp VNPT An Giang xin ý kiến lãnh đạo.', deadline: day(17), status: 'done' },
  { unit: provinceCode, title: 'Văn phòng UBND tỉnh: công tác lễ tân, hậu cần', deadline: day(18), status: 'done' },
  { unit: provinceCode, title: 'Sở Văn hóa, Thể thao và Du lịch: chỉ đạo báo, đài đưa tin về Lễ phát động', deadline: day(18), status: 'done' },
  { unit: provinceCode, title: 'Đài PT-TH An Giang: xây dựng clip về học tập suốt đời và phong trào', deadline: day(17), status: 'done' },
  { unit: 'ORG.TDTN', title: 'Huy động đoàn viên thanh niên tham dự Lễ phát động', deadline: day(17), status: 'done' },
  { unit: 'ORG.TDTN', title: 'Cử đoàn viên thanh niên tiêu biểu phát biểu hưởng ứng', deadline: day(16), status: 'done' },
  { unit: '30307', title: 'Mời đại diện Tổ công nghệ số cộng đồng tham dự và phát biểu hưởng ứng', details: 'Theo kế hoạch giao UBND thành phố Long Xuyên (nay Phường Long Xuyên).', deadline: day(16), status: 'done' },
  { unit: 'ORG.VNPT', title: 'Xây dựng clip hướng dẫn cài đặt SmartAnGiang và sử dụng tính năng học tập suốt đời', details: 'Phối hợp với Sở Khoa học và Công nghệ.', deadline: day(17), status: 'done' },
  { unit: 'ORG.VNPT', title: 'Cử nhân viên hỗ trợ cài đặt ứng dụng tại các điểm cầu', deadline: day(18), status: 'done' },
  // Still running after the ceremony: shows the organiser an overdue task.
  { unit: 'ORG.VNPT', title: 'Hỗ trợ chạy quảng bá trên mạng xã hội', deadline: day(18), status: 'in_progress', note: 'Đang chạy quảng bá đợt 2' },
];

const budget: readonly NewBudgetLine[] = [
  { item: 'Thuê sân khấu, âm thanh, ánh sáng, màn hình LED', unitOfMeasure: 'gói', quantity: 1, unitCost: 25_000_000, fundingSource: 'science_and_technology_fund' },
  { item: 'Maket, phông nền, băng rôn tuyên truyền', unitOfMeasure: 'bộ', quantity: 1, unitCost: 8_000_000, fundingSource: 'science_and_technology_fund' },
  { item: 'Thuê MC dẫn chương trình', unitOfMeasure: 'người', quantity: 2, unitCost: 3_000_000, fundingSource: 'science_and_technology_fund' },
  { item: 'Bồi dưỡng tiết mục văn nghệ', unitOfMeasure: 'tiết mục', quantity: 3, unitCost: 2_500_000, fundingSource: 'science_and_technology_fund' },
  { item: 'In và gửi giấy mời', unitOfMeasure: 'giấy mời', quantity: 200, unitCost: 5_000, fundingSource: 'science_and_technology_fund' },
  { item: 'Nước uống đại biểu', unitOfMeasure: 'chai', quantity: 200, unitCost: 8_000, fundingSource: 'sponsors', note: 'VNPT An Giang hỗ trợ' },
  { item: 'Kết nối truyền hình trực tuyến các điểm cầu', unitOfMeasure: 'điểm cầu', quantity: 102, unitCost: 500_000, fundingSource: 'sponsors', note: 'VNPT An Giang hỗ trợ' },
  { item: 'Chi phí khác (dự phòng)', unitOfMeasure: 'gói', quantity: 1, unitCost: 3_000_000, fundingSource: 'other' },
];

const launchPost = `Sáng ngày 19/5/2025, tại Hội trường Ủy ban nhân dân tỉnh (16C Tôn Đức Thắng, Long Xuyên), UBND tỉnh An Giang tổ chức **Lễ phát động phong trào “Bình dân học vụ số”** và ra mắt ứng dụng hỗ trợ **“Học tập suốt đời”** trên nền tảng SmartAnGiang.

Buổi lễ được tổ chức theo hình thức trực tiếp kết hợp trực tuyến, kết nối với các điểm cầu tại UBND các xã, phường.

## Mục đích

- Nâng cao nhận thức của người dân về vai trò của học tập suốt đời và kỹ năng số.
- Giúp mọi người dân tiếp cận kiến thức số cơ bản ngay trên điện thoại.
- Huy động cả hệ thống chính trị, đoàn viên thanh niên, học sinh và Tổ công nghệ số cộng đồng cùng tham gia.`;

const howToJoinPost = `Mọi người dân đều có thể tham gia học miễn phí trên ứng dụng **Học tập suốt đời**.

1. Cài ứng dụng **SmartAnGiang** từ kho ứng dụng của điện thoại.
2. Đăng nhập, chọn mục **Học tập suốt đời**.
3. Chọn một khóa học, ví dụ “Kỹ năng số cơ bản”, và bắt đầu bài học đầu tiên.

Nếu chưa biết cách cài đặt, hãy liên hệ **Tổ công nghệ số cộng đồng** ở ấp, khóm nơi mình ở: các thành viên của tổ sẽ giúp bạn đăng ký và học những bài đầu tiên.`;

export async function seedLaunchTasksBudgetNews(db: Db, organiserId: UserId, now: number): Promise<void> {
  const eventId = await launchEvent(db, organiserId);
  const actor = { userId: organiserId, ip: '127.0.0.1', now: Date.UTC(2025, 4, 15, 2) };
  for (const task of tasks) {
    await createEventTask(db, eventId, { title: task.title, details: task.details ?? '', unitCode: task.unit, deadline: task.deadline, status: task.status, note: task.note ?? '' }, actor);
  }
  for (const line of budget) await addBudgetLine(db, eventId, line, actor);
  const province = (await findUnitByCode(db, provinceCode))!;
  const author = { ...actor, now, grants: [{ role: 'organiser' as const, unitPath: province.path }] };
  await createNewsPost(db, { unitCode: provinceCode, title: 'An Giang phát động phong trào “Bình dân học vụ số”', slug: 'an-giang-phat-dong-phong-trao-binh-dan-hoc-vu-so', body: launchPost, status: 'published', publishAt: '2025-05-19T04:00:00.000Z' }, author);
  await createNewsPost(db, { unitCode: provinceCode, title: 'Cách tham gia học trên ứng dụng “Học tập suốt đời”', slug: 'cach-tham-gia-hoc-tap-suot-doi', body: howToJoinPost, status: 'published', publishAt: '2025-05-20T01:00:00.000Z' }, author);
}
