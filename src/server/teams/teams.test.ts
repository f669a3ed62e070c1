import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signedInWith, signIn, type Actor } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildPerson, nationalForm, nextPhone, testPassword, unitIdOf } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { TeamId, UserId } from '../../shared/ids.js';
import { findUnitByCode } from '../units/units.service.js';
import { findTeam, helperTeamAt, teamsCovering, teamsOfHelper, teamsUnder } from './teams.service.js';

describe.each(engines)('helper teams on %s', (engine) => {
  let t: TestApp;
  let manager: Actor;
  let otherManager: Actor;
  let otherHelper: Actor;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    manager = await signedInWith(t, { role: 'manager', unit: '30307' });
    otherManager = await signedInWith(t, { role: 'manager', unit: '30292', home: '30292' });
    otherHelper = await signedInWith(t, { role: 'helper', unit: '30292', home: '30292' });
    for (const [unit, name] of [['30307', 'Khóm Đông Thịnh'], ['30307', 'Khóm Đông An'], ['30307', 'Khóm Bình Khánh'], ['30292', 'Khóm Bình Đức 1']] as const) {
      expect((await (unit === '30307' ? manager : otherManager).post(`/api/units/${unit}/hamlets`, { name })).statusCode).toBe(201);
    }
  });
  afterAll(() => t.close());

  const helperGrants = async (userId: UserId) =>
    (await t.db.selectFrom('role_grants').innerJoin('units', 'units.id', 'role_grants.unit_id').select('units.code').where('user_id', '=', userId).where('role', '=', 'helper').execute()).map((g) => g.code);
  const person = (fullName = 'Nguyễn Văn Tổ') => buildPerson(t.db, { fullName });
  const makeTeam = async (body: object, who = manager, unit = '30307') => {
    const response = await who.post(`/api/units/${unit}/teams`, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: TeamId; members: { id: number }[] };
  };

  it('makes a team with its leader, who becomes a member holding the helper role on the commune', async () => {
    const leader = await person('Trần Văn Tổ Trưởng');
    const response = await manager.post('/api/units/30307/teams', { name: 'Tổ công nghệ số khóm Đông Thịnh', leaderPhone: nationalForm(leader.phone).replace(/^(\d{4})(\d{3})/, '$1 $2 ') });
    expect(response.statusCode).toBe(201);
    const team = response.json();
    expect(team).toMatchObject({ name: 'Tổ công nghệ số khóm Đông Thịnh', unit: { code: '30307' }, leader: { id: leader.id, fullName: 'Trần Văn Tổ Trưởng' }, memberCount: 1, hamlets: [], retiredAt: null });
    expect(team.members).toEqual([{ id: leader.id, fullName: 'Trần Văn Tổ Trưởng', phone: expect.stringMatching(/^0\d{3} \*\*\* \d{3}$/), leader: true, addedAt: expect.any(String) }]);
    expect(JSON.stringify(team)).not.toContain(leader.phone.slice(3));
    expect(await helperGrants(leader.id)).toEqual(['30307']);
    const actions = (await t.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', manager.userId).execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['team.create', 'team.member_add', 'grant.create']));
  });

  it('renames, adds members by phone, sets the leader among them, and refuses what does not fit', async () => {
    const team = await makeTeam({ name: 'Tổ Hai' });
    const renamed = await manager.patch(`/api/teams/${team.id}`, { name: 'Tổ công nghệ số khóm Đông An' });
    expect(renamed.json().name).toBe('Tổ công nghệ số khóm Đông An');
    const member = await person('Lê Thị Thành Viên');
    const added = await manager.post(`/api/teams/${team.id}/members`, { phone: member.phone });
    expect(added.statusCode).toBe(200);
    expect(added.json().members.map((m: { id: number }) => m.id)).toEqual([member.id]);
    expect(await helperGrants(member.id)).toEqual(['30307']);
    expect((await manager.post(`/api/teams/${team.id}/members`, { phone: nationalForm(member.phone) })).json().error.code).toBe('team_member_exists');
    expect((await manager.post(`/api/teams/${team.id}/members`, { phone: nationalForm(nextPhone()) })).statusCode).toBe(404);
    expect((await manager.post(`/api/teams/${team.id}/members`, { phone: '12345' })).json().error.code).toBe('invalid_phone');
    const outsider = await person();
    expect((await manager.patch(`/api/teams/${team.id}`, { leaderUserId: outsider.id })).json().error.code).toBe('team_leader_not_member');
    const led = await manager.patch(`/api/teams/${team.id}`, { leaderUserId: member.id });
    expect(led.json().leader).toEqual({ id: member.id, fullName: 'Lê Thị Thành Viên' });
    expect((await manager.patch(`/api/teams/${team.id}`, { leaderUserId: null })).json().leader).toBeNull();
    expect((await manager.post('/api/units/91/teams', { name: 'Tổ Tỉnh' })).statusCode).toBe(403);
    const admin = await signedInWith(t, { role: 'admin', unit: '91' });
    expect((await admin.post('/api/units/91/teams', { name: 'Tổ Tỉnh' })).json().error.code).toBe('team_unit_not_allowed');
    expect((await admin.post('/api/units/30307.H1/teams', { name: 'Tổ Khóm' })).json().error.code).toBe('team_unit_not_allowed');
  });

  it('takes the helper role back when a member leaves their last live team of the unit', async () => {
    const helper = await person('Phan Văn Hai Tổ');
    const first = await makeTeam({ name: 'Tổ Một', leaderPhone: helper.phone });
    const second = await makeTeam({ name: 'Tổ Ba' });
    await manager.post(`/api/teams/${second.id}/members`, { phone: helper.phone });
    const removed = await manager.delete(`/api/teams/${first.id}/members/${helper.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ leader: null, members: [] });
    expect(await helperGrants(helper.id)).toEqual(['30307']);
    expect((await manager.delete(`/api/teams/${first.id}/members/${helper.id}`)).statusCode).toBe(200);
    await manager.delete(`/api/teams/${second.id}/members/${helper.id}`);
    expect(await helperGrants(helper.id)).toEqual([]);
    const revoked = await t.db.selectFrom('audit_log').select('action').where('subject_user_id', '=', helper.id).where('action', '=', 'grant.revoke').execute();
    expect(revoked).toHaveLength(1);
  });

  it('sets the hamlets a team covers: only current hamlets under its unit', async () => {
    const team = await makeTeam({ name: 'Tổ Khóm' });
    const set = await manager.request('PUT', `/api/teams/${team.id}/hamlets`, { hamletCodes: ['30307.H1', '30307.H2'] });
    expect(set.statusCode).toBe(200);
    expect(set.json().hamlets).toEqual([
      { code: '30307.H1', name: 'Khóm Đông Thịnh' },
      { code: '30307.H2', name: 'Khóm Đông An' },
    ]);
    for (const code of ['30292.H1', '30307', '99999']) {
      const refused = await manager.request('PUT', `/api/teams/${team.id}/hamlets`, { hamletCodes: ['30307.H1', code] });
      expect(refused.statusCode, code).toBe(400);
      expect(refused.json().error.code).toBe('team_hamlet_not_allowed');
    }
    expect((await manager.request('PUT', `/api/teams/${team.id}/hamlets`, { hamletCodes: [] })).json().hamlets).toEqual([]);
  });

  it('retires a team: kept with its members, no more changes, and the helper role goes', async () => {
    const helper = await person('Võ Văn Giải Thể');
    const team = await makeTeam({ name: 'Tổ Cũ', leaderPhone: helper.phone });
    const retired = await manager.post(`/api/teams/${team.id}/retire`);
    expect(retired.statusCode).toBe(200);
    expect(retired.json()).toMatchObject({ retiredAt: expect.any(String), memberCount: 1, leader: { id: helper.id } });
    expect(await helperGrants(helper.id)).toEqual([]);
    expect((await manager.post(`/api/teams/${team.id}/members`, { phone: (await person()).phone })).json().error.code).toBe('team_retired');
    expect((await manager.patch(`/api/teams/${team.id}`, { name: 'Tổ Mới' })).statusCode).toBe(409);
    const listed = (await manager.get('/api/units/30307/teams')).json().teams;
    expect(listed.find((x: { id: number }) => x.id === team.id).retiredAt).not.toBeNull();
    expect(listed[0].retiredAt).toBeNull();
  });

  it('refuses a manager or helper of another commune on every route, lists included', async () => {
    const member = await person();
    const team = await makeTeam({ name: 'Tổ Riêng', leaderPhone: member.phone });
    const theirs = await makeTeam({ name: 'Tổ Bình Đức', leaderPhone: (await buildPerson(t.db, { unitCode: '30292' })).phone }, otherManager, '30292');
    const insideHelper = await signIn(t, member.phone, testPassword);
    for (const who of [otherManager, otherHelper, insideHelper]) {
      const answers = [
        await who.get('/api/units/30307/teams'),
        await who.post('/api/units/30307/teams', { name: 'Tổ Lạ' }),
        await who.get(`/api/teams/${team.id}`),
        await who.patch(`/api/teams/${team.id}`, { name: 'Tổ Lạ' }),
        await who.post(`/api/teams/${team.id}/retire`),
        await who.post(`/api/teams/${team.id}/members`, { phone: nationalForm(member.phone) }),
        await who.delete(`/api/teams/${team.id}/members/${member.id}`),
        await who.request('PUT', `/api/teams/${team.id}/hamlets`, { hamletCodes: [] }),
      ];
      expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 403));
    }
    // Managers of 30307 see nothing of 30292's teams either.
    expect((await manager.get(`/api/teams/${theirs.id}`)).statusCode).toBe(403);
    expect((await manager.get('/api/units/30292/teams')).statusCode).toBe(403);
    const listed = (await manager.get('/api/units/30307/teams')).json().teams.map((x: { id: number }) => x.id);
    expect(listed).toContain(team.id);
    expect(listed).not.toContain(theirs.id);
    // A province admin sees both.
    const admin = await signedInWith(t, { role: 'admin', unit: '91' });
    const all = (await admin.get('/api/units/91/teams')).json().teams.map((x: { id: number }) => x.id);
    expect(all).toEqual(expect.arrayContaining([team.id, theirs.id]));
    expect((await anonymous(t).get('/api/units/30307/teams')).statusCode).toBe(401);
  });

  it('shows a helper their own teams, with members by name only', async () => {
    const helper = await person('Trần Văn Hùng Thử');
    const mate = await person('Đinh Thị Đồng Đội');
    const stranger = await person('Người Tổ Khác');
    const team = await makeTeam({ name: 'Tổ Của Hùng', leaderPhone: helper.phone });
    await manager.post(`/api/teams/${team.id}/members`, { phone: mate.phone });
    await manager.request('PUT', `/api/teams/${team.id}/hamlets`, { hamletCodes: ['30307.H1'] });
    await makeTeam({ name: 'Tổ Khác', leaderPhone: stranger.phone });
    const me = await signIn(t, helper.phone, testPassword);
    const response = await me.get('/api/me/teams');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      teams: [
        {
          id: team.id,
          name: 'Tổ Của Hùng',
          unit: { code: '30307', name: 'Long Xuyên', fullName: 'Phường Long Xuyên', kind: 'ward' },
          leader: { id: helper.id, fullName: 'Trần Văn Hùng Thử' },
          hamlets: [{ code: '30307.H1', name: 'Khóm Đông Thịnh' }],
          members: [
            { id: helper.id, fullName: 'Trần Văn Hùng Thử', leader: true },
            { id: mate.id, fullName: 'Đinh Thị Đồng Đội', leader: false },
          ],
        },
      ],
    });
    expect(response.body).not.toContain('Người Tổ Khác');
    expect(response.body).not.toContain(mate.phone.slice(3));
    const learner = await signedInWith(t, {});
    expect((await learner.get('/api/me/teams')).statusCode).toBe(403);
  });

  it('answers which teams cover a place: hamlet teams, whole-commune teams, and all of them when none names it', async () => {
    const ward = (await findUnitByCode(t.db, '30292'))!;
    const hamlet1 = (await findUnitByCode(t.db, '30292.H1'))!;
    const h2 = await otherManager.post('/api/units/30292/hamlets', { name: 'Khóm Bình Đức 2' });
    const hamlet2 = (await findUnitByCode(t.db, h2.json().code))!;
    // Bình Đức has one team so far (made above, naming no hamlet): it covers everything.
    const existing = (await teamsUnder(t.db, ward.path)).map((x) => x.id);
    expect(existing).toHaveLength(1);
    const helper = await buildPerson(t.db, { unitCode: '30292' });
    const hamletTeam = await makeTeam({ name: 'Tổ Khóm 1', leaderPhone: helper.phone }, otherManager, '30292');
    await otherManager.request('PUT', `/api/teams/${hamletTeam.id}/hamlets`, { hamletCodes: ['30292.H1'] });
    const ids = (teams: { id: number }[]) => teams.map((x) => x.id).sort((a, b) => a - b);
    expect(ids(await teamsCovering(t.db, hamlet1))).toEqual([...existing, hamletTeam.id].sort((a, b) => a - b));
    expect(ids(await teamsCovering(t.db, hamlet2))).toEqual(existing);
    expect(ids(await teamsCovering(t.db, ward))).toEqual(existing);
    // With the whole-ward team retired, a hamlet no team names falls back to every live team of the ward.
    await otherManager.post(`/api/teams/${existing[0]}/retire`);
    expect(ids(await teamsCovering(t.db, hamlet2))).toEqual([hamletTeam.id]);
    expect(ids(await teamsCovering(t.db, hamlet1))).toEqual([hamletTeam.id]);
    // Another commune's place: none of these.
    expect(ids(await teamsCovering(t.db, (await findUnitByCode(t.db, '30301'))!))).toEqual([]);

    expect(ids(await teamsOfHelper(t.db, helper.id))).toEqual([hamletTeam.id]);
    expect((await helperTeamAt(t.db, helper.id, hamlet2))?.id).toBe(hamletTeam.id);
    expect(await helperTeamAt(t.db, helper.id, (await findUnitByCode(t.db, '30307'))!)).toBeNull();
    const found = await findTeam(t.db, hamletTeam.id);
    expect(found).toMatchObject({ id: hamletTeam.id, unit_code: '30292', unit_path: ward.path, retired_at: null });
    expect(await findTeam(t.db, 999_999 as TeamId)).toBeUndefined();
    expect(await unitIdOf(t.db, '30292')).toBe(found!.unit_id);
  });

  it('exports a person’s memberships and erases them with the account', async () => {
    const helper = await person('Bùi Văn Riêng Tư');
    const team = await makeTeam({ name: 'Tổ Quyền Riêng Tư', leaderPhone: helper.phone });
    const me = await signIn(t, helper.phone, testPassword);
    const exported = (await me.get('/api/me/export')).json();
    expect(exported.tables.helper_team_members).toEqual([expect.objectContaining({ team_name: 'Tổ Quyền Riêng Tư', unit_code: '30307', retired_at: null })]);
    expect(exported.tables.helper_teams).toEqual([expect.objectContaining({ team_name: 'Tổ Quyền Riêng Tư' })]);
    expect((await me.delete('/api/me', { password: testPassword })).statusCode).toBe(204);
    expect(await t.db.selectFrom('helper_team_members').select('team_id').where('user_id', '=', helper.id).execute()).toEqual([]);
    const row = await findTeam(t.db, team.id);
    expect(row).toMatchObject({ leader_user_id: null, name: 'Tổ Quyền Riêng Tư' });
  });
});
