/**
 * Issue 15: a demo that looks alive. Some 320 learners who signed up over the
 * last four weeks (of the demo clock) in the demo ward, the Long Xuyên wards, the
 * communes of the former Tri Tôn district and across the province, with lessons
 * done, courses finished and certificates, so that a newcomer's first dashboard,
 * ranking and weekly report show figures. Everything goes through the services
 * the app itself uses (accounts, the progress writer, the final-quiz pass), so
 * the rollups are exactly what a recomputation from the raw rows gives.
 * Deterministic: the same demo clock gives the same people and figures.
 */
import type { CourseId, LessonId, UnitId, UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';
import { privacyNoticeVersion } from '../../shared/privacy.js';
import { dayOf, isoOfDay } from '../../shared/days.js';
import { insertConsent, noPassword } from '../auth/auth.service.js';
import { createCampaign, setCampaignLiveIn } from '../campaigns/campaigns.service.js';
import { openSigner } from '../certificates/certificates.service.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { PublishedLessonCache } from '../lessons/lessons.service.js';
import { type AcceptedEvent, createProgressWriter, recordFinalPass } from '../progress/progress.service.js';
import { recordRegistration } from '../rollups/rollups.service.js';
import { findCurrentCommunesUnder, findUnitByCode, listChildUnits } from '../units/units.service.js';
import { insertUser, searchableName } from '../users/users.service.js';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const periodDays = 28;

// A small deterministic generator: the demo is the same on every fresh start.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const familyNames = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Phan', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương'];
const middleNames = ['Văn', 'Thị', 'Minh', 'Thanh', 'Ngọc', 'Hoàng', 'Quốc', 'Thị Kim'];
const givenNames = ['An', 'Lan', 'Tuấn', 'Hồng', 'Bảo', 'Mai', 'Hùng', 'Thu', 'Phúc', 'Hạnh', 'Sang', 'Tâm', 'Nga', 'Lộc', 'Yến', 'Dũng'];
// Khmer names as written in Vietnamese, common in Tri Tôn and Tịnh Biên.
const khmerNames = ['Chau Sóc Kha', 'Néang Sa Ly', 'Chau Văn Sơn', 'Néang Sóc Pha', 'Thạch Thị Sa Rươl', 'Chau Ty', 'Néang Kim Ngọc', 'Danh Sóc'];

/** Where the demo's learners live, and how many in each place. */
const placesOf = {
  demoWard: '30307',
  longXuyen: ['30292', '30301', '30313'],
  triTon: ['30544', '30547', '30568', '30577', '30580'],
};

interface Learner {
  userId: UserId;
  joinedAt: number;
}

export interface DemoActivity {
  learners: number;
  events: number;
  completions: number;
}

export async function seedDemoActivity(deps: { db: Db; config: Config }, now: number): Promise<DemoActivity> {
  const { db } = deps;
  const next = random(15);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

  const ward = (await findUnitByCode(db, placesOf.demoWard))!;
  const hamlets: UnitId[] = [];
  for (const unit of (await listChildUnits(db, placesOf.demoWard)).units) if (unit.kind === 'hamlet') hamlets.push((await findUnitByCode(db, unit.code))!.id);
  const province = (await findUnitByCode(db, '91'))!;
  const communes = (await findCurrentCommunesUnder(db, province.path)).map((u) => u.id);
  const idOf = async (code: string) => (await findUnitByCode(db, code))!.id;
  // The demo's assisted sign-ups are the helper's own (seedAssistedSignups): these people signed up themselves.
  const homes: { unitId: UnitId; khmer: boolean }[] = [];
  for (let i = 0; i < 90; i++) {
    const inHamlet = hamlets.length > 0 && i % 5 < 2;
    homes.push({ unitId: inHamlet ? pick(hamlets) : ward.id, khmer: false });
  }
  for (const code of placesOf.longXuyen) for (let i = 0; i < 25; i++) homes.push({ unitId: await idOf(code), khmer: false });
  for (const code of placesOf.triTon) for (let i = 0; i < 12; i++) homes.push({ unitId: await idOf(code), khmer: i % 2 === 0 });
  for (let i = 0; i < 95; i++) homes.push({ unitId: pick(communes), khmer: i % 6 === 0 });

  // Sign-ups lean towards the recent days, as a movement gathering pace does; in the day, 7:00 to 21:00 in Vietnam.
  const startOfToday = Math.floor((now + 7 * hourMs) / dayMs) * dayMs - 7 * hourMs;
  const learners: Learner[] = await db.transaction().execute(async (trx) => {
    const made: Learner[] = [];
    for (const [n, home] of homes.entries()) {
      const daysAgo = Math.floor(periodDays * next() * next());
      const joinedAt = Math.min(startOfToday - daysAgo * dayMs + Math.floor((7 + 14 * next()) * hourMs), now - hourMs);
      const fullName = home.khmer ? pick(khmerNames) : `${pick(familyNames)} ${pick(middleNames)} ${pick(givenNames)}`;
      const userId = await insertUser(trx, {
        // 0900 1xx xxx: reserved for the demo, apart from the named demo accounts (0900 000 0xx).
        phone: `+8490010${String(n).padStart(4, '0')}` as PhoneNumber,
        // No one signs in as these learners.
        passwordHash: noPassword,
        ...searchableName(fullName),
        birthYear: 1945 + Math.floor(next() * 60),
        homeUnitId: home.unitId,
        language: 'vi',
        now: joinedAt,
      });
      await recordRegistration(trx, home.unitId, joinedAt);
      await insertConsent(trx, { userId, purpose: 'account', noticeVersion: privacyNoticeVersion, channel: 'demo_seed', evidence: '', now: joinedAt });
      made.push({ userId, joinedAt });
    }
    return made;
  });

  const courses = await shippedCourses(db);
  const clock = { now: () => now };
  const lessonCache = new PublishedLessonCache(clock);
  const events: AcceptedEvent[] = [];
  const finals: { userId: UserId; courseId: CourseId; at: number }[] = [];
  for (const learner of learners) {
    for (const [c, course] of courses.entries()) {
      // Most start with the basic digital skills course; fewer go on to the one on AI.
      if (next() > (c === 0 ? 0.85 : 0.35)) continue;
      const finishing = next() < (c === 0 ? 0.35 : 0.25);
      const goal = finishing ? course.lessonIds.length : 1 + Math.floor(next() * (course.lessonIds.length - 1));
      // A session of one to three lessons, ten minutes each, every one to three days.
      let at = learner.joinedAt + Math.floor(next() * 2 * hourMs) + c * dayMs;
      let done = 0;
      let lastAt = at;
      while (done < goal && at < now) {
        const inSession = Math.min(goal - done, 1 + Math.floor(next() * 3));
        for (let i = 0; i < inSession && at < now; i++, done++) {
          const lesson = (await lessonCache.lesson(db, course.lessonIds[done]!))!;
          events.push({
            userId: learner.userId,
            eventId: `demo:${learner.userId}:${lesson.lessonId}`,
            lessonId: lesson.lessonId,
            courseId: lesson.courseId,
            type: 'completed',
            clientAt: at,
            receivedAt: at,
            lessonRequired: lesson.required,
            requiredLessons: lesson.requiredLessonCount,
          });
          lastAt = at;
          at += 10 * 60_000 + Math.floor(next() * 5 * 60_000);
        }
        at += (1 + Math.floor(next() * 3)) * dayMs + Math.floor((next() - 0.5) * 6 * hourMs);
      }
      const finalAt = lastAt + 20 * 60_000;
      if (finishing && done === goal && finalAt < now) finals.push({ userId: learner.userId, courseId: course.id, at: finalAt });
    }
  }

  const signer = await openSigner(db, deps.config, now);
  const writer = createProgressWriter(db, signer, 1, false);
  await Promise.all(events.map((event) => writer.submit(event)));
  await writer.drain();
  // The final quiz passed after the last lesson: what completes these courses and issues their certificates.
  await db.transaction().execute(async (trx) => {
    for (const final of finals) await recordFinalPass(trx, signer, final.userId, final.courseId, final.at);
  });
  return { learners: learners.length, events: events.length, completions: finals.length };
}

/** The published courses, basic digital skills first, with their lessons in order. */
/**
 * A live campaign of the province on the basic digital skills course, begun with the demo's four weeks, so that the
 * ranking and each unit's "% of target" have something to show. Live from the start: the launch button only
 * publishes drafts, so it is unaffected.
 */
export async function seedDemoCampaign(db: Db, campaignLeadId: UserId, now: number): Promise<void> {
  const province = (await findUnitByCode(db, '91'))!;
  const [basics] = await shippedCourses(db);
  if (!basics) return;
  const actor = { userId: campaignLeadId, ip: '127.0.0.1', now };
  const today = dayOf(now);
  const id = await createCampaign(
    db,
    province,
    {
      title: '100 ngày học kỹ năng số',
      description: 'Mỗi xã, phường có ít nhất 30% người dân đã đăng ký học xong khóa «Kỹ năng số cơ bản».',
      startsOn: isoOfDay(today - periodDays),
      endsOn: isoOfDay(today - periodDays + 99),
      courseIds: [basics.id],
      targetPercent: 30,
    },
    actor,
  );
  await db.transaction().execute((trx) => setCampaignLiveIn(trx, id, actor));
}

async function shippedCourses(db: Db): Promise<{ id: CourseId; lessonIds: LessonId[] }[]> {
  const courses = await db.selectFrom('published_courses').select(['course_id', 'title']).orderBy('course_id').execute();
  const ordered = [...courses].sort((a, b) => Number(b.title.startsWith('Kỹ năng số')) - Number(a.title.startsWith('Kỹ năng số')));
  const result: { id: CourseId; lessonIds: LessonId[] }[] = [];
  for (const course of ordered) {
    const lessons = await db.selectFrom('published_lessons').select('lesson_id').where('course_id', '=', course.course_id).orderBy('sequence').execute();
    result.push({ id: course.course_id, lessonIds: lessons.map((l) => l.lesson_id) });
  }
  return result;
}
