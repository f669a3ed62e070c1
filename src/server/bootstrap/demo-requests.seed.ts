/**
 * Demo support requests in Phường Long Xuyên: one open, one taken by the demo helper, one resolved, all asked by the
 * demo learner. They need the demo team (made by the teams' part of the seed); without it, or without the demo
 * helper in it, nothing is added.
 */
import type { PhoneNumber } from '../../shared/phone.js';
import type { Db } from '../db/database.js';
import { askForHelp, assignRequest, type RequestActor, resolveRequest } from '../requests/requests.service.js';
import { membersOfTeams, teamsUnder } from '../teams/teams.service.js';
import { findUnitByCode } from '../units/units.service.js';
import { findCredentialsByPhone } from '../users/users.service.js';

const demoTeamName = 'Tổ công nghệ số cộng đồng khóm Đông Thịnh';
const hourMs = 3_600_000;

export async function seedDemoRequests(db: Db, learnerPhone: PhoneNumber, helperPhone: PhoneNumber, now: number): Promise<void> {
  const ward = await findUnitByCode(db, '30307');
  const team = ward ? (await teamsUnder(db, ward.path)).find((t) => t.name === demoTeamName) : undefined;
  const [learner, helper] = [await findCredentialsByPhone(db, learnerPhone), await findCredentialsByPhone(db, helperPhone)];
  if (!ward || !team || !learner || !helper) return;
  if (!(await membersOfTeams(db, [team.id])).some((m) => m.user_id === helper.id)) return;
  const citizen = (at: number): RequestActor => ({ userId: learner.id, grants: [], ip: '127.0.0.1', now: at });
  const helping = (at: number): RequestActor => ({ userId: helper.id, grants: [{ role: 'helper', unitPath: ward.path }], ip: '127.0.0.1', now: at });

  const resolved = await askForHelp(db, { topic: 'vneid', details: 'Tôi quên mật khẩu VNeID, không đăng nhập được.', preferredTime: 'Buổi sáng' }, citizen(now - 72 * hourMs));
  await assignRequest(db, resolved.id, undefined, helping(now - 70 * hourMs));
  await resolveRequest(db, resolved.id, 'Đã hướng dẫn lấy lại mật khẩu VNeID tại nhà văn hóa khóm.', helping(now - 50 * hourMs));
  const taken = await askForHelp(db, { topic: 'install_app', details: 'Nhờ cài SmartAnGiang trên điện thoại mới của con gái.', preferredTime: 'Chiều thứ Bảy' }, citizen(now - 20 * hourMs));
  await assignRequest(db, taken.id, undefined, helping(now - 18 * hourMs));
  await askForHelp(db, { topic: 'scam', details: 'Có người gọi tự xưng công an, đòi mã OTP. Tôi chưa đưa.', preferredTime: 'Lúc nào cũng được' }, citizen(now - 2 * hourMs));
}
