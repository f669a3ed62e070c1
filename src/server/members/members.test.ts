import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { type Actor, anonymous, signIn, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse, buildPerson, nationalForm } from '../../../test/factories.js';
import { png } from '../../../test/media-fixtures.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { recomputeRollups, storedRollups } from '../rollups/rollups.service.js';

const header = 'Họ và tên,Số điện thoại,Năm sinh,Mã đơn vị,Nhóm,Mã xã/phường nơi ở';
const csv = (...rows: string[]) => Buffer.from(`\uFEFF${[header, ...rows].join('\r\n')}\r\n`);

async function xlsx(rows: (string | number)[][], merge?: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Thành viên');
  sheet.addRow(header.split(','));
  for (const row of rows) sheet.addRow(row);
  if (merge) sheet.mergeCells(merge);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe.each(engines)('members of units on %s', (engine) => {
  let t: TestApp;
  let manager: Actor;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    manager = await signedInWith(t, { role: 'manager', unit: '30307', home: '30316' });
  });
  afterAll(() => t.close());

  const upload = (file: Buffer, mode: string, who: Actor = manager, unit = '30307') =>
    who.upload(`/api/units/${unit}/members/import?mode=${mode}`, file, file[0] === 0x50 ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv');
  const memberCount = async () => Number((await t.db.selectFrom('memberships').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const userCount = async () => Number((await t.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('hands out a template, checks a file first, then links people who have an account and makes accounts for the others', async () => {
    const template = await manager.get('/api/units/30307/members/template.xlsx');
    expect(template.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getRow(1).values).toEqual([undefined, ...header.split(',')]);

    // Someone already registered who lives in the ward: linked, and listed as their account says.
    const existing = await buildPerson(t.db, { unitCode: '30307', fullName: 'Trần Thị Có Sẵn' });
    const file = csv(
      'Nguyễn Văn Mới,0912 000 101,1980,30307,"Cán bộ, công chức, viên chức",',
      `Trần Thị Có Sẵn,${nationalForm(existing.phone)},1975,30307,Đoàn viên,`,
      'Lê Văn Ba,+84 912 000 103,1990,30307,nguoi dan,',
    );
    const [members, users] = [await memberCount(), await userCount()];
    const checked = await upload(file, 'check');
    expect(checked.json()).toMatchObject({ rows: 3, validRows: 3, problems: [], written: false });
    expect([await memberCount(), await userCount()]).toEqual([members, users]);

    const imported = await upload(file, 'all');
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ written: true, created: 2, linked: 1, alreadyMembers: 0 });
    expect(await memberCount()).toBe(members + 3);
    expect(await userCount()).toBe(users + 2);
    // Again: nobody is duplicated.
    expect((await upload(file, 'all')).json()).toMatchObject({ created: 0, linked: 3, alreadyMembers: 3 });
    expect(await userCount()).toBe(users + 2);

    // An account made by the import has no password until its owner claims it by phone.
    const login = await anonymous(t).post('/api/auth/login', { phone: '0912000101', password: 'bat-ky-mat-khau' });
    expect(login.statusCode).toBe(401);
    const listed = (await manager.get('/api/units/30307/members')).json();
    expect(listed.members.find((m: { fullName: string }) => m.fullName === 'Nguyễn Văn Mới')).toMatchObject({ claimed: false, group: 'official', unit: { code: '30307' } });
    expect(listed.members.find((m: { fullName: string }) => m.fullName === 'Trần Thị Có Sẵn')).toMatchObject({ claimed: true, group: 'youth_union' });

    // Claiming by phone: the owner must give their own consent, which is recorded as theirs.
    expect((await anonymous(t).post('/api/auth/password-reset', { phone: '0912000101' })).statusCode).toBe(202);
    await t.jobsIdle();
    const code = /(\d{6})/.exec(t.outbox.at(-1)!.text)![1]!;
    const withoutConsent = await anonymous(t).post('/api/auth/password-reset/confirm', { phone: '0912000101', code, newPassword: 'mat-khau-cua-toi' });
    expect(withoutConsent.statusCode).toBe(400);
    expect(withoutConsent.json().error.fields.consent).toBe('Tài khoản này do đơn vị của bạn tạo từ danh sách thành viên. Để nhận và dùng tài khoản, bạn cần tự đồng ý với Thông báo xử lý dữ liệu cá nhân.');
    expect((await anonymous(t).post('/api/auth/login', { phone: '0912000101', password: 'mat-khau-cua-toi' })).statusCode).toBe(401);
    const claimed = await anonymous(t).post('/api/auth/password-reset/confirm', { phone: '0912000101', code, newPassword: 'mat-khau-cua-toi', consent: true });
    expect(claimed.statusCode).toBe(200);
    const owner = claimed.json().id;
    expect(await t.db.selectFrom('consents').select(['purpose', 'channel']).where('user_id', '=', owner).execute()).toEqual([{ purpose: 'account', channel: 'self_claim' }]);
    expect(await t.db.selectFrom('audit_log').select('action').where('subject_user_id', '=', owner).where('action', '=', 'account.claim').execute()).toHaveLength(1);
    expect((await anonymous(t).post('/api/auth/login', { phone: '0912000101', password: 'mat-khau-cua-toi' })).statusCode).toBe(200);
    const relisted = (await manager.get('/api/units/30307/members')).json();
    expect(relisted.members.find((m: { fullName: string }) => m.fullName === 'Nguyễn Văn Mới')).toMatchObject({ claimed: true });

    // A member who completes a course counts for the unit where they are a member, in their group.
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    const member = await signIn(t, existing.phone);
    await member.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date(t.clock.now()).toISOString() });
    const dashboard = (await manager.get('/api/units/30307/dashboard')).json();
    expect(dashboard.totals.members).toBe(3);
    expect(dashboard.groups).toEqual([
      { group: 'official', members: 1, completed: 0 },
      { group: 'youth_union', members: 1, completed: 1 },
      { group: 'citizen', members: 1, completed: 0 },
    ]);
    expect(await storedRollups(t.db)).toEqual(await recomputeRollups(t.db));
  });

  it('reports every bad row by row and column, in Vietnamese, and writes nothing unless asked for the valid rows', async () => {
    const file = csv(
      'Phạm Văn Đúng,0912000201,1970,30307,Người dân,',
      'X,0912000202,1970,30307,Người dân,',
      'Võ Thị Sai Số,12345,1970,30307,Người dân,',
      'Đỗ Văn Trùng,0912000201,1970,30307,Người dân,',
      'Hồ Văn Đơn Vị,0912000205,1970,99999,Người dân,',
      'Mai Văn Ngoài,0912000206,1970,30292,Người dân,',
      'Lý Thị Nhóm,0912000207,1970,30307,Vua,',
      'Tạ Văn Năm,0912000208,năm ngoái,30307,Người dân,',
    );
    const [members, users] = [await memberCount(), await userCount()];
    const refused = await upload(file, 'all');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toBe('Tệp có 8 lỗi; chưa có ai được thêm. Hãy sửa tệp, hoặc chỉ nhập các dòng hợp lệ.');
    const problems = refused.json().error.report.problems;
    expect(problems).toEqual([
      { row: 3, column: 'Họ và tên', message: 'Họ và tên chỉ gồm chữ cái, dấu cách và dấu gạch nối (từ 2 đến 120 ký tự).' },
      { row: 4, column: 'Số điện thoại', message: 'Số điện thoại «12345» không phải số di động Việt Nam.' },
      { row: 5, column: 'Số điện thoại', message: 'Số điện thoại trùng với dòng 2.' },
      { row: 6, column: 'Mã đơn vị', message: 'Không có đơn vị mã «99999».' },
      { row: 6, column: 'Mã xã/phường nơi ở', message: 'Hãy ghi mã xã/phường nơi người này sinh sống.' },
      { row: 7, column: 'Mã đơn vị', message: 'Đơn vị «30292» không thuộc Phường Long Xuyên, nơi bạn đang nhập danh sách.' },
      { row: 8, column: 'Nhóm', message: expect.stringMatching(/^Nhóm không hợp lệ\. Chọn một trong: Cán bộ, công chức, viên chức; Đoàn viên;/) },
      { row: 9, column: 'Năm sinh', message: expect.stringMatching(/^Năm sinh phải từ \d{4} đến \d{4}\.$/) },
    ]);
    expect([await memberCount(), await userCount()]).toEqual([members, users]);

    const partial = await upload(file, 'valid');
    expect(partial.json()).toMatchObject({ written: true, created: 1, validRows: 1 });
    expect(await memberCount()).toBe(members + 1);
  });

  it('reads Excel files: phones typed as numbers, and says where merged cells are', async () => {
    const good = await xlsx([['Chau Sóc Kha', 912000301, 1988, '30307', 'Người lao động', '']]);
    expect((await upload(good, 'all')).json()).toMatchObject({ written: true, created: 1 });
    const merged = await xlsx(
      [
        ['Kim Thị Gộp', '0912000302', 1988, '30307', 'Người dân', ''],
        ['', '0912000303', 1989, '30307', 'Người dân', ''],
      ],
      'A2:A3',
    );
    const report = (await upload(merged, 'check')).json();
    expect(report.problems).toContainEqual({ row: 2, column: 'A', message: 'Có ô gộp (A2:A3). Hãy bỏ gộp ô để mỗi dòng là một người.' });
  });

  it.each([
    ['a picture renamed .xlsx', async () => png(20, 20), 'Tệp này không phải là bảng tính Excel (.xlsx) hoặc CSV đọc được.'],
    ['an old .xls', async () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), 'Đây là tệp Excel kiểu cũ (.xls). Hãy mở bằng Excel và lưu lại dạng .xlsx.'],
    ['a table without the template columns', async () => Buffer.from('Tên,SĐT\nA,0912000401\n'), 'Thiếu cột «Năm sinh» ở dòng tiêu đề. Hãy dùng tệp mẫu.'],
    ['100,000 rows', async () => csv(...Array.from({ length: 100_000 }, (_, i) => `Người Số,09${String(12_000_000 + i).padStart(8, '0')},1970,30307,Người dân,`)), 'Tệp có quá nhiều dòng: tối đa 50000 dòng mỗi lần nhập. Hãy chia thành nhiều tệp.'],
  ])('refuses %s with a clear message and writes nothing', async (_label, make, message) => {
    const [members, users] = [await memberCount(), await userCount()];
    const response = await upload(await make(), 'all');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.report.problems.map((p: { message: string }) => p.message)).toContain(message);
    expect([await memberCount(), await userCount()]).toEqual([members, users]);
  });

  it('tells a manager nothing about someone living outside their unit: their phone is added as an unregistered one would be, and listed as entered', async () => {
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    const outsider = await buildPerson(t.db, { unitCode: '30292', fullName: 'Trần Thị Bí Mật' });
    const another = await buildPerson(t.db, { unitCode: '30292', fullName: 'Lê Văn Kín Đáo' });
    // What they learnt before being added is theirs: it must not reach the manager's figures either.
    for (const person of [outsider, another]) {
      const learner = await signIn(t, person.phone);
      await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at: new Date(t.clock.now() - 86_400_000).toISOString() });
    }
    const workers = async () => (await manager.get('/api/units/30307/dashboard')).json().groups.find((g: { group: string }) => g.group === 'worker') ?? { members: 0, completed: 0 };
    const before = await workers();
    const add = (fullName: string, phone: string) => manager.post('/api/units/30307/members', { fullName, phone, birthYear: '1990', unitCode: '30307', group: 'worker', homeCode: '30307' });
    const unregistered = await add('Người Chưa Có', '0912000701');
    const registered = await add('Người Được Nhập', nationalForm(outsider.phone));
    expect(unregistered.json()).toEqual({ created: 1, linked: 0, alreadyMembers: 0 });
    expect([registered.statusCode, registered.json()]).toEqual([unregistered.statusCode, unregistered.json()]);
    expect((await add('Người Được Nhập', nationalForm(outsider.phone))).json()).toEqual((await add('Người Chưa Có', '0912000701')).json());
    const imported = await upload(csv(`Người Qua Tệp,${nationalForm(another.phone)},1990,30307,Người lao động,30307`, 'Người Mới Qua Tệp,0912000702,1990,30307,Người lao động,30307'), 'all');
    expect(imported.json()).toMatchObject({ written: true, created: 2, linked: 0, alreadyMembers: 0 });

    const listed = await manager.get('/api/units/30307/members?limit=200');
    expect(listed.body).not.toMatch(/Bí Mật|Kín Đáo|password|"id"/);
    const rowOf = (phone: string) => listed.json().members.find((m: { phone: string }) => m.phone === phone);
    const { fullName: _, phone: __, ...fresh } = rowOf('+84912000701');
    expect(rowOf(outsider.phone)).toEqual({ fullName: 'Người Được Nhập', phone: outsider.phone, ...fresh });
    expect(rowOf(another.phone)).toMatchObject({ fullName: 'Người Qua Tệp', claimed: false });
    expect(await workers()).toMatchObject({ members: before.members + 4, completed: before.completed });
    expect(await storedRollups(t.db)).toEqual(await recomputeRollups(t.db));

    // A manager whose reach takes in where they live sees them as they are.
    const provinceManager = await signedInWith(t, { role: 'manager', unit: '91', home: '30301' });
    const seen = (await provinceManager.get('/api/units/30307/members?limit=200')).json().members;
    expect(seen.find((m: { phone: string }) => m.phone === outsider.phone)).toMatchObject({ fullName: 'Trần Thị Bí Mật', claimed: true });
    // Once a member, what they complete counts where they are a member.
    const course2 = await buildCourse(t.db, { modules: [['Bài sau']] });
    await (await signIn(t, outsider.phone)).post('/api/progress', { eventId: randomUUID(), lessonId: course2.lessonIds[0], type: 'completed', at: new Date(t.clock.now()).toISOString() });
    expect(await workers()).toMatchObject({ members: before.members + 4, completed: before.completed + 1 });
    expect(await storedRollups(t.db)).toEqual(await recomputeRollups(t.db));
  });

  it('keeps a manager to the unit: another unit’s import or list is refused', async () => {
    const file = csv('Phạm Văn Xa,0912000501,1970,30292,Người dân,');
    expect((await upload(file, 'all', manager, '30292')).statusCode).toBe(403);
    expect((await manager.get('/api/units/30292/members')).statusCode).toBe(403);
    expect((await manager.get('/api/units/91/members/template.xlsx')).statusCode).toBe(403);
    const learner = await signedInWith(t);
    expect((await upload(file, 'check', learner)).statusCode).toBe(403);
    expect((await anonymous(t).upload('/api/units/30307/members/import', file, 'text/csv')).statusCode).toBe(401);
  });
});
