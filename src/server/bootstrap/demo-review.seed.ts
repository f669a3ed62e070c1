/**
 * Demo data for the review of assisted sign-ups: if the demo team of Phường Long Xuyên exists and has signed
 * people up, the demo manager draws a small call-back sample and records one call. Skipped otherwise.
 */
import type { UserId } from '../../shared/ids.js';
import { isoOfDay, dayOf } from '../../shared/days.js';
import { drawCallbacks, recordCallback } from '../assisted/review.service.js';
import type { Db } from '../db/database.js';
import { teamsUnder } from '../teams/teams.service.js';
import { findUnitByCode } from '../units/units.service.js';

const demoTeam = { unit: '30307', name: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh' };

export async function seedReviewDemo(db: Db, managerId: UserId, now: number): Promise<void> {
  const unit = await findUnitByCode(db, demoTeam.unit);
  if (!unit || !(await teamsUnder(db, unit.path)).some((team) => team.name === demoTeam.name)) return;
  const actor = { userId: managerId, ip: '127.0.0.1', now };
  const sample = await drawCallbacks(db, unit, { from: isoOfDay(dayOf(now) - 60), to: isoOfDay(dayOf(now)), size: 3 }, actor);
  const first = sample.callbacks.find((c) => c.outcome === null);
  if (first) await recordCallback(db, unit, { callbackId: first.id, outcome: 'confirmed', note: 'Bà xác nhận được tổ hỗ trợ cài ứng dụng tại nhà văn hóa khóm' }, actor);
}
